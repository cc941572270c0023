import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type WritableDB } from '../../electron/core/db/connection'
import { migrate } from '../../electron/core/db/migrate'
import { MIGRATIONS } from '../../electron/core/db/migrations'

/** A fresh in-memory database migrated to `version` (default: latest). */
export function createTestDb(version = MIGRATIONS.length): WritableDB {
  const db = openDatabase(':memory:')
  migrate(db, MIGRATIONS, version)
  return db
}

export function migrateTo(db: WritableDB, version: number): number[] {
  return migrate(db, MIGRATIONS, version)
}

/** A temp folder removed by the returned cleanup. */
export function tempDir(prefix = 'imagine-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
