/**
 * A library as plain data, for tests that compare two libraries: every row of
 * every table (FTS shadow tables included), in a stable order, and every file
 * under images/, thumbs/ and refs/ by its sha256.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import Database from 'better-sqlite3'

export function dumpDb(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]
    const out: Record<string, unknown[]> = {}
    for (const t of tables) {
      const cols = (db.prepare(`SELECT count(*) FROM pragma_table_info(?)`).pluck().get(t) as number) || 1
      const order = Array.from({ length: cols }, (_, i) => i + 1).join(', ')
      out[t] = (db.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).all() as Record<string, unknown>[]).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Buffer.isBuffer(v) ? `x'${v.toString('hex')}'` : v]))
      )
    }
    return out
  } finally {
    db.close()
  }
}

export function dumpFiles(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name)
      if (e.isDirectory()) walk(abs)
      else out[relative(dataDir, abs).split(sep).join('/')] = createHash('sha256').update(readFileSync(abs)).digest('hex')
    }
  }
  for (const d of ['images', 'thumbs', 'refs']) walk(join(dataDir, d))
  return out
}
