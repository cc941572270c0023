/**
 * Issue 9: drag out, Copy image and Show in folder. The window names images by id;
 * the core resolves each to its original file through the library containment check
 * (media-request.ts) before anything reaches the desktop adapter, so a tampered
 * library.db row cannot hand the OS a file outside the data folder.
 */
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../electron/core/app-core'
import { dragIcon, libraryFiles, type DesktopShell } from '../../electron/core/media/library-files'
import type { MediaDeps } from '../../electron/core/media/media-request'
import type { Result } from '../../electron/shared/result'
import { MAX_COPIED_TEXT } from '../../electron/shared/schemas'
import { tempDir } from '../helpers/db'
import { exportCore, seedFile } from '../helpers/export-library'

describe('libraryFiles: ids → checked paths (pure but for realpath)', () => {
  let tmp: { dir: string; cleanup: () => void }
  let deps: MediaDeps
  const rows = new Map<string, string>()
  beforeEach(() => {
    tmp = tempDir('imagine-libfiles-')
    const data = join(tmp.dir, 'data')
    mkdirSync(join(data, 'images'), { recursive: true })
    mkdirSync(join(data, 'thumbs'), { recursive: true })
    writeFileSync(join(data, 'images', 'a.png'), 'a')
    writeFileSync(join(data, 'images', 'b.jpg'), 'b')
    writeFileSync(join(data, 'thumbs', 'a.webp'), 't')
    writeFileSync(join(tmp.dir, 'secret.png'), 's')
    symlinkSync(join(tmp.dir, 'secret.png'), join(data, 'images', 'link.png'))
    rows.clear()
    for (const [k, v] of Object.entries({ 'image:1': 'images/a.png', 'image:2': 'images/b.jpg', 'image:3': '../secret.png', 'image:4': join(tmp.dir, 'secret.png'), 'image:5': 'images/link.png', 'image:6': 'images/gone.png', 'image:7': 'images/notes.txt', 'thumb:1': 'thumbs/a.webp', 'thumb:2': '../secret.png' })) rows.set(k, v)
    deps = { dataDir: data, lookup: (kind, id) => rows.get(`${kind}:${id}`) ?? null }
  })
  afterEach(() => tmp.cleanup())

  it('resolves each id once, in order, to the real file inside the library', () => {
    const data = realpathSync(deps.dataDir)
    expect(libraryFiles([2, 1, 2], deps)).toEqual({
      files: [
        { imageId: 2, file: join(data, 'images', 'b.jpg'), contentType: 'image/jpeg' },
        { imageId: 1, file: join(data, 'images', 'a.png'), contentType: 'image/png' }
      ],
      problems: []
    })
  })

  it.each([
    [3, 403, 'a path that leaves the data folder'],
    [4, 403, 'an absolute path'],
    [5, 403, 'a symlink that leads outside'],
    [7, 403, 'a file that is not an image'],
    [6, 404, 'a missing file'],
    [99, 404, 'an unknown id']
  ])('refuses image %i (%s)', (id, status) => {
    const r = libraryFiles([1, id], deps)
    expect(r.files.map((f) => f.imageId)).toEqual([1])
    expect(r.problems).toEqual([{ imageId: id, status, reason: expect.any(String) }])
  })

  it('the drag icon is the checked thumbnail, or null when it has none or it leaves the library', () => {
    expect(dragIcon(1, deps)).toBe(join(realpathSync(deps.dataDir), 'thumbs', 'a.webp'))
    expect(dragIcon(2, deps)).toBeNull()
    expect(dragIcon(3, deps)).toBeNull()
  })
})

