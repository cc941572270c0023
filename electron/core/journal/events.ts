/**
 * What the journal records, and how `imagine rebuild` applies it to a fresh
 * library.db. Two kinds of event:
 *
 * - Row events (`put`, `del`): a whole row of one of JOURNAL_TABLES after it was
 *   written (an upsert on replay), or the primary key of one deleted. The generation
 *   pipeline and everything with an id of its own use these, with the ids kept, so a
 *   rebuilt library has the same ids as the lost one.
 * - Organise operations on many images at once (a favourite on 10,000 images is one
 *   line, not 10,000 rows): replayed as the same UPDATE / INSERT / DELETE, in order.
 *
 * A checkpoint (`checkpoint` begin, a `put` of every row, `checkpoint` end) records
 * the whole database: written when the journal starts beside an existing library,
 * and by `imagine doctor --fix` when the two disagree. Rebuild starts from the last
 * complete one. Logs, caches and derived tables (FTS, counts) are never journaled:
 * triggers remake them.
 */
import type Database from 'better-sqlite3'
import type { WritableDB } from '../db/connection'

type Statement = Database.Statement<unknown[]>

export type Cell = string | number | null
export type Row = Record<string, Cell>

/** Journaled tables in an order where every row's references come before it (a checkpoint writes them so). */
export const JOURNAL_TABLES = [
  'settings',
  'generations',
  'images',
  'generation_results',
  'reference_images',
  'generation_references',
  'tags',
  'image_tags',
  'collections',
  'collection_images',
  'saved_searches'
] as const
export type JournalTable = (typeof JOURNAL_TABLES)[number]

/** Settings kept by the journal itself (never journaled, never replayed). */
export const JOURNAL_SEQ_KEY = 'journal.seq'

/** Image columns an organise operation may set. */
export const IMAGE_SET_COLUMNS = ['favorite', 'rating', 'note', 'trashed_at'] as const
export type ImageSetColumn = (typeof IMAGE_SET_COLUMNS)[number]

export type JournalEvent =
  | { t: 'put'; tb: JournalTable; r: Row }
  | { t: 'del'; tb: JournalTable; k: Row }
  | { t: 'images.set'; ids: number[]; col: ImageSetColumn; v: Cell }
  | { t: 'images.delete'; ids: number[] }
  | { t: 'tags.add'; ids: number[]; tags: [number, string][] }
  | { t: 'tags.remove'; ids: number[]; names: string[] }
  | { t: 'collection.add'; id: number; ids: number[]; at: number }
  | { t: 'collection.remove'; id: number; ids: number[] }
  /** `rows`: how many `put` lines follow before the `end` (they have the next sequence numbers). */
  | { t: 'checkpoint'; phase: 'begin'; rows: number; at: number }
  | { t: 'checkpoint'; phase: 'end'; begin: number }

interface TableInfo {
  columns: string[]
  key: string[]
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`

/** Columns and primary key of the journaled tables, read from the schema (generated columns are left out). */
export function tableInfo(db: WritableDB): Map<JournalTable, TableInfo> {
  const out = new Map<JournalTable, TableInfo>()
  for (const t of JOURNAL_TABLES) {
    const cols = db.prepare(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`).all(t) as { name: string; pk: number }[]
    out.set(t, {
      columns: cols.map((c) => c.name),
      key: cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name)
    })
  }
  return out
}

/** Reads the full rows the journal records (by primary key) for `put` events. */
export class RowReader {
  private readonly info: Map<JournalTable, TableInfo>
  private readonly stmts = new Map<JournalTable, Statement>()

  constructor(private readonly db: WritableDB) {
    this.info = tableInfo(db)
  }

  row(table: JournalTable, key: Row): Row | undefined {
    let s = this.stmts.get(table)
    const info = this.info.get(table)!
    if (!s) {
      s = this.db.prepare<unknown[]>(`SELECT ${info.columns.map(quote).join(', ')} FROM ${quote(table)} WHERE ${info.key.map((k) => `${quote(k)} = @${k}`).join(' AND ')}`)
      this.stmts.set(table, s)
    }
    return s.get(key) as Row | undefined
  }

  /** A `put` of the row as it is now, or a `del` when it is gone. */
  event(table: JournalTable, key: Row): JournalEvent {
    const r = this.row(table, key)
    return r ? { t: 'put', tb: table, r } : { t: 'del', tb: table, k: key }
  }

  /** How many rows all() yields. */
  count(): number {
    let n = 0
    for (const t of JOURNAL_TABLES) n += this.db.prepare(`SELECT count(*) FROM ${quote(t)}${t === 'settings' ? ` WHERE key <> '${JOURNAL_SEQ_KEY}'` : ''}`).pluck().get() as number
    return n
  }

  /** Every row of every journaled table, in reference order (a checkpoint's body). */
  *all(): Generator<JournalEvent> {
    for (const t of JOURNAL_TABLES) {
      const info = this.info.get(t)!
      const where = t === 'settings' ? ` WHERE key <> '${JOURNAL_SEQ_KEY}'` : ''
      for (const r of this.db.prepare(`SELECT ${info.columns.map(quote).join(', ')} FROM ${quote(t)}${where} ORDER BY ${info.key.map(quote).join(', ')}`).iterate()) {
        yield { t: 'put', tb: t, r: r as Row }
      }
    }
  }
}

