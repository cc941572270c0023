/**
 * Issue 11: a backup carries the journal. A library made through the real core
 * (generations, tags, a favourite, a collection) is backed up and restored: the
 * restored library has its journal, doctor finds journal and database agreeing,
 * and `imagine rebuild --force` gives back every row. Changes made after the
 * snapshot are left out of the journal's copy; a second (incremental) backup
 * copies only the grown and new segments and restores with the new history.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backupLibrary } from '../../electron/core/backup/backup'
import { readManifest } from '../../electron/core/backup/manifest'
import { restoreBackup } from '../../electron/core/backup/restore'
import { listSegments, readJournal, segmentName } from '../../electron/core/journal/journal-file'
import type { HealthReport } from '../../electron/shared/health'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { runCliAgainst } from '../helpers/cli'
import { tempDir } from '../helpers/db'
import { generateAndWait, makeCore, type TestCore } from '../helpers/generation'
import { dumpTables } from '../helpers/library-tables'

const TERMS = ['lighthouse', 'harbour', 'sea', 'fox']
/** Small segments, so a library has several and a second backup finds closed ones unchanged. */
const SEGMENT_BYTES = 4096

let fake: FakeRunware
let tmp: { dir: string; cleanup: () => void }
let core: TestCore | null = null
const lib = (): string => join(tmp.dir, 'library')
const backupDir = (): string => join(tmp.dir, 'backup')
const open = (parent = tmp.dir): TestCore => (core = makeCore(fake, parent, { journalSegmentBytes: SEGMENT_BYTES }))
const closeCore = async (): Promise<void> => {
  await core?.close()
  core = null
}

beforeEach(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  tmp = tempDir('imagine-backup-journal-')
})
afterEach(async () => {
  await closeCore()
  await fake.close()
  tmp.cleanup()
})

async function makeLibrary(c: TestCore): Promise<void> {
  const a = await generateAndWait(c, { prompt: 'a lighthouse at dusk', numberResults: 2 })
  const b = await generateAndWait(c, { prompt: 'a misty harbour', numberResults: 2 })
  expect([a.status, b.status]).toEqual(['succeeded', 'succeeded'])
  const ids = c.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
  c.library.addTags(ids.slice(0, 3), ['sea', 'dusk'])
  c.library.removeTags([ids[2]!], ['dusk'])
  c.library.setFavorite([ids[0]!, ids[3]!], true)
  const keep = c.library.createCollection('Keepers')
  c.library.addToCollection(keep.id, [ids[1]!])
  c.library.trash([ids[2]!])
}

/** Restores the backup into `<parent>/library`; answers that folder. */
async function restoreInto(name: string): Promise<string> {
  const parent = join(tmp.dir, name)
  const to = join(parent, 'library')
  const r = await restoreBackup({ from: backupDir(), to })
  expect(r.check?.ok).toBe(true)
  expect(r.countMismatches).toEqual([])
  return parent
}

/** The full doctor on a restored library (opened as the app opens it), then rebuild --force: every row back. */
async function doctorAndRebuild(parent: string): Promise<{ health: HealthReport; tables: ReturnType<typeof dumpTables> }> {
  const c = open(parent)
  const health = await c.doctor({})
  await closeCore()
  const dbFile = join(parent, 'library', 'library.db')
  const tables = dumpTables(dbFile, TERMS)
  const rebuilt = await runCliAgainst(fake, parent, ['rebuild', '--force', '--json'], { IMAGINE_DATA_DIR: join(parent, 'library') })
  expect(rebuilt.code, rebuilt.err).toBe(0)
  expect(dumpTables(dbFile, TERMS)).toEqual(tables)
  return { health, tables }
}

function expectAgreeing(health: HealthReport): void {
  expect(health.problems).toEqual([])
  expect(health.ok).toBe(true)
  expect(health.journal).toMatchObject({ enabled: true, torn: 0, corrupt: 0, gaps: [], unjournaled: { generations: 0, images: 0 }, notInDatabase: { generations: 0, images: 0 } })
  expect(health.journal.lastSeq).toBe(health.journal.databaseSeq)
}

