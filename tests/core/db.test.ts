import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { isAbiMismatch, openDatabase, nativeFixCommand } from '../../electron/core/db/connection'
import { DbFromFutureError, migrate, schemaVersion, type Migration } from '../../electron/core/db/migrate'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../electron/core/db/migrations'
import { openLibraryDb } from '../../electron/core/db/open-library-db'
import { AppError } from '../../electron/core/errors'
import { createTestDb, migrateTo, tempDir } from '../helpers/db'

const req = createRequire(__filename)
const nodeAbi = req('node-abi') as { getAbi(target: string, runtime: string): string }
const electronVersion = (req('electron/package.json') as { version: string }).version

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function temp(): string {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

const tables = (db: ReturnType<typeof createTestDb>): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name)

describe('connection', () => {
  it('sets WAL, foreign keys, busy timeout and synchronous=NORMAL on disk', () => {
    const db = openDatabase(join(temp(), 'a.db'))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
    db.close()
  })

  it('enforces foreign keys in memory too', () => {
    const db = createTestDb()
    expect(() =>
      db.prepare(
        "INSERT INTO images (generation_id, sha256, path, width, height, format, bytes, created_at) VALUES (999, ?, 'images/x.png', 1, 1, 'png', 1, 0)"
      ).run('a'.repeat(64))
    ).toThrow(/FOREIGN KEY/)
  })

  function openWith(binding: string): unknown {
    try {
      openDatabase(join(temp(), 'b.db'), { nativeBinding: binding })
    } catch (e) {
      return e
    }
    return null
  }

  it('reports a native build for another ABI (an Electron build under Node) with the command that fixes it', () => {
    const dir = temp()
    const binding = join(dir, 'better_sqlite3.node')
    // Electron's ABI for the version we ship (node-abi), never the running Node's.
    const electronAbi = Number(nodeAbi.getAbi(electronVersion, 'electron'))
    expect(electronAbi).not.toBe(Number(process.versions.modules))
    execFileSync('cc', ['-shared', '-fPIC', `-DNM_VERSION=${electronAbi}`, '-o', binding, join(__dirname, '../fixtures/abi-mismatch.c')])
    const caught = openWith(binding)
    expect(caught).toBeInstanceOf(AppError)
    expect((caught as AppError).code).toBe('NATIVE_MODULE')
    expect((caught as AppError).message).toMatch(new RegExp(`built for a different runtime.*Node ${process.versions.node.replace(/\./g, '\\.')}.*npm rebuild better-sqlite3`, 's'))
    expect(isAbiMismatch((caught as AppError).cause)).toBe(true)
  })

  it('reports a corrupt native build the same way', () => {
    const bogus = join(temp(), 'better_sqlite3.node')
    writeFileSync(bogus, 'not an ELF file at all, just text')
    const caught = openWith(bogus)
    expect((caught as AppError).code).toBe('NATIVE_MODULE')
  })

  it('names the Electron fix command when running inside Electron', () => {
    expect(nativeFixCommand({ ...process.versions, electron: '45.5.0' })).toBe('npm run native:electron')
    expect(nativeFixCommand({ ...process.versions })).toBe('npm rebuild better-sqlite3')
  })
})

