/**
 * Issue 11: backups taken from this process while another process (the app, or a
 * CLI generate) writes the same library: each one restores to exactly its own
 * snapshot and checks clean, with a journal that ends where its database does, and the last, taken once the writer is done, equals
 * the library row for row and file for file.
 */
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backupLibrary } from '../../electron/core/backup/backup'
import { restoreBackup } from '../../electron/core/backup/restore'
import { openDatabase } from '../../electron/core/db/connection'
import { lastSequence } from '../../electron/core/journal/journal-file'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { tempDir } from '../helpers/db'
import { dumpDb, dumpFiles } from '../helpers/library-dump'

const root = resolve(__dirname, '../..')
let fake: FakeRunware
const t = tempDir('imagine-backup-process-')
const lib = join(t.dir, 'library')

beforeAll(async () => {
  fake = await startFakeRunware({ imageBytes: 'small', latencyMs: 40, perImageLatencyMs: 20 })
})
afterAll(async () => {
  await fake.close()
  t.cleanup()
})

function journalSeq(file: string): number {
  const db = openDatabase(file, { readonly: true })
  try {
    return Number(db.prepare("SELECT value FROM settings WHERE key = 'journal.seq'").pluck().get() ?? 0)
  } finally {
    db.close()
  }
}

function imageCount(): number {
  try {
    const db = openDatabase(join(lib, 'library.db'), { readonly: true })
    try {
      return db.prepare('SELECT count(*) FROM images').pluck().get() as number
    } finally {
      db.close()
    }
  } catch {
    return 0 // not created yet
  }
}

describe('backup beside a writing process', () => {
  it('every backup taken while another process generates restores to its own snapshot; the last equals the library', async () => {
    let exited = false
    let err = ''
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/helpers/writer-worker.ts'), lib, fake.url, 'writer'], { cwd: root })
    child.stderr.on('data', (d) => (err += String(d)))
    const done = new Promise<number | null>((res) => child.on('exit', (code) => ((exited = true), res(code))))
    while (!exited && imageCount() === 0) await new Promise((r) => setTimeout(r, 10))

    const midway: number[] = []
    for (let n = 0; !exited; n++) {
      const to = join(t.dir, 'backup')
      const b = await backupLibrary({ dataDir: lib, to, appVersion: 'test' })
      expect(b.problems).toEqual([])
      const restored = join(t.dir, `restored-${n}`)
      const r = await restoreBackup({ from: to, to: restored })
      expect(r.check?.ok).toBe(true)
      expect(r.countMismatches).toEqual([])
      expect(dumpDb(join(restored, 'library.db'))).toEqual(dumpDb(join(to, b.manifest!.database.file)))
      // Its journal ends exactly where its database does: nothing the snapshot committed is missing, nothing later is in it.
      expect(lastSequence(join(restored, 'journal')), `backup ${n}`).toBe(journalSeq(join(restored, 'library.db')))
      midway.push(b.manifest!.counts.images)
    }
    expect(await done, err).toBe(0)
    // At least one snapshot caught the writer part-way.
    expect(midway.some((n) => n > 0 && n < 16)).toBe(true)

    const last = await backupLibrary({ dataDir: lib, to: join(t.dir, 'backup'), appVersion: 'test' })
    expect(last.manifest!.counts.images).toBe(16)
    const r = await restoreBackup({ from: join(t.dir, 'backup'), to: join(t.dir, 'restored-last') })
    expect(r.check?.ok).toBe(true)
    expect(dumpDb(join(t.dir, 'restored-last', 'library.db'))).toEqual(dumpDb(join(lib, 'library.db')))
    expect(dumpFiles(join(t.dir, 'restored-last'))).toEqual(dumpFiles(lib))
    expect(lastSequence(join(t.dir, 'restored-last', 'journal'))).toBeGreaterThan(0)
    expect(lastSequence(join(t.dir, 'restored-last', 'journal'))).toBe(lastSequence(join(lib, 'journal')))
  }, 120_000)
})
