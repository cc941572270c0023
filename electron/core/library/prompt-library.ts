/**
 * The prompt library (issue 10) over prompt_stats (schema 7, kept by triggers on
 * generations): the composer's autocomplete and the Prompts view's pages. Each
 * read is a walk of one index with a LIMIT, named with INDEXED BY so a planner
 * change cannot turn a keystroke into a scan (tests/core/prompt-library.test.ts
 * checks the plans); only a filter with few matches reads the whole table, once,
 * in storage order. The best result is kept in the row; one marked stale (its
 * best got worse) is found again here, for the listed rows only, and written back.
 * `npm run bench -- prompts` times them on a million images.
 */
import type { PromptStat } from '../../shared/library'
import { MAX_PROMPT_PAGE, type PromptListQuery, type PromptPage, type PromptSort } from '../../shared/prompts'
import type { WritableDB } from '../db/connection'

type StatRow = PromptStat & { id: number; bestStale: 0 | 1 }

const COLUMNS = 'id, prompt, uses, last_used_at AS lastUsedAt, total_cost AS totalCostUsd, last_generation_id AS lastGenerationId, best_image_id AS bestImageId, best_rating AS bestRating, best_stale AS bestStale'

/** Prompts starting with @prefix: a range of prompt_stats_by_prompt (U+10FFFF sorts after every other character). */
const IN_PREFIX = 'prompt >= @prefix AND prompt < @prefix || char(1114111)'

/**
 * Up to this many prompts with a prefix are read in text order and sorted by
 * recency; a prefix with more (a letter or two) walks the recency index instead,
 * where its matches come soon because they are many.
 */
export const PREFIX_SORT_CAP = 2000

/** Rows of a sort's walk a filtered page looks through before it reads the whole table. */
export const FILTER_WINDOW = 5000

/** Each sort's index and the columns it orders by (id last, so equal values have one order). */
const ORDERS: Record<PromptSort, { index: string; columns: readonly string[] }> = {
  lastUsed: { index: 'prompt_stats_by_last_used', columns: ['last_used_at', 'id'] },
  uses: { index: 'prompt_stats_by_uses', columns: ['uses', 'last_used_at', 'id'] },
  cost: { index: 'prompt_stats_by_cost', columns: ['total_cost', 'last_used_at', 'id'] },
  prompt: { index: 'prompt_stats_by_prompt', columns: ['prompt'] }
}

/** `text` as a LIKE pattern matching it anywhere ('\' escapes). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export class PromptLibrary {
  constructor(private readonly db: WritableDB) {}

  /** Past prompts starting with `prefix` (exactly: case and spaces count), most recently used first. */
  prompts(prefix: string, limit: number): PromptStat[] {
    const lim = clamp(limit)
    const byRecency = prefix === '' || this.prefixCount(prefix) > PREFIX_SORT_CAP
    const sql = byRecency
      ? `SELECT ${COLUMNS} FROM prompt_stats INDEXED BY prompt_stats_by_last_used WHERE ${IN_PREFIX} ORDER BY last_used_at DESC, id DESC LIMIT ${lim}`
      : `SELECT ${COLUMNS} FROM prompt_stats INDEXED BY prompt_stats_by_prompt WHERE ${IN_PREFIX} ORDER BY last_used_at DESC, id DESC LIMIT ${lim}`
    return this.withBest(this.db.prepare(sql).all({ prefix }) as StatRow[])
  }

  /**
   * A page of every prompt containing `filter`, in the order asked for. Unfiltered:
   * a walk of the sort's index. Filtered: the first FILTER_WINDOW rows of that walk
   * are tried first (a common word fills the page there); when they hold too few
   * matches the whole table is read in storage order and only the matches sorted,
   * which for a rare word is ten times faster than looking up every row from the index.
   */
  list(query: PromptListQuery): PromptPage {
    const lim = clamp(query.limit)
    const offset = Math.max(0, Math.floor(query.offset))
    const { index, columns } = ORDERS[query.sort]
    const dir = query.direction === 'asc' ? 'ASC' : 'DESC'
    const order = columns.map((c) => `${c} ${dir}`).join(', ')
    let rows: StatRow[]
    if (query.filter === '') {
      rows = this.db.prepare(`SELECT ${COLUMNS} FROM prompt_stats INDEXED BY ${index} ORDER BY ${order} LIMIT ${lim + 1} OFFSET ${offset}`).all() as StatRow[]
    } else {
      const pattern = containsPattern(query.filter)
      const need = offset + lim + 1
      rows = this.db
        .prepare(`SELECT ${COLUMNS} FROM (SELECT * FROM prompt_stats INDEXED BY ${index} ORDER BY ${order} LIMIT ${FILTER_WINDOW}) WHERE prompt LIKE @pattern ESCAPE '\\' ORDER BY ${order} LIMIT ${need}`)
        .all({ pattern }) as StatRow[]
      if (rows.length < need) {
        rows = this.db.prepare(`SELECT ${COLUMNS} FROM prompt_stats NOT INDEXED WHERE prompt LIKE @pattern ESCAPE '\\' ORDER BY ${order} LIMIT ${lim + 1} OFFSET ${offset}`).all({ pattern }) as StatRow[]
      } else {
        rows = rows.slice(offset)
      }
    }
    return { rows: this.withBest(rows.slice(0, lim)), hasMore: rows.length > lim }
  }

  /** How many prompts start with `prefix`, counted no further than just past the cap. */
  private prefixCount(prefix: string): number {
    return this.db.prepare(`SELECT count(*) FROM (SELECT 1 FROM prompt_stats INDEXED BY prompt_stats_by_prompt WHERE ${IN_PREFIX} LIMIT ${PREFIX_SORT_CAP + 1})`).pluck().get({ prefix }) as number
  }

  /**
   * The rows as PromptStats. A row whose best result may have got worse (best_stale)
   * has it found again, one seek per generation of that prompt, and written back in
   * the same transaction, so a better image recorded meanwhile by another process
   * (whose trigger skipped the stale row) is not lost.
   */
  private withBest(rows: StatRow[]): PromptStat[] {
    return rows.map(({ id, bestStale, ...stat }) => (bestStale === 0 ? stat : { ...stat, ...this.refreshBest(id, stat.prompt) }))
  }

  private refreshBest(id: number, prompt: string): Pick<PromptStat, 'bestImageId' | 'bestRating'> {
    const find = (): Pick<PromptStat, 'bestImageId' | 'bestRating'> => {
      const b = this.db
        .prepare(
          `SELECT i.id, i.rating FROM generations g INDEXED BY generations_by_prompt
             JOIN images i INDEXED BY images_by_generation_rating ON i.generation_id = g.id AND i.trashed_at IS NULL
           WHERE g.prompt = ? ORDER BY i.rating DESC, i.id DESC LIMIT 1`
        )
        .get(prompt) as { id: number; rating: number } | undefined
      return { bestImageId: b?.id ?? null, bestRating: b?.rating ?? null }
    }
    try {
      return this.db.transaction(() => {
        const best = find()
        this.db.prepare('UPDATE prompt_stats SET best_image_id = ?, best_rating = ?, best_stale = 0 WHERE id = ?').run(best.bestImageId, best.bestRating, id)
        return best
      }).immediate()
    } catch (error) {
      // A read must not fail for a cache it cannot write (a read-only or full disk): answer from the search.
      if (this.db.inTransaction) throw error
      return find()
    }
  }
}

function clamp(limit: number): number {
  return Math.max(1, Math.min(MAX_PROMPT_PAGE, Math.floor(limit)))
}
