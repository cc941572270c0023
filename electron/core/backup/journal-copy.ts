/**
 * The journal in a backup (issue 11): `journal/` copied after the database
 * snapshot, cut at the snapshot's sequence number, so a restored library's journal
 * and library.db agree (doctor finds neither side ahead of the other).
 *
 * - The journal is append-only and its lines are appended after their commit, so a
 *   segment read after the snapshot holds every line the snapshot committed, except
 *   one another process has committed but not yet appended: the copy is read again
 *   (a few times, briefly) until it reaches the snapshot's sequence.
 * - Lines past the snapshot's sequence (written meanwhile) are left out, as is the
 *   unterminated piece a writer was in the middle of; any other line is kept as it
 *   is (a torn or damaged one is the journal reader's to report).
 * - Each copy is named by its content (`journal/journal-000001-<sha12>.jsonl`), like
 *   the database snapshot: the previous manifest's copies stay intact until the new
 *   manifest is in place, and only then are the ones it no longer names removed.
 * - Incremental: a segment whose size is what the previous manifest recorded, and
 *   whose copy was not cut, is not read again (a closed segment never changes).
 */
import { readdirSync, rmSync } from 'node:fs'
import * as fsp from 'node:fs/promises'
import { join } from 'node:path'
import type { BackupJournal, BackupJournalSegment } from '../../shared/backup'
import { AppError, ValidationError } from '../errors'
import { errnoOf, placeExclusive, removeQuietly, TEMP_PREFIX, writeTemp, type ExportFs } from '../export/safe-write'
import { decodeLine, listSegments, segmentName } from '../journal/journal-file'
import { sha256Of } from './library-files'

export const JOURNAL_DIR = 'journal'
const COPY_NAME = /^journal-(\d{6,})-[0-9a-f]{12}\.jsonl$/
/** How often a copy is read again while it lacks lines the snapshot committed. */
const CATCH_UP_TRIES = 20
const CATCH_UP_MS = 25

/** A segment's bytes up to `snapshotSeq`, and the highest sequence number kept. */
export function cutSegment(data: Buffer, snapshotSeq: number): { kept: Buffer; maxSeq: number; cut: boolean } {
  const text = data.toString('utf8')
  const lines = text.split('\n')
  // The piece after the last newline is empty or a line still being written.
  const tail = lines.pop()!
  let cut = tail.length > 0
  let maxSeq = 0
  const kept: string[] = []
  for (const line of lines) {
    const d = decodeLine(line)
    if ('seq' in d && d.seq > snapshotSeq) {
      cut = true
      continue
    }
    if ('seq' in d) maxSeq = Math.max(maxSeq, d.seq)
    kept.push(`${line}\n`)
  }
  return { kept: cut ? Buffer.from(kept.join(''), 'utf8') : data, maxSeq, cut }
}

async function readUpTo(fs: ExportFs, file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file)
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null
    throw error
  }
}

/**
 * Copies the library's journal into `<to>/journal/`, cut at `snapshotSeq`. Answers
 * what the manifest records and the bytes copied.
 */
export async function backupJournal(o: { fs: ExportFs; journalDir: string; to: string; snapshotSeq: number; previous: BackupJournal | null }): Promise<{ journal: BackupJournal; copied: number; skipped: number; bytesCopied: number }> {
  const dir = join(o.to, JOURNAL_DIR)
  await o.fs.mkdir(dir, { recursive: true })
  // Leftovers of a backup that was killed (the caller holds the folder's lock).
  for (const name of readdirSync(dir)) if (name.startsWith(TEMP_PREFIX)) rmSync(join(dir, name), { force: true })
  const before = new Map((o.previous?.segments ?? []).map((s) => [s.segment, s]))
  const done = new Map<string, BackupJournalSegment>()
  const copiedNames = new Set<string>()
  let bytesCopied = 0
  for (let attempt = 0; ; attempt++) {
    let maxSeq = 0
    for (const n of listSegments(o.journalDir)) {
      const name = segmentName(n)
      const source = join(o.journalDir, name)
      const size = await o.fs.stat(source).then((s) => s.size, () => null)
      if (size === null) continue
      const have = done.get(name) ?? before.get(name)
      // Unchanged and whole (never cut): the copy the folder holds is this segment.
      if (have && !have.cut && have.sourceBytes === size && (await o.fs.stat(join(o.to, have.file)).then((s) => s.size, () => null)) === have.bytes) {
        done.set(name, have)
        maxSeq = Math.max(maxSeq, have.maxSeq)
        continue
      }
      const data = await readUpTo(o.fs, source)
      if (data === null) continue
      const part = cutSegment(data, o.snapshotSeq)
      maxSeq = Math.max(maxSeq, part.maxSeq)
      const sha256 = sha256Of(part.kept)
      const file = `${JOURNAL_DIR}/${name.replace(/\.jsonl$/, '')}-${sha256.slice(0, 12)}.jsonl`
      if ((await o.fs.stat(join(o.to, file)).then((s) => s.size, () => null)) !== part.kept.length) {
        const tmp = await writeTemp(o.fs, dir, part.kept, '.journal')
        try {
          if (sha256Of(await o.fs.readFile(tmp)) !== sha256) throw new AppError('INTERNAL', `The copy of ${name} did not read back as written.`)
          await placeExclusive(o.fs, tmp, join(o.to, file))
        } finally {
          await removeQuietly(o.fs, tmp)
        }
        copiedNames.add(name)
        bytesCopied += part.kept.length
      }
      done.set(name, { segment: name, file, bytes: part.kept.length, sha256, sourceBytes: data.length, cut: part.cut, maxSeq: part.maxSeq })
    }
    // A line the snapshot committed that its writer has not appended yet: read again shortly.
    if (maxSeq >= o.snapshotSeq || done.size === 0 || attempt >= CATCH_UP_TRIES) break
    await new Promise((r) => setTimeout(r, CATCH_UP_MS))
  }
  const segments = [...done.values()].sort((a, b) => a.segment.localeCompare(b.segment))
  return { journal: { seq: o.snapshotSeq, segments }, copied: copiedNames.size, skipped: segments.length - copiedNames.size, bytesCopied }
}

/** Once the new manifest is in place: the journal copies it does not name go (and temp files a killed backup left). */
export function pruneJournalCopies(to: string, journal: BackupJournal): void {
  const keep = new Set(journal.segments.map((s) => s.file))
  let names: string[]
  try {
    names = readdirSync(join(to, JOURNAL_DIR))
  } catch {
    return
  }
  for (const name of names) if (COPY_NAME.test(name) && !keep.has(`${JOURNAL_DIR}/${name}`)) rmSync(join(to, JOURNAL_DIR, name), { force: true })
}

/** Restore: each copy, checked against its sha256, back under its segment's name. */
export async function restoreJournal(from: string, journal: BackupJournal, journalDir: string): Promise<number> {
  await fsp.mkdir(journalDir, { recursive: true })
  for (const s of journal.segments) {
    let data: Buffer
    try {
      data = await fsp.readFile(join(from, s.file))
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') throw new ValidationError(`The backup's journal segment ${s.file} is missing: the backup is damaged.`, 'from')
      throw error
    }
    if (data.length !== s.bytes || sha256Of(data) !== s.sha256) throw new ValidationError(`The backup's journal segment ${s.file} does not match its manifest: the backup is damaged.`, 'from')
    await fsp.writeFile(join(journalDir, s.segment), data, { flag: 'wx' })
  }
  return journal.segments.length
}
