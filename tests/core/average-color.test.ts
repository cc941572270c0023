/**
 * Average colours (issue 12: the gallery's placeholders): read from a known image,
 * stored with every new image and read back with its row, schema 7 → 8 keeps every
 * row, the background backfill colours old images in batches, newest first, and
 * resumes where it stopped, and a rebuilt library keeps the colours its journal
 * carried while the backfill gives back the rest.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openLibraryDb } from '../../electron/core/db/open-library-db'
import type { WritableDB } from '../../electron/core/db/connection'
import { averageColor } from '../../electron/core/files/average-color'
import { ImageStore } from '../../electron/core/files/image-store'
import { ColorBackfill, SCAN_WINDOW } from '../../electron/core/library/color-backfill'
import { LibraryQueries } from '../../electron/core/library/library-queries'
import { libraryPaths } from '../../electron/core/paths'
import { rgbHex } from '../../electron/shared/color'
import { rebuildLibrary } from '../../electron/core/journal/rebuild'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { createTestDb, migrateTo, tempDir } from '../helpers/db'
import { generateAndWait, makeCore, type TestCore } from '../helpers/generation'

let dir: { dir: string; cleanup: () => void }
beforeEach(() => {
  dir = tempDir('imagine-colour-')
})
afterEach(() => dir.cleanup())

const channels = (rgb: number): [number, number, number] => [(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255]
/** Within `d` of the expected colour on every channel (WebP thumbnails are lossy). */
function near(rgb: number | null, expected: [number, number, number], d = 3): void {
  expect(rgb).not.toBeNull()
  channels(rgb!).forEach((c, i) => expect(Math.abs(c - expected[i]!), `channel ${i} of ${rgbHex(rgb)}`).toBeLessThanOrEqual(d))
}

/** A PNG of one flat colour, or (split) left half `rgb`, right half `right`. */
async function png(width: number, height: number, rgb: [number, number, number], right?: [number, number, number]): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) raw.set(right && x >= width / 2 ? right : rgb, (y * width + x) * 3)
  return sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer()
}

describe('the average colour of an image', () => {
  it('is the mean of its pixels, as 0xRRGGBB', async () => {
    expect(await averageColor(await png(64, 32, [200, 30, 90]))).toBe(0xc81e5a)
    // Half red, half blue: the mean, not either half.
    near(await averageColor(await png(64, 64, [255, 0, 0], [0, 0, 255])), [128, 0, 128], 1)
    // A grey image (one channel) comes back grey, an image with alpha without it.
    const grey = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 77, g: 77, b: 77 } } }).greyscale().png().toBuffer()
    expect(await averageColor(grey)).toBe(0x4d4d4d)
    const alpha = await sharp({ create: { width: 8, height: 8, channels: 4, background: { r: 10, g: 120, b: 250, alpha: 0.5 } } }).png().toBuffer()
    near(await averageColor(alpha), [10, 120, 250], 1)
    await expect(averageColor(Buffer.from('not an image'))).rejects.toThrow()
  })

  it('comes back from the image store with the stored image (from its thumbnail), for images and not references', async () => {
    const store = new ImageStore(libraryPaths(dir.dir))
    const stored = await store.commit(await store.writeTempBuffer(await png(1408, 768, [20, 140, 210], [240, 200, 40])))
    near(stored.avgRgb, [130, 170, 125])
    expect(stored.avgRgb).toBe(await averageColor(join(dir.dir, stored.thumbPath)))
    // The same bytes again (the thumbnail already there): the same colour.
    const again = await store.commit(await store.writeTempBuffer(await png(1408, 768, [20, 140, 210], [240, 200, 40])))
    expect(again.avgRgb).toBe(stored.avgRgb)
    const ref = await store.commit(await store.writeTempBuffer(await png(64, 64, [1, 2, 3])), 'refs')
    expect(ref.avgRgb).toBeNull()
  })

  it('as CSS: #rrggbb, none for none or a value that is not a colour', () => {
    expect(rgbHex(0x0a78fa)).toBe('#0a78fa')
    expect(rgbHex(0)).toBe('#000000')
    expect(rgbHex(0xffffff)).toBe('#ffffff')
    for (const bad of [null, undefined, -1, 0x1000000, 1.5]) expect(rgbHex(bad)).toBeNull()
  })
})

