/**
 * Issue 8: a reference is ready on drop. `references:prepare` checks, downscales
 * and stores what the window gives (a granted file, bytes, a URL, a library image),
 * reports a bad one at once and then writes nothing; Generate links the prepared
 * reference by id only, so a window cannot make up where it came from.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveMedia } from '../../electron/core/media/media-request'
import { MAX_REFERENCE_FILE_BYTES, type PreparedReferenceInfo } from '../../electron/shared/generation'
import type { GrantedFile } from '../../electron/shared/domain'
import type { Lineage } from '../../electron/shared/library'
import type { Result } from '../../electron/shared/result'
import { PATH_FROM_WINDOW_MESSAGE } from '../../electron/shared/schemas'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { png } from '../fake-runware/testkit'
import { tempDir } from '../helpers/db'
import { makeCore, type TestCore } from '../helpers/generation'
import { prng } from '../helpers/prng'

let fake: FakeRunware
let dir: { dir: string; cleanup: () => void }
let core: TestCore

/** Public hosts for URL references (the policy itself is tested in reference-url-policy.test.ts). */
const lookup = async (host: string) => {
  if (host === 'images.example') return [{ address: '93.184.216.34', family: 4 }]
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
}
let urlImage: Buffer
/** Runware goes to the fake server; a URL reference gets `urlImage`. */
const routedFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = String(input instanceof Request ? input.url : input)
  if (url.startsWith(fake.url)) return fetch(input, init)
  return new Response(new Uint8Array(urlImage), { headers: { 'content-type': 'image/png' } })
}) as typeof fetch

const open = (): TestCore => makeCore(fake, dir.dir, { runware: { fetch: routedFetch, lookup } })

beforeEach(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  dir = tempDir('imagine-prepare-')
  urlImage = await png(40, 30)
  core = open()
})
afterEach(async () => {
  await core.close()
  await fake.close()
  dir.cleanup()
})

const prepare = (source: unknown): Promise<Result<PreparedReferenceInfo>> => core.router.dispatch('references:prepare', [source]) as Promise<Result<PreparedReferenceInfo>>
async function prepared(source: unknown): Promise<PreparedReferenceInfo> {
  const r = await prepare(source)
  if (!r.ok) throw new Error(`prepare failed: ${r.error.code} ${r.error.message}`)
  return r.value
}
const uploads = (): number => fake.requests.filter((r) => JSON.stringify(r.body).includes('imageUpload')).length
const referenceRows = (): number => (core.db.prepare('SELECT count(*) AS n FROM reference_images').get() as { n: number }).n
function filesUnder(folder: string): number {
  if (!existsSync(folder)) return 0
  return readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length
}
const refsFiles = (): number => filesUnder(join(core.paths.dataDir, 'refs'))
const tmpFiles = (): number => filesUnder(core.paths.tmpDir)

function grant(name: string, content: Buffer | string): string {
  const file = join(dir.dir, name)
  writeFileSync(file, content)
  return (core.handlers['files:grant-path'](file) as GrantedFile).token
}

async function start(params: Record<string, unknown>): Promise<number> {
  const r = (await core.router.dispatch('generation:start', [{ prompt: 'remix', ...params }])) as Result<{ generationId: number }>
  if (!r.ok) throw new Error(`start failed: ${r.error.code} ${r.error.message}`)
  const final = await core.generation.whenDone(r.value.generationId)
  expect(final.status).toBe('succeeded')
  return r.value.generationId
}
const links = (generationId: number) =>
  core.db.prepare<[number], { referenceId: number; kind: string; source: string; imageId: number | null }>('SELECT reference_id AS referenceId, source_kind AS kind, source, source_image_id AS imageId FROM generation_references WHERE generation_id = ? ORDER BY position').all(generationId)

async function libraryImage(prompt = 'a red fox in the snow'): Promise<{ imageId: number; bytes: Buffer }> {
  const id = await start({ prompt })
  const [img] = core.generation.images(id)
  const row = core.db.prepare('SELECT path FROM images WHERE id = ?').get(img!.imageId) as { path: string }
  return { imageId: img!.imageId, bytes: readFileSync(core.store.absolute(row.path)) }
}