export class EventError extends Error {}

const ids = (list: unknown): string => {
  if (!Array.isArray(list) || !list.every((n) => Number.isInteger(n))) throw new EventError('ids must be whole numbers')
  return JSON.stringify(list)
}

/**
 * Applies journal events to a database (rebuild). Table and column names come from
 * the schema, never from the journal: a column the schema no longer has is dropped,
 * an unknown table or operation is refused with EventError.
 */
export class EventApplier {
  private readonly info: Map<JournalTable, TableInfo>
  private readonly cache = new Map<string, Statement>()

  constructor(private readonly db: WritableDB) {
    this.info = tableInfo(db)
  }

  private stmt(sql: string): Statement {
    let s = this.cache.get(sql)
    if (!s) {
      s = this.db.prepare<unknown[]>(sql)
      this.cache.set(sql, s)
    }
    return s
  }

  private table(name: unknown): TableInfo {
    const info = typeof name === 'string' ? this.info.get(name as JournalTable) : undefined
    if (!info) throw new EventError(`unknown table ${String(name)}`)
    return info
  }

  /** Applies one event; answers the rows it changed (an organise operation's count). */
  apply(ev: JournalEvent): number {
    switch (ev.t) {
      case 'put': {
        const info = this.table(ev.tb)
        if (ev.tb === 'settings' && ev.r.key === JOURNAL_SEQ_KEY) return 0
        const cols = info.columns.filter((c) => c in ev.r)
        if (!info.key.every((k) => cols.includes(k))) throw new EventError(`a ${ev.tb} row without its key`)
        const rest = cols.filter((c) => !info.key.includes(c))
        const sql =
          `INSERT INTO ${quote(ev.tb)} (${cols.map(quote).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')}) ` +
          `ON CONFLICT (${info.key.map(quote).join(', ')}) DO ${rest.length ? `UPDATE SET ${rest.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}` : 'NOTHING'}`
        return this.stmt(sql).run(Object.fromEntries(cols.map((c) => [c, ev.r[c] ?? null]))).changes
      }
      case 'del': {
        const info = this.table(ev.tb)
        if (!info.key.every((k) => k in ev.k)) throw new EventError(`a ${ev.tb} key without all its columns`)
        return this.stmt(`DELETE FROM ${quote(ev.tb)} WHERE ${info.key.map((k) => `${quote(k)} = @${k}`).join(' AND ')}`).run(Object.fromEntries(info.key.map((k) => [k, ev.k[k] ?? null]))).changes
      }
      case 'images.set': {
        if (!(IMAGE_SET_COLUMNS as readonly string[]).includes(ev.col)) throw new EventError(`images.${String(ev.col)} is not an organise column`)
        return this.stmt(`UPDATE images SET ${quote(ev.col)} = ? WHERE id IN (SELECT value FROM json_each(?))`).run(ev.v, ids(ev.ids)).changes
      }
      case 'images.delete':
        return this.stmt('DELETE FROM images WHERE id IN (SELECT value FROM json_each(?))').run(ids(ev.ids)).changes
      case 'tags.add': {
        const json = ids(ev.ids)
        let n = 0
        for (const [id, name] of ev.tags) {
          this.stmt('INSERT INTO tags (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING').run(id, name)
          n += this.stmt('INSERT OR IGNORE INTO image_tags (image_id, tag_id) SELECT value, ? FROM json_each(?) WHERE value IN (SELECT id FROM images)').run(id, json).changes
        }
        return n
      }
      case 'tags.remove': {
        const json = ids(ev.ids)
        let n = 0
        for (const name of ev.names) n += this.stmt('DELETE FROM image_tags WHERE tag_id = (SELECT id FROM tags WHERE name = ?) AND image_id IN (SELECT value FROM json_each(?))').run(name, json).changes
        // Tags no image holds any more go (their counts, schema 9, say which without a scan of image_tags).
        this.stmt('DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM tag_counts)').run()
        return n
      }
      case 'collection.add':
        return this.stmt('INSERT OR IGNORE INTO collection_images (collection_id, image_id, added_at) SELECT ?, value, ? FROM json_each(?) WHERE value IN (SELECT id FROM images)').run(ev.id, ev.at, ids(ev.ids)).changes
      case 'collection.remove':
        return this.stmt('DELETE FROM collection_images WHERE collection_id = ? AND image_id IN (SELECT value FROM json_each(?))').run(ev.id, ids(ev.ids)).changes
      case 'checkpoint':
        // The rows that follow are the whole library: start from nothing.
        if (ev.phase === 'begin') for (const t of [...JOURNAL_TABLES].reverse()) this.stmt(t === 'settings' ? `DELETE FROM settings WHERE key <> '${JOURNAL_SEQ_KEY}'` : `DELETE FROM ${quote(t)}`).run()
        return 0
      default:
        throw new EventError(`unknown event ${String((ev as { t?: unknown }).t)}`)
    }
  }
}
