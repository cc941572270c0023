/**
 * `backupLibrary` (issue 11): a consistent copy of a library that the app or the
 * CLI may be writing to at the same moment. Pure Node: the CLI and main both run it.
 *
 * 1. The database is copied with SQLite's online backup API (better-sqlite3's
 *    `db.backup`) into a temp file in the backup folder: the snapshot is a single
 *    point in time however the other processes write (the library is WAL, so they
 *    never wait for us). Almost all pages go in one step, so a writer in another
 *    process cannot keep restarting it. The snapshot is turned into a one-file
 *    database (journal_mode DELETE), hashed, and named `db/library-<time>-<sha>.db`
 *    beside the previous one, which the previous manifest still names.
 * 2. The files that snapshot names are copied, incrementally: every file is
 *    content-addressed, so one already in the folder (same name, same size) is
 *    skipped. A copy is read, hashed and checked against its name and row, written
 *    to a temp name (export/safe-write.ts), read back and checked again, and only
 *    then linked to its name (never over an existing file). A row whose file is
 *    missing or damaged in the library is reported, not copied.
 * 2b. The journal's segments are copied after the snapshot, cut at its sequence
 *    number, so a restored library's journal and database agree (journal-copy.ts).
 * 3. `manifest.json` is written last, through a temp file renamed over the old one.
 *    Only then is the previous database snapshot removed. Canceling (AbortSignal)
 *    or a crash at any earlier point leaves the previous manifest and everything it
 *    names intact: the new files are only additions.
 *
 * Rows are written only after their files are fsynced (image-store.ts), so every
 * file the snapshot names exists in the library, unless emptying the trash removes
 * it between the snapshot and the copy (it is then reported as missing).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import * as fsp from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type Database from 'better-sqlite3'
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BACKUP_MANIFEST, type BackupManifest, type BackupPhase, type BackupProblem } from '../../shared/backup'
import { openDatabase } from '../db/connection'
import { AppError } from '../errors'
import { errnoOf, nodeFs, placeExclusive, removeQuietly, TEMP_PREFIX, writeTemp, type ExportFs } from '../export/safe-write'
import { checkLibraryPath } from '../files/library-path'
import { libraryPaths } from '../paths'
import { JOURNAL_SEQ_KEY } from '../journal/events'
import { backupJournal, JOURNAL_DIR, pruneJournalCopies } from './journal-copy'
import { readManifest } from './manifest'
import { countRows, hashFile, libraryFiles, sha256Of, type LibraryFile } from './library-files'
import { fsyncDir } from '../files/fsync-dir'

export interface BackupProgressInfo {
  phase: BackupPhase
  filesDone: number
  filesTotal: number
  bytesDone: number
  bytesTotal: number
}

export interface BackupOptions {
  dataDir: string
  /** The backup folder; made when missing. */
  to: string
  appVersion: string
  /** A connection to the library to copy from (the app's own); without it one is opened read-only. */
  db?: Database.Database
  /** better-sqlite3 binary (the desktop app's Electron build). */
  nativeBinding?: string
  signal?: AbortSignal
  onProgress?: (p: BackupProgressInfo) => void
  /** Files copied at once (default COPY_CONCURRENCY). */
  concurrency?: number
  /** Tests inject file-system failures here. */
  fs?: ExportFs
  now?: () => number
  /** Called once the database snapshot is taken, before any file is copied (tests use it to write meanwhile). */
  afterSnapshot?: () => void | Promise<void>
}

export interface BackupResult {
  folder: string
  canceled: boolean
  /** The manifest written; null when canceled. */
  manifest: BackupManifest | null
  copied: number
  skipped: number
  bytesCopied: number
  /** Journal segments copied (new or grown) and left as they were, and the bytes copied; not in the counts above. */
  journal: { copied: number; skipped: number; bytes: number }
  problems: BackupProblem[]
  elapsedMs: number
}

const LOCK = '.imagine-backup.lock'
/** Files copied at once. */
export const COPY_CONCURRENCY = 4
const DB_DIR = 'db'
const DB_NAME = /^library-[0-9TZ-]+-[0-9a-f]{12}\.db$/

class Canceled extends Error {}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return errnoOf(error) !== 'ESRCH'
  }
}

/** One backup at a time per folder: a lock file with our pid; one left by a dead process is taken over. */
async function lockFolder(fs: ExportFs, folder: string): Promise<() => Promise<void>> {
  const file = join(folder, LOCK)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await fs.open(file, 'wx')
      await fh.writeFile(String(process.pid))
      await fh.close()
      return () => removeQuietly(fs, file)
    } catch (error) {
      if (errnoOf(error) !== 'EEXIST') throw error
      const pid = Number(await fs.readFile(file).then(String, () => ''))
      if (pidAlive(pid)) throw new AppError('VALIDATION', `Another backup into this folder is running (process ${pid}). Wait for it to finish; if none is, remove ${LOCK} from the folder.`)
      await removeQuietly(fs, file)
    }
  }
  throw new AppError('VALIDATION', 'The backup folder is locked by another backup.')
}

const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z')

