/**
 * Every user-visible table of a library.db as plain data, for tests that compare
 * a library before and after (rebuild): each table's rows in primary-key order,
 * ids included (a rebuilt library keeps them). The FTS index is compared by what it
 * finds, not by its shadow tables (their layout depends on merge history): `terms`
 * are searched and the matching image ids kept. prompt_stats (schema 7) is kept by
 * triggers from generations: it is compared by what it says per prompt, not by its
 * row ids (insertion order), the last bits of a running cost sum or its best-result
 * cache (found again on read when stale; tests/core/prompt-library.test.ts).
 */
import Database from 'better-sqlite3'

export interface TablesDump {
  tables: Record<string, unknown[]>
  search: Record<string, number[]>
  schema: number
}

export function dumpTables(file: string, terms: readonly string[] = []): TablesDump {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'images_fts%' ORDER BY name").pluck().all() as string[]
    const tables: Record<string, unknown[]> = {}
    for (const t of names) {
      if (t === 'prompt_stats') {
        tables[t] = db.prepare('SELECT prompt, uses, last_used_at, last_generation_id, round(total_cost, 9) AS total_cost FROM prompt_stats ORDER BY prompt').all()
        continue
      }
      const cols = db.prepare('SELECT name, pk FROM pragma_table_info(?)').all(t) as { name: string; pk: number }[]
      const key = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => `"${c.name}"`)
      const order = (key.length ? key : cols.map((c) => `"${c.name}"`)).join(', ')
      tables[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).all()
    }
    const search: Record<string, number[]> = {}
    for (const term of terms) search[term] = db.prepare('SELECT rowid FROM images_fts WHERE images_fts MATCH ? ORDER BY rowid').pluck().all(term) as number[]
    return { tables, search, schema: db.pragma('user_version', { simple: true }) as number }
  } finally {
    db.close()
  }
}
