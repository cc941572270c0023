/**
 * `restoreBackup` (issue 11): a backup folder back into a library folder, which
 * must be empty or missing (a restore never merges into, or replaces, a library).
 * Everything is written into a hidden sibling folder first and renamed into place
 * at the end, so a canceled or failed restore leaves no half library behind.
 * Then `checkLibrary` checks the result: SQLite's integrity and foreign keys, and
 * every image and reference file present with the bytes its row's sha256 names.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs'
import { copyFile, rename } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { BackupManifest, BackupPhase } from '../../shared/backup'
import { openDatabase } from '../db/connection'
import { AppError, ValidationError } from '../errors'
import { errnoOf } from '../export/safe-write'
import { checkLibraryPath } from '../files/library-path'
import { libraryPaths } from '../paths'
import { countRows, hashFile, libraryFiles } from './library-files'
import { restoreJournal } from './journal-copy'
import { readManifest } from './manifest'

export interface RestoreOptions {
  from: string
  to: string
  nativeBinding?: string
  signal?: AbortSignal
  onProgress?: (p: { phase: BackupPhase; filesDone: number; filesTotal: number }) => void
}

export interface LibraryCheck {
  ok: boolean
  /** `PRAGMA integrity_check`'s answer: ['ok'] when sound. */
  integrity: string[]
  /** Rows that break a foreign key (`PRAGMA foreign_key_check`). */
  foreignKeyViolations: number
  images: FileCheck
  references: FileCheck
  /** Thumbnails are derived (made again from their image): a missing one is reported, not a failure. */
  thumbs: { checked: number; missing: string[] }
  /** Stored paths that are not the content address of one of our files. */
  refused: string[]
  counts: ReturnType<typeof countRows>
}

export interface FileCheck {
  checked: number
  missing: string[]
  /** Present, but its bytes do not hash to the sha256 in its name and row. */
  damaged: string[]
}

export interface RestoreResult {
  canceled: boolean
  to: string
  manifest: BackupManifest
  copied: number
  /** Files the database names that the backup folder does not hold. */
  notInBackup: string[]
  /** Counts that differ from the manifest's (none when the snapshot is the one the manifest describes). */
  countMismatches: string[]
  check: LibraryCheck | null
}

/** A missing folder, or an empty one, may be restored into; anything else is refused. */
function assertEmptyTarget(to: string): boolean {
  const st = statSync(to, { throwIfNoEntry: false })
  if (!st) return false
  if (!st.isDirectory()) throw new ValidationError(`${to} is a file, not a folder. Restore into an empty or new folder.`, 'to')
  if (readdirSync(to).length > 0) throw new ValidationError(`${to} is not empty. Restore only into an empty or new folder; nothing was changed.`, 'to')
  return true
}

