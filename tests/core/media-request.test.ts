import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isPathInside, resolveMedia, resolveMediaUrl, type MediaDeps } from '../../electron/core/media/media-request'
import { tempDir } from '../helpers/db'

const { dir: root, cleanup } = tempDir('imagine-media-')
afterAll(cleanup)
const dataDir = join(root, 'library')
const outside = join(root, 'outside')
mkdirSync(join(dataDir, 'images', 'ab'), { recursive: true })
mkdirSync(outside, { recursive: true })
writeFileSync(join(dataDir, 'images', 'ab', 'good.png'), 'png')
writeFileSync(join(dataDir, 'images', 'ab', 'notes.txt'), 'text')
writeFileSync(join(outside, 'secret.png'), 'secret')
symlinkSync(join(outside, 'secret.png'), join(dataDir, 'images', 'ab', 'escape.png'))
symlinkSync(outside, join(dataDir, 'images', 'linkdir'))
writeFileSync(join(root, 'library-evil.png'), 'sibling with a shared prefix')

/** The database row for each id; some are hostile (an imported or tampered library). */
const rows: Record<number, string> = {
  1: 'images/ab/good.png',
  2: '../outside/secret.png',
  3: join(outside, 'secret.png'),
  4: 'images/ab/escape.png',
  5: 'images/linkdir/secret.png',
  6: 'images/ab/missing.png',
  7: 'images/ab/notes.txt',
  8: 'images/ab/good.png\0.png',
  9: '../library-evil.png',
  10: 'images/../../outside/secret.png'
}
const deps: MediaDeps = { dataDir, lookup: (_kind, id) => rows[id] ?? null }

describe('isPathInside', () => {
  it.each([
    ['/a/b/c', '/a/b', true],
    ['/a/b', '/a/b', false],
    ['/a/bc', '/a/b', false],
    ['/a/b/../c', '/a/b', false],
    ['/a/b/..x', '/a/b', true],
    ['/etc/passwd', '/a/b', false]
  ])('%s inside %s → %s', (child, parent, expected) => {
    expect(isPathInside(child, parent)).toBe(expected)
  })
})

describe('media requests', () => {
  it('serves a file inside the library with its content type', () => {
    const r = resolveMediaUrl('app-image://image/1', deps)
    expect(r).toMatchObject({ status: 200, contentType: 'image/png' })
    expect(r.status === 200 && r.file.endsWith(join('images', 'ab', 'good.png'))).toBe(true)
  })

  it.each([
    ['parent traversal in the stored path', 2, 403],
    ['absolute stored path', 3, 403],
    ['symlinked file leading outside', 4, 403],
    ['symlinked folder leading outside', 5, 403],
    ['missing file', 6, 404],
    ['a file that is not an image', 7, 403],
    ['NUL byte in the stored path', 8, 403],
    ['sibling folder sharing the prefix', 9, 403],
    ['traversal in the middle of the stored path', 10, 403],
    ['unknown id', 99, 404]
  ])('%s → %i', (_name, id, status) => {
    expect(resolveMediaUrl(`app-image://image/${id}`, deps).status).toBe(status)
  })

  it.each([
    'app-image://image/..',
    'app-image://image/%2e%2e',
    'app-image://image/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app-image://image/1%00',
    'app-image://image/1/../../etc/passwd',
    'app-image://image//etc/passwd',
    'app-image://image/-1',
    'app-image://image/0',
    'app-image://image/01',
    'app-image://image/1.5',
    'app-image://image/1?x=../../',
    'app-image://image/99999999999999999999',
    'app-image://image/%2Fetc%2Fpasswd',
    'app-image://image/1\0',
    'file:///etc/passwd',
    'not a url'
  ])('refuses %s with 400', (url) => {
    expect(resolveMediaUrl(url, deps).status).toBe(400)
  })

  it('refuses unknown media kinds', () => {
    expect(resolveMediaUrl('app-image://etc/1', deps).status).toBe(404)
    expect(resolveMedia('..', '1', deps).status).toBe(404)
  })

  it('never looks up a malformed id', () => {
    const seen: number[] = []
    resolveMedia('image', '../1', { ...deps, lookup: (_k, id) => (seen.push(id), null) })
    expect(seen).toEqual([])
  })
})
