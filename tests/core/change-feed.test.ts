/**
 * Issue 12: one library:changed per burst, carrying the ids, the counts and the
 * rows; other processes' commits seen through PRAGMA data_version.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../electron/core/db/connection'
import { openLibraryDb } from '../../electron/core/db/open-library-db'
import { ChangeFeed, MAX_ROWS_PER_PUSH } from '../../electron/core/library/change-feed'
import type { LibraryChanged, LibraryStats } from '../../electron/shared/domain'
import type { LibraryImage } from '../../electron/shared/library'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { createTestDb, migrateTo, tempDir } from '../helpers/db'
import { ImagesRepo } from '../../electron/core/db/repos/images-repo'
import { generateAndWait, makeCore, type TestCore } from '../helpers/generation'
import { seedImage } from '../helpers/library-seed'

const STATS: LibraryStats = { images: 1, generations: 1, trashed: 0, favourites: 0 }
const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms))
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function feed(extra: Partial<ConstructorParameters<typeof ChangeFeed>[0]> = {}): { feed: ChangeFeed; pushes: LibraryChanged[] } {
  const pushes: LibraryChanged[] = []
  const f = new ChangeFeed({ emit: (c) => pushes.push(c), stats: () => STATS, rows: (ids) => ids.map((id) => ({ id }) as LibraryImage), ...extra })
  cleanups.push(() => f.close())
  return { feed: f, pushes }
}

describe('ChangeFeed', () => {
  it('turns a synchronous burst into one push per kind, in a fixed order, with the counts and rows', async () => {
    const { feed: f, pushes } = feed()
    for (let id = 1; id <= 20; id++) f.add('images-added', [id])
    f.add('images-updated', [3, 4])
    f.add('images-trashed', [5])
    f.add('images-updated', [4])
    expect(pushes).toHaveLength(0)
    await tick()
    expect(pushes.map((p) => p.reason)).toEqual(['images-added', 'images-updated', 'images-trashed'])
    expect(pushes[0]!.imageIds).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(pushes[0]!.images?.map((r) => r.id)).toEqual(pushes[0]!.imageIds)
    expect(pushes[1]!.imageIds).toEqual([3, 4])
    // Trashed rows do not travel: the renderer only takes them out of the view.
    expect(pushes[2]!.images).toBeUndefined()
    expect(pushes.every((p) => p.stats === STATS)).toBe(true)
  })

  it('holds changes inside the interval after a push and sends them together when it ends', async () => {
    const { feed: f, pushes } = feed({ intervalMs: 60 })
    f.add('images-added', [1])
    await tick()
    expect(pushes).toHaveLength(1)
    f.add('images-added', [2])
    await tick(5)
    f.add('images-added', [3])
    await tick(5)
    expect(pushes).toHaveLength(1)
    await tick(80)
    expect(pushes.map((p) => p.imageIds)).toEqual([[1], [2, 3]])
  })

  it('sends ids without rows when a burst is larger than a push carries', async () => {
    const { feed: f, pushes } = feed()
    f.add('images-updated', Array.from({ length: MAX_ROWS_PER_PUSH + 1 }, (_, i) => i + 1))
    await tick()
    expect(pushes[0]!.imageIds).toHaveLength(MAX_ROWS_PER_PUSH + 1)
    expect(pushes[0]!.images).toBeUndefined()
  })

  it('sends nothing after close', async () => {
    const { feed: f, pushes } = feed()
    f.add('images-added', [1])
    f.close()
    await tick(5)
    expect(pushes).toEqual([])
  })

  it("reports another connection's commit as external, and not its own", async () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const file = join(t.dir, 'library.db')
    const app = openLibraryDb(file)
    const cli = openDatabase(file)
    cleanups.push(() => void cli.close(), () => void app.close())
    const { feed: f, pushes } = feed({ dataVersion: () => app.pragma('data_version', { simple: true }) as number, pollMs: 60_000 })
    seedImage(app, { prompt: 'written by the app', createdAt: 1 })
    f.checkOtherWriters()
    await tick()
    expect(pushes).toEqual([])
    seedImage(cli, { prompt: 'written by the CLI', createdAt: 2 })
    f.checkOtherWriters()
    await tick()
    expect(pushes).toEqual([{ reason: 'external', imageIds: [], stats: STATS }])
    f.checkOtherWriters()
    await tick()
    expect(pushes).toHaveLength(1)
  })
})

describe('library:changed from a real core', () => {
  let fake: FakeRunware

  async function core(): Promise<{ core: TestCore; pushes: LibraryChanged[] }> {
    fake = await startFakeRunware({ imageBytes: 'small' })
    const t = tempDir()
    const pushes: LibraryChanged[] = []
    const c = makeCore(fake, t.dir, { emit: (channel, payload) => void (channel === 'library:changed' && pushes.push(payload as LibraryChanged)), changeFeed: { pollMs: 20 } })
    cleanups.push(t.cleanup, () => fake.close(), () => c.close())
    return { core: c, pushes }
  }

  it('a 20-image job arrives in a few pushes that carry every row and counts that agree with the database', async () => {
    const { core: c, pushes } = await core()
    await generateAndWait(c, { numberResults: 20 })
    await tick(150)
    const added = pushes.filter((p) => p.reason === 'images-added')
    expect(added.length).toBeGreaterThan(0)
    expect(added.length).toBeLessThan(20)
    const ids = added.flatMap((p) => p.imageIds)
    expect(new Set(ids).size).toBe(20)
    expect(added.flatMap((p) => p.images ?? []).map((r) => r.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b))
    const last = pushes[pushes.length - 1]!
    expect(last.stats).toEqual({ images: 20, generations: 1, trashed: 0, favourites: 0 })
    // Its own writes are not mistaken for another process's.
    expect(pushes.some((p) => p.reason === 'external')).toBe(false)
  })

  it('organising pushes the kind of change and the counts; a write by another connection arrives as external', async () => {
    const { core: c, pushes } = await core()
    await generateAndWait(c, { numberResults: 3 })
    await tick(150)
    const [a, b] = (c.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[])
    pushes.length = 0
    c.library.setFavorite([a!], true)
    c.library.trash([b!])
    await tick(150)
    expect(pushes.map((p) => [p.reason, p.imageIds])).toEqual([['images-updated', [a]], ['images-trashed', [b]]])
    expect(pushes[0]!.images?.[0]).toMatchObject({ id: a, favorite: true })
    expect(pushes[1]!.stats).toEqual({ images: 2, generations: 1, trashed: 1, favourites: 1 })
    pushes.length = 0
    const other = openDatabase(c.paths.dbFile)
    seedImage(other, { prompt: 'from the CLI', createdAt: Date.now() })
    other.close()
    await expect.poll(() => pushes.map((p) => p.reason), { timeout: 2000 }).toEqual(['external'])
    expect(pushes[0]!.stats.images).toBe(3)
    expect(pushes[0]!.stats.generations).toBe(2)
  })
})

describe('the counters behind the stats (schema 5)', () => {
  it('count the generations already there when migrating, then follow inserts and deletes, as count(*) does', () => {
    const db = createTestDb(4)
    for (let i = 0; i < 3; i++) seedImage(db, { prompt: `before ${i}`, createdAt: i })
    migrateTo(db, 5)
    const stats = new ImagesRepo(db)
    const truth = (): LibraryStats => ({
      images: (db.prepare('SELECT count(*) FROM images WHERE trashed_at IS NULL').pluck().get() as number),
      generations: (db.prepare('SELECT count(*) FROM generations').pluck().get() as number),
      trashed: (db.prepare('SELECT count(*) FROM images WHERE trashed_at IS NOT NULL').pluck().get() as number),
      favourites: (db.prepare('SELECT count(*) FROM images WHERE favorite = 1 AND trashed_at IS NULL').pluck().get() as number)
    })
    expect(stats.stats()).toEqual({ images: 3, generations: 3, trashed: 0, favourites: 0 })
    const { imageId, generationId } = seedImage(db, { prompt: 'after', createdAt: 9, favorite: true })
    db.prepare('UPDATE images SET trashed_at = 1 WHERE id = 1').run()
    expect(stats.stats()).toEqual(truth())
    db.prepare('DELETE FROM images WHERE id = ?').run(imageId)
    db.prepare('DELETE FROM generations WHERE id = ?').run(generationId)
    expect(stats.stats()).toEqual(truth())
    expect(stats.stats()).toEqual({ images: 2, generations: 3, trashed: 1, favourites: 0 })
    db.close()
  })
})