describe('the desktop: channels through the router, with a recording desktop', () => {
  let tmp: { dir: string; cleanup: () => void }
  let core: Core
  let calls: { drags: { files: string[]; icon: Buffer | null }[]; copied: Buffer[]; copiedText: string[]; shown: string[] }
  const desktop: DesktopShell = {
    startDrag: (files, icon) => void calls.drags.push({ files, icon }),
    copyImage: (png) => void calls.copied.push(png),
    copyText: (text) => void calls.copiedText.push(text),
    showInFolder: (file) => void calls.shown.push(file)
  }
  beforeEach(() => {
    tmp = tempDir('imagine-libfiles-ipc-')
    calls = { drags: [], copied: [], copiedText: [], shown: [] }
    core = exportCore(tmp.dir, { desktop })
  })
  afterEach(async () => {
    await core.close()
    tmp.cleanup()
  })
  const dispatch = <T>(channel: string, ...args: unknown[]): Promise<Result<T>> => core.router.dispatch(channel, args) as Promise<Result<T>>
  const real = (rel: string): string => join(realpathSync(core.paths.dataDir), rel)
  const tamper = (imageId: number, path: string): void => void core.db.prepare('UPDATE images SET path = ? WHERE id = ?').run(path, imageId)

  it('start-drag hands the OS the original files and the first one\'s thumbnail as a small PNG', async () => {
    const a = await seedFile(core, { prompt: 'a', createdAt: 1 })
    const b = await seedFile(core, { prompt: 'b', createdAt: 2, format: 'jpg' })
    mkdirSync(join(core.paths.dataDir, 'thumbs', 'x'), { recursive: true })
    // Thumbnails are 256 px WebP, which nativeImage cannot read.
    await sharp({ create: { width: 256, height: 144, channels: 3, background: '#285' } }).webp().toFile(join(core.paths.dataDir, 'thumbs', 'x', 'b.webp'))
    writeFileSync(join(core.paths.dataDir, 'thumbs', 'x', 'a.webp'), 'not a picture')
    core.db.prepare('UPDATE images SET thumb_path = ? WHERE id = ?').run('thumbs/x/b.webp', b.imageId)
    core.db.prepare('UPDATE images SET thumb_path = ? WHERE id = ?').run('thumbs/x/a.webp', a.imageId)
    await expect(dispatch('desktop:start-drag', [b.imageId, a.imageId])).resolves.toEqual({ ok: true, value: { files: 2, skipped: 0 } })
    expect(calls.drags).toEqual([{ files: [real(b.path), real(a.path)], icon: expect.any(Buffer) }])
    expect(await sharp(calls.drags[0]!.icon!).metadata()).toMatchObject({ format: 'png', width: 96, height: 54 })
    // An unreadable thumbnail leaves the icon to the shell (the app's icon), the drag goes on.
    await expect(dispatch('desktop:start-drag', [a.imageId])).resolves.toEqual({ ok: true, value: { files: 1, skipped: 0 } })
    expect(calls.drags[1]).toEqual({ files: [real(a.path)], icon: null })
  })

  it('a tampered row is left out of the drag; when nothing is left the drag is refused and the desktop never called', async () => {
    const a = await seedFile(core, { prompt: 'a', createdAt: 1 })
    const b = await seedFile(core, { prompt: 'b', createdAt: 2 })
    writeFileSync(join(tmp.dir, 'victim.png'), 'secret')
    tamper(b.imageId, '../victim.png')
    await expect(dispatch('desktop:start-drag', [a.imageId, b.imageId])).resolves.toEqual({ ok: true, value: { files: 1, skipped: 1 } })
    expect(calls.drags).toEqual([{ files: [real(a.path)], icon: null }])
    await expect(dispatch('desktop:start-drag', [b.imageId])).resolves.toMatchObject({ ok: false, error: { code: 'PATH_OUTSIDE_LIBRARY' } })
    await expect(dispatch('desktop:start-drag', [9999])).resolves.toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(calls.drags).toHaveLength(1)
  })

  it('copy-image puts a PNG original on the clipboard as it is, and a JPEG or WebP as PNG', async () => {
    const png = await seedFile(core, { prompt: 'p', createdAt: 1, format: 'png', width: 30, height: 20 })
    const jpg = await seedFile(core, { prompt: 'j', createdAt: 2, format: 'jpg', width: 30, height: 20 })
    await expect(dispatch('desktop:copy-image', png.imageId)).resolves.toEqual({ ok: true, value: undefined })
    await expect(dispatch('desktop:copy-image', jpg.imageId)).resolves.toEqual({ ok: true, value: undefined })
    expect(calls.copied[0]!.equals(png.bytes)).toBe(true)
    expect(await sharp(calls.copied[1]!).metadata()).toMatchObject({ format: 'png', width: 30, height: 20 })
  })

  it('copy-text puts the text on the clipboard as it is; text over the limit is refused and nothing is copied', async () => {
    await expect(dispatch('desktop:copy-text', 'a red fox\n{"seed": 1}')).resolves.toEqual({ ok: true, value: undefined })
    expect(calls.copiedText).toEqual(['a red fox\n{"seed": 1}'])
    await expect(dispatch('desktop:copy-text', 'x'.repeat(MAX_COPIED_TEXT + 1))).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    await expect(dispatch('desktop:copy-text', 42)).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(calls.copiedText).toHaveLength(1)
  })

  it('show-in-folder reveals the real library file; a tampered row is refused and nothing is shown', async () => {
    const a = await seedFile(core, { prompt: 'a', createdAt: 1 })
    await expect(dispatch('desktop:show-in-folder', a.imageId)).resolves.toEqual({ ok: true, value: undefined })
    expect(calls.shown).toEqual([real(a.path)])
    tamper(a.imageId, '/etc/passwd')
    await expect(dispatch('desktop:show-in-folder', a.imageId)).resolves.toMatchObject({ ok: false, error: { code: 'PATH_OUTSIDE_LIBRARY' } })
    await expect(dispatch('desktop:copy-image', a.imageId)).resolves.toMatchObject({ ok: false, error: { code: 'PATH_OUTSIDE_LIBRARY' } })
    expect(calls.shown).toHaveLength(1)
    expect(calls.copied).toHaveLength(0)
  })

  it('a core without a desktop (CLI) refuses them', async () => {
    const bare = exportCore(join(tmp.dir, 'bare'))
    try {
      const id = (await seedFile(bare, { prompt: 'a', createdAt: 1 })).imageId
      await expect(bare.router.dispatch('desktop:show-in-folder', [id])).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      await expect(bare.router.dispatch('desktop:start-drag', [[id]])).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      await expect(bare.router.dispatch('desktop:copy-text', ['a prompt'])).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    } finally {
      await bare.close()
    }
  })
})