describe('a backup carries the journal', () => {
  it('restores journal/ with the library: doctor finds them agreeing and rebuild --force gives back every row', async () => {
    const c = open()
    await makeLibrary(c)
    await closeCore()
    const live = dumpTables(join(lib(), 'library.db'), TERMS)
    const segments = listSegments(join(lib(), 'journal'))
    expect(segments.length).toBeGreaterThan(2)

    const first = await backupLibrary({ dataDir: lib(), to: backupDir(), appVersion: 'test' })
    expect(first.problems).toEqual([])
    expect(first.journal).toMatchObject({ copied: segments.length, skipped: 0 })
    const manifest = (await readManifest(backupDir()))!
    expect(manifest.journal!.segments.map((s) => s.segment)).toEqual(segments.map(segmentName))
    expect(manifest.journal!.seq).toBe(readJournal(join(lib(), 'journal')).entries.at(-1)!.seq)
    for (const s of manifest.journal!.segments) {
      expect(s).toMatchObject({ cut: false, bytes: s.sourceBytes })
      expect(readFileSync(join(backupDir(), s.file))).toEqual(readFileSync(join(lib(), 'journal', s.segment)))
    }

    const restored = await restoreInto('restored')
    for (const n of segments) expect(readFileSync(join(restored, 'library', 'journal', segmentName(n)))).toEqual(readFileSync(join(lib(), 'journal', segmentName(n))))
    const { health, tables } = await doctorAndRebuild(restored)
    expectAgreeing(health)
    expect(tables).toEqual(live)
  })

  it('leaves out of the copy what was journaled after the snapshot, so the restored journal is not ahead of its database', async () => {
    const c = open()
    await makeLibrary(c)
    const ids = c.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
    const atSnapshot = { seq: 0, tables: null as ReturnType<typeof dumpTables> | null }
    await backupLibrary({
      dataDir: lib(),
      to: backupDir(),
      appVersion: 'test',
      db: c.db,
      afterSnapshot: async () => {
        atSnapshot.seq = c.journal.databaseSequence()
        atSnapshot.tables = dumpTables(join(lib(), 'library.db'), TERMS)
        // Written (and journaled) after the snapshot, before the journal is copied.
        c.library.addTags([ids[0]!], ['fox'])
        c.library.setRating([ids[1]!], 5)
        await generateAndWait(c, { prompt: 'made while the backup ran' })
      }
    })
    expect(c.journal.databaseSequence()).toBeGreaterThan(atSnapshot.seq)
    const manifest = (await readManifest(backupDir()))!
    expect(manifest.journal!.seq).toBe(atSnapshot.seq)
    expect(manifest.journal!.segments.at(-1)!.cut).toBe(true)
    expect(Math.max(...manifest.journal!.segments.map((s) => s.maxSeq))).toBe(atSnapshot.seq)
    await closeCore()

    const restored = await restoreInto('restored')
    expect(readJournal(join(restored, 'library', 'journal')).entries.at(-1)!.seq).toBe(atSnapshot.seq)
    const { health, tables } = await doctorAndRebuild(restored)
    expectAgreeing(health)
    expect(tables).toEqual(atSnapshot.tables)
    expect(tables.search.fox).toEqual([])
  })

  it('a second backup copies only the grown and new segments, and restores with the new history', async () => {
    open()
    await makeLibrary(core!)
    await closeCore()
    await backupLibrary({ dataDir: lib(), to: backupDir(), appVersion: 'test' })
    const before = (await readManifest(backupDir()))!.journal!
    const lastBefore = before.segments.at(-1)!

    const c = open()
    const ids = c.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
    c.library.addTags([ids[1]!], ['fox'])
    c.library.setFavorite([ids[1]!], true)
    await generateAndWait(c, { prompt: 'the fox under the lighthouse', numberResults: 2 })
    await closeCore()
    const live = dumpTables(join(lib(), 'library.db'), TERMS)
    const segments = listSegments(join(lib(), 'journal')).map(segmentName)
    expect(segments.length).toBeGreaterThan(before.segments.length)

    const second = await backupLibrary({ dataDir: lib(), to: backupDir(), appVersion: 'test' })
    expect(second.problems).toEqual([])
    const after = (await readManifest(backupDir()))!.journal!
    expect(after.segments.map((s) => s.segment)).toEqual(segments)
    // Closed segments: the same copies, not read again. The one that grew and the new ones: copied.
    const unchanged = before.segments.slice(0, -1)
    for (const s of unchanged) expect(after.segments.find((a) => a.segment === s.segment)).toEqual(s)
    const grown = after.segments.find((s) => s.segment === lastBefore.segment)!
    expect(grown.sourceBytes).toBeGreaterThan(lastBefore.sourceBytes)
    expect(grown.file).not.toBe(lastBefore.file)
    expect(second.journal).toEqual({ copied: segments.length - unchanged.length, skipped: unchanged.length, bytes: expect.any(Number) })
    // The grown segment's older copy is named by no manifest now: removed.
    const copies = readdirSync(join(backupDir(), 'journal'))
    expect(copies.sort()).toEqual(after.segments.map((s) => s.file.slice('journal/'.length)).sort())
    expect(existsSync(join(backupDir(), lastBefore.file))).toBe(false)

    const restored = await restoreInto('restored-2')
    const { health, tables } = await doctorAndRebuild(restored)
    expectAgreeing(health)
    expect(tables).toEqual(live)
    expect(tables.search.fox!.length).toBeGreaterThan(0)

    // Nothing new: nothing copied.
    const third = await backupLibrary({ dataDir: lib(), to: backupDir(), appVersion: 'test' })
    expect(third.journal).toEqual({ copied: 0, skipped: segments.length, bytes: 0 })
  })
})