export async function backupLibrary(o: BackupOptions): Promise<BackupResult> {
  const fs = o.fs ?? nodeFs
  const now = o.now ?? Date.now
  const started = now()
  const paths = libraryPaths(o.dataDir)
  const check = (): void => {
    if (o.signal?.aborted) throw new Canceled()
  }
  const progress = (p: BackupProgressInfo): void => o.onProgress?.(p)
  await assertBackupFolder(o.to)
  await fs.mkdir(join(o.to, DB_DIR), { recursive: true })
  const unlock = await lockFolder(fs, o.to)
  const problems: BackupProblem[] = []
  let newDb: string | null = null
  let manifest: BackupManifest | null = null
  let copied = 0
  let skipped = 0
  let bytesCopied = 0
  let journalCopies = { copied: 0, skipped: 0, bytes: 0 }
  try {
    // Leftovers of a backup that was killed: temp snapshots nobody names (we hold the lock).
    for (const name of readdirSync(join(o.to, DB_DIR))) if (name.startsWith(TEMP_PREFIX)) rmSync(join(o.to, DB_DIR, name), { force: true })
    check()
    progress({ phase: 'database', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 })

    // 1. The database snapshot.
    const tmpDb = join(o.to, DB_DIR, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}.db.part`)
    const source = o.db ?? openSource(paths.dbFile, o.nativeBinding)
    const snapshotAt = now()
    try {
      await source.backup(tmpDb, {
        progress: () => {
          if (o.signal?.aborted) throw new Canceled()
          return 0x7fffffff
        }
      })
    } catch (error) {
      rmSync(tmpDb, { force: true })
      throw error instanceof Canceled || o.signal?.aborted ? new Canceled() : error
    } finally {
      if (!o.db) source.close()
    }
    let files: LibraryFile[]
    let counts: ReturnType<typeof countRows>
    let schemaVersion: number
    let snapshotSeq: number
    try {
      const snap = openDatabase(tmpDb, o.nativeBinding ? { nativeBinding: o.nativeBinding } : {})
      try {
        // One self-contained file: no -wal beside it, and the same bytes on every read.
        snap.pragma('journal_mode = DELETE')
        const listed = libraryFiles(snap)
        files = listed.files
        problems.push(...listed.refused)
        counts = countRows(snap)
        schemaVersion = snap.pragma('user_version', { simple: true }) as number
        snapshotSeq = (snap.prepare('SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?').pluck().get(JOURNAL_SEQ_KEY) as number | undefined) ?? 0
      } finally {
        snap.close()
      }
    } catch (error) {
      rmSync(tmpDb, { force: true })
      throw error
    }
    const dbHash = await hashFile(tmpDb)
    const dbFile = `${DB_DIR}/library-${stamp(snapshotAt)}-${dbHash.sha256.slice(0, 12)}.db`
    // Never over an existing name: the same name (same second, same bytes) is the snapshot
    // the current manifest names, and a cancel must not remove it.
    try {
      if (await placeExclusive(fs, tmpDb, join(o.to, dbFile))) newDb = join(o.to, dbFile)
    } finally {
      await removeQuietly(fs, tmpDb)
    }
    await o.afterSnapshot?.()
    check()

    // 2. The files: what is missing in the folder is copied, the rest skipped.
    const todo: { file: LibraryFile; size: number }[] = []
    /** Bytes of the files this backup holds for the snapshot (present before, or copied now). */
    let bytes = 0
    for (const f of files) {
      const have = await fs.stat(join(o.to, f.rel)).then((s) => s.size, () => null)
      const inside = checkLibraryPath(o.dataDir, f.rel)
      if (!inside.ok && inside.problem !== 'missing') {
        // A symbolic link out of the library: never followed.
        problems.push({ path: f.rel, problem: 'refused' })
        continue
      }
      const size = inside.ok ? await fs.stat(inside.file).then((s) => s.size, () => null) : null
      if (have !== null && (size === null || have === (f.bytes ?? size))) {
        // In the folder already (content-addressed: same name, same bytes), even if gone from the library since.
        skipped++
        bytes += have
      } else if (size === null) {
        if (!f.optional) problems.push({ path: f.rel, problem: 'missing' })
      } else todo.push({ file: f, size })
    }
    const bytesTotal = todo.reduce((n, t) => n + t.size, 0)
    progress({ phase: 'files', filesDone: 0, filesTotal: todo.length, bytesDone: 0, bytesTotal })
    // A few copies at once, so one file's fsync does not hold up the next read.
    let next = 0
    let filesDone = 0
    let stop = false
    const worker = async (): Promise<void> => {
      while (!stop && !o.signal?.aborted && next < todo.length) {
        const t = todo[next++]!
        const outcome = await copyVerified(fs, join(o.dataDir, t.file.rel), join(o.to, t.file.rel), t.file.sha256)
        if (outcome === 'copied' || outcome === 'present') {
          if (outcome === 'copied') copied++
          else skipped++
          bytesCopied += outcome === 'copied' ? t.size : 0
          bytes += t.size
        } else if (!(outcome === 'missing' && t.file.optional)) problems.push({ path: t.file.rel, problem: outcome })
        progress({ phase: 'files', filesDone: ++filesDone, filesTotal: todo.length, bytesDone: bytesCopied, bytesTotal })
      }
    }
    // Settled, not raced: nothing is still copying when this returns (or the lock goes).
    const ends = await Promise.allSettled(Array.from({ length: Math.min(o.concurrency ?? COPY_CONCURRENCY, todo.length) }, () => worker().catch((e: unknown) => ((stop = true), Promise.reject(e)))))
    const failed = ends.find((e): e is PromiseRejectedResult => e.status === 'rejected')
    if (failed) throw failed.reason
    check()

    // 2b. The journal, read after the snapshot (so it holds all the snapshot committed) and cut at its sequence.
    const previous = await readManifest(o.to)
    const journal = await backupJournal({ fs, journalDir: paths.journalDir, to: o.to, snapshotSeq, previous: previous?.journal ?? null })
    journalCopies = { copied: journal.copied, skipped: journal.skipped, bytes: journal.bytesCopied }
    check()

    // 3. The manifest, last: until it is renamed into place the previous one stands.
    progress({ phase: 'manifest', filesDone: todo.length, filesTotal: todo.length, bytesDone: bytesCopied, bytesTotal })
    manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date(snapshotAt).toISOString(),
      appVersion: o.appVersion,
      schemaVersion,
      database: { file: dbFile, sha256: dbHash.sha256, bytes: dbHash.bytes },
      journal: journal.journal,
      counts: { ...counts, files: copied + skipped, bytes },
      problems
    }
    const tmpManifest = await writeTemp(fs, o.to, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), '.manifest')
    try {
      await fsp.rename(tmpManifest, join(o.to, BACKUP_MANIFEST))
    } catch (error) {
      await removeQuietly(fs, tmpManifest)
      throw error
    }
    await fsyncDir(o.to)
    // The previous snapshot (and any a killed backup left) is no longer named by any manifest.
    for (const name of readdirSync(join(o.to, DB_DIR))) {
      if (DB_NAME.test(name) && `${DB_DIR}/${name}` !== dbFile) rmSync(join(o.to, DB_DIR, name), { force: true })
    }
    pruneJournalCopies(o.to, journal.journal)
    return { folder: o.to, canceled: false, manifest, copied, skipped, bytesCopied, journal: journalCopies, problems, elapsedMs: now() - started }
  } catch (error) {
    // Whatever stopped us, the new snapshot is named by no manifest: it goes, the files (additions) stay.
    if (newDb !== null && manifest === null) rmSync(newDb, { force: true })
    if (error instanceof Canceled) return { folder: o.to, canceled: true, manifest: null, copied, skipped, bytesCopied, journal: journalCopies, problems, elapsedMs: now() - started }
    throw error
  } finally {
    await unlock()
  }
}

/** What a backup folder may hold: a folder with anything else is someone's, not a backup. */
const OURS = new Set([BACKUP_MANIFEST, DB_DIR, 'images', 'thumbs', 'refs', JOURNAL_DIR, LOCK])

/**
 * A backup goes into a missing or empty folder, an earlier backup, or one a canceled
 * first backup left (only our names in it); never into a folder of other files,
 * whose `manifest.json` or `images/` we might overwrite or mix into.
 */
async function assertBackupFolder(to: string): Promise<void> {
  let names: string[]
  try {
    names = readdirSync(to)
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return
    if (errnoOf(error) === 'ENOTDIR') throw new AppError('VALIDATION', `${to} is a file, not a folder.`)
    throw error
  }
  const foreign = names.filter((n) => !OURS.has(n) && !n.startsWith(TEMP_PREFIX))
  if (foreign.length > 0) {
    throw new AppError('VALIDATION', `${to} holds other files (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}). Back up into an empty folder, or into an earlier backup.`)
  }
  // A manifest that is not ours is refused (readManifest throws) rather than replaced.
  await readManifest(to)
}

function openSource(dbFile: string, nativeBinding: string | undefined): Database.Database {
  if (!existsSync(dbFile)) throw new AppError('NOT_FOUND', `There is no library database at ${dbFile}.`)
  return openDatabase(dbFile, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) })
}


/**
 * Copies one content-addressed file: its bytes must hash to `sha256` (when given),
 * the temp copy must read back the same, and it is linked to its name only if that
 * name is free. 'present': another backup placed it meanwhile.
 */
export async function copyVerified(fs: ExportFs, source: string, target: string, sha256: string | null): Promise<'copied' | 'present' | 'missing' | 'damaged'> {
  let data: Buffer
  try {
    data = await fs.readFile(source)
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return 'missing'
    throw error
  }
  const hash = sha256Of(data)
  if (sha256 !== null && hash !== sha256) return 'damaged'
  const dir = dirname(target)
  mkdirSync(dir, { recursive: true })
  const tmp = await writeTemp(fs, dir, data, '.backup')
  try {
    if (sha256Of(await fs.readFile(tmp)) !== hash) throw new AppError('INTERNAL', `The copy of ${source} did not read back as written.`)
    return (await placeExclusive(fs, tmp, target)) ? 'copied' : 'present'
  } finally {
    await removeQuietly(fs, tmp)
  }
}
