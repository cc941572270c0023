import { beforeEach, describe, expect, it } from 'vitest'
import type { WritableDB } from '../../electron/core/db/connection'
import { LibraryService } from '../../electron/core/library/library-service'
import { containsPattern, FILTER_WINDOW, PREFIX_SORT_CAP } from '../../electron/core/library/prompt-library'
import type { PromptListQuery } from '../../electron/shared/prompts'
import { createTestDb, migrateTo } from '../helpers/db'
import { seedImage } from '../helpers/library-seed'

const T0 = Date.UTC(2026, 0, 10, 12)
let db: WritableDB
let lib: LibraryService

/** What the triggers keep, beside what a fresh GROUP BY of generations says. */
function stats(): unknown[] {
  return db.prepare('SELECT prompt, uses, last_used_at, last_generation_id, round(total_cost, 9) AS cost FROM prompt_stats ORDER BY prompt').all()
}
function recomputed(): unknown[] {
  return db.prepare('SELECT prompt, count(*) AS uses, max(created_at) AS last_used_at, max(id) AS last_generation_id, round(total(cost), 9) AS cost FROM generations GROUP BY prompt ORDER BY prompt').all()
}
const plan = (sql: string, params: Record<string, unknown> = {}): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join(' | ')
const list = (q: Partial<PromptListQuery> = {}) => lib.promptList({ filter: '', sort: 'lastUsed', direction: 'desc', offset: 0, limit: 50, ...q })

beforeEach(() => {
  db = createTestDb()
  lib = new LibraryService(db, '/nonexistent')
})

describe('prompt_stats (schema 7)', () => {
  it('is filled from the generations already there when the library is migrated', () => {
    const old = createTestDb(6)
    db = old
    seedImage(db, { prompt: 'fox', createdAt: T0, cost: 0.02 })
    seedImage(db, { prompt: 'fox', createdAt: T0 + 5, cost: 0.03 })
    seedImage(db, { prompt: 'owl', createdAt: T0 + 1, cost: null, status: 'failed' })
    expect(migrateTo(db, 7)).toEqual([7])
    expect(stats()).toEqual(recomputed())
    expect(stats()).toMatchObject([{ prompt: 'fox', uses: 2, last_used_at: T0 + 5, cost: 0.05 }, { prompt: 'owl', uses: 1, cost: 0 }])
  })

  it('follows inserts, costs recorded later, prompt edits and deletes', () => {
    const a = seedImage(db, { prompt: 'fox', createdAt: T0, cost: 0.02 })
    seedImage(db, { prompt: 'fox', createdAt: T0 + 10, cost: null })
    const c = seedImage(db, { prompt: 'owl', createdAt: T0 + 5, cost: 0.04 })
    expect(stats()).toEqual(recomputed())
    // The pipeline records cost when results arrive (generations-repo sumCost).
    db.prepare('UPDATE generations SET cost = 0.5 WHERE prompt = ? AND cost IS NULL').run('fox')
    db.prepare('UPDATE generations SET cost = NULL WHERE id = ?').run(c.generationId)
    expect(stats()).toEqual(recomputed())
    db.prepare("UPDATE generations SET prompt = 'owl' WHERE id = ?").run(a.generationId)
    expect(stats()).toEqual(recomputed())
    db.prepare('DELETE FROM images').run()
    db.prepare('DELETE FROM generations WHERE id = ?').run(c.generationId)
    expect(stats()).toEqual(recomputed())
    db.prepare('DELETE FROM generations').run()
    expect(stats()).toEqual([])
  })
})