describe('references:prepare: each kind is checked, stored and described', () => {
  it('a granted file: its name (never the path), the stored size and format', async () => {
    const token = grant('dropped.png', await sharp({ create: { width: 3000, height: 1500, channels: 3, background: '#357' } }).png().toBuffer())
    const info = await prepared({ kind: 'file', token })
    expect(info).toMatchObject({ label: 'dropped.png', sourceKind: 'file', width: 2048, height: 1024, format: 'jpg', libraryImageId: null, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(JSON.stringify(info)).not.toContain(dir.dir)
    const row = core.db.prepare('SELECT sha256, width, height, bytes FROM reference_images WHERE id = ?').get(info.referenceId)
    expect(row).toEqual({ sha256: info.sha256, width: 2048, height: 1024, bytes: info.bytes })
    expect(refsFiles()).toBe(1)
    expect(uploads()).toBe(0) // ready on drop, sent on Generate
  })

  it('bytes: checked like a file; the name is reduced to a plain file name', async () => {
    const withAlpha = await sharp({ create: { width: 20, height: 10, channels: 4, background: '#ff000080' } }).png().toBuffer()
    const info = await prepared({ kind: 'bytes', data: new Uint8Array(withAlpha), name: 'C:\\Users\\me\\Desktop\\shot\u0007.png' })
    expect(info).toMatchObject({ label: 'shot.png', sourceKind: 'bytes', width: 20, height: 10, format: 'png', libraryImageId: null })
    const pasted = await prepared({ kind: 'bytes', data: new Uint8Array(await png(9, 9)), name: '' })
    expect(pasted.label).toBe('Pasted image')
  })

  it('a URL: fetched by main, labelled by the URL', async () => {
    const info = await prepared({ kind: 'url', url: 'https://images.example/cat.png' })
    expect(info).toMatchObject({ label: 'https://images.example/cat.png', sourceKind: 'url', width: 40, height: 30, libraryImageId: null })
  })

  it('a library image: labelled by its prompt (shortened), linked to the image', async () => {
    const long = `a lighthouse at dusk ${'with waves '.repeat(20)}`.trim()
    const { imageId } = await libraryImage(long)
    const info = await prepared({ kind: 'image', imageId })
    expect(info).toMatchObject({ sourceKind: 'image', libraryImageId: imageId })
    expect(info.label.length).toBeLessThanOrEqual(80)
    expect(info.label.endsWith('…')).toBe(true)
    expect(long.startsWith(info.label.slice(0, -1))).toBe(true)
    const missing = await prepare({ kind: 'image', imageId: 99_999 })
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('the same image dropped twice at once is one stored reference, and both drops succeed', async () => {
    const bytes = await png(33, 22)
    const both = await Promise.all(['one.png', 'two.png'].map((name) => prepare({ kind: 'bytes', data: new Uint8Array(bytes), name })))
    expect(both).toMatchObject([{ ok: true }, { ok: true }])
    const ids = both.map((r) => (r.ok ? r.value.referenceId : 0))
    expect(ids[0]).toBe(ids[1])
    expect(referenceRows()).toBe(1)
  })

  it('the same content prepared twice is one stored reference', async () => {
    const bytes = await png(16, 16)
    const a = await prepared({ kind: 'bytes', data: new Uint8Array(bytes), name: 'a.png' })
    const b = await prepared({ kind: 'file', token: grant('b.png', bytes) })
    expect(b.referenceId).toBe(a.referenceId)
    expect(b.label).toBe('b.png')
    expect(referenceRows()).toBe(1)
  })
})

describe('bad drops: a clear message, and nothing is written to refs/', () => {
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
  const cases: [string, () => unknown, string, RegExp][] = [
    ['a text file named .png (file)', () => ({ kind: 'file', token: grant('notes.png', 'hello, I am not a picture') }), 'BAD_IMAGE', /not an image/],
    ['a text file named .png (bytes)', () => ({ kind: 'bytes', data: new TextEncoder().encode('hello, I am not a picture'), name: 'notes.png' }), 'BAD_IMAGE', /not an image/],
    ['an SVG (file)', () => ({ kind: 'file', token: grant('logo.svg', svg) }), 'BAD_IMAGE', /SVG images cannot be used/],
    ['an SVG (bytes)', () => ({ kind: 'bytes', data: new TextEncoder().encode(svg), name: 'logo.png' }), 'BAD_IMAGE', /SVG images cannot be used/],
    ['a PDF (bytes)', () => ({ kind: 'bytes', data: new Uint8Array(pdf), name: 'scan.pdf' }), 'BAD_IMAGE', /not an image/],
    ['a PDF (file)', () => ({ kind: 'file', token: grant('scan.png', pdf) }), 'BAD_IMAGE', /not an image/],
    ['zero bytes (file)', () => ({ kind: 'file', token: grant('empty.png', Buffer.alloc(0)) }), 'BAD_IMAGE', /empty \(0 bytes\)/],
    ['zero bytes (bytes)', () => ({ kind: 'bytes', data: new Uint8Array(0), name: 'empty.png' }), 'VALIDATION', /empty \(0 bytes\)/],
    ['over 50 MB (bytes)', () => ({ kind: 'bytes', data: new Uint8Array(MAX_REFERENCE_FILE_BYTES + 1), name: 'huge.png' }), 'VALIDATION', /too large \(50 MB; at most 50 MB\)/],
    ['a folder (file token)', () => {
      const folder = join(dir.dir, 'holiday')
      mkdirSync(folder)
      return { kind: 'file', token: (core.handlers['files:grant-path'](folder) as GrantedFile).token }
    }, 'BAD_IMAGE', /folder cannot be a reference/],
    ['a path from the window', () => ({ kind: 'path', path: '/etc/passwd' }), 'VALIDATION', new RegExp(PATH_FROM_WINDOW_MESSAGE.replace(/[.:]/g, '\\$&'))]
  ]
  it.each(cases)('%s', async (_name, source, code, message) => {
    // Something already stored, so "nothing written" is not just "nothing there".
    await prepared({ kind: 'bytes', data: new Uint8Array(await png(12, 12)), name: 'ok.png' })
    const before = { refs: refsFiles(), rows: referenceRows() }
    const r = await prepare(source())
    expect(r).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } })
    expect({ refs: refsFiles(), rows: referenceRows() }).toEqual(before)
    expect(tmpFiles()).toBe(0)
    expect(JSON.stringify(r)).not.toMatch(/at .*\.ts:\d+/) // never a stack trace
  })
})

describe('recall by content', () => {
  it('bytes that are a library image link to it, and Generate records that lineage', async () => {
    const { imageId, bytes } = await libraryImage('a red fox in the snow')
    const info = await prepared({ kind: 'bytes', data: new Uint8Array(bytes), name: 'fox.jpg' })
    expect(info).toMatchObject({ libraryImageId: imageId, label: 'fox.jpg', sourceKind: 'bytes' })
    const child = await start({ references: [{ kind: 'prepared', referenceId: info.referenceId }] })
    expect(links(child)).toEqual([{ referenceId: info.referenceId, kind: 'bytes', source: 'fox.jpg', imageId }])
    const [childImage] = core.generation.images(child)
    const lineage = (await core.router.dispatch('library:lineage', [childImage!.imageId])) as Result<Lineage>
    expect(lineage).toMatchObject({ ok: true, value: { ancestors: [{ imageId, depth: 1 }], references: [{ label: 'fox.jpg', sourceKind: 'bytes', libraryImageId: imageId }] } })
    const parentLineage = (await core.router.dispatch('library:lineage', [imageId])) as Result<Lineage>
    expect(parentLineage).toMatchObject({ ok: true, value: { descendants: [{ imageId: childImage!.imageId }] } })

    // The same bytes as a dropped file (and straight to Generate, without prepare) are recalled too.
    const viaFile = await prepared({ kind: 'file', token: grant('fox-copy.jpg', bytes) })
    expect(viaFile).toMatchObject({ libraryImageId: imageId, label: 'fox-copy.jpg', sourceKind: 'file' })
    const direct = await start({ references: [{ kind: 'bytes', data: new Uint8Array(bytes), name: 'again.jpg' }] })
    expect(links(direct)[0]).toMatchObject({ kind: 'bytes', imageId })
  })

  it('a trashed image is not recalled', async () => {
    const { imageId, bytes } = await libraryImage()
    core.library.trash([imageId])
    expect((await prepared({ kind: 'bytes', data: new Uint8Array(bytes), name: 'x.jpg' })).libraryImageId).toBeNull()
  })
})

describe('generate with a prepared reference or with bytes', () => {
  it('a prepared reference is uploaded once, on the first Generate, and linked with the origin main remembered', async () => {
    const info = await prepared({ kind: 'bytes', data: new Uint8Array(await png(64, 48)), name: 'drop.png' })
    // Whatever else the window puts next to the id is ignored.
    const g1 = await start({ references: [{ kind: 'prepared', referenceId: info.referenceId, source: '/etc/passwd', sourceKind: 'path', sourceImageId: 1 }] })
    expect(uploads()).toBe(1)
    expect(links(g1)).toEqual([{ referenceId: info.referenceId, kind: 'bytes', source: 'drop.png', imageId: null }])
    const sent = JSON.parse((core.db.prepare('SELECT request FROM generations WHERE id = ?').get(g1) as { request: string }).request) as { inputs: { referenceImages: string[] } }
    expect(sent.inputs.referenceImages).toHaveLength(1)
    const g2 = await start({ references: [{ kind: 'prepared', referenceId: info.referenceId }] })
    expect(uploads()).toBe(1)
    expect(links(g2)[0]).toMatchObject({ kind: 'bytes', source: 'drop.png' })
  })

  it('an unknown prepared id is NOT_FOUND and nothing is sent', async () => {
    const r = await core.router.dispatch('generation:start', [{ prompt: 'x', references: [{ kind: 'prepared', referenceId: 4242 }] }])
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(fake.requests).toHaveLength(0)
    expect(core.generation.list()).toHaveLength(0)
  })

  it('after a restart a prepared id still works: the origin of its last use, else a neutral name', async () => {
    const used = await prepared({ kind: 'file', token: grant('used.png', await png(30, 20)) })
    await start({ references: [{ kind: 'prepared', referenceId: used.referenceId }] })
    const unused = await prepared({ kind: 'bytes', data: new Uint8Array(await png(31, 21)), name: 'unused.png' })
    await core.close()
    core = open()
    const g1 = await start({ references: [{ kind: 'prepared', referenceId: used.referenceId }] })
    expect(links(g1)[0]).toMatchObject({ kind: 'path', source: join(dir.dir, 'used.png') })
    const g2 = await start({ references: [{ kind: 'prepared', referenceId: unused.referenceId }] })
    expect(links(g2)[0]).toMatchObject({ kind: 'bytes', source: 'Reference image', imageId: null })
  })

  it('bytes straight to generation:start work too, and the stored request holds no bytes', async () => {
    const bytes = await png(50, 50)
    const g = await start({ references: [{ kind: 'bytes', data: new Uint8Array(bytes), name: 'paste.png' }] })
    expect(uploads()).toBe(1)
    expect(links(g)).toEqual([{ referenceId: expect.any(Number), kind: 'bytes', source: 'paste.png', imageId: null }])
    const params = (core.db.prepare('SELECT params FROM generations WHERE id = ?').get(g) as { params: string }).params
    expect(params.length).toBeLessThan(1000)
    expect(JSON.parse(params)).toMatchObject({ references: [{ kind: 'prepared', referenceId: links(g)[0]!.referenceId }] })
  })

  it.each([
    [{ kind: 'bytes', data: new Uint8Array(0), name: 'e.png' }, /empty/],
    [{ kind: 'bytes', data: [137, 80, 78, 71], name: 'e.png' }, /binary data/],
    [{ kind: 'prepared', referenceId: 0 }, /./],
    [{ kind: 'prepared', referenceId: '1' }, /./]
  ])('generation:start refuses %j with VALIDATION, sending nothing', async (ref, message) => {
    const r = await core.router.dispatch('generation:start', [{ prompt: 'x', references: [ref] }])
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(message) } })
    expect(fake.requests).toHaveLength(0)
  })
})

