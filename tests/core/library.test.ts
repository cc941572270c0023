import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { WritableDB } from '../../electron/core/db/connection'
import { AppError } from '../../electron/core/errors'
import { LibraryQueries } from '../../electron/core/library/library-queries'
import { LibraryService } from '../../electron/core/library/library-service'
import type { LibraryView } from '../../electron/shared/library'
import { createTestDb, tempDir } from '../helpers/db'
import { linkReference, seedImage } from '../helpers/library-seed'

const DAY = 86_400_000
const T0 = new Date(2026, 0, 10, 12).getTime()
let db: WritableDB
let q: LibraryQueries
let lib: LibraryService
let dataDir: string
const ids: Record<string, number> = {}
const gens: Record<string, number> = {}

beforeEach(() => {
  db = createTestDb()
  q = new LibraryQueries(db)
  const t = tempDir('imagine-lib-')
  dataDir = t.dir
  lib = new LibraryService(db, dataDir, () => T0 + 100 * DAY)
  const rows: [string, Parameters<typeof seedImage>[1]][] = [
    ['fox', { prompt: 'a red fox in the snow, watercolor', createdAt: T0, width: 1408, height: 768, rating: 5, cost: 0.02, favorite: true }],
    ['lighthouse', { prompt: 'lighthouse at dusk, oil painting', createdAt: T0 + DAY, format: 'jpg', rating: 3, cost: 0.022 }],
    ['castle', { prompt: 'castle in fog, charcoal sketch', createdAt: T0 + 40 * DAY, rating: 1, cost: null }],
    ['robot', { prompt: 'friendly robot, pixel art', createdAt: T0 + 41 * DAY, width: 1408, height: 768, format: 'webp', favorite: true, rating: 4, cost: 0.04 }],
    ['fox2', { prompt: 'arctic fox portrait, photograph', createdAt: T0 + 42 * DAY, rating: 2, cost: 0.02 }],
    ['failed', { prompt: 'a failed attempt', createdAt: T0 + 43 * DAY, status: 'failed' }]
  ]
  for (const [name, img] of rows) {
    const r = seedImage(db, img)
    ids[name] = r.imageId
    gens[name] = r.generationId
  }
  linkReference(db, gens.robot!, ids.fox!)
  linkReference(db, gens.fox2!, ids.robot!)
})

const names = (list: readonly number[]): string[] => list.map((id) => Object.keys(ids).find((k) => ids[k] === id) ?? `#${id}`)
const search = (query: string, extra: Partial<LibraryView> = {}): string[] => names(q.page({ query, ...extra }, null, 100).items.map((i) => i.id))

