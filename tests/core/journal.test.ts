/**
 * The journal beside library.db, `imagine rebuild` and `imagine doctor` (issue 11).
 * A library made through the real core against the fake Runware server (generations,
 * a reference, tags, collections, a favourite, a rating, a note, saved searches, the
 * trash, a setting) is dumped table by table, library.db is deleted, and rebuild
 * must give back every row with the same ids; a torn last journal line is ignored
 * and reported; doctor finds a missing file, a changed file and an orphan, and
 * --fix moves the orphan to lost+found/. And after a CLI generate killed with
 * SIGKILL at seeded random moments and resumed (the kill-resume trials), doctor
 * finds journal and database agreeing and rebuild gives back every row
 * (JOURNAL_KILL_TRIALS raises the count).
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../electron/core/db/connection'
import { openLibraryDb } from '../../electron/core/db/open-library-db'
import { encodeLine, decodeLine, readJournal, lastSequence, listSegments, segmentName } from '../../electron/core/journal/journal-file'
import { Journal } from '../../electron/core/journal/journal'
import { LibraryService } from '../../electron/core/library/library-service'
import type { HealthReport, StartupHealth } from '../../electron/shared/health'
import type { RebuildReport } from '../../electron/core/journal/rebuild'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { runCliAgainst } from '../helpers/cli'
import { tempDir } from '../helpers/db'
import { generateAndWait, makeCore, type TestCore } from '../helpers/generation'
import { dumpTables } from '../helpers/library-tables'
import { KILL_MOMENTS, killResumeTrial, TRIAL_FAKE } from '../helpers/kill-resume'
import { prng } from '../helpers/prng'

const TERMS = ['lighthouse', 'harbour', 'cats', 'dogs', 'misty', 'fox']

let fake: FakeRunware
let dir: { dir: string; cleanup: () => void }
let core: TestCore | null = null
const lib = (): string => join(dir.dir, 'library')
const dbFile = (): string => join(lib(), 'library.db')
const journalDir = (): string => join(lib(), 'journal')
const cli = (args: string[]) => runCliAgainst(fake, dir.dir, args, { IMAGINE_DATA_DIR: lib() })

beforeEach(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  dir = tempDir('imagine-journal-')
})
afterEach(async () => {
  await core?.close()
  core = null
  await fake.close()
  dir.cleanup()
})

function removeDb(): void {
  for (const s of ['', '-wal', '-shm']) rmSync(dbFile() + s, { force: true })
}

/** A library with a bit of everything a person can do to it; answers the core (still open). */
async function makeLibrary(): Promise<TestCore> {
  const c = makeCore(fake, dir.dir)
  const a = await generateAndWait(c, { prompt: 'a lighthouse at dusk', numberResults: 3 })
  const b = await generateAndWait(c, { prompt: 'a misty harbour', numberResults: 2, outputFormat: 'PNG' })
  expect([a.status, b.status]).toEqual(['succeeded', 'succeeded'])
  const imgs = [...c.generation.images(a.generationId), ...c.generation.images(b.generationId)].map((i) => i.imageId)
  // A generation made from a library image: references with their hashes and lineage.
  const child = await generateAndWait(c, { prompt: 'the fox under the lighthouse', references: [{ kind: 'image', imageId: imgs[0]! }] })
  expect(child.status).toBe('succeeded')
  const childImgs = c.generation.images(child.generationId).map((i) => i.imageId)
  const lib = c.library
  lib.setFavorite([imgs[0]!, imgs[3]!], true)
  lib.setFavorite([imgs[3]!], false)
  lib.setRating([imgs[1]!], 4)
  lib.setNote(imgs[2]!, 'the best of the misty ones')
  lib.addTags([imgs[0]!, imgs[1]!], ['cats', 'Dogs'])
  lib.addTags([imgs[2]!], ['birds'])
  lib.removeTags([imgs[0]!], ['Dogs'])
  lib.removeTags([imgs[2]!], ['birds'])
  const keep = lib.createCollection('Keepers')
  const gone = lib.createCollection('Scratch')
  lib.renameCollection(keep.id, 'Keepers 2026')
  lib.addToCollection(keep.id, [imgs[0]!, imgs[4]!, childImgs[0]!])
  lib.removeFromCollection(keep.id, [imgs[4]!])
  lib.addToCollection(gone.id, [imgs[1]!])
  lib.deleteCollection(gone.id)
  lib.saveSearch('Cats', 'tag:cats')
  lib.saveSearch('Old', 'before:2020-01-01')
  lib.saveSearch('Cats', 'tag:cats fav:yes')
  lib.deleteSavedSearch(lib.savedSearches().find((s) => s.name === 'Old')!.id)
  lib.trash([imgs[1]!, imgs[2]!, imgs[4]!])
  lib.restore([imgs[2]!])
  lib.emptyTrash()
  lib.trash([imgs[3]!])
  c.settings.update({ theme: 'dark', concurrency: 2 })
  return c
}