describe('app-image://ref/<id>', () => {
  it('serves a stored reference, 404 for an unknown one, 403 for a row that leaves the library', async () => {
    const info = await prepared({ kind: 'bytes', data: new Uint8Array(await png(10, 10)), name: 'r.png' })
    const ok = resolveMedia('ref', String(info.referenceId), core.media)
    expect(ok).toMatchObject({ status: 200, contentType: 'image/jpeg' })
    expect(ok.status === 200 && readFileSync(ok.file).length).toBe(info.bytes)
    expect(resolveMedia('ref', '999', core.media)).toMatchObject({ status: 404 })
    expect(resolveMedia('ref', '../1', core.media)).toMatchObject({ status: 400 })
    writeFileSync(join(dir.dir, 'secret.png'), 'secret')
    core.db.prepare("UPDATE reference_images SET path = '../../secret.png' WHERE id = ?").run(info.referenceId)
    expect(resolveMedia('ref', String(info.referenceId), core.media)).toMatchObject({ status: 403 })
  })
})

describe('library:lineage names every reference, a file too', () => {
  it('an image made from a dropped file says so, by file name and stored copy', async () => {
    const info = await prepared({ kind: 'file', token: grant('holiday.png', await png(64, 64)) })
    const g = await start({ references: [{ kind: 'prepared', referenceId: info.referenceId }] })
    const [img] = core.generation.images(g)
    const r = (await core.router.dispatch('library:lineage', [img!.imageId])) as Result<Lineage>
    expect(r).toEqual({ ok: true, value: { ancestors: [], descendants: [], references: [{ referenceId: info.referenceId, label: 'holiday.png', sourceKind: 'file', libraryImageId: null }] } })
    expect(JSON.stringify(r)).not.toContain(dir.dir)
    expect(resolveMedia('ref', String(info.referenceId), core.media).status).toBe(200)
  })

  it('an image made from a library image names it by its prompt', async () => {
    const { imageId } = await libraryImage('a blue whale')
    const g = await start({ references: [{ kind: 'image', imageId }] })
    const [img] = core.generation.images(g)
    const r = (await core.router.dispatch('library:lineage', [img!.imageId])) as Result<Lineage>
    expect(r).toMatchObject({ ok: true, value: { references: [{ label: 'a blue whale', sourceKind: 'image', libraryImageId: imageId }] } })
  })
})