describe('the best result kept in prompt_stats', () => {
  /** What a fresh search says is the prompt's best live result. */
  const fresh = (prompt: string) =>
    db.prepare('SELECT i.id AS bestImageId, i.rating AS bestRating FROM images i JOIN generations g ON g.id = i.generation_id WHERE g.prompt = ? AND i.trashed_at IS NULL ORDER BY i.rating DESC, i.id DESC LIMIT 1').get(prompt) ?? { bestImageId: null, bestRating: null }
  const kept = (prompt: string) => db.prepare('SELECT best_image_id AS bestImageId, best_rating AS bestRating, best_stale AS stale FROM prompt_stats WHERE prompt = ?').get(prompt) as { bestImageId: number | null; bestRating: number | null; stale: number }
  const read = (prompt: string) => {
    const [p] = lib.prompts(prompt, 1)
    return { bestImageId: p!.bestImageId, bestRating: p!.bestRating }
  }
  const rate = (id: number, rating: number) => db.prepare('UPDATE images SET rating = ? WHERE id = ?').run(rating, id)
  const trash = (id: number, at: number | null) => db.prepare('UPDATE images SET trashed_at = ? WHERE id = ?').run(at, id)

  it('follows new images, ratings up and restores without a search, and finds it again after the best got worse', () => {
    const a = seedImage(db, { prompt: 'fox', createdAt: T0, rating: 2 }).imageId
    expect(kept('fox')).toEqual({ bestImageId: a, bestRating: 2, stale: 0 })
    const b = seedImage(db, { prompt: 'fox', createdAt: T0 + 1, rating: 1 }).imageId
    const c = seedImage(db, { prompt: 'fox', createdAt: T0 + 2, rating: 2 }).imageId
    // Equal ratings: the newest.
    expect(kept('fox')).toEqual({ bestImageId: c, bestRating: 2, stale: 0 })
    rate(b, 4)
    expect(kept('fox')).toEqual({ bestImageId: b, bestRating: 4, stale: 0 })
    rate(b, 5)
    expect(kept('fox')).toEqual({ bestImageId: b, bestRating: 5, stale: 0 })
    // Worse: marked, and the next read finds c and writes it back.
    rate(b, 1)
    expect(kept('fox').stale).toBe(1)
    expect(read('fox')).toEqual(fresh('fox'))
    expect(kept('fox')).toEqual({ bestImageId: c, bestRating: 2, stale: 0 })
    // An image that is not the best going to the trash changes nothing.
    trash(a, 1)
    expect(kept('fox')).toEqual({ bestImageId: c, bestRating: 2, stale: 0 })
    trash(a, null)
    expect(kept('fox')).toEqual({ bestImageId: c, bestRating: 2, stale: 0 })
    rate(a, 3)
    expect(kept('fox')).toEqual({ bestImageId: a, bestRating: 3, stale: 0 })
    trash(a, 1)
    expect(read('fox')).toEqual({ bestImageId: c, bestRating: 2 })
    db.prepare('DELETE FROM images WHERE id = ?').run(c)
    expect(kept('fox').stale).toBe(1)
    expect(read('fox')).toEqual(fresh('fox'))
    expect(read('fox')).toEqual({ bestImageId: b, bestRating: 1 })
    trash(b, 1)
    expect(read('fox')).toEqual({ bestImageId: null, bestRating: null })
    // None left, then a new one: the first is the best.
    const d = seedImage(db, { prompt: 'fox', createdAt: T0 + 3, rating: 0 }).imageId
    expect(kept('fox')).toEqual({ bestImageId: d, bestRating: 0, stale: 0 })
  })

  it('starts stale after the migration and when a generation moves or goes, and a read puts it right', () => {
    db = createTestDb(6)
    const a = seedImage(db, { prompt: 'owl', createdAt: T0, rating: 3 })
    seedImage(db, { prompt: 'owl', createdAt: T0, rating: 1 })
    migrateTo(db, 7)
    lib = new LibraryService(db, '/nonexistent')
    expect(kept('owl').stale).toBe(1)
    expect(read('owl')).toEqual({ bestImageId: a.imageId, bestRating: 3 })
    expect(kept('owl').stale).toBe(0)
    db.prepare("UPDATE generations SET prompt = 'bat' WHERE id = ?").run(a.generationId)
    expect(read('owl')).toEqual(fresh('owl'))
    expect(read('bat')).toEqual({ bestImageId: a.imageId, bestRating: 3 })
    db.prepare('DELETE FROM images WHERE generation_id = ?').run(a.generationId)
    db.prepare('DELETE FROM generations WHERE id = ?').run(a.generationId)
    expect(lib.prompts('bat', 1)).toEqual([])
  })
})

