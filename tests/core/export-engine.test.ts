/**
 * Issue 9: the export engine writes whole files only, never clobbers one, and
 * reports every image it could not export while the rest go on. Metadata
 * contents are the metadata module's tests; these assert files, names, pixels,
 * folders and failures.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../electron/core/app-core'
import { ExportService, type ExportJobOptions } from '../../electron/core/export/export-service'
import { nodeFs, TEMP_PREFIX, type ExportFs } from '../../electron/core/export/safe-write'
import { DEFAULT_EXPORT_SETTINGS } from '../../electron/shared/export'
import { tempDir } from '../helpers/db'
import { exportCore, seedFile, type SeededFile } from '../helpers/export-library'

let tmp: { dir: string; cleanup: () => void }
let core: Core
let out: string

beforeEach(() => {
  tmp = tempDir('imagine-export-')
  core = exportCore(tmp.dir)
  out = join(tmp.dir, 'out')
  mkdirSync(out)
})
afterEach(async () => {
  await core.close()
  chmodSync(tmp.dir, 0o755)
  tmp.cleanup()
})

const day = (d: number): number => new Date(2026, 0, d, 12, 0, 0).getTime()
const opts = (over: Partial<ExportJobOptions> = {}): ExportJobOptions => ({ ...DEFAULT_EXPORT_SETTINGS, metadata: 'none', template: '{id}', folder: out, zipName: null, ...over })

/** Every file under `dir`, relative, with `/`. */
function files(dir = out): string[] {
  const found: string[] = []
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name))
      else found.push(relative(dir, join(d, e.name)).split('\\').join('/'))
    }
  }
  if (existsSync(dir)) walk(dir)
  return found.sort()
}
const temps = (dir = out): string[] => files(dir).filter((f) => f.split('/').pop()!.startsWith(TEMP_PREFIX))

async function seedMany(n: number, over: Parameters<typeof seedFile>[1] | ((i: number) => Parameters<typeof seedFile>[1]) = { prompt: 'fox', createdAt: 0 }): Promise<SeededFile[]> {
  const seeded: SeededFile[] = []
  for (let i = 0; i < n; i++) {
    const o = typeof over === 'function' ? over(i) : over
    seeded.push(await seedFile(core, { ...o, createdAt: o.createdAt + i }))
  }
  return seeded
}