describe('hostile references:prepare input fails as VALIDATION, never INTERNAL', () => {
  const hostile: unknown[][] = [
    [],
    [undefined],
    [null],
    [1],
    ['file'],
    [[]],
    [{}],
    [{ kind: 'path', path: '/etc/passwd' }],
    [{ kind: 'prepared', referenceId: 1 }],
    [{ kind: 'bytes' }],
    [{ kind: 'bytes', data: 'iVBORw0KGgo=', name: 'x.png' }],
    [{ kind: 'bytes', data: [137, 80, 78, 71], name: 'x.png' }],
    [{ kind: 'bytes', data: { $bytes: 'iVBORw0KGgo=' }, name: 'x.png' }],
    [{ kind: 'bytes', data: new Uint8Array(4), name: 5 }],
    [{ kind: 'bytes', data: new Uint8Array(4), name: 'x'.repeat(10_000) }],
    [{ kind: 'bytes', data: new Uint8Array(4) }],
    [{ kind: 'file', token: 5 }],
    [{ kind: 'file', token: 'x'.repeat(1000) }],
    [{ kind: 'file', token: 'AAAAAAAAAAAAAAAAAAAAAAAA' }],
    [{ kind: 'url', url: 'file:///etc/passwd' }],
    [{ kind: 'url', url: 'javascript:alert(1)' }],
    [{ kind: 'url', url: 5 }],
    [{ kind: 'image', imageId: -1 }],
    [{ kind: 'image', imageId: 1.5 }],
    [{ kind: 'image', imageId: '1' }],
    [{ kind: '__proto__' }],
    [JSON.parse('{"kind":"url","__proto__":{"url":"https://images.example/a.png"}}')],
    [{ kind: 'url', url: 'https://images.example/a.png' }, 'extra']
  ]
  it.each(hostile.map((args) => [JSON.stringify(args)?.slice(0, 80) ?? String(args), args] as const))('%s', async (_label, args) => {
    const r = await core.router.dispatch('references:prepare', args)
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.any(String) } })
    expect(referenceRows()).toBe(0)
  })

  it('random shapes never reach INTERNAL', async () => {
    const rand = prng(8)
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
    const values: unknown[] = [undefined, null, 0, -1, 1.5, 2 ** 53, '', 'x', '../etc', [], {}, true, new Uint8Array(3), [1, 2]]
    const kinds = ['file', 'bytes', 'url', 'image', 'prepared', 'path', '', 'constructor']
    const keys = ['kind', 'token', 'data', 'name', 'url', 'imageId', 'referenceId', 'path']
    for (let i = 0; i < 300; i++) {
      const obj: Record<string, unknown> = { kind: pick(kinds) }
      for (const k of keys) if (rand() < 0.5) obj[k] = pick(values)
      const r = await core.router.dispatch('references:prepare', [obj])
      if (!r.ok) expect(['VALIDATION', 'NOT_FOUND', 'BAD_IMAGE']).toContain(r.error.code)
    }
    expect(uploads()).toBe(0)
  })
})
