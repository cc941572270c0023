/**
 * Read side of the library: keyset pages (never OFFSET), counts, the whole
 * ordered id list of a view as a Uint32Array, per-month counts, and image
 * metadata by id. Works on a read-only connection, so it can run in a worker.
 */
import type { Database, Statement } from 'better-sqlite3'
import type { ImageSwatch, LibraryImage, LibraryPage, LibraryView, MonthCount } from '../../shared/library'
import { ValidationError } from '../errors'
import { buildViewSql, sortSpec, type ViewSql } from './view-sql'


/** What `sqliteCheck` found: the check's lines ('ok' alone when all is well) and broken foreign keys. */
export interface SqliteCheck {
  integrity: string[]
  foreignKeys: number
}
export const MAX_PAGE = 500
/** The largest `library:swatches` call. */
export const MAX_SWATCHES = 2000

/** Whether a view's count is a trigger-kept counter (an unfiltered section: O(1)) rather than a scan of its rows. */
export function countIsKept(view: LibraryView): boolean {
  return (view.query ?? '').trim() === '' && view.collectionId === undefined
}

interface ImageRow {
  id: number
  generation_id: number | null
  sha256: string
  path: string
  width: number
  height: number
  format: 'png' | 'jpg' | 'webp'
  bytes: number
  avg_rgb: number | null
  seed: number | null
  cost: number | null
  nsfw: number | null
  favorite: number
  rating: number
  note: string | null
  created_at: number
  trashed_at: number | null
  prompt: string | null
  tags: string | null
}

/** The columns of a LibraryImage (exported for the benchmark's like-for-like LIKE baseline). */
export const IMAGE_COLUMNS = `i.id, i.generation_id, i.sha256, i.path, i.width, i.height, i.format, i.bytes, i.avg_rgb, i.seed, i.cost, i.nsfw,
  i.favorite, i.rating, i.note, i.created_at, i.trashed_at,
  (SELECT prompt FROM generations g WHERE g.id = i.generation_id) AS prompt,
  (SELECT group_concat(t.name, char(31)) FROM image_tags it JOIN tags t ON t.id = it.tag_id WHERE it.image_id = i.id) AS tags`

export function toLibraryImage(r: ImageRow): LibraryImage {
  return {
    id: r.id,
    generationId: r.generation_id,
    sha256: r.sha256,
    path: r.path,
    width: r.width,
    height: r.height,
    format: r.format,
    bytes: r.bytes,
    avgColor: r.avg_rgb,
    seed: r.seed,
    cost: r.cost,
    nsfw: r.nsfw === null ? null : r.nsfw === 1,
    favorite: r.favorite === 1,
    rating: r.rating,
    note: r.note,
    createdAt: r.created_at,
    trashedAt: r.trashed_at,
    prompt: r.prompt,
    tags: r.tags ? r.tags.split('\u001f').sort((a, b) => a.localeCompare(b)) : []
  }
}

function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url')
}

function decodeCursor(cursor: string, n: number): unknown[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' || x === null)) return v
  } catch {
    /* fall through */
  }
  throw new ValidationError('That page cursor is not valid for this view', 'cursor')
}

export class LibraryQueries {
  /** Compiled statements by SQL text: views repeat, and compiling costs more than running a page. */
  private readonly statements = new Map<string, Statement>()