export async function restoreBackup(o: RestoreOptions): Promise<RestoreResult> {
  const from = resolve(o.from)
  const to = resolve(o.to)
  const manifest = await readManifest(from)
  if (manifest === null) {
    throw new ValidationError(`${from} holds no ${'manifest.json'}: it is not a backup, or one that never finished.`, 'from')
  }
  const existed = assertEmptyTarget(to)
  mkdirSync(dirname(to), { recursive: true })
  const stage = join(dirname(to), `.${basename(to)}.restoring-${randomBytes(6).toString('hex')}`)
  const paths = libraryPaths(stage)
  mkdirSync(stage)
  try {
    o.onProgress?.({ phase: 'database', filesDone: 0, filesTotal: 0 })
    const dbSource = join(from, manifest.database.file)
    const dbHash = await hashFile(dbSource).catch((error: unknown) => {
      if (errnoOf(error) === 'ENOENT') throw new ValidationError(`The backup's database ${manifest.database.file} is missing: the backup is damaged.`, 'from')
      throw error
    })
    if (dbHash.sha256 !== manifest.database.sha256) throw new ValidationError(`The backup's database does not match the sha256 in its manifest: the backup is damaged.`, 'from')
    await copyFile(dbSource, paths.dbFile)
    if ((await hashFile(paths.dbFile)).sha256 !== manifest.database.sha256) throw new AppError('INTERNAL', 'The restored database did not read back as copied.')
    const db = openDatabase(paths.dbFile, { readonly: true, ...(o.nativeBinding ? { nativeBinding: o.nativeBinding } : {}) })
    let listed: ReturnType<typeof libraryFiles>
    let counts: ReturnType<typeof countRows>
    try {
      listed = libraryFiles(db)
      counts = countRows(db)
    } finally {
      db.close()
    }
    const notInBackup: string[] = []
    let copied = 0
    for (const dir of [paths.imagesDir, paths.thumbsDir, paths.tmpDir, join(stage, 'refs')]) mkdirSync(dir, { recursive: true })
    o.onProgress?.({ phase: 'files', filesDone: 0, filesTotal: listed.files.length })
    for (const [i, f] of listed.files.entries()) {
      if (o.signal?.aborted) {
        rmSync(stage, { recursive: true, force: true })
        return { canceled: true, to, manifest, copied, notInBackup, countMismatches: [], check: null }
      }
      const target = join(stage, f.rel)
      mkdirSync(dirname(target), { recursive: true })
      try {
        await copyFile(join(from, f.rel), target)
        copied++
      } catch (error) {
        if (errnoOf(error) !== 'ENOENT') throw error
        if (!f.optional) notInBackup.push(f.rel)
      }
      o.onProgress?.({ phase: 'files', filesDone: i + 1, filesTotal: listed.files.length })
    }
    // The journal, cut at the snapshot's sequence: journal and database agree.
    if (manifest.journal) await restoreJournal(from, manifest.journal, paths.journalDir)
    if (existed) rmdirSync(to)
    await rename(stage, to)
    const countMismatches = (Object.keys(counts) as (keyof typeof counts)[]).filter((k) => counts[k] !== manifest.counts[k]).map((k) => `${k}: ${counts[k]} in the database, ${manifest.counts[k]} in the manifest`)
    const check = await checkLibrary(to, o.nativeBinding)
    return { canceled: false, to, manifest, copied, notInBackup, countMismatches, check }
  } catch (error) {
    rmSync(stage, { recursive: true, force: true })
    throw error
  }
}

/** Checks a library folder: the database's integrity, and every file its rows name against their hashes. */
export async function checkLibrary(dataDir: string, nativeBinding?: string): Promise<LibraryCheck> {
  const paths = libraryPaths(dataDir)
  const db = openDatabase(paths.dbFile, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) })
  let integrity: string[]
  let foreignKeyViolations: number
  let listed: ReturnType<typeof libraryFiles>
  let counts: ReturnType<typeof countRows>
  try {
    integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check)
    foreignKeyViolations = (db.pragma('foreign_key_check') as unknown[]).length
    listed = libraryFiles(db)
    counts = countRows(db)
  } finally {
    db.close()
  }
  const images: FileCheck = { checked: 0, missing: [], damaged: [] }
  const references: FileCheck = { checked: 0, missing: [], damaged: [] }
  const thumbs = { checked: 0, missing: [] as string[] }
  const refused = listed.refused.map((r) => r.path)
  for (const f of listed.files) {
    const inside = checkLibraryPath(dataDir, f.rel)
    if (!inside.ok && inside.problem !== 'missing') {
      refused.push(f.rel)
      continue
    }
    const abs = join(dataDir, f.rel)
    if (f.kind === 'thumb') {
      if (f.optional) continue
      thumbs.checked++
      if (!statSync(abs, { throwIfNoEntry: false })?.isFile()) thumbs.missing.push(f.rel)
      continue
    }
    const into = f.kind === 'image' ? images : references
    into.checked++
    const hash = await hashFile(abs).catch((error: unknown) => {
      if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'EISDIR') return null
      throw error
    })
    if (hash === null) into.missing.push(f.rel)
    else if (hash.sha256 !== f.sha256) into.damaged.push(f.rel)
  }
  const ok =
    integrity.length === 1 &&
    integrity[0] === 'ok' &&
    foreignKeyViolations === 0 &&
    refused.length === 0 &&
    [images, references].every((c) => c.missing.length === 0 && c.damaged.length === 0)
  return { ok, integrity, foreignKeyViolations, images, references, thumbs, refused, counts }
}
