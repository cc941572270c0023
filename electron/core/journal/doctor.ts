/**
 * `imagine doctor [--fix]` (issue 11) and the app's check at start-up. What it
 * looks at:
 *
 * - SQLite: `integrity_check` (`quick_check` in the quick part) and foreign keys.
 * - Files: an image or reference row whose file is missing, or whose bytes no
 *   longer match (the size in the quick part, the sha256 in the full one);
 *   thumbnails missing; orphans (files in images/ or refs/ that no row names);
 *   temp files processes that are gone left behind.
 * - Jobs not yet final, and whether the process that holds them still runs.
 * - The journal against the database: the last sequence number each has, torn or
 *   damaged lines, lost lines, and (full part) generations and images the database
 *   has and the journal does not know.
 *
 * `fix` repairs what is safe and says what it did: temp files of dead processes
 * are removed, thumbnails made again, orphans moved (never deleted) to
 * `lost+found/` under their library path, orphan thumbnails (derived data) removed,
 * and a journal behind the database gets a checkpoint of the whole library. A
 * user's image file is never deleted, and a row is never removed.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { WritableDB } from '../db/connection'
import type { GenerationsRepo } from '../db/repos/generations-repo'
import { ImagesRepo } from '../db/repos/images-repo'
import { ownerIsDead } from '../generation/generation-service'
import type { ImageStore } from '../files/image-store'
import { resolveInsideLibrary } from '../files/library-path'
import { LibraryQueries, type SqliteCheck } from '../library/library-queries'
import type { LibraryPaths } from '../paths'
import { databaseSequence, hasHistory, type Journal } from './journal'
import { lastSequence, readJournal, type BadLine } from './journal-file'
import { replayPlan } from './rebuild'
import { checkStoredFile, samePath, walkLibraryFiles } from './library-scan'
import type { HealthReport } from '../../shared/health'

export type { HealthReport } from '../../shared/health'

export interface DoctorDeps {
  db: WritableDB
  paths: LibraryPaths
  journal: Journal
  store: ImageStore
  repo: GenerationsRepo
  /** Runs SQLite's check of the file (default: on `db`, in this thread). The app's start-up check passes a worker's. */
  sqliteCheck?: (quick: boolean) => Promise<SqliteCheck>
}

/** The quick part checks the files of this many newest images (a start-up must not stat 200,000 files). */
export const QUICK_FILE_CHECKS = 500

export interface DoctorOptions {
  /**
   * The start-up part: quick_check, the newest QUICK_FILE_CHECKS images by size (not
   * hash), no orphan walk, the journal's tail only (all of it when the database is empty).
   */
  quick?: boolean
  fix?: boolean
  /**
   * An orphan changed this recently is left alone: it may be an image another
   * process has just moved into place and is about to record. Default 15 minutes.
   */
  orphanGraceMs?: number
  now?: () => number
}

/** What the journal knows, replayed in memory as sets of ids (the full part). */
function journalIds(dir: string): { generations: Set<number>; images: Set<number>; bad: BadLine[]; gaps: [number, number][] } {
  const read = readJournal(dir)
  const plan = replayPlan(read)
  const generations = new Set<number>()
  const images = new Set<number>()
  for (const { ev } of plan.entries) {
    if (ev.t === 'checkpoint' && ev.phase === 'begin') {
      generations.clear()
      images.clear()
    } else if (ev.t === 'put' && ev.tb === 'generations') generations.add(Number(ev.r.id))
    else if (ev.t === 'put' && ev.tb === 'images') images.add(Number(ev.r.id))
    else if (ev.t === 'del' && ev.tb === 'images') images.delete(Number(ev.k.id))
    else if (ev.t === 'images.delete') for (const id of ev.ids) images.delete(id)
  }
  // Lines lost since the last checkpoint (before it, the checkpoint stands in for them).
  const gaps: [number, number][] = []
  for (let i = 1; i < plan.entries.length; i++) {
    const prev = plan.entries[i - 1]!.seq
    const cur = plan.entries[i]!.seq
    if (cur > prev + 1) gaps.push([prev + 1, cur - 1])
  }
  return { generations, images, bad: read.bad, gaps }
}

