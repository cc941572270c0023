import type { WritableDB } from '../connection'
import { Journal } from '../../journal/journal'

/** Key/value settings stored as JSON text. */
export class SettingsRepo {
  private readonly getStmt
  private readonly allStmt
  private readonly putStmt

  constructor(
    db: WritableDB,
    /** Settings are part of the library's history: journaled (core/journal). */
    private readonly journal: Journal = Journal.off(db)
  ) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
    this.allStmt = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings')
    this.putStmt = db.prepare<{ key: string; value: string }>(
      'INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
    )
  }

  get(key: string): unknown {
    const row = this.getStmt.get(key)
    return row === undefined ? undefined : safeParse(row.value)
  }

  all(): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const row of this.allStmt.all()) out[row.key] = safeParse(row.value)
    return out
  }

  putMany(entries: Record<string, unknown>): void {
    this.journal.tx(() => {
      for (const [key, value] of Object.entries(entries)) {
        if (value === undefined) continue
        this.putStmt.run({ key, value: JSON.stringify(value) })
        this.journal.put('settings', { key })
      }
    })
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