describe('pages', () => {
  it.each(['newest', 'oldest', 'rating', 'cost'] as const)('walks %s with keyset cursors: the same order as the id list, no gaps, no repeats', (sort) => {
    const all = Array.from(q.idList({ sort }))
    const walked: number[] = []
    let cursor: string | null = null
    do {
      const page = q.page({ sort }, cursor, 2)
      walked.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(walked).toEqual(all)
    expect(new Set(walked).size).toBe(6)
    expect(q.count({})).toBe(6)
  })

  it('orders by rating and by cost, ties broken by newest', () => {
    expect(names(Array.from(q.idList({ sort: 'rating' })))).toEqual(['fox', 'robot', 'lighthouse', 'fox2', 'castle', 'failed'])
    expect(names(Array.from(q.idList({ sort: 'cost' })))).toEqual(['robot', 'lighthouse', 'failed', 'fox2', 'fox', 'castle'])
  })

  it('stays correct while new images arrive between pages', () => {
    const first = q.page({}, null, 3)
    seedImage(db, { prompt: 'brand new', createdAt: T0 + 50 * DAY })
    const second = q.page({}, first.nextCursor, 3)
    expect(names([...first.items, ...second.items].map((i) => i.id))).toEqual(['failed', 'fox2', 'robot', 'castle', 'lighthouse', 'fox'])
  })

  it('keeps the O(1) section counts equal to real counts through every change', () => {
    const real = (where: string): number => (db.prepare(`SELECT count(*) AS n FROM images WHERE ${where}`).get() as { n: number }).n
    const check = (): void => {
      expect(q.count({})).toBe(real('trashed_at IS NULL'))
      expect(q.count({ section: 'favorites' })).toBe(real('trashed_at IS NULL AND favorite = 1'))
      expect(q.count({ section: 'trash' })).toBe(real('trashed_at IS NOT NULL'))
      // The counter path and the query path agree.
      expect(q.count({ query: 'in:trash' })).toBe(q.count({ section: 'trash' }))
      expect(q.count({ query: 'fav:yes' })).toBe(q.count({ section: 'favorites' }))
    }
    check()
    lib.setFavorite([ids.castle!, ids.fox!], true)
    check()
    lib.trash([ids.fox!, ids.lighthouse!])
    check()
    lib.setFavorite([ids.fox!], false)
    lib.restore([ids.lighthouse!])
    check()
    lib.emptyTrash()
    check()
    seedImage(db, { prompt: 'new', createdAt: T0, favorite: true })
    check()
  })

  it('refuses a forged cursor with a clear error', () => {
    expect(() => q.page({}, 'not-a-cursor', 10)).toThrow(AppError)
    expect(() => q.page({ sort: 'rating' }, Buffer.from('[1]').toString('base64url'), 10)).toThrow(/cursor/)
  })

  it('counts per month for the scrubber and they add up', () => {
    const months = q.monthCounts({})
    expect(months.map((m) => m.month)).toEqual([...months.map((m) => m.month)].sort((a, b) => b - a))
    expect(months.reduce((n, m) => n + m.count, 0)).toBe(6)
  })

  it('counts per month of the same view as the grid: its search, section and collection', () => {
    expect(q.monthCounts({ query: 'fox' })).toEqual([
      { month: 202602, count: 1 },
      { month: 202601, count: 1 }
    ])
    expect(q.monthCounts({ query: 'lighthouse' })).toEqual([{ month: 202601, count: 1 }])
    expect(q.monthCounts({ section: 'favorites' })).toEqual([
      { month: 202602, count: 1 },
      { month: 202601, count: 1 }
    ])
    const trip = lib.createCollection('Trip')
    lib.addToCollection(trip.id, [ids.castle!, ids.robot!])
    expect(q.monthCounts({ collectionId: trip.id })).toEqual([{ month: 202602, count: 2 }])
    lib.trash([ids.lighthouse!])
    expect(q.monthCounts({ section: 'trash' })).toEqual([{ month: 202601, count: 1 }])
    expect(q.monthCounts({})).toEqual([
      { month: 202602, count: 4 },
      { month: 202601, count: 1 }
    ])
  })

  it('months added up in the view order start where the id list reaches them (what the scrubber lands on)', () => {
    for (const view of [{ sort: 'newest' }, { sort: 'oldest' }, { query: 'fox' }] as LibraryView[]) {
      const list = Array.from(q.idList(view))
      const months = q.monthCounts(view)
      const ordered = view.sort === 'oldest' ? [...months].reverse() : months
      const monthOf = (id: number) => {
        const d = new Date(q.images([id])[0]!.createdAt)
        return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1
      }
      let start = 0
      for (const m of ordered) {
        expect(list.slice(start, start + m.count).map(monthOf)).toEqual(Array(m.count).fill(m.month))
        start += m.count
      }
      expect(start).toBe(list.length)
    }
  })

  it('returns metadata in the order asked, with prompt and tags', () => {
    lib.addTags([ids.fox!], ['Cats', 'winter'])
    const got = q.images([ids.robot!, ids.fox!, 999])
    expect(got.map((i) => i.id)).toEqual([ids.robot, ids.fox])
    expect(got[1]).toMatchObject({ prompt: 'a red fox in the snow, watercolor', tags: ['Cats', 'winter'], favorite: true, rating: 5, width: 1408 })
  })
})

describe('search: text and filters', () => {
  it.each([
    ['fox', ['fox2', 'fox']],
    ['"oil painting"', ['lighthouse']],
    ['pix*', ['robot']],
    ['fox -arctic', ['fox']],
    ['-fox', ['failed', 'robot', 'castle', 'lighthouse']],
    ['-fox -castle', ['failed', 'robot', 'lighthouse']],
    ['fav:yes', ['robot', 'fox']],
    ['aspect:16:9', ['robot', 'fox']],
    ['format:jpg', ['lighthouse']],
    ['format:webp format:jpg', ['robot', 'lighthouse']],
    ['rating:>=4', ['robot', 'fox']],
    ['cost:>0.021', ['robot', 'lighthouse']],
    ['has:refs', ['fox2', 'robot']],
    ['-has:refs', ['failed', 'castle', 'lighthouse', 'fox']],
    ['status:failed', ['failed']],
    ['fox sort:oldest', ['fox', 'fox2']],
    ['fox sort:rating', ['fox', 'fox2']]
  ])('%s', (query, expected) => {
    expect(search(query)).toEqual(expected)
  })

  it('filters by date (local days)', () => {
    const d = (offset: number): string => {
      const x = new Date(T0 + offset * DAY)
      return `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`
    }
    expect(search(`after:${d(40)}`)).toEqual(['failed', 'fox2', 'robot', 'castle'])
    expect(search(`before:${d(1)}`)).toEqual(['fox'])
    expect(search(`on:${d(1)}`)).toEqual(['lighthouse'])
  })

  it('finds images by tag, by a word of a tag and by a note, and updates the index when they change', () => {
    lib.addTags([ids.castle!, ids.robot!], ['moodboard'])
    expect(search('tag:moodboard')).toEqual(['robot', 'castle'])
    expect(search('moodboard')).toEqual(['robot', 'castle'])
    lib.setNote(ids.lighthouse!, 'print this for grandma')
    expect(search('grandma')).toEqual(['lighthouse'])
    lib.removeTags([ids.robot!], ['moodboard'])
    expect(search('moodboard')).toEqual(['castle'])
    expect(search('tag:moodboard -tag:nothing')).toEqual(['castle'])
    lib.setNote(ids.lighthouse!, null)
    expect(search('grandma')).toEqual([])
  })

  it('searches within collections, favourites and the trash', () => {
    const trip = lib.createCollection('Trip 2026')
    lib.addToCollection(trip.id, [ids.fox!, ids.castle!])
    expect(search('', { collectionId: trip.id })).toEqual(['castle', 'fox'])
    expect(search('collection:"trip 2026" fox')).toEqual(['fox'])
    expect(search('', { section: 'favorites' })).toEqual(['robot', 'fox'])
    lib.trash([ids.fox!])
    expect(search('fox')).toEqual(['fox2'])
    expect(search('', { section: 'trash' })).toEqual(['fox'])
    expect(search('in:trash fox')).toEqual(['fox'])
  })

  it.each([
    '"unbalanced quote',
    'fox" OR 1=1 --',
    '); DROP TABLE images; --',
    'NEAR(fox castle)',
    'fox AND OR NOT',
    '* ^ : {} ()',
    'tag:',
    'rating:9 after:2026-13-45 aspect:5:4',
    '\u0000\u0007 emoji 🦊 c++ —',
    'a'.repeat(999)
  ])('hostile query %j is a safe search, never an SQL error', (query) => {
    expect(() => q.page({ query }, null, 50)).not.toThrow()
    expect(() => q.count({ query })).not.toThrow()
    expect(() => q.idList({ query })).not.toThrow()
  })

  it('answers a 10 kB query with a clear validation error', () => {
    let caught: unknown
    try {
      q.page({ query: 'x'.repeat(10_000) }, null, 50)
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(AppError)
    expect((caught as AppError).code).toBe('VALIDATION')
    expect((caught as AppError).message).toMatch(/too long/)
  })
})

describe('query plans keep the indexes in use', () => {
  const plan = (view: LibraryView): string => q.explain(view).join(' | ')
  it.each([
    [{}, /SCAN i\b/, /TEMP B-TREE/],
    [{ sort: 'rating' as const }, /images_live_by_rating/, /TEMP B-TREE/],
    [{ sort: 'cost' as const }, /images_live_by_cost/, /TEMP B-TREE/],
    [{ section: 'favorites' as const }, /images_live_favorites/, /TEMP B-TREE/],
    [{ section: 'trash' as const }, /images_trash/, /TEMP B-TREE/],
    [{ query: 'fox' }, /VIRTUAL TABLE INDEX/, /TEMP B-TREE/],
    [{ query: 'tag:cats' }, /image_tags|sqlite_autoindex_tags|tags/, /SCAN t\b/]
  ])('%j', (view, uses, never) => {
    const p = plan(view)
    expect(p).toMatch(uses)
    expect(p).not.toMatch(never)
  })

  it('id lists of the whole library read the id-only index, even after ANALYZE', () => {
    db.exec('ANALYZE')
    expect(q.explainIdList({}).join(' | ')).toMatch(/USING (COVERING )?INDEX images_live_ids/)
    expect(q.explainIdList({ sort: 'oldest' }).join(' | ')).toMatch(/images_live_ids/)
    expect(q.explainIdList({ sort: 'rating' }).join(' | ')).toMatch(/images_live_by_rating/)
    expect(Array.from(q.idList({}))).toEqual([...Array.from(q.idList({ sort: 'oldest' }))].reverse())
  })

  it('month counts walk the month index', () => {
    const p = (db.prepare('EXPLAIN QUERY PLAN SELECT created_month, count(*) FROM images i WHERE i.trashed_at IS NULL GROUP BY created_month').all() as { detail: string }[]).map((r) => r.detail).join(' | ')
    expect(p).toMatch(/images_live_by_month/)
    expect(p).not.toMatch(/TEMP B-TREE/)
  })
})

describe('organise, trash, lineage, ledger, prompts', () => {
  it('favourites and rates many images at once, and refuses bad ratings', () => {
    expect(lib.setFavorite([ids.castle!, ids.fox2!], true)).toBe(2)
    expect(search('fav:yes')).toEqual(['fox2', 'robot', 'castle', 'fox'])
    lib.setRating([ids.castle!], 5)
    expect(search('rating:5')).toEqual(['castle', 'fox'])
    expect(() => lib.setRating([ids.castle!], 6)).toThrow(/0 to 5/)
  })

  it('restores from the trash, and emptying it deletes a file only when no other row uses it', () => {
    mkdirSync(join(dataDir, 'images', '00'), { recursive: true })
    const shared = 'images/00/shared.png'
    const alone = 'images/00/alone.png'
    writeFileSync(join(dataDir, shared), 'x')
    writeFileSync(join(dataDir, alone), 'y')
    const a = seedImage(db, { prompt: 'dup one', createdAt: T0, path: shared }).imageId
    const b = seedImage(db, { prompt: 'dup two', createdAt: T0, path: shared }).imageId
    const c = seedImage(db, { prompt: 'single', createdAt: T0, path: alone }).imageId
    lib.trash([a, c, ids.robot!])
    lib.restore([ids.robot!])
    expect(q.count({ section: 'trash' })).toBe(2)
    expect(lib.emptyTrash()).toEqual({ removed: 2, filesDeleted: 1, refused: [] })
    expect(existsSync(join(dataDir, shared))).toBe(true)
    expect(existsSync(join(dataDir, alone))).toBe(false)
    expect(q.images([b]).map((i) => i.id)).toEqual([b])
    expect(search('single')).toEqual([])
  })

  it('follows lineage both ways', () => {
    expect(lib.descendants(ids.fox!).map((n) => [names([n.imageId])[0], n.depth])).toEqual([['robot', 1], ['fox2', 2]])
    expect(lib.ancestors(ids.fox2!).map((n) => [names([n.imageId])[0], n.depth])).toEqual([['robot', 1], ['fox', 2]])
    expect(lib.ancestors(ids.fox!)).toEqual([])
  })

  it('totals costs per month, per day, per collection and per prompt', () => {
    const months = lib.costTotals('month')
    expect(months.reduce((s, m) => s + m.costUsd, 0)).toBeCloseTo(0.02 + 0.022 + 0.04 + 0.02, 6)
    const col = lib.createCollection('Best')
    lib.addToCollection(col.id, [ids.robot!, ids.lighthouse!])
    expect(lib.costTotals('collection')).toEqual([{ key: 'Best', costUsd: expect.closeTo(0.062, 6), images: 2, generations: 2 }])
    expect(lib.costTotals('prompt')[0]).toMatchObject({ key: 'friendly robot, pixel art', generations: 1 })
    expect(lib.costTotals('day').length).toBe(4)
  })

  it('totals only the generations in a range, by local day (the time zone, not UTC, draws the line)', () => {
    const tz = process.env.TZ
    process.env.TZ = 'America/New_York' // UTC−5 in March before the DST change, UTC−4 after
    try {
      const late = new Date(2026, 2, 7, 23, 30).getTime() // 04:30 UTC on the 8th
      const early = new Date(2026, 2, 8, 0, 30).getTime()
      const afterDst = new Date(2026, 2, 9, 23, 59).getTime()
      seedImage(db, { prompt: 'late', createdAt: late, cost: 0.5 })
      seedImage(db, { prompt: 'early', createdAt: early, cost: 0.25 })
      seedImage(db, { prompt: 'after the change', createdAt: afterDst, cost: 0.125 })
      const range = { from: new Date(2026, 2, 7).getTime(), to: new Date(2026, 2, 10).getTime() }
      expect(lib.costTotals('day', range)).toEqual([
        { key: '2026-03-09', costUsd: 0.125, images: 1, generations: 1 },
        { key: '2026-03-08', costUsd: 0.25, images: 1, generations: 1 },
        { key: '2026-03-07', costUsd: 0.5, images: 1, generations: 1 }
      ])
      // Half-open: a range ending at the late one's time leaves it out; open ends take everything.
      expect(lib.costTotals('day', { from: range.from, to: late })).toEqual([])
      expect(lib.costTotals('month', { from: range.from })).toEqual([{ key: '2026-03', costUsd: 0.875, images: 3, generations: 3 }])
      expect(lib.costTotals('prompt', range).map((p) => p.key)).toEqual(['late', 'early', 'after the change'])
      const col = lib.createCollection('March')
      lib.addToCollection(col.id, [ids.fox!])
      expect(lib.costTotals('collection', range)).toEqual([])
      expect(lib.costTotals('collection', { from: T0, to: T0 + 1 })).toEqual([{ key: 'March', costUsd: 0.02, images: 1, generations: 1 }])
    } finally {
      if (tz === undefined) delete process.env.TZ
      else process.env.TZ = tz
    }
  })

  it('lists prompts for autocomplete with uses, cost and the best-rated result', () => {
    seedImage(db, { prompt: 'a red fox in the snow, watercolor', createdAt: T0 + 60 * DAY, rating: 2, cost: 0.02 })
    const [p] = lib.prompts('a red f', 5)
    expect(p).toMatchObject({ prompt: 'a red fox in the snow, watercolor', uses: 2, bestImageId: ids.fox, bestRating: 5 })
    expect(p!.totalCostUsd).toBeCloseTo(0.04, 6)
    expect(lib.prompts('zzz', 5)).toEqual([])
  })

  it('saves, replaces, lists and deletes searches, refusing one too long to run', () => {
    const a = lib.saveSearch('Foxes', 'fox fav:yes')
    lib.saveSearch('Castles', 'castle')
    // In the order they were saved (the person arranges them; see reorder below).
    expect(lib.savedSearches().map((x) => [x.name, x.query])).toEqual([['Foxes', 'fox fav:yes'], ['Castles', 'castle']])
    const replaced = lib.saveSearch('foxes', 'fox rating:5')
    expect(replaced).toMatchObject({ id: a.id, name: 'Foxes', query: 'fox rating:5' })
    expect(lib.savedSearches().map((x) => [x.name, x.query])).toEqual([['Foxes', 'fox rating:5'], ['Castles', 'castle']])
    expect(() => lib.saveSearch('Huge', 'x'.repeat(2000))).toThrow(/too long/)
    lib.deleteSavedSearch(a.id)
    expect(lib.savedSearches().map((x) => x.name)).toEqual(['Castles'])
    expect(() => lib.deleteSavedSearch(a.id)).toThrow(/no saved search/)
  })

  it('renames saved searches (a clash is a VALIDATION error) and reorders them; a new one goes last', () => {
    const a = lib.saveSearch('Foxes', 'fox')
    const b = lib.saveSearch('Castles', 'castle')
    const c = lib.saveSearch('Robots', 'robot')
    lib.renameSavedSearch(b.id, '  Old   castles ')
    expect(lib.savedSearches().map((x) => x.name)).toEqual(['Foxes', 'Old castles', 'Robots'])
    expect(() => lib.renameSavedSearch(c.id, 'foxes')).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'name', message: 'There is already a saved search named "foxes"' }))
    expect(() => lib.renameSavedSearch(999, 'x')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
    expect(() => lib.renameSavedSearch(a.id, '   ')).toThrow(/needs a name/)

    expect(lib.reorderSavedSearches([c.id, a.id, b.id]).map((x) => x.name)).toEqual(['Robots', 'Foxes', 'Old castles'])
    expect(lib.savedSearches().map((x) => x.id)).toEqual([c.id, a.id, b.id])
    // Replacing a query keeps its place; a new search goes last.
    lib.saveSearch('FOXES', 'fox fav:yes')
    const d = lib.saveSearch('Lighthouses', 'lighthouse')
    expect(lib.savedSearches().map((x) => x.id)).toEqual([c.id, a.id, b.id, d.id])
    // The new order must name every search once: a stale or doctored list changes nothing.
    for (const bad of [[c.id, a.id, b.id], [c.id, a.id, b.id, d.id, d.id], [c.id, a.id, b.id, 999], [c.id, c.id, b.id, d.id]]) {
      expect(() => lib.reorderSavedSearches(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'ids' }))
    }
    expect(lib.savedSearches().map((x) => x.id)).toEqual([c.id, a.id, b.id, d.id])
  })

  it('deletes a selection from the Trash for good: live images among the ids stay, a file goes only when no other row uses it', () => {
    mkdirSync(join(dataDir, 'images', '00'), { recursive: true })
    const shared = 'images/00/shared.png'
    const alone = 'images/00/alone.png'
    const other = 'images/00/other.png'
    for (const p of [shared, alone, other]) writeFileSync(join(dataDir, p), 'x')
    const a = seedImage(db, { prompt: 'dup one', createdAt: T0, path: shared }).imageId
    const b = seedImage(db, { prompt: 'dup two', createdAt: T0, path: shared }).imageId
    const c = seedImage(db, { prompt: 'single', createdAt: T0, path: alone }).imageId
    const d = seedImage(db, { prompt: 'kept in the trash', createdAt: T0, path: other }).imageId
    const col = lib.createCollection('Kept')
    lib.addToCollection(col.id, [a, c])
    lib.trash([a, b, c, d])
    const changes: [string, number[]][] = []
    const watched = new LibraryService(db, dataDir, () => T0, (reason, changed) => changes.push([reason, changed]))

    // b shares a's file: deleting a alone keeps the file; ids.fox is live and unknown 999 does not exist.
    expect(watched.deleteForever([a, c, ids.fox!, 999])).toEqual({ removed: 2, filesDeleted: 1, refused: [] })
    expect(changes).toEqual([['images-removed', [a, c]]])
    expect(existsSync(join(dataDir, shared))).toBe(true)
    expect(existsSync(join(dataDir, alone))).toBe(false)
    expect(q.images([a, b, c, d, ids.fox!]).map((i) => i.id)).toEqual([b, d, ids.fox])
    expect(lib.collections().find((x) => x.id === col.id)?.images).toBe(0)
    expect(q.count({ section: 'trash' })).toBe(2)

    // The last row using the shared file takes it along; d stays in the Trash.
    expect(watched.deleteForever([b])).toEqual({ removed: 1, filesDeleted: 1, refused: [] })
    expect(existsSync(join(dataDir, shared))).toBe(false)
    expect(existsSync(join(dataDir, other))).toBe(true)
    // Nothing trashed among the ids: nothing happens, no push.
    expect(watched.deleteForever([ids.fox!])).toEqual({ removed: 0, filesDeleted: 0, refused: [] })
    expect(changes).toHaveLength(2)
    expect(() => lib.deleteForever([])).toThrow(/No images/)
    expect(q.count({ section: 'trash' })).toBe(1)
  })

  it('tells how many of some images each collection holds (the check marks in "Add to collection")', () => {
    const best = lib.createCollection('Best')
    const night = lib.createCollection('Night')
    lib.createCollection('Empty')
    lib.addToCollection(best.id, [ids.fox!, ids.robot!, ids.castle!])
    lib.addToCollection(night.id, [ids.lighthouse!])
    expect(lib.collectionMembership([ids.fox!, ids.robot!])).toEqual([{ collectionId: best.id, images: 2 }])
    expect(lib.collectionMembership([ids.fox!, ids.lighthouse!])).toEqual([
      { collectionId: best.id, images: 1 },
      { collectionId: night.id, images: 1 }
    ])
    expect(lib.collectionMembership([ids.fox2!])).toEqual([])
  })

  it('validates collection and tag names', () => {
    expect(() => lib.createCollection('   ')).toThrow(/needs a name/)
    lib.createCollection('Dupes')
    expect(() => lib.createCollection('dupes')).toThrow(/already a collection/)
    expect(() => lib.addTags([ids.fox!], ['x'.repeat(65)])).toThrow(/at most 64/)
  })

  it('renaming a collection to a name another one has is a VALIDATION error, not an internal one (found by the IPC fuzz)', () => {
    lib.createCollection('Dupes')
    const other = lib.createCollection('Other')
    expect(() => lib.renameCollection(other.id, ' DUPES ')).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'name', message: 'There is already a collection named "DUPES"' }))
    lib.renameCollection(other.id, 'other') // its own name, in another case, is fine
    expect(lib.collections().map((c) => c.name)).toEqual(['Dupes', 'other'])
  })
})