describe('autocomplete (library:prompts)', () => {
  it('lists prompts with a prefix, most recently used first, with uses, cost, the newest generation and the best live result', () => {
    const fox1 = seedImage(db, { prompt: 'a red fox', createdAt: T0, rating: 4, cost: 0.02 })
    const fox2 = seedImage(db, { prompt: 'a red fox', createdAt: T0 + 100, rating: 2, cost: 0.02 })
    const best = seedImage(db, { prompt: 'a red fox', createdAt: T0 + 200, rating: 5, cost: 0.02 })
    seedImage(db, { prompt: 'a red barn', createdAt: T0 + 50, cost: 0.04 })
    seedImage(db, { prompt: 'A red fox', createdAt: T0 + 300 })
    seedImage(db, { prompt: 'blue', createdAt: T0 + 400 })
    const got = lib.prompts('a red', 10)
    expect(got.map((p) => p.prompt)).toEqual(['a red fox', 'a red barn'])
    expect(got[0]).toMatchObject({ uses: 3, lastUsedAt: T0 + 200, lastGenerationId: best.generationId, bestImageId: best.imageId, bestRating: 5 })
    expect(got[0]!.totalCostUsd).toBeCloseTo(0.06, 9)
    // The best result in the trash gives way to the next best; none left: null.
    db.prepare('UPDATE images SET trashed_at = 1 WHERE id = ?').run(best.imageId)
    expect(lib.prompts('a red f', 1)[0]).toMatchObject({ bestImageId: fox1.imageId, bestRating: 4 })
    db.prepare('UPDATE images SET trashed_at = 1 WHERE id IN (?, ?)').run(fox1.imageId, fox2.imageId)
    expect(lib.prompts('a red f', 1)[0]).toMatchObject({ uses: 3, bestImageId: null, bestRating: null })
    expect(lib.prompts('zzz', 5)).toEqual([])
    expect(lib.prompts('a red', 1)).toHaveLength(1)
  })

  it('treats % and _ in a prefix as text', () => {
    seedImage(db, { prompt: '100% cotton', createdAt: T0 })
    seedImage(db, { prompt: '100 percent', createdAt: T0 })
    expect(lib.prompts('100%', 5).map((p) => p.prompt)).toEqual(['100% cotton'])
  })

  it('gives the same answer for a prefix with more prompts than it sorts, walking the recency index instead', () => {
    const insert = db.transaction(() => {
      for (let i = 0; i < PREFIX_SORT_CAP + 50; i++) seedImage(db, { prompt: `fox ${i}`, createdAt: T0 + ((i * 7919) % 10_007) })
    })
    insert()
    seedImage(db, { prompt: 'fog', createdAt: T0 + 20_000 })
    const expected = (db.prepare("SELECT prompt FROM prompt_stats WHERE prompt LIKE 'fox%' ORDER BY last_used_at DESC, id DESC LIMIT 8").pluck().all() as string[])
    expect(lib.prompts('fox', 8).map((p) => p.prompt)).toEqual(expected)
    expect(lib.prompts('fo', 1).map((p) => p.prompt)).toEqual(['fog'])
    expect(lib.prompts('', 2).map((p) => p.prompt)).toEqual(['fog', expected[0]])
  })

  it('reads one index range or walk, never the generations table, and finds the best result from an index', () => {
    const range = plan("SELECT prompt FROM prompt_stats INDEXED BY prompt_stats_by_prompt WHERE prompt >= @p AND prompt < @p || char(1114111) ORDER BY last_used_at DESC LIMIT 8", { p: 'fox' })
    expect(range).toMatch(/SEARCH prompt_stats USING (COVERING )?INDEX prompt_stats_by_prompt \(prompt>\? AND prompt<\?\)/)
    const walk = plan("SELECT prompt FROM prompt_stats INDEXED BY prompt_stats_by_last_used WHERE prompt >= @p AND prompt < @p || char(1114111) ORDER BY last_used_at DESC, id DESC LIMIT 8", { p: 'f' })
    expect(walk).toMatch(/SCAN prompt_stats USING (COVERING )?INDEX prompt_stats_by_last_used/)
    expect(walk).not.toMatch(/TEMP B-TREE/)
    const best = plan(`SELECT i.id, i.rating FROM generations g INDEXED BY generations_by_prompt
      JOIN images i INDEXED BY images_by_generation_rating ON i.generation_id = g.id AND i.trashed_at IS NULL
      WHERE g.prompt = 'x' ORDER BY i.rating DESC, i.id DESC LIMIT 1`)
    expect(best).toMatch(/SEARCH g USING COVERING INDEX generations_by_prompt/)
    expect(best).toMatch(/SEARCH i USING COVERING INDEX images_by_generation_rating \(generation_id=\? AND trashed_at=\?\)/)
  })
})