  constructor(private readonly db: Database) {}

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql)
    if (!s) {
      s = this.db.prepare(sql)
      if (this.statements.size >= 200) this.statements.delete(this.statements.keys().next().value!)
      this.statements.set(sql, s)
    }
    return s
  }

  private whereSql(v: ViewSql, extra: string[] = []): string {
    const all = [...v.where, ...extra]
    return all.length ? `WHERE ${all.join(' AND ')}` : ''
  }

  /** One page of a view after `cursor` (keyset: stays correct while new images arrive). */
  page(view: LibraryView, cursor: string | null, limit = 100): LibraryPage {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new ValidationError(`A page holds 1 to ${MAX_PAGE} images`, 'limit')
    const v = buildViewSql(view)
    const spec = sortSpec(v)
    const keyExprs = spec.keys.map((k) => (v.ftsDriven && k.name === 'id' ? 'f.rowid' : k.expr))
    const extra: string[] = []
    const params = { ...v.params, limit: limit + 1 }
    if (cursor) {
      const values = decodeCursor(cursor, spec.keys.length)
      values.forEach((val, n) => ((params as Record<string, unknown>)[`c${n}`] = val))
      const lhs = keyExprs.length === 1 ? keyExprs[0]! : `(${keyExprs.join(', ')})`
      const rhs = keyExprs.length === 1 ? '@c0' : `(${keyExprs.map((_k, n) => `@c${n}`).join(', ')})`
      extra.push(`${lhs} ${spec.descending ? '<' : '>'} ${rhs}`)
    }
    const sql = `SELECT ${IMAGE_COLUMNS}, ${spec.keys.map((k, n) => `${keyExprs[n]} AS k${n}`).join(', ')} FROM ${v.from} ${this.whereSql(v, extra)} ORDER BY ${spec.order} LIMIT @limit`
    const rows = this.stmt(sql).all(params) as (ImageRow & Record<string, unknown>)[]
    const more = rows.length > limit
    const items = rows.slice(0, limit)
    const last = items[items.length - 1]
    return {
      items: items.map(toLibraryImage),
      nextCursor: more && last ? encodeCursor(spec.keys.map((_k, n) => last[`k${n}`])) : null,
      warnings: v.warnings
    }
  }

  /**
   * SQLite's own check of the file (`quick_check` or the full `integrity_check`) and
   * its foreign keys. It reads every page: about 11 s for a million images, so the
   * app runs it in a worker of its own, never on main's thread or the query worker's.
   */
  sqliteCheck(quick: boolean): SqliteCheck {
    const integrity = (this.db.pragma(quick ? 'quick_check' : 'integrity_check') as { quick_check?: string; integrity_check?: string }[]).map((r) => r.quick_check ?? r.integrity_check ?? '')
    const foreignKeys = (this.db.pragma('foreign_key_check') as unknown[]).length
    return { integrity, foreignKeys }
  }

  /** How many images a view holds. Unfiltered sections read trigger-kept counters: O(1) at any size. */
  count(view: LibraryView): number {
    if (countIsKept(view)) {
      const name = view.section === 'trash' ? 'trash' : view.section === 'favorites' ? 'favorites' : 'live'
      const row = this.stmt('SELECT n FROM library_counts WHERE name = ?').get(name) as { n: number } | undefined
      if (row) return row.n
    }
    const v = buildViewSql(view)
    return (this.stmt(`SELECT count(*) AS n FROM ${v.from} ${this.whereSql(v)}`).get(v.params) as { n: number }).n
  }

  /** The whole ordered list of a view's image ids, compact, for the virtual gallery. */
  idList(view: LibraryView): Uint32Array {
    const stmt = this.db.prepare(this.idListSql(view)).pluck() // pluck() changes the statement: not cached
    // One native call for all rows is several times faster than iterating row by row.
    return Uint32Array.from(stmt.all(buildViewSql(view).params) as number[])
  }

  private idListSql(view: LibraryView): string {
    const v = buildViewSql(view)
    const spec = sortSpec(v)
    // The whole live library in id order: read the small id-only index, not the ~500-byte
    // rows. SQLite's planner prefers the table scan once ANALYZE has run (1M rows: 182 → 117 ms).
    const plain = !v.trash && !v.ftsDriven && v.where.length === 1 && (v.sort === 'newest' || v.sort === 'oldest')
    const from = plain ? 'images i INDEXED BY images_live_ids' : v.from
    return `SELECT i.id FROM ${from} ${this.whereSql(v)} ORDER BY ${spec.order}`
  }

  /** Images per calendar month (UTC) in a view, newest month first, for the scrubber. */
  monthCounts(view: LibraryView): MonthCount[] {
    const v = buildViewSql(view)
    const rows = this.stmt(`SELECT i.created_month AS month, count(*) AS count FROM ${v.from} ${this.whereSql(v)} GROUP BY i.created_month ORDER BY i.created_month DESC`).all(v.params)
    return rows as MonthCount[]
  }

  /** Metadata for ids, in the order asked (unknown ids are left out). */
  images(ids: readonly number[]): LibraryImage[] {
    if (ids.length > MAX_PAGE) throw new ValidationError(`Ask for at most ${MAX_PAGE} images at a time`, 'ids')
    if (ids.length === 0) return []
    const rows = this.stmt(`SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as ImageRow[]
    const byId = new Map(rows.map((r) => [r.id, toLibraryImage(r)]))
    return ids.map((id) => byId.get(id)).filter((x): x is LibraryImage => x !== undefined)
  }

  /**
   * Colour and shape by id, in the order asked (unknown ids left out): four
   * columns by primary key, no prompt or tags, so the gallery can ask for them
   * while the scroll is too fast for rows. About 30 bytes an image on the wire.
   */
  swatches(ids: readonly number[]): ImageSwatch[] {
    if (ids.length > MAX_SWATCHES) throw new ValidationError(`Ask for at most ${MAX_SWATCHES} swatches at a time`, 'ids')
    if (ids.length === 0) return []
    const rows = this.stmt('SELECT id, avg_rgb AS avgColor, width, height FROM images WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as ImageSwatch[]
    const byId = new Map(rows.map((r) => [r.id, r]))
    return ids.map((id) => byId.get(id)).filter((x): x is ImageSwatch => x !== undefined)
  }

  /** The query plan of a view's id list, for tests that keep indexes in use. */
  explainIdList(view: LibraryView): string[] {
    const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${this.idListSql(view)}`).all(buildViewSql(view).params) as { detail: string }[]
    return rows.map((r) => r.detail)
  }

  /** The query plan of a view's first page, for tests that keep indexes in use. */
  explain(view: LibraryView): string[] {
    const v = buildViewSql(view)
    const spec = sortSpec(v)
    const rows = this.db.prepare(`EXPLAIN QUERY PLAN SELECT i.id FROM ${v.from} ${this.whereSql(v)} ORDER BY ${spec.order} LIMIT 100`).all(v.params) as { detail: string }[]
    return rows.map((r) => r.detail)
  }
}