describe('the journal', () => {
  it('writes one checksummed line per event, numbered in commit order, and never the API key', async () => {
    core = await makeLibrary()
    const read = readJournal(journalDir())
    expect(read.entries.length).toBeGreaterThan(30)
    expect(read.bad).toEqual([])
    expect(read.gaps).toEqual([])
    expect(read.entries.map((e) => e.seq)).toEqual(read.entries.map((_, i) => i + 1))
    expect(core.journal.databaseSequence()).toBe(read.entries.at(-1)!.seq)
    expect(core.journal.stats()).toMatchObject({ failures: 0, events: read.entries.length })
    const text = listSegments(journalDir()).map((n) => readFileSync(join(journalDir(), segmentName(n)), 'utf8')).join('')
    expect(text).not.toContain(fake.apiKey)
    // Each generation's record: the request as sent, its results and images with their hashes, cost and references.
    const kinds = new Set(read.entries.map((e) => (e.ev.t === 'put' ? `put ${e.ev.tb}` : e.ev.t)))
    for (const k of ['put generations', 'put images', 'put generation_results', 'put reference_images', 'put generation_references', 'images.set', 'tags.add', 'tags.remove', 'collection.add', 'images.delete', 'put saved_searches', 'del', 'put settings']) expect(kinds).toContain(k)
    const finalRow = read.entries.filter((e) => e.ev.t === 'put' && e.ev.tb === 'generations').at(-1)!.ev as { r: Record<string, unknown> }
    expect(finalRow.r).toMatchObject({ status: 'succeeded', cost: expect.any(Number), task_uuid: expect.any(String) })
    expect(JSON.parse(finalRow.r.request as string)).toMatchObject({ taskType: 'imageInference', positivePrompt: 'the fox under the lighthouse' })
  })

  it('detects a damaged or torn line by its checksum', () => {
    const line = encodeLine(7, { t: 'images.set', ids: [1, 2], col: 'favorite', v: 1 }).trimEnd()
    expect(decodeLine(line)).toEqual({ seq: 7, ev: { t: 'images.set', ids: [1, 2], col: 'favorite', v: 1 } })
    expect(decodeLine(line.replace('"v":1', '"v":0'))).toEqual({ problem: 'checksum mismatch' })
    expect(decodeLine(line.replace('"seq":7', '"seq":8'))).toEqual({ problem: 'checksum mismatch' })
    expect(decodeLine(line.slice(0, -9))).toHaveProperty('problem')
  })

  it('rotates segments by size; readers put the lines back in sequence order', () => {
    const t = tempDir('imagine-journal-seg-')
    try {
      const db = openLibraryDb(join(t.dir, 'library.db'))
      const journal = new Journal(db, join(t.dir, 'journal'), { maxSegmentBytes: 1024 })
      const library = new LibraryService(db, t.dir, Date.now, () => undefined, journal)
      for (let i = 0; i < 40; i++) library.saveSearch(`search ${i}`, `prompt${i}`)
      journal.close()
      db.close()
      const segments = listSegments(join(t.dir, 'journal'))
      expect(segments.length).toBeGreaterThan(3)
      for (const n of segments.slice(0, -1)) expect(statSync(join(t.dir, 'journal', segmentName(n))).size).toBeLessThan(1024 + 400)
      const read = readJournal(join(t.dir, 'journal'))
      expect(read.entries.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
      expect(lastSequence(join(t.dir, 'journal'))).toBe(40)
    } finally {
      t.cleanup()
    }
  })

  it('starts with a checkpoint of a library that had no journal yet, and refuses to run inside a transaction it does not own', () => {
    const t = tempDir('imagine-journal-old-')
    try {
      const db = openLibraryDb(join(t.dir, 'library.db'))
      new LibraryService(db, t.dir).saveSearch('From before', 'fox')
      const journal = new Journal(db, join(t.dir, 'journal'))
      const read = readJournal(join(t.dir, 'journal'))
      expect(read.entries.map((e) => e.ev.t)).toEqual(['checkpoint', 'put', 'checkpoint'])
      expect(read.entries[1]!.ev).toMatchObject({ t: 'put', tb: 'saved_searches', r: { name: 'From before', query: 'fox' } })
      expect(() => db.transaction(() => journal.tx(() => 1))()).toThrow(/transaction it did not open/)
      journal.close()
      db.close()
    } finally {
      t.cleanup()
    }
  })
})

describe('imagine rebuild', () => {
  it('restores every table, ids included, after library.db is deleted, and ignores torn lines with a report', async () => {
    core = await makeLibrary()
    await core.close()
    // A crash while appending: half a line at the end of the newest segment. The next
    // process ends it with a newline before its own lines, so it is torn mid-file too.
    const segments = listSegments(journalDir())
    const newest = join(journalDir(), segmentName(segments.at(-1)!))
    const half = encodeLine(10_000, { t: 'images.set', ids: [1], col: 'rating', v: 5 })
    appendFileSync(newest, half.slice(0, 30))
    const tornAt = readFileSync(newest, 'utf8').split('\n').length
    core = makeCore(fake, dir.dir)
    const last = core.db.prepare('SELECT max(id) FROM images').pluck().get() as number
    core.library.setRating([last], 2)
    await core.close()
    appendFileSync(newest, half.slice(0, 40))
    core = null
    const before = dumpTables(dbFile(), TERMS)
    expect(before.tables.images!.length).toBe(4) // 6 made, 2 deleted for good
    expect((before.tables.images as { id: number; rating: number }[]).find((i) => i.id === last)!.rating).toBe(2)
    expect(before.tables.tags!.length).toBe(2)
    expect(before.tables.saved_searches!.length).toBe(1)
    expect(before.search.cats!.length).toBe(1)
    removeDb()

    const r = await cli(['rebuild', '--json'])
    expect(r.code, r.err).toBe(0)
    const report = JSON.parse(r.out) as RebuildReport
    expect(report.journal.torn).toEqual([
      { segment: segmentName(segments.at(-1)!), line: tornAt, kind: 'torn', reason: 'not a journal line' },
      { segment: segmentName(segments.at(-1)!), line: tornAt + 2, kind: 'torn', reason: 'no end of line' }
    ])
    expect(report.journal).toMatchObject({ corrupt: [], gaps: [], failed: [] })
    expect(report.movedAside).toBeNull()
    expect(report.files).toMatchObject({ matched: 4, missing: [], changed: [] })
    // The images deleted for good left files on disk only if another row used them: none here.
    expect(report.files.unnamed).toEqual([])
    expect(report.restored).toMatchObject({ generations: 3, images: 4, trashed: 1, tags: 2, collections: 1, savedSearches: 1 })

    expect(dumpTables(dbFile(), TERMS)).toEqual(before)
    // And the library works on: a new generation after the rebuild continues the ids and the journal.
    core = makeCore(fake, dir.dir)
    const next = await generateAndWait(core, { prompt: 'after the rebuild' })
    expect(core.generation.images(next.generationId)[0]!.imageId).toBe(Math.max(...(before.tables.images as { id: number }[]).map((i) => i.id)) + 1)
    expect(readJournal(journalDir()).gaps).toEqual([])
  })

  it('refuses a healthy library.db unless --force, and then moves it aside instead of deleting it', async () => {
    core = await makeLibrary()
    await core.close()
    core = null
    const before = dumpTables(dbFile(), TERMS)
    const refused = await cli(['rebuild'])
    expect(refused.code).toBe(2)
    expect(refused.err).toMatch(/looks healthy/)
    expect(dumpTables(dbFile(), TERMS)).toEqual(before)

    const forced = await cli(['rebuild', '--force', '--json'])
    expect(forced.code, forced.err).toBe(0)
    const report = JSON.parse(forced.out) as RebuildReport
    expect(report.movedAside).toMatch(/library\.db\.broken-/)
    expect(existsSync(report.movedAside!)).toBe(true)
    expect(dumpTables(report.movedAside!, TERMS)).toEqual(before)
    expect(dumpTables(dbFile(), TERMS)).toEqual(before)
  })

  it('rebuilds a damaged library.db without --force and reports files it cannot match', async () => {
    core = await makeLibrary()
    const gone = core.db.prepare('SELECT id, path FROM images ORDER BY id LIMIT 1').get() as { id: number; path: string }
    await core.close()
    core = null
    rmSync(join(lib(), gone.path))
    mkdirSync(join(lib(), 'images', 'zz'), { recursive: true })
    writeFileSync(join(lib(), 'images', 'zz', 'stray.png'), 'not named by anyone')
    // A sync client's damage: the header is gone.
    removeDb()
    writeFileSync(dbFile(), Buffer.alloc(8192, 7))
    const r = await cli(['rebuild'])
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain(`missing file: image #${gone.id} ${gone.path} (its record is kept)`)
    expect(r.out).toContain(`no journal entry names ${join('images', 'zz', 'stray.png')}`)
    expect(r.out).toMatch(/the old database was moved aside to .*library\.db\.broken-/)
    expect(readdirSync(lib()).filter((n) => n.startsWith('library.db.broken-'))).toHaveLength(1)
  })

  it('happens by itself when the app starts and library.db is gone', async () => {
    core = await makeLibrary()
    await core.close()
    core = null
    const before = dumpTables(dbFile(), TERMS)
    removeDb()
    core = makeCore(fake, dir.dir)
    await core.close()
    core = null
    expect(dumpTables(dbFile(), TERMS)).toEqual(before)
  })
})

describe('the check at start-up (app:get-health)', () => {
  it('is the quick doctor, run once, and says when library.db was rebuilt from the journal', async () => {
    core = await makeLibrary()
    const first = core.db.prepare('SELECT path FROM images WHERE trashed_at IS NULL ORDER BY id DESC LIMIT 1').pluck().get() as string
    await core.close()
    core = null
    rmSync(join(lib(), first))
    removeDb()
    core = makeCore(fake, dir.dir)
    const r = await core.router.dispatch('app:get-health', [])
    expect(r.ok).toBe(true)
    const health = (r as { value: StartupHealth }).value
    expect(health.restoredFromJournal).toMatchObject({ generations: 3, images: 4, failed: 0 })
    expect(health.report).toMatchObject({ ok: false, quick: true, files: { missing: [expect.objectContaining({ path: first })] } })
    expect(health.report.problems).toContain('1 file(s) the library names are missing')
    expect(await core.router.dispatch('app:get-health', [])).toEqual(r)
  })
})

describe('an older library.db put back', () => {
  it('is noticed at start-up, and rebuild --force restores the journal\'s history', async () => {
    core = await makeLibrary()
    await core.close()
    core = null
    const older = join(dir.dir, 'older.db')
    // A copy from before the last changes (what a sync client or a restore may put back).
    const copy = openDatabase(dbFile())
    await copy.backup(older)
    copy.close()
    core = makeCore(fake, dir.dir)
    await generateAndWait(core, { prompt: 'made after the copy' })
    core.library.addTags([1], ['late'])
    await core.close()
    core = null
    const latest = dumpTables(dbFile(), TERMS)
    removeDb()
    writeFileSync(dbFile(), readFileSync(older))
    core = makeCore(fake, dir.dir)
    const health = (await core.router.dispatch('app:get-health', [])) as { ok: true; value: StartupHealth }
    expect(health.value.report.problems.join(' ')).toMatch(/library\.db was opened behind its journal \(database #\d+, journal #\d+\)/)
    await core.close()
    core = null
    expect((await cli(['rebuild', '--force'])).code).toBe(0)
    expect(dumpTables(dbFile(), TERMS)).toEqual(latest)
  })
})

describe('imagine doctor', () => {
  it('finds a missing file, a changed file and an orphan; --fix moves the orphan to lost+found and deletes nothing', async () => {
    core = await makeLibrary()
    const rows = core.db.prepare('SELECT id, path FROM images WHERE trashed_at IS NULL ORDER BY id').all() as { id: number; path: string }[]
    await core.close()
    core = null
    const [missing, changed] = rows
    rmSync(join(lib(), missing!.path))
    const bytes = readFileSync(join(lib(), changed!.path))
    const at = bytes.length - 20
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at)
    writeFileSync(join(lib(), changed!.path), bytes) // same size: only the hash tells
    const orphan = join('images', 'ab', `${'ab'.padEnd(64, '0')}.png`)
    mkdirSync(join(lib(), 'images', 'ab'), { recursive: true })
    writeFileSync(join(lib(), orphan), 'a file no row names')
    const hourAgo = new Date(Date.now() - 3600_000)
    utimesSync(join(lib(), orphan), hourAgo, hourAgo)

    const quick = await cli(['doctor', '--quick', '--json'])
    const q = JSON.parse(quick.out) as HealthReport
    expect(q.files.missing).toEqual([{ kind: 'image', id: missing!.id, path: missing!.path }])
    expect(q.files.changed).toEqual([]) // same size
    expect(q.files.orphans).toEqual([]) // the quick part walks no folders

    const full = await cli(['doctor', '--json'])
    expect(full.code).toBe(1)
    const f = JSON.parse(full.out) as HealthReport
    expect(f).toMatchObject({ ok: false, sqlite: { ok: true }, journal: { torn: 0, corrupt: 0, gaps: [], unjournaled: { generations: 0, images: 0 } } })
    expect(f.journal.lastSeq).toBe(f.journal.databaseSeq)
    expect(f.files.missing).toEqual([{ kind: 'image', id: missing!.id, path: missing!.path }])
    expect(f.files.changed).toEqual([{ kind: 'image', id: changed!.id, path: changed!.path }])
    expect(f.files.orphans).toEqual([orphan])

    const fixed = await cli(['doctor', '--fix'])
    expect(fixed.code).toBe(1) // the missing and the changed file are still reported: doctor cannot make them
    expect(fixed.out).toContain(`moved to lost+found: ${orphan}`)
    expect(existsSync(join(lib(), orphan))).toBe(false)
    expect(readFileSync(join(lib(), 'lost+found', orphan), 'utf8')).toBe('a file no row names')
    expect(existsSync(join(lib(), changed!.path))).toBe(true)
    const after = JSON.parse((await cli(['doctor', '--json'])).out) as HealthReport
    expect(after.files.orphans).toEqual([])
    expect(after.files.missing).toHaveLength(1)
    const db = openDatabase(dbFile(), { readonly: true })
    expect((db.prepare('SELECT count(*) FROM images').pluck().get() as number)).toBe(4)
    db.close()
  })

  it('sees a journal behind the database, and --fix journals the library again so rebuild still restores it', async () => {
    core = await makeLibrary()
    await core.close()
    core = null
    const before = dumpTables(dbFile(), TERMS)
    // Lines lost (say, a crash between a commit and its append): the last three (a trash, two settings).
    const segments = listSegments(journalDir())
    const newest = join(journalDir(), segmentName(segments.at(-1)!))
    const text = readFileSync(newest, 'utf8').split('\n')
    writeFileSync(newest, `${text.slice(0, -4).join('\n')}\n`)
    const seen = JSON.parse((await cli(['doctor', '--json'])).out) as HealthReport
    expect(seen.ok).toBe(false)
    expect(seen.journal.lastSeq).toBeLessThan(seen.journal.databaseSeq)
    expect(seen.problems.join(' ')).toMatch(/journal is behind the database/)

    const fix = await cli(['doctor', '--fix'])
    expect(fix.out).toMatch(/fixed: journaled the whole library again/)
    expect(fix.code, fix.out).toBe(0)
    removeDb()
    expect((await cli(['rebuild'])).code).toBe(0)
    const after = dumpTables(dbFile(), TERMS)
    // The checkpoint took the sequence numbers after the lost ones: only journal.seq differs.
    const seq = (d: typeof before) => (d.tables.settings as { key: string; value: string }[]).find((s) => s.key === 'journal.seq')!.value
    expect(Number(seq(after))).toBeGreaterThan(Number(seq(before)))
    const strip = (d: typeof before) => ({ ...d, tables: { ...d.tables, settings: (d.tables.settings as { key: string }[]).filter((s) => s.key !== 'journal.seq') } })
    expect(strip(after)).toEqual(strip(before))
  })
})

describe('the journal after SIGKILL at random moments', () => {
  const TRIALS = Number(process.env.JOURNAL_KILL_TRIALS ?? 5)
  it(`lets rebuild restore, equal row for row, a library whose CLI was killed and then resumed (${TRIALS} trials)`, async () => {
    await fake.close()
    fake = await startFakeRunware(TRIAL_FAKE)
    const random = prng(2222)
    let checked = 0
    for (let i = 0; i < TRIALS; i++) {
      const moment = KILL_MOMENTS[i % KILL_MOMENTS.length]!
      const data = join(dir.dir, `trial-${i}`)
      const outcome = await killResumeTrial(fake, data, moment, random)
      expect(outcome.problems, `trial ${i} (${moment})`).toEqual([])
      if (!existsSync(join(data, 'library.db'))) continue
      const before = dumpTables(join(data, 'library.db'), TERMS)
      // Killed before the job's row was written: nothing to journal, nothing to rebuild.
      if (before.tables.generations!.length === 0) continue
      checked++
      const doctor = await runCliAgainst(fake, dir.dir, ['doctor', '--json'], { IMAGINE_DATA_DIR: data })
      const health = JSON.parse(doctor.out) as HealthReport
      expect(health.journal, `trial ${i} (${moment})`).toMatchObject({ gaps: [], corrupt: 0, unjournaled: { generations: 0, images: 0 }, notInDatabase: { generations: 0, images: 0 } })
      expect(health.journal.lastSeq).toBe(health.journal.databaseSeq)
      const rebuilt = await runCliAgainst(fake, dir.dir, ['rebuild', '--force', '--json'], { IMAGINE_DATA_DIR: data })
      expect(rebuilt.code, rebuilt.err).toBe(0)
      expect(dumpTables(join(data, 'library.db'), TERMS), `trial ${i} (${moment})`).toEqual(before)
    }
    expect(checked).toBeGreaterThanOrEqual(TRIALS / 2)
  }, 120_000)
})