describe('the Prompts view (library:prompt-list)', () => {
  beforeEach(() => {
    // uses / last used / cost: owl 3 / +30 / 0.06, fox 1 / +50 / 0.50, cat 2 / +10 / 0.04
    seedImage(db, { prompt: 'owl at night', createdAt: T0, cost: 0.02 })
    seedImage(db, { prompt: 'cat in a box', createdAt: T0 + 5, cost: 0.02 })
    seedImage(db, { prompt: 'owl at night', createdAt: T0 + 20, cost: 0.02 })
    seedImage(db, { prompt: 'cat in a box', createdAt: T0 + 10, cost: 0.02 })
    seedImage(db, { prompt: 'owl at night', createdAt: T0 + 30, cost: 0.02 })
    seedImage(db, { prompt: 'fox_100%', createdAt: T0 + 50, cost: 0.5 })
  })
  const prompts = (q: Partial<PromptListQuery>) => list(q).rows.map((r) => r.prompt)

  it('sorts by last use, uses, cost and text, either way', () => {
    expect(prompts({ sort: 'lastUsed' })).toEqual(['fox_100%', 'owl at night', 'cat in a box'])
    expect(prompts({ sort: 'lastUsed', direction: 'asc' })).toEqual(['cat in a box', 'owl at night', 'fox_100%'])
    expect(prompts({ sort: 'uses' })).toEqual(['owl at night', 'cat in a box', 'fox_100%'])
    expect(prompts({ sort: 'uses', direction: 'asc' })).toEqual(['fox_100%', 'cat in a box', 'owl at night'])
    expect(prompts({ sort: 'cost' })).toEqual(['fox_100%', 'owl at night', 'cat in a box'])
    expect(prompts({ sort: 'prompt', direction: 'asc' })).toEqual(['cat in a box', 'fox_100%', 'owl at night'])
    expect(list({ sort: 'uses' }).rows[0]).toMatchObject({ prompt: 'owl at night', uses: 3, lastUsedAt: T0 + 30 })
  })

  it('filters by text anywhere in the prompt (ASCII case aside), % and _ as text, and pages with hasMore', () => {
    expect(prompts({ filter: 'AT' })).toEqual(['owl at night', 'cat in a box'])
    expect(prompts({ filter: '_100%' })).toEqual(['fox_100%'])
    expect(prompts({ filter: 'x_1' })).toEqual(['fox_100%'])
    expect(prompts({ filter: 'o_l' })).toEqual([])
    expect(list({ sort: 'uses', limit: 2 })).toMatchObject({ hasMore: true, rows: [{ prompt: 'owl at night' }, { prompt: 'cat in a box' }] })
    expect(list({ sort: 'uses', limit: 2, offset: 2 })).toMatchObject({ hasMore: false, rows: [{ prompt: 'fox_100%' }] })
    expect(containsPattern('a\\b%c_')).toBe('%a\\\\b\\%c\\_%')
  })

  it('gives the same filtered pages whether the matches lie within the first rows of a sort or beyond them', () => {
    // Rows straight into prompt_stats (the triggers are tested above): more than the window, one match in ten.
    db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${FILTER_WINDOW + 2000})
      INSERT INTO prompt_stats (prompt, uses, last_used_at, last_generation_id, total_cost)
      SELECT CASE WHEN i % 10 = 0 THEN 'needle ' ELSE 'hay ' END || i, 1 + i % 7, ${T0} + i, 1, (i % 13) * 0.01 FROM n`).run()
    const expected = (filter: string, order: string, offset: number, limit: number) =>
      db.prepare(`SELECT prompt FROM prompt_stats WHERE prompt LIKE ? ORDER BY ${order} LIMIT ? OFFSET ?`).pluck().all(`%${filter}%`, limit, offset)
    const cases = [
      ['hay', 'uses', 'desc', 'uses DESC, last_used_at DESC, id DESC', 0],
      ['hay', 'cost', 'asc', 'total_cost ASC, last_used_at ASC, id ASC', 4000],
      ['needle', 'uses', 'desc', 'uses DESC, last_used_at DESC, id DESC', 0],
      ['needle', 'lastUsed', 'asc', 'last_used_at ASC, id ASC', 650],
      ['needle 69', 'prompt', 'desc', 'prompt DESC', 0]
    ] as const
    for (const [filter, sort, direction, order, offset] of cases) {
      const page = list({ filter, sort, direction, offset, limit: 50 })
      expect(page.rows.map((r) => r.prompt), `${filter} ${sort} ${direction} @${offset}`).toEqual(expected(filter, order, offset, 50))
      expect(page.hasMore).toBe(expected(filter, order, offset + 50, 1).length === 1)
    }
  })

  it('walks each sort index without sorting, filtered or not', () => {
    for (const [index, order] of [
      ['prompt_stats_by_last_used', 'last_used_at DESC, id DESC'],
      ['prompt_stats_by_uses', 'uses ASC, last_used_at ASC, id ASC'],
      ['prompt_stats_by_cost', 'total_cost DESC, last_used_at DESC, id DESC'],
      ['prompt_stats_by_prompt', 'prompt ASC']
    ] as const) {
      const p = plan(`SELECT prompt FROM prompt_stats INDEXED BY ${index} WHERE prompt LIKE @f ESCAPE '\\' ORDER BY ${order} LIMIT 51`, { f: '%a%' })
      expect(p).toMatch(new RegExp(`SCAN prompt_stats USING (COVERING )?INDEX ${index}`))
      expect(p).not.toMatch(/TEMP B-TREE/)
    }
  })
})