describe('export to a folder', () => {
  it('original with metadata none: the bytes of the library file, named from the template', async () => {
    const imgs = await seedMany(3, (i) => ({ prompt: `a red fox number ${i}`, createdAt: day(3), format: (['png', 'jpg', 'webp'] as const)[i] }))
    const r = await core.exports.run({ kind: 'ids', ids: imgs.map((i) => i.imageId) }, opts({ template: '{index}_{prompt:9}' }))
    expect(r.failed).toEqual([])
    expect(r.written.map((w) => w.path)).toEqual(['1_a red fox.png', '2_a red fox.jpg', '3_a red fox.webp'])
    for (const [i, img] of imgs.entries()) expect(readFileSync(join(out, r.written[i]!.path)).equals(img.bytes)).toBe(true)
    expect(r.bytes).toBe(imgs.reduce((s, i) => s + i.bytes.length, 0))
    expect(temps()).toEqual([])
  })

  it('converts: the format really changes (read back with sharp)', async () => {
    const [png] = await seedMany(1, { prompt: 'p', createdAt: day(1), format: 'png' })
    const [jpg] = await seedMany(1, { prompt: 'j', createdAt: day(2), format: 'jpg' })
    for (const format of ['jpg', 'webp', 'png'] as const) {
      const dir = join(out, format)
      mkdirSync(dir)
      const r = await core.exports.run({ kind: 'ids', ids: [png!.imageId, jpg!.imageId] }, opts({ format, folder: dir, quality: 80 }))
      expect(r.failed).toEqual([])
      for (const w of r.written) {
        expect(w.path.endsWith(`.${format}`)).toBe(true)
        const meta = await sharp(readFileSync(join(dir, w.path))).metadata()
        expect(meta.format).toBe(format === 'jpg' ? 'jpeg' : format)
        expect([meta.width, meta.height]).toEqual([64, 48])
      }
    }
  })

  it('resizes to the long edge and never enlarges', async () => {
    const [wide] = await seedMany(1, { prompt: 'wide', createdAt: day(1), width: 80, height: 40 })
    const [tall] = await seedMany(1, { prompt: 'tall', createdAt: day(2), width: 30, height: 60, format: 'jpg' })
    const r = await core.exports.run({ kind: 'ids', ids: [wide!.imageId, tall!.imageId] }, opts({ resize: 40, template: '{prompt}_{w}x{h}' }))
    expect(r.written.map((w) => w.path)).toEqual(['wide_40x20.png', 'tall_20x40.jpg'])
    expect(await sharp(join(out, 'wide_40x20.png')).metadata()).toMatchObject({ width: 40, height: 20, format: 'png' })
    expect(await sharp(join(out, 'tall_20x40.jpg')).metadata()).toMatchObject({ width: 20, height: 40, format: 'jpeg' })

    const big = join(out, 'big')
    mkdirSync(big)
    const r2 = await core.exports.run({ kind: 'ids', ids: [wide!.imageId] }, opts({ resize: 4000, folder: big }))
    expect(await sharp(join(big, r2.written[0]!.path)).metadata()).toMatchObject({ width: 80, height: 40 })
    // Not enlarged and not converted: the original bytes.
    expect(readFileSync(join(big, r2.written[0]!.path)).equals(wide!.bytes)).toBe(true)
  })

  it('never overwrites: a taken name gets " (2)", and the file that was there is untouched', async () => {
    const imgs = await seedMany(2, { prompt: 'same', createdAt: day(1) })
    writeFileSync(join(out, 'same.png'), 'precious')
    const r = await core.exports.run({ kind: 'ids', ids: imgs.map((i) => i.imageId) }, opts({ template: '{prompt}' }))
    // Which of the two gets which suffix depends on which write ends first.
    expect(r.written.map((w) => w.path).sort()).toEqual(['same (2).png', 'same (3).png'])
    expect(readFileSync(join(out, 'same.png'), 'utf8')).toBe('precious')
    expect(files()).toEqual(['same (2).png', 'same (3).png', 'same.png'])
  })

  it('skip leaves a taken name alone but still suffixes two images of this export that share a name', async () => {
    const imgs = await seedMany(3, (i) => ({ prompt: i === 0 ? 'taken' : 'twin', createdAt: day(1) }))
    writeFileSync(join(out, 'taken.png'), 'precious')
    const r = await core.exports.run({ kind: 'ids', ids: imgs.map((i) => i.imageId) }, opts({ template: '{prompt}', existing: 'skip' }))
    expect(r.skipped).toBe(1)
    expect(r.written.map((w) => w.path).sort()).toEqual(['twin (2).png', 'twin.png'])
    expect(readFileSync(join(out, 'taken.png'), 'utf8')).toBe('precious')
  })

  it('a concurrent file that appears under the chosen name is not clobbered', async () => {
    const [img] = await seedMany(1, { prompt: 'race', createdAt: day(1) })
    // The name is free when checked; another program takes it just before the file is placed.
    const racy: ExportFs = {
      ...nodeFs,
      link: async (from, to) => {
        if (String(to).endsWith('race.png') && !existsSync(String(to))) writeFileSync(String(to), 'theirs')
        return nodeFs.link(from, to)
      }
    }
    const svc = new ExportService({ db: core.db, dataDir: core.paths.dataDir, queries: core.queries, fs: racy })
    const r = await svc.run({ kind: 'ids', ids: [img!.imageId] }, opts({ template: '{prompt}' }))
    expect(r.written.map((w) => w.path)).toEqual(['race (2).png'])
    expect(readFileSync(join(out, 'race.png'), 'utf8')).toBe('theirs')
  })

  it('subfolders by day, month and collection', async () => {
    const a = await seedFile(core, { prompt: 'a', createdAt: day(3) })
    const b = await seedFile(core, { prompt: 'b', createdAt: new Date(2026, 1, 9, 12).getTime() })
    const c = core.library.createCollection('Best: of/2026')
    core.library.addToCollection(c.id, [a.imageId])
    const ids = [a.imageId, b.imageId]
    for (const [subfolders, expected] of [
      ['day', ['2026-01-03/a.png', '2026-02-09/b.png']],
      ['month', ['2026-01/a.png', '2026-02/b.png']],
      ['collection', ['Best_ of_2026/a.png', 'No collection/b.png']]
    ] as const) {
      const dir = join(out, subfolders)
      mkdirSync(dir)
      const r = await core.exports.run({ kind: 'ids', ids }, opts({ subfolders, template: '{prompt}', folder: dir }))
      expect(r.written.map((w) => w.path)).toEqual(expected)
      expect(files(dir)).toEqual([...expected].sort())
    }
  })

  it('exports a view (a search) and a collection view names its collection', async () => {
    const imgs = await seedMany(3, (i) => ({ prompt: i === 1 ? 'an owl' : 'a fox', createdAt: day(1) }))
    const r = await core.exports.run({ kind: 'view', view: { query: 'fox' } }, opts())
    expect(r.written.map((w) => w.imageId).sort()).toEqual([imgs[0]!.imageId, imgs[2]!.imageId].sort())
    const c = core.library.createCollection('Owls')
    core.library.addToCollection(c.id, [imgs[1]!.imageId])
    const dir = join(out, 'c')
    mkdirSync(dir)
    const r2 = await core.exports.run({ kind: 'view', view: { collectionId: c.id } }, opts({ folder: dir, template: '{collection}-{prompt}' }))
    expect(r2.written.map((w) => w.path)).toEqual(['Owls-an owl.png'])
  })

  it('refuses up front: no images, too many, a bad template, a missing folder', async () => {
    await expect(core.exports.run({ kind: 'ids', ids: [] }, opts())).rejects.toMatchObject({ code: 'VALIDATION' })
    await expect(core.exports.run({ kind: 'ids', ids: Array.from({ length: 100_001 }, (_v, i) => i + 1) }, opts())).rejects.toThrow(/At most 100000/)
    await expect(core.exports.run({ kind: 'ids', ids: [1] }, opts({ template: '{nope}' }))).rejects.toThrow(/\{nope\}/)
    await expect(core.exports.run({ kind: 'ids', ids: [1] }, opts({ folder: join(out, 'missing') }))).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(core.exports.run({ kind: 'ids', ids: [1] }, opts({ quality: 0 }))).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(files()).toEqual([])
  })

  it('writes a .json sidecar next to each image, with the same name, holding no secret', async () => {
    const [img] = await seedMany(1, { prompt: 'side', createdAt: day(1) })
    core.db.prepare('UPDATE generations SET params = ? WHERE id = ?').run(JSON.stringify({ prompt: 'side', webhookURL: 'https://hook.example/secret', uploadEndpoint: 'https://s3.example/?X-Amz-Signature=abc', steps: 4 }), img!.generationId)
    writeFileSync(join(out, 'side.json'), 'precious')
    const r = await core.exports.run({ kind: 'ids', ids: [img!.imageId] }, opts({ template: '{prompt}', sidecar: true }))
    expect(r.written.map((w) => w.path)).toEqual(['side (2).png'])
    expect(files()).toEqual(['side (2).json', 'side (2).png', 'side.json'])
    const text = readFileSync(join(out, 'side (2).json'), 'utf8')
    expect(JSON.parse(text)).toBeTypeOf('object')
    expect(text).not.toMatch(/hook\.example|X-Amz-Signature/)
    expect(readFileSync(join(out, 'side.json'), 'utf8')).toBe('precious')
  })
})