describe('migrations', () => {
  it('migrates a fresh in-memory database to the latest version', () => {
    const db = openDatabase(':memory:')
    expect(migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    expect(tables(db)).toEqual(expect.arrayContaining(['generations', 'images', 'settings']))
    expect(migrate(db, MIGRATIONS)).toEqual([])
  })

  it('migrates on disk and a reopen applies nothing twice', () => {
    const file = join(temp(), 'lib.db')
    const db = openLibraryDb(file)
    db.prepare("INSERT INTO settings (key, value) VALUES ('k', '1')").run()
    db.close()
    const again = openLibraryDb(file)
    expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION)
    expect(again.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: '1' })
    again.close()
  })

  it('refuses a database from a newer version and leaves it untouched', () => {
    const file = join(temp(), 'future.db')
    const raw = openDatabase(file)
    raw.exec('CREATE TABLE mystery (x INTEGER)')
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`)
    raw.close()
    let caught: unknown
    try {
      openLibraryDb(file)
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(DbFromFutureError)
    expect((caught as AppError).code).toBe('DB_FROM_FUTURE')
    expect((caught as Error).message).toMatch(/newer version of Imagine Studio/)
    const check = openDatabase(file)
    expect(schemaVersion(check)).toBe(LATEST_SCHEMA_VERSION + 5)
    expect(tables(check)).toEqual(['mystery'])
    check.close()
  })

  it('applies all pending migrations in one transaction: a failure rolls everything back', () => {
    const list: Migration[] = [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'b', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' }
    ]
    const db = openDatabase(':memory:')
    expect(() => migrate(db, list)).toThrow(/nowhere/)
    expect(schemaVersion(db)).toBe(0)
    expect(tables(db)).toEqual([])
  })

  it('keeps data written at version N-1 when migrating to N', () => {
    const list: Migration[] = [
      { version: 1, name: 'a', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);' },
      { version: 2, name: 'b', sql: "ALTER TABLE notes ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';" }
    ]
    const db = openDatabase(':memory:')
    migrate(db, list, 1)
    db.prepare("INSERT INTO notes (body) VALUES ('kept')").run()
    expect(migrate(db, list)).toEqual([2])
    expect(db.prepare('SELECT body, lang FROM notes').all()).toEqual([{ body: 'kept', lang: 'en' }])
  })

  it('rejects a migration list that is not numbered 1, 2, 3…', () => {
    const db = openDatabase(':memory:')
    expect(() => migrate(db, [{ version: 2, name: 'x', sql: '' }])).toThrow(/numbered/)
    expect(() =>
      migrate(db, [
        { version: 1, name: 'x', sql: '' },
        { version: 1, name: 'y', sql: '' }
      ])
    ).toThrow(/numbered/)
  })
})

describe('migration 2 (generation engine)', () => {
  it('keeps generations and images written at schema 1 and gives them sane defaults', () => {
    const db = createTestDb(1)
    db.prepare("INSERT INTO generations (id, task_uuid, prompt, model, request, status, created_at) VALUES (1, 'u1', 'old prompt', 'm', '{}', 'succeeded', 5)").run()
    db.prepare("INSERT INTO images (generation_id, sha256, path, width, height, format, bytes, created_at) VALUES (1, ?, 'images/a.png', 2, 3, 'png', 4, 6)").run('a'.repeat(64))
    expect(migrateTo(db, 2)).toEqual([2])
    expect(db.prepare('SELECT prompt, status, number_results, output_format, retries, cancel_requested, owner FROM generations').get()).toEqual({
      prompt: 'old prompt',
      status: 'succeeded',
      number_results: 1,
      output_format: 'JPG',
      retries: 0,
      cancel_requested: 0,
      owner: null
    })
    expect(db.prepare('SELECT path, image_uuid, cost FROM images').get()).toEqual({ path: 'images/a.png', image_uuid: null, cost: null })
    expect(tables(db)).toEqual(expect.arrayContaining(['generation_results', 'reference_images', 'generation_references']))
  })
})

describe('migration 4 (bytes references)', () => {
  it('keeps every generation_references row written at schema 3, its cascade and its index, and allows bytes', () => {
    const db = createTestDb(3)
    db.prepare("INSERT INTO generations (id, task_uuid, prompt, model, request, status, created_at) VALUES (1, 'u1', 'p', 'm', '{}', 'succeeded', 5)").run()
    db.prepare("INSERT INTO images (id, generation_id, sha256, path, width, height, format, bytes, created_at) VALUES (7, 1, ?, 'images/a.png', 2, 3, 'png', 4, 6)").run('a'.repeat(64))
    db.prepare("INSERT INTO reference_images (id, sha256, path, width, height, format, bytes, created_at) VALUES (3, ?, 'refs/b.jpg', 2, 2, 'jpg', 9, 1)").run('b'.repeat(64))
    db.prepare("INSERT INTO generation_references VALUES (1, 0, 3, 'path', '/home/me/x.png', NULL), (1, 1, 3, 'image', '7', 7)").run()
    expect(() => db.prepare("INSERT INTO generation_references VALUES (1, 2, 3, 'bytes', 'x.png', NULL)").run()).toThrow(/CHECK/)
    expect(migrateTo(db, 4)).toEqual([4])
    expect(db.prepare('SELECT * FROM generation_references ORDER BY position').all()).toEqual([
      { generation_id: 1, position: 0, reference_id: 3, source_kind: 'path', source: '/home/me/x.png', source_image_id: null },
      { generation_id: 1, position: 1, reference_id: 3, source_kind: 'image', source: '7', source_image_id: 7 }
    ])
    db.prepare("INSERT INTO generation_references VALUES (1, 2, 3, 'bytes', 'x.png', NULL)").run()
    expect(() => db.prepare("INSERT INTO generation_references VALUES (1, 3, 3, 'other', 'x', NULL)").run()).toThrow(/CHECK/)
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT generation_id FROM generation_references WHERE source_image_id = 7').all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX generation_references_by_image/)
    db.prepare('DELETE FROM images WHERE id = 7').run()
    expect(db.prepare('SELECT source_image_id FROM generation_references WHERE position = 1').get()).toEqual({ source_image_id: null })
    db.prepare('DELETE FROM generations WHERE id = 1').run()
    expect(db.prepare('SELECT count(*) AS n FROM generation_references').get()).toEqual({ n: 0 })
    expect(db.pragma('foreign_key_check')).toEqual([])
  })

  it('keeps saved searches written at schema 5 and gives them places in their old (name) order', () => {
    const db = createTestDb(5)
    const save = db.prepare('INSERT INTO saved_searches (id, name, query, created_at) VALUES (?, ?, ?, 1)')
    save.run(1, 'robots', 'robot')
    save.run(2, 'Castles', 'castle')
    save.run(3, 'foxes', 'fox')
    expect(migrateTo(db, 6)).toEqual([6])
    expect(db.prepare('SELECT id, name, query, position FROM saved_searches ORDER BY position').all()).toEqual([
      { id: 2, name: 'Castles', query: 'castle', position: 0 },
      { id: 3, name: 'foxes', query: 'fox', position: 1 },
      { id: 1, name: 'robots', query: 'robot', position: 2 }
    ])
  })
})
