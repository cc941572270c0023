/**
 * `imagine rebuild`: recreates library.db from the journal and the files in
 * images/ (issue 11). The journal is replayed into a new database next to the
 * old one (from its last complete checkpoint, in sequence order, with the ids it
 * recorded), every image row is checked against its file (present, same size,
 * same sha256), missing thumbnails are made again from their images now (not left
 * for later), and only then is the new file moved into place. A database that is
 * still healthy is refused unless `force`; the one replaced is moved aside as
 * `library.db.broken-<time>` (with its -wal and -shm), never deleted.
 *
 * Run it with the app and other CLI commands closed: they would keep writing to
 * the file moved aside.
 */
import { existsSync, renameSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { openDatabase, type OpenOptions, type WritableDB } from '../db/connection'
import { openLibraryDb } from '../db/open-library-db'
import { LATEST_SCHEMA_VERSION } from '../db/migrations'
import { AppError } from '../errors'
import { ImageStore } from '../files/image-store'
import { checkLibraryPath, resolveInsideLibrary } from '../files/library-path'
import { libraryPaths, type LibraryPaths } from '../paths'
import { EventApplier, JOURNAL_SEQ_KEY, type JournalEvent } from './events'
import { readJournal, type BadLine, type JournalEntry, type JournalRead } from './journal-file'
import { checkStoredFile, samePath, walkLibraryFiles } from './library-scan'

export interface RebuildOptions {
  /** Replace a database that still looks healthy (it is moved aside, never deleted). */
  force?: boolean
  nativeBinding?: string
  now?: () => number
  /** Called with a line of progress now and then (the CLI prints it on stderr). */
  progress?: (line: string) => void
}

export interface RebuildReport {
  database: string
  /** Where the database that was there went (null when there was none). */
  movedAside: string | null
  journal: {
    segments: number
    entries: number
    applied: number
    /** The sequence number replay started from: the last complete checkpoint, or the first entry. */
    from: number
    lastSeq: number
    /** A segment's last line cut short by a crash: ignored. */
    torn: BadLine[]
    /** Damaged lines elsewhere: skipped. */
    corrupt: BadLine[]
    /** Sequence numbers no line has (lost lines), as [from, to]. */
    gaps: [number, number][]
    incompleteCheckpoints: number
    /** Events the database refused (e.g. a reference to a row a lost line held). */
    failed: { seq: number; event: string; reason: string }[]
  }
  restored: { generations: number; images: number; trashed: number; tags: number; collections: number; savedSearches: number; references: number }
  files: {
    /** Image rows whose file is there with its hash. */
    matched: number
    /** Image or reference rows whose file is not in the library (the row is kept: its record is the history). */
    missing: { kind: 'image' | 'reference'; id: number; path: string }[]
    /** Files whose bytes no longer match the hash their row recorded. */
    changed: { kind: 'image' | 'reference'; id: number; path: string }[]
    /** Files in images/ or refs/ that no journal entry names (left where they are; doctor --fix moves them to lost+found). */
    unnamed: string[]
  }
  thumbnails: { made: number; failed: { imageId: number; reason: string }[] }
}

/** Whether library.db opens, is a library of a version we know, and passes quick_check. */
export function databaseHealth(file: string, options: Pick<OpenOptions, 'nativeBinding'> = {}): { healthy: boolean; reason: string } {
  if (!existsSync(file)) return { healthy: false, reason: 'there is no library.db' }
  let db
  try {
    db = openDatabase(file, { readonly: true, ...options })
  } catch (error) {
    return { healthy: false, reason: `it does not open: ${error instanceof Error ? error.message : String(error)}` }
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number
    if (version === 0) return { healthy: false, reason: 'it holds no library schema' }
    if (version > LATEST_SCHEMA_VERSION) return { healthy: true, reason: `it is from a newer version (schema ${version})` }
    const check = db.pragma('quick_check', { simple: true }) as string
    return check === 'ok' ? { healthy: true, reason: 'quick_check is ok' } : { healthy: false, reason: `quick_check: ${check}` }
  } catch (error) {
    return { healthy: false, reason: `it cannot be read: ${error instanceof Error ? error.message : String(error)}` }
  } finally {
    db.close()
  }
}

/**
 * The entries replay applies: from the last complete checkpoint on, without the
 * lines of checkpoints that were never finished (a crash while writing one).
 */
export function replayPlan(read: JournalRead): { entries: JournalEntry[]; from: number; incomplete: number } {
  const bySeq = new Map(read.entries.map((e) => [e.seq, e]))
  const drop = new Set<number>()
  let incomplete = 0
  let from = read.entries[0]?.seq ?? 0
  for (const e of read.entries) {
    if (e.ev.t !== 'checkpoint' || e.ev.phase !== 'begin') continue
    const endSeq = e.seq + e.ev.rows + 1
    const end = bySeq.get(endSeq)?.ev
    let complete = end?.t === 'checkpoint' && end.phase === 'end' && end.begin === e.seq
    for (let s = e.seq + 1; complete && s < endSeq; s++) if (!bySeq.has(s)) complete = false
    if (complete) from = e.seq
    else {
      incomplete++
      for (let s = e.seq; s <= endSeq; s++) drop.add(s)
    }
  }
  return { entries: read.entries.filter((e) => e.seq >= from && !drop.has(e.seq)), from, incomplete }
}

const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[:.]/g, '-')