describe('a generated image', () => {
  let fake: FakeRunware
  let core: TestCore | null = null
  beforeEach(async () => {
    fake = await startFakeRunware({ imageBytes: 'small' })
  })
  afterEach(async () => {
    await core?.close()
    core = null
    await fake.close()
  })

  it('is stored with its colour, which travels with its row (by id, as pushes read them, and in pages)', async () => {
    core = makeCore(fake, dir.dir)
    const done = await generateAndWait(core, { prompt: 'a lighthouse at dusk', numberResults: 2 })
    const ids = core.generation.images(done.generationId).map((i) => i.imageId)
    const rows = await core.queries.images(ids)
    expect(rows).toHaveLength(2)
    for (const row of rows) {
      const thumb = core.images.mediaPath('thumb', row.id)!
      expect(row.avgColor).toBe(await averageColor(join(core.paths.dataDir, thumb)))
      expect(core.db.prepare('SELECT avg_rgb FROM images WHERE id = ?').pluck().get(row.id)).toBe(row.avgColor)
    }
    const page = await core.queries.page({}, null, 10)
    expect(page.items.map((i) => i.avgColor)).toEqual([...rows].sort((a, b) => b.id - a.id).map((r) => r.avgColor))
    // Swatches (library:swatches, for tiles whose rows are not fetched): colour and shape by id, in the order asked, unknown ids left out.
    const [a, b] = [...rows].sort((x, y) => x.id - y.id)
    expect(await core.handlers['library:swatches']([b!.id, 999, a!.id])).toEqual([
      { id: b!.id, avgColor: b!.avgColor, width: b!.width, height: b!.height },
      { id: a!.id, avgColor: a!.avgColor, width: a!.width, height: a!.height }
    ])
    expect(await core.router.dispatch('library:swatches', [Array.from({ length: 2001 }, (_, i) => i + 1)])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('an app core with colorBackfill fills in colours missing from older rows by itself, and close() stops it', async () => {
    core = makeCore(fake, dir.dir)
    await generateAndWait(core, { prompt: 'a lighthouse at dusk', numberResults: 3 })
    const original = core.db.prepare('SELECT id, avg_rgb FROM images ORDER BY id').all()
    core.db.prepare('UPDATE images SET avg_rgb = NULL').run()
    await core.close()
    core = makeCore(fake, dir.dir, { colorBackfill: { startDelayMs: 0, pauseMs: 1, batch: 2 } })
    const c = core
    await expect.poll(() => c.db.prepare('SELECT id, avg_rgb FROM images ORDER BY id').all(), { timeout: 10_000 }).toEqual(original)
    await expect.poll(() => c.colors?.stats().done).toBe(true)
    expect(c.colors!.stats()).toMatchObject({ colored: 3, failed: 0, batches: 2 })
    await c.close()
    // A core closed before its backfill's first batch: nothing runs after close.
    core = makeCore(fake, dir.dir, { colorBackfill: true })
    expect(core.colors!.stats().batches).toBe(0)
    await core.close()
    core = null
  })
})

/** Inserts image rows (no colour) whose thumbnails are flat PNGs of `colorOf(id)`; answers nothing. */
async function seedOldImages(db: WritableDB, dataDir: string, ids: number[], colorOf: (id: number) => [number, number, number]): Promise<void> {
  db.prepare("INSERT INTO generations (id, task_uuid, prompt, model, request, status, created_at) VALUES (1, 'u', 'p', 'm', '{}', 'succeeded', 1)").run()
  mkdirSync(join(dataDir, 'thumbs', 'aa'), { recursive: true })
  const insert = db.prepare("INSERT INTO images (id, generation_id, sha256, path, thumb_path, width, height, format, bytes, created_at) VALUES (?, 1, ?, ?, ?, 8, 8, 'png', 1, ?)")
  for (const id of ids) {
    const thumb = `thumbs/aa/${id}.png`
    writeFileSync(join(dataDir, thumb), await png(8, 8, colorOf(id)))
    insert.run(id, id.toString(16).padStart(64, '0'), `images/aa/${id}.png`, thumb, id)
  }
}

const colorOf = (id: number): [number, number, number] => [id % 256, (id * 7) % 256, 255 - (id % 256)]
const hex = ([r, g, b]: [number, number, number]): number => (r << 16) | (g << 8) | b

describe('migration 8 (average colours)', () => {
  it('keeps every image row written at schema 7, each without a colour, and the backfill starts from the newest', () => {
    const db = createTestDb(7)
    db.prepare("INSERT INTO generations (id, task_uuid, prompt, model, request, status, created_at) VALUES (1, 'u', 'a fox', 'm', '{}', 'succeeded', 5)").run()
    const insert = db.prepare("INSERT INTO images (id, generation_id, sha256, path, thumb_path, width, height, format, bytes, created_at, favorite, rating, note, trashed_at) VALUES (?, 1, ?, ?, ?, 2, 3, 'png', 4, ?, ?, ?, ?, ?)")
    for (let id = 1; id <= 50; id++) insert.run(id, id.toString(16).padStart(64, '0'), `images/${id}.png`, id % 5 ? `thumbs/${id}.webp` : null, id * 10, id % 2, id % 6, id % 3 ? null : `note ${id}`, id % 7 ? null : id)
    const before = db.prepare('SELECT * FROM images ORDER BY id').all()
    const counts = db.prepare('SELECT * FROM library_counts ORDER BY name').all()
    expect(migrateTo(db, 8)).toEqual([8])
    const after = db.prepare('SELECT * FROM images ORDER BY id').all() as Record<string, unknown>[]
    expect(after.map(({ avg_rgb: _c, ...rest }) => rest)).toEqual(before)
    expect(after.every((r) => r.avg_rgb === null)).toBe(true)
    expect(db.prepare('SELECT * FROM library_counts ORDER BY name').all()).toEqual(counts)
    expect(db.prepare('SELECT below FROM color_backfill').all()).toEqual([{ below: null }])
    expect(db.prepare("SELECT count(*) FROM images_fts WHERE images_fts MATCH 'fox'").pluck().get()).toBe(50)
    expect(() => db.prepare('UPDATE images SET avg_rgb = ? WHERE id = 1').run(0x1000000)).toThrow(/CHECK/)
    expect(() => db.prepare('UPDATE images SET avg_rgb = ? WHERE id = 1').run(-1)).toThrow(/CHECK/)
    expect(db.pragma('foreign_key_check')).toEqual([])
  })
})

describe('the colour backfill', () => {
  it('colours old images in batches, newest first, committing its place, and a new run resumes there', async () => {
    const db = openLibraryDb(join(dir.dir, 'library.db'))
    const ids = Array.from({ length: 10 }, (_, i) => i + 1)
    await seedOldImages(db, dir.dir, ids, colorOf)
    const read: string[] = []
    const compute = (file: string): Promise<number> => {
      read.push(file)
      return averageColor(file)
    }
    const first = new ColorBackfill(db, dir.dir, { batch: 4, compute })
    expect(await first.runBatch()).toBe(true)
    const colored = (): number[] => db.prepare('SELECT id FROM images WHERE avg_rgb IS NOT NULL ORDER BY id DESC').pluck().all() as number[]
    expect(colored()).toEqual([10, 9, 8, 7])
    expect(first.position()).toBe(7)
    // A restart: a new backfill on a new connection carries on below 7, reading no image twice.
    db.close()
    const db2 = openLibraryDb(join(dir.dir, 'library.db'))
    const second = new ColorBackfill(db2, dir.dir, { batch: 4, compute })
    expect(second.position()).toBe(7)
    expect(await second.runBatch()).toBe(true)
    expect(await second.runBatch()).toBe(false)
    expect(second.position()).toBe(0)
    expect(read).toHaveLength(10)
    expect(new Set(read).size).toBe(10)
    for (const id of ids) expect(db2.prepare('SELECT avg_rgb FROM images WHERE id = ?').pluck().get(id)).toBe(hex(colorOf(id)))
    // Done: the next start reads one row and colours nothing.
    expect(await new ColorBackfill(db2, dir.dir, { compute }).runBatch()).toBe(false)
    expect(read).toHaveLength(10)
    db2.close()
  })

  it('looks at a bounded window of ids per step, so sparse ids never make it scan the table in one go', async () => {
    const db = createTestDb()
    const ids = [1, 2, SCAN_WINDOW * 2 + 5, SCAN_WINDOW * 3 + 1]
    await seedOldImages(db, dir.dir, ids, colorOf)
    // Images stored at schema 8 already have colours: skipped, never read.
    db.prepare('UPDATE images SET avg_rgb = 0 WHERE id = 2').run()
    const read: number[] = []
    const b = new ColorBackfill(db, dir.dir, { batch: 32, compute: async (file) => (read.push(Number(/(\d+)\.png$/.exec(file)![1])), averageColor(file)) })
    const positions: number[] = []
    while (await b.runBatch()) positions.push(b.position()!)
    expect(positions).toEqual([SCAN_WINDOW * 2 + 2, SCAN_WINDOW + 2, 2])
    expect(b.position()).toBe(0)
    expect(read).toEqual([SCAN_WINDOW * 3 + 1, SCAN_WINDOW * 2 + 5, 1])
    expect(db.prepare('SELECT avg_rgb FROM images WHERE id = 2').pluck().get()).toBe(0)
  })

  it('runs by itself in the background, pausing between batches; stop() keeps what is done and a later start finishes', async () => {
    const db = openLibraryDb(join(dir.dir, 'library.db'))
    await seedOldImages(db, dir.dir, Array.from({ length: 12 }, (_, i) => i + 1), colorOf)
    let calls = 0
    let release: () => void = () => undefined
    const gate = new Promise<void>((r) => (release = r))
    const b = new ColorBackfill(db, dir.dir, {
      batch: 5,
      pauseMs: 1,
      startDelayMs: 0,
      compute: async (file) => {
        if (++calls === 7) await gate // inside the second batch
        return averageColor(file)
      }
    })
    b.start()
    await expect.poll(() => calls).toBe(7)
    const stopping = b.stop()
    release()
    await stopping
    // The first batch (12…8) and the second one's images up to the one in flight when it stopped (7, 6),
    // committed with the place reached; 5 was never read.
    const colored = db.prepare('SELECT id FROM images WHERE avg_rgb IS NOT NULL ORDER BY id DESC').pluck().all()
    expect(colored).toEqual([12, 11, 10, 9, 8, 7, 6])
    expect(calls).toBe(7)
    expect(b.position()).toBe(6)
    const later = new ColorBackfill(db, dir.dir, { batch: 5, pauseMs: 1, startDelayMs: 0 })
    later.start()
    await later.whenIdle()
    expect(later.stats()).toMatchObject({ colored: 5, failed: 0, done: true })
    expect(db.prepare('SELECT count(*) FROM images WHERE avg_rgb IS NULL').pluck().get()).toBe(0)
    db.close()
  })

  it('never reads a file outside the library, falls back to the image when the thumbnail is gone, and leaves unreadable ones without a colour', async () => {
    const db = createTestDb()
    await seedOldImages(db, dir.dir, [1, 2, 3], colorOf)
    mkdirSync(join(dir.dir, 'images', 'aa'), { recursive: true })
    // 3: thumbnail gone, image there; 2: both paths lead outside the library; 1: nothing readable.
    rmSync(join(dir.dir, 'thumbs', 'aa', '3.png'))
    writeFileSync(join(dir.dir, 'images', 'aa', '3.png'), await png(8, 8, [9, 99, 199]))
    db.prepare("UPDATE images SET thumb_path = '../outside.png', path = '/etc/passwd' WHERE id = 2").run()
    writeFileSync(join(dir.dir, 'thumbs', 'aa', '1.png'), 'not an image')
    const read: string[] = []
    const b = new ColorBackfill(db, dir.dir, { compute: (f) => (read.push(f), averageColor(f)) })
    expect(await b.runBatch()).toBe(false)
    expect(db.prepare('SELECT id, avg_rgb FROM images ORDER BY id').all()).toEqual([
      { id: 1, avg_rgb: null },
      { id: 2, avg_rgb: null },
      { id: 3, avg_rgb: hex([9, 99, 199]) }
    ])
    expect(read.every((f) => f.startsWith(dir.dir))).toBe(true)
    expect(b.stats()).toMatchObject({ colored: 1, failed: 2 })
  })
})

describe('imagine rebuild and the colours', () => {
  let fake: FakeRunware
  beforeEach(async () => {
    fake = await startFakeRunware({ imageBytes: 'small' })
  })
  afterEach(async () => {
    await fake.close()
  })

  it('keeps the colours the journal carried; the backfill gives the others back, equal to before', async () => {
    const core = makeCore(fake, join(dir.dir, 'x'))
    await generateAndWait(core, { prompt: 'a lighthouse at dusk', numberResults: 3 })
    await generateAndWait(core, { prompt: 'a misty harbour', numberResults: 2 })
    const original = core.db.prepare('SELECT id, avg_rgb FROM images ORDER BY id').all() as { id: number; avg_rgb: number | null }[]
    expect(original).toHaveLength(5)
    expect(original.every((r) => r.avg_rgb !== null)).toBe(true)
    // Two images as a library from before schema 8 has them: coloured later by the backfill, which journals nothing.
    core.db.prepare('UPDATE images SET avg_rgb = NULL WHERE id <= 2').run()
    core.journal.checkpoint()
    const backfill = new ColorBackfill(core.db, core.paths.dataDir)
    while (await backfill.runBatch());
    expect(core.db.prepare('SELECT id, avg_rgb FROM images ORDER BY id').all()).toEqual(original)
    const dataDir = core.paths.dataDir
    await core.close()
    for (const s of ['', '-wal', '-shm']) rmSync(join(dataDir, 'library.db') + s, { force: true })

    const report = await rebuildLibrary(dataDir)
    expect(report.restored.images).toBe(5)
    const db = openLibraryDb(join(dataDir, 'library.db'))
    // The journal's colours are kept; the backfilled ones were never journaled, so they wait for the backfill.
    expect(db.prepare('SELECT id, avg_rgb FROM images ORDER BY id').all()).toEqual(original.map((r) => (r.id <= 2 ? { ...r, avg_rgb: null } : r)))
    expect(db.prepare('SELECT below FROM color_backfill').pluck().get()).toBeNull()
    const again = new ColorBackfill(db, dataDir)
    while (await again.runBatch());
    expect(db.prepare('SELECT id, avg_rgb FROM images ORDER BY id').all()).toEqual(original)
    expect(new LibraryQueries(db).images(original.map((r) => r.id)).map((i) => i.avgColor)).toEqual(original.map((r) => r.avg_rgb))
    db.close()
  })
})