export async function runDoctor(d: DoctorDeps, options: DoctorOptions = {}): Promise<HealthReport> {
  const quick = options.quick ?? false
  const fixed: string[] = []
  const problems: string[] = []
  const { db, paths } = d

  // SQLite itself.
  const { integrity, foreignKeys } = d.sqliteCheck ? await d.sqliteCheck(quick) : new LibraryQueries(db).sqliteCheck(quick)
  const sqliteOk = integrity.length === 1 && integrity[0] === 'ok' && foreignKeys === 0
  if (!sqliteOk) problems.push(`the database failed its ${quick ? 'quick' : 'integrity'} check${foreignKeys ? ` (${foreignKeys} broken references)` : ''}: run imagine rebuild`)

  // Files the rows name.
  const missing: HealthReport['files']['missing'] = []
  const changed: HealthReport['files']['changed'] = []
  let thumbsMissing: number[] = []
  const named = new Set<string>()
  const namedThumbs = new Set<string>()
  // The trigger-kept counters (live and trashed): O(1), where count(*) reads the whole table.
  const counts = new ImagesRepo(db).stats()
  const imageCount = counts.images + counts.trashed
  const images = db.prepare(`SELECT id, sha256, path, thumb_path, bytes FROM images ORDER BY id ${quick ? `DESC LIMIT ${QUICK_FILE_CHECKS}` : ''}`).all() as { id: number; sha256: string; path: string; thumb_path: string | null; bytes: number }[]
  for (const img of images) {
    named.add(samePath(img.path))
    if (img.thumb_path) namedThumbs.add(samePath(img.thumb_path))
    const state = await checkStoredFile(paths.dataDir, img.path, img, !quick)
    if (state === 'changed') changed.push({ kind: 'image', id: img.id, path: img.path })
    else if (state !== 'ok') missing.push({ kind: 'image', id: img.id, path: img.path })
    else if (!img.thumb_path || (await checkStoredFile(paths.dataDir, img.thumb_path, { sha256: '', bytes: -1 }, false)) === 'missing') thumbsMissing.push(img.id)
  }
  const refs = db.prepare('SELECT id, sha256, path, bytes FROM reference_images ORDER BY id').all() as { id: number; sha256: string; path: string; bytes: number }[]
  for (const ref of refs) {
    named.add(samePath(ref.path))
    const state = await checkStoredFile(paths.dataDir, ref.path, ref, !quick)
    if (state === 'changed') changed.push({ kind: 'reference', id: ref.id, path: ref.path })
    else if (state !== 'ok') missing.push({ kind: 'reference', id: ref.id, path: ref.path })
  }
  if (missing.length) problems.push(`${missing.length} file(s) the library names are missing`)
  if (changed.length) problems.push(`${changed.length} file(s) no longer match their hash`)
  // Derived data, made again by --fix: a problem for the full check, not one to interrupt a start-up with.
  if (thumbsMissing.length && !options.fix && !quick) problems.push(`${thumbsMissing.length} thumbnail(s) are missing`)
  if (thumbsMissing.length && options.fix) {
    const byId = new Map(images.map((i) => [i.id, i]))
    let made = 0
    for (const id of thumbsMissing) {
      const img = byId.get(id)!
      try {
        const rel = await d.store.thumbnail(resolveInsideLibrary(paths.dataDir, img.path), img.sha256)
        if (rel !== img.thumb_path) d.journal.tx(() => {
          db.prepare('UPDATE images SET thumb_path = ? WHERE id = ?').run(rel, id)
          d.journal.put('images', { id })
        })
        namedThumbs.add(samePath(rel))
        made++
      } catch {
        problems.push(`the thumbnail of image #${id} could not be made`)
      }
    }
    if (made) fixed.push(`made ${made} missing thumbnail(s) again`)
    thumbsMissing = thumbsMissing.slice(made)
  }

  // Orphans: files no row names. Never deleted: moved to lost+found/ under their own path.
  const orphans = quick ? [] : [...walkLibraryFiles(paths.dataDir, 'images'), ...walkLibraryFiles(paths.dataDir, 'refs')].filter((f) => !named.has(samePath(f)))
  const orphanThumbs = quick ? [] : walkLibraryFiles(paths.dataDir, 'thumbs').filter((f) => !namedThumbs.has(samePath(f)))
  const movedToLostFound: string[] = []
  const now = (options.now ?? Date.now)()
  const grace = options.orphanGraceMs ?? 15 * 60_000
  const recent = (rel: string): boolean => now - (statSync(join(paths.dataDir, rel), { throwIfNoEntry: false })?.mtimeMs ?? 0) < grace
  if (options.fix) {
    for (const rel of orphans) {
      if (recent(rel)) {
        problems.push(`${rel} is named by no row but was written in the last ${Math.round(grace / 60_000)} minutes (perhaps being stored now): left alone`)
        continue
      }
      let target = join(paths.lostFoundDir, rel)
      if (existsSync(target)) target = `${target}.${now}`
      mkdirSync(dirname(target), { recursive: true })
      renameSync(join(paths.dataDir, rel), target)
      movedToLostFound.push(rel)
    }
    if (movedToLostFound.length) fixed.push(`moved ${movedToLostFound.length} file(s) no row names to ${paths.lostFoundDir}`)
    const staleThumbs = orphanThumbs.filter((rel) => !recent(rel))
    for (const rel of staleThumbs) rmSync(join(paths.dataDir, rel), { force: true })
    if (staleThumbs.length) fixed.push(`removed ${staleThumbs.length} thumbnail(s) of no image (they are made from images)`)
  } else {
    if (orphans.length) problems.push(`${orphans.length} file(s) in the library are named by no row (doctor --fix moves them to lost+found)`)
  }
  let tempFiles = 0
  if (options.fix) {
    tempFiles = d.store.cleanTemp()
    if (tempFiles) fixed.push(`removed ${tempFiles} temp file(s) left by processes that are gone`)
  }

  // Jobs not yet final.
  const unfinished = [...d.repo.unfinished(), ...d.repo.queued()].map((r) => ({
    generationId: r.id,
    taskUUID: r.task_uuid,
    status: r.status,
    owner: r.owner,
    ownerGone: r.owner === null || ownerIsDead(r.owner)
  }))
  const abandoned = unfinished.filter((j) => j.ownerGone)
  if (abandoned.length) problems.push(`${abandoned.length} job(s) were left unfinished: imagine resume (or the app) finishes them`)

  // The journal against the database.
  let journalSeq = d.journal.dir ? lastSequence(d.journal.dir) : 0
  let dbSeq = databaseSequence(db)
  let bad: BadLine[] = []
  let gaps: [number, number][] = []
  let unjournaled = { generations: 0, images: 0 }
  let notInDatabase = { generations: 0, images: 0 }
  // The quick part reads the whole journal only when the database has no history (deleted, replaced by an empty one).
  if (d.journal.dir && (!quick || !hasHistory(db))) {
    const known = journalIds(d.journal.dir)
    bad = known.bad
    gaps = known.gaps
    const genIds = new Set(db.prepare('SELECT id FROM generations').pluck().all() as number[])
    const imgIds = new Set(db.prepare('SELECT id FROM images').pluck().all() as number[])
    unjournaled = { generations: [...genIds].filter((id) => !known.generations.has(id)).length, images: [...imgIds].filter((id) => !known.images.has(id)).length }
    notInDatabase = { generations: [...known.generations].filter((id) => !genIds.has(id)).length, images: [...known.images].filter((id) => !imgIds.has(id)).length }
  }
  const older = d.journal.behindAtStart
  if (older) problems.push(`library.db was opened behind its journal (database #${older.database}, journal #${older.journal}): an older copy, or its newest changes were lost; imagine rebuild --force restores the journal's history (the database is moved aside)`)
  if (notInDatabase.generations || notInDatabase.images) {
    problems.push(`the journal holds ${notInDatabase.generations} generation(s) and ${notInDatabase.images} image(s) the database does not have: imagine rebuild --force restores them (the database is moved aside, not deleted)`)
  }
  const behind = d.journal.enabled && (dbSeq > journalSeq || gaps.length > 0 || unjournaled.generations > 0 || unjournaled.images > 0)
  if (bad.some((b) => b.kind === 'corrupt')) problems.push(`${bad.filter((b) => b.kind === 'corrupt').length} journal line(s) are damaged`)
  // A checkpoint makes the database the journal's truth: never while the journal holds history the database lost.
  const journalAhead = notInDatabase.generations > 0 || notInDatabase.images > 0
  if (behind && options.fix && !journalAhead) {
    const cp = d.journal.checkpoint()
    fixed.push(`journaled the whole library again (a checkpoint of ${cp.rows} rows from #${cp.seq})`)
    journalSeq = d.journal.dir ? lastSequence(d.journal.dir) : 0
    dbSeq = databaseSequence(db)
    unjournaled = { generations: 0, images: 0 }
    gaps = []
  } else if (behind && journalAhead) {
    problems.push('the journal and the database each hold entries the other lacks, so doctor --fix leaves the journal as it is: imagine rebuild --force restores the journal\'s version (the database is moved aside)')
  } else if (behind) {
    problems.push(`the journal is behind the database (journal #${journalSeq}, database #${dbSeq}${unjournaled.images || unjournaled.generations ? `; ${unjournaled.generations} generation(s) and ${unjournaled.images} image(s) not journaled` : ''}): doctor --fix journals them`)
  }

  return {
    ok: problems.length === 0,
    quick,
    checkedAt: Date.now(),
    problems,
    fixed,
    sqlite: { ok: sqliteOk, messages: integrity.filter((m) => m !== 'ok').slice(0, 20), foreignKeyProblems: foreignKeys },
    files: { images: imageCount, checked: images.length, references: refs.length, missing, changed, thumbnailsMissing: thumbsMissing.length, orphans: orphans.filter((o) => !movedToLostFound.includes(o)), movedToLostFound, orphanThumbnails: options.fix ? 0 : orphanThumbs.length, tempFilesRemoved: tempFiles },
    jobs: { unfinished },
    journal: { enabled: d.journal.enabled, lastSeq: journalSeq, databaseSeq: dbSeq, torn: bad.filter((b) => b.kind === 'torn').length, corrupt: bad.filter((b) => b.kind === 'corrupt').length, gaps, unjournaled, notInDatabase }
  }
}