describe('failures part-way', () => {
  it('a missing file, a path outside the library and an unknown id fail alone; the rest are exported', async () => {
    const imgs = await seedMany(4, { prompt: 'ok', createdAt: day(1) })
    rmSync(join(core.paths.dataDir, imgs[1]!.path))
    writeFileSync(join(tmp.dir, 'victim.png'), imgs[0]!.bytes)
    core.db.prepare('UPDATE images SET path = ? WHERE id = ?').run('../victim.png', imgs[2]!.imageId)
    const r = await core.exports.run({ kind: 'ids', ids: [...imgs.map((i) => i.imageId), 9999] }, opts())
    expect(r.written.map((w) => w.imageId)).toEqual([imgs[0]!.imageId, imgs[3]!.imageId])
    expect(r.failed.map((f) => [f.imageId, f.code]).sort()).toEqual(
      [
        [imgs[1]!.imageId, 'NOT_FOUND'],
        [imgs[2]!.imageId, 'PATH_OUTSIDE_LIBRARY'],
        [9999, 'NOT_FOUND']
      ].sort()
    )
    expect(files()).toEqual([`${imgs[0]!.imageId}.png`, `${imgs[3]!.imageId}.png`])
  })

  it('an original is read whole however the OS splits the reads, and converted images are read by sharp (no file read in JS)', async () => {
    const imgs = await seedMany(2, { prompt: 'short reads', createdAt: day(1), width: 400, height: 300 })
    const reads: string[] = []
    const shortReads: ExportFs = {
      ...nodeFs,
      readFile: (async () => Promise.reject(new Error('the export reads through open'))) as unknown as ExportFs['readFile'],
      open: (async (path: string, flags: string) => {
        const fh = await nodeFs.open(path, flags)
        if (flags !== 'r') return fh
        reads.push(path)
        return new Proxy(fh, {
          get(target, prop) {
            // At most 1000 bytes a call, as a pipe or a network share may return.
            if (prop === 'read') return (buf: Buffer, offset: number, length: number, position: number) => target.read(buf, offset, Math.min(1000, length), position)
            const v = Reflect.get(target, prop) as unknown
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
          }
        })
      }) as ExportFs['open']
    }
    const svc = new ExportService({ db: core.db, dataDir: core.paths.dataDir, queries: core.queries, fs: shortReads })
    const r = await svc.run({ kind: 'ids', ids: imgs.map((i) => i.imageId) }, opts())
    expect(r.failed).toEqual([])
    expect(imgs.every((img) => img.bytes.length > 3000)).toBe(true)
    for (const [i, img] of imgs.entries()) expect(readFileSync(join(out, r.written[i]!.path)).equals(img.bytes)).toBe(true)
    expect(reads).toHaveLength(2)

    const jpg = join(tmp.dir, 'jpg')
    mkdirSync(jpg)
    const converted = await svc.run({ kind: 'ids', ids: imgs.map((i) => i.imageId) }, opts({ folder: jpg, format: 'jpg' }))
    expect(converted.failed).toEqual([])
    expect(reads).toHaveLength(2)
    for (const w of converted.written) expect(await sharp(join(jpg, w.path)).metadata()).toMatchObject({ format: 'jpeg', width: 400, height: 300 })
  })

  it('an injected disk-full write leaves no temp or half file and names the image; the rest are exported', async () => {
    const imgs = await seedMany(5, { prompt: 'full', createdAt: day(1) })
    const failing: ExportFs = {
      ...nodeFs,
      open: (async (path: string, flags: string) => {
        const fh = await nodeFs.open(path, flags)
        if (flags !== 'wx') return fh
        // The third file written runs out of space half-way.
        if (++opened !== 3) return fh
        return new Proxy(fh, {
          get(target, prop) {
            if (prop === 'write') return async (buf: Buffer) => {
              await target.write(buf, 0, Math.floor(buf.length / 2), 0)
              throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
            }
            const v = Reflect.get(target, prop) as unknown
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
          }
        })
      }) as ExportFs['open']
    }
    let opened = 0
    // Concurrency 2 is the least the engine runs; the failing open is the third either way.
    const svc = new ExportService({ db: core.db, dataDir: core.paths.dataDir, queries: core.queries, fs: failing, concurrency: 2 })
    const r = await svc.run({ kind: 'ids', ids: imgs.map((i) => i.imageId) }, opts())
    expect(r.failed).toHaveLength(1)
    expect(r.failed[0]).toMatchObject({ code: 'DISK_FULL' })
    expect(r.written).toHaveLength(4)
    expect(temps()).toEqual([])
    expect(files()).toHaveLength(4)
    for (const w of r.written) {
      const src = imgs.find((i) => i.imageId === w.imageId)!
      expect(readFileSync(join(out, w.path)).equals(src.bytes)).toBe(true)
    }
  })

  it('a read-only folder (as the OS reports it): every image fails as READ_ONLY and nothing is left', async () => {
    const imgs = await seedMany(3, { prompt: 'ro', createdAt: day(1) })
    const readOnly: ExportFs = { ...nodeFs, open: (async () => Promise.reject(Object.assign(new Error('EROFS'), { code: 'EROFS' }))) as ExportFs['open'] }
    const svc = new ExportService({ db: core.db, dataDir: core.paths.dataDir, queries: core.queries, fs: readOnly })
    const r = await svc.run({ kind: 'ids', ids: imgs.map((i) => i.imageId) }, opts())
    expect(r.written).toEqual([])
    expect(r.failed.map((f) => f.code)).toEqual(['READ_ONLY', 'READ_ONLY', 'READ_ONLY'])
    expect(files()).toEqual([])
  })

  it.skipIf(process.getuid?.() === 0)('a folder without write permission: every image fails as READ_ONLY', async () => {
    const imgs = await seedMany(2, { prompt: 'ro', createdAt: day(1) })
    chmodSync(out, 0o555)
    const r = await core.exports.run({ kind: 'ids', ids: imgs.map((i) => i.imageId) }, opts())
    chmodSync(out, 0o755)
    expect(r.failed.map((f) => f.code)).toEqual(['READ_ONLY', 'READ_ONLY'])
    expect(files()).toEqual([])
  })

  it('the folder removed mid-way: the images after it fail as FOLDER_MISSING, the folder is not re-created', async () => {
    // 12: with 3 workers each encoding one image while writing another, up to 6 are under way
    // when the folder goes; the rest start after it and must fail.
    const imgs = await seedMany(12, { prompt: 'gone', createdAt: day(1) })
    let removed = false
    const r = await core.exports.run({ kind: 'ids', ids: imgs.map((i) => i.imageId) }, opts({ subfolders: 'day' }), {
      onProgress: (p) => {
        if (p.done === 2 && !removed) {
          removed = true
          rmSync(out, { recursive: true })
        }
      }
    })
    expect(r.written.length).toBeGreaterThanOrEqual(2)
    expect(r.written.length + r.failed.length).toBe(12)
    expect(r.failed.length).toBeGreaterThanOrEqual(4)
    expect(new Set(r.failed.map((f) => f.code))).toEqual(new Set(['FOLDER_MISSING']))
    expect(existsSync(out)).toBe(false)
  })

  it('cancel leaves only whole files and no temp files', async () => {
    const imgs = await seedMany(12, { prompt: 'cancel', createdAt: day(1) })
    const ac = new AbortController()
    const r = await core.exports.run({ kind: 'ids', ids: imgs.map((i) => i.imageId) }, opts({ format: 'webp' }), {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.done === 3) ac.abort()
      }
    })
    expect(r.canceled).toBe(true)
    expect(r.written.length).toBeGreaterThanOrEqual(3)
    expect(r.written.length).toBeLessThan(12)
    expect(temps()).toEqual([])
    expect(files()).toEqual(r.written.map((w) => w.path).sort())
    for (const f of files()) expect(await sharp(join(out, f)).stats()).toBeTruthy()
    for (const f of files()) expect(statSync(join(out, f)).size).toBeGreaterThan(0)
  })

  it('progress counts up to the total with bytes, a rate and a time left', async () => {
    const imgs = await seedMany(4, { prompt: 'progress', createdAt: day(1) })
    let t = 1000
    const svc = new ExportService({ db: core.db, dataDir: core.paths.dataDir, queries: core.queries, now: () => (t += 250) })
    const seen: { done: number; total: number; bytes: number; rate: number | null; etaMs: number | null }[] = []
    await svc.run({ kind: 'ids', ids: imgs.map((i) => i.imageId) }, opts(), { onProgress: (p) => seen.push(p) })
    expect(seen.map((p) => p.done)).toEqual([1, 2, 3, 4])
    expect(seen.every((p) => p.total === 4 && p.rate !== null && p.rate > 0)).toBe(true)
    expect(seen.at(-1)).toMatchObject({ etaMs: 0, bytes: imgs.reduce((s, i) => s + i.bytes.length, 0) })
  })
})
