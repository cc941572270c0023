import type { WritableDB } from './connection'
import { AppError } from '../errors'

export interface Migration {
  version: number
  name: string
  sql: string
}

/** The database was written by a newer Imagine Studio; we must not touch it. */
export class DbFromFutureError extends AppError {
  constructor(readonly found: number, readonly latest: number) {
    super(
      'DB_FROM_FUTURE',
      `This library was created by a newer version of Imagine Studio (schema ${found}; this version knows up to ${latest}). Update the app to open it; nothing was changed.`
    )
    this.name = 'DbFromFutureError'
  }
}

export function schemaVersion(db: WritableDB): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Applies every pending migration inside one transaction and sets `user_version`
 * last, so a failure leaves the database exactly as it was.
 * Returns the versions applied.
 */
export function migrate(db: WritableDB, migrations: readonly Migration[], target?: number): number[] {
  migrations.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version !== i + 1) {
      throw new Error(`Migrations must be numbered 1, 2, 3… in order; found ${m.version} at position ${i + 1}`)
    }
  })
  const latest = target ?? migrations.length
  // BEGIN IMMEDIATE takes the write lock before reading the version, so two
  // processes opening a new library at once (the app and the CLI) cannot both
  // migrate it: the second waits (busy timeout), then finds nothing pending.
  const pending = db.transaction((): Migration[] => {
    const current = schemaVersion(db)
    if (current > migrations.length) throw new DbFromFutureError(current, migrations.length)
    const todo = migrations.filter((m) => m.version > current && m.version <= latest)
    for (const m of todo) db.exec(m.sql)
    // user_version is an integer pragma and cannot be bound as a parameter.
    if (todo.length > 0) db.pragma(`user_version = ${Math.floor(todo[todo.length - 1]!.version)}`)
    return todo
  }).immediate()
  return pending.map((m) => m.version)
}