/** Moves library.db (and its -wal and -shm) aside; answers the new name. */
function moveAside(paths: LibraryPaths, now: number): string {
  const target = `${paths.dbFile}.broken-${stamp(now)}`
  renameSync(paths.dbFile, target)
  for (const suffix of ['-wal', '-shm']) if (existsSync(paths.dbFile + suffix)) renameSync(paths.dbFile + suffix, target + suffix)
  return target
}

function summary(ev: JournalEvent): string {
  return ev.t === 'put' || ev.t === 'del' ? `${ev.t} ${ev.tb}` : ev.t
}

function counts(db: WritableDB): RebuildReport['restored'] {
  const n = (sql: string): number => (db.prepare(sql).pluck().get() as number) ?? 0
  return {
    generations: n('SELECT count(*) FROM generations'),
    images: n('SELECT count(*) FROM images'),
    trashed: n('SELECT count(*) FROM images WHERE trashed_at IS NOT NULL'),
    tags: n('SELECT count(*) FROM tags'),
    collections: n('SELECT count(*) FROM collections'),
    savedSearches: n('SELECT count(*) FROM saved_searches'),
    references: n('SELECT count(*) FROM reference_images')
  }
}

/** Applies entries in order in one transaction; an event the database refuses is reported and skipped. */
function replay(db: WritableDB, entries: JournalEntry[], lastSeq: number): { applied: number; failed: RebuildReport['journal']['failed'] } {
  const applier = new EventApplier(db)
  const failed: RebuildReport['journal']['failed'] = []
  let applied = 0
  db.transaction(() => {
    for (const e of entries) {
      try {
        applier.apply(e.ev)
        applied++
      } catch (error) {
        failed.push({ seq: e.seq, event: summary(e.ev), reason: error instanceof Error ? error.message : String(error) })
      }
    }
    db.prepare(`INSERT INTO settings (key, value) VALUES ('${JOURNAL_SEQ_KEY}', CAST(? AS TEXT)) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(lastSeq)
  }).immediate()
  db.pragma('wal_checkpoint(TRUNCATE)')
  return { applied, failed }
}

function freshFile(paths: LibraryPaths, now: number): string {
  const fresh = join(paths.dataDir, `library.db.rebuilding-${stamp(now)}`)
  for (const suffix of ['', '-wal', '-shm']) rmSync(fresh + suffix, { force: true })
  return fresh
}

/** Moves the rebuilt file into place, the old database (if any) aside; answers where the old one went. */
function putInPlace(paths: LibraryPaths, fresh: string, now: number): string | null {
  let aside: string | null = null
  if (existsSync(paths.dbFile)) aside = moveAside(paths, now)
  else for (const suffix of ['-wal', '-shm']) if (existsSync(paths.dbFile + suffix)) renameSync(paths.dbFile + suffix, `${paths.dbFile}.broken-${stamp(now)}${suffix}`)
  renameSync(fresh, paths.dbFile)
  for (const suffix of ['-wal', '-shm']) rmSync(fresh + suffix, { force: true })
  return aside
}

/**
 * At start-up, when library.db is gone but the journal is not: replays the journal
 * into a new library.db before anything opens it (so new rows cannot take the ids
 * of lost ones). Files are not checked here; the start-up check and `imagine doctor` do.
 */
export function restoreMissingDatabase(dataDir: string, options: Pick<OpenOptions, 'nativeBinding'> = {}): { generations: number; images: number; entries: number; failed: number } | null {
  const paths = libraryPaths(dataDir)
  if (existsSync(paths.dbFile)) return null
  const read = readJournal(paths.journalDir)
  if (read.entries.length === 0) return null
  const plan = replayPlan(read)
  const fresh = freshFile(paths, Date.now())
  const db = openLibraryDb(fresh, options)
  let result
  try {
    const r = replay(db, plan.entries, read.entries.at(-1)!.seq)
    const c = counts(db)
    result = { generations: c.generations, images: c.images, entries: r.applied, failed: r.failed.length }
  } finally {
    db.close()
  }
  putInPlace(paths, fresh, Date.now())
  return result
}

export async function rebuildLibrary(dataDir: string, options: RebuildOptions = {}): Promise<RebuildReport> {
  const paths = libraryPaths(dataDir)
  const now = options.now ?? Date.now
  const native = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}
  const health = databaseHealth(paths.dbFile, native)
  if (health.healthy && !options.force) {
    throw new AppError('VALIDATION', `library.db looks healthy (${health.reason}), so it was left alone. Run rebuild --force to replace it anyway (it is moved aside, not deleted).`)
  }
  const read = readJournal(paths.journalDir)
  if (read.entries.length === 0) {
    throw new AppError('NOT_FOUND', `The journal (${paths.journalDir}) holds no entries, so there is nothing to rebuild from. Nothing was changed.`)
  }
  const plan = replayPlan(read)
  const report: RebuildReport = {
    database: paths.dbFile,
    movedAside: null,
    journal: {
      segments: read.segments.length,
      entries: read.entries.length,
      applied: 0,
      from: plan.from,
      lastSeq: read.entries.at(-1)!.seq,
      torn: read.bad.filter((b) => b.kind === 'torn'),
      corrupt: read.bad.filter((b) => b.kind === 'corrupt'),
      gaps: read.gaps,
      incompleteCheckpoints: plan.incomplete,
      failed: []
    },
    restored: { generations: 0, images: 0, trashed: 0, tags: 0, collections: 0, savedSearches: 0, references: 0 },
    files: { matched: 0, missing: [], changed: [], unnamed: [] },
    thumbnails: { made: 0, failed: [] }
  }
  options.progress?.(`replaying ${plan.entries.length} journal entries (from #${plan.from}) of ${read.segments.length} segment(s)`)

  const fresh = freshFile(paths, now())
  const db = openLibraryDb(fresh, native)
  let images: { id: number; sha256: string; path: string; thumb_path: string | null; bytes: number }[] = []
  try {
    const replayed = replay(db, plan.entries, report.journal.lastSeq)
    report.journal.applied = replayed.applied
    report.journal.failed = replayed.failed
    report.restored = counts(db)

    options.progress?.(`checking ${report.restored.images} images against their files`)
    images = db.prepare('SELECT id, sha256, path, thumb_path, bytes FROM images ORDER BY id').all() as typeof images
    const named = new Set<string>()
    for (const img of images) {
      named.add(samePath(img.path))
      const state = await checkStoredFile(paths.dataDir, img.path, img, true)
      if (state === 'ok') report.files.matched++
      else if (state === 'changed') report.files.changed.push({ kind: 'image', id: img.id, path: img.path })
      else report.files.missing.push({ kind: 'image', id: img.id, path: img.path })
    }
    const refs = db.prepare('SELECT id, sha256, path, bytes FROM reference_images ORDER BY id').all() as { id: number; sha256: string; path: string; bytes: number }[]
    for (const ref of refs) {
      named.add(samePath(ref.path))
      const state = await checkStoredFile(paths.dataDir, ref.path, ref, true)
      if (state === 'changed') report.files.changed.push({ kind: 'reference', id: ref.id, path: ref.path })
      else if (state !== 'ok') report.files.missing.push({ kind: 'reference', id: ref.id, path: ref.path })
    }
    report.files.unnamed = [...walkLibraryFiles(paths.dataDir, 'images'), ...walkLibraryFiles(paths.dataDir, 'refs')].filter((f) => !named.has(samePath(f)))

    // Thumbnails are derived data: made again now from any image that is there.
    const store = new ImageStore(paths)
    const missing = new Set(report.files.missing.filter((m) => m.kind === 'image').map((m) => m.id))
    for (const img of images) {
      if (missing.has(img.id)) continue
      if (img.thumb_path && checkLibraryPath(paths.dataDir, img.thumb_path).ok) continue
      try {
        const rel = await store.thumbnail(resolveInsideLibrary(paths.dataDir, img.path), img.sha256)
        if (rel !== img.thumb_path) db.prepare('UPDATE images SET thumb_path = ? WHERE id = ?').run(rel, img.id)
        report.thumbnails.made++
      } catch (error) {
        report.thumbnails.failed.push({ imageId: img.id, reason: error instanceof Error ? error.message : String(error) })
      }
    }
  } finally {
    db.close()
  }
  report.movedAside = putInPlace(paths, fresh, now())
  options.progress?.(`library.db rebuilt${report.movedAside ? `; the old one is ${basename(report.movedAside)}` : ''}`)
  return report
}
