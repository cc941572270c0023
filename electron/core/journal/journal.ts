/**
 * The append-only journal beside library.db (issue 11): every write to the
 * library's history (a generation's record and results, references, organise
 * changes, saved searches, settings) goes through `tx()`, which runs it in one
 * IMMEDIATE transaction, gives its events sequence numbers inside that
 * transaction (so they follow commit order even with the app and the CLI
 * writing at once), and appends them to the newest segment only after the commit
 * succeeded, then fdatasyncs in the background, one fdatasync for each group of
 * transactions (see append()). A crash between the commit and the append loses
 * those lines, never rows: `imagine doctor` sees the database's sequence ahead of
 * the journal's and `--fix` writes a checkpoint.
 *
 * This is the one place the write paths hook into: repositories and services call
 * `tx()`, `put()` (a row as it is after the write), `note()` (an organise
 * operation) and `apply()` (an operation applied by the same code rebuild uses).
 */
import { closeSync, fdatasync, fdatasyncSync, fstatSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { WritableDB } from '../db/connection'
import type { Logger } from '../log'
import { serializeError } from '../logging/serialize-error'
import { EventApplier, JOURNAL_SEQ_KEY, RowReader, type JournalEvent, type JournalTable, type Row } from './events'
import { encodeLine, lastSequence, listSegments, segmentName } from './journal-file'

/** A segment is closed for appends past this size (8 MB: about 20,000 images' records). */
export const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024

export interface JournalOptions {
  maxSegmentBytes?: number
  log?: Logger
}

export interface JournalStats {
  /** Transactions that wrote journal lines. */
  batches: number
  events: number
  bytes: number
  /** Time the journal takes on the caller's thread: reading rows back, encoding, allocating sequence numbers, writing. */
  costMs: number
  /** Of which writing (into the OS's page cache). */
  writeMs: number
  /** fdatasyncs done (off the main thread, one for every group of appends). */
  syncs: number
  /** Their time, in the background. */
  syncMs: number
  /** Appends that failed (the rows were kept; doctor --fix re-journals). */
  failures: number
  lastError: string | null
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r')
    try {
      fdatasyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    /* not supported everywhere (Windows): best effort */
  }
}

export class Journal {
  private depth = 0
  private pending: JournalEvent[] = []
  private fd: number | null = null
  private fdSegment = 0
  private readonly rows: RowReader
  private readonly applier: EventApplier
  private readonly seqStmt
  private readonly maxBytes: number
  /**
   * Set when library.db opened behind its journal: an older copy put back (a sync
   * client, a restore), or its newest commits lost. The journal holds later history.
   */
  behindAtStart: { database: number; journal: number } | null = null
  private readonly s: JournalStats = { batches: 0, events: 0, bytes: 0, costMs: 0, writeMs: 0, syncs: 0, syncMs: 0, failures: 0, lastError: null }

  /** `dir` null: no journal (the transactions and operations still run, nothing is written). */
  constructor(
    private readonly db: WritableDB,
    readonly dir: string | null,
    private readonly opts: JournalOptions = {}
  ) {
    this.rows = new RowReader(db)
    this.applier = new EventApplier(db)
    this.maxBytes = opts.maxSegmentBytes ?? DEFAULT_SEGMENT_BYTES
    this.seqStmt = db.prepare<[number], { v: number }>(`UPDATE settings SET value = CAST(CAST(value AS INTEGER) + ? AS TEXT) WHERE key = '${JOURNAL_SEQ_KEY}' RETURNING CAST(value AS INTEGER) AS v`)
    if (dir) this.start(dir)
  }

  /** A journal that writes nothing (tests and tools that build a database without one). */
  static off(db: WritableDB): Journal {
    let j = offJournals.get(db)
    if (!j) offJournals.set(db, (j = new Journal(db, null)))
    return j
  }

  get enabled(): boolean {
    return this.dir !== null
  }

  /**
   * The database's sequence never falls behind the journal's (a fresh or replaced
   * library.db continues the numbering), and a library that had no journal yet gets
   * a checkpoint of everything it holds, so the journal is complete from now on.
   */
  private start(dir: string): void {
    mkdirSync(dir, { recursive: true })
    const tail = lastSequence(dir)
    const before = databaseSequence(this.db)
    if (before > 0 && before < tail) this.behindAtStart = { database: before, journal: tail }
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO settings (key, value) VALUES ('${JOURNAL_SEQ_KEY}', '0') ON CONFLICT (key) DO NOTHING`).run()
      this.db.prepare(`UPDATE settings SET value = CAST(? AS TEXT) WHERE key = '${JOURNAL_SEQ_KEY}' AND CAST(value AS INTEGER) < ?`).run(tail, tail)
    }).immediate()
    if (tail === 0 && hasHistory(this.db)) this.checkpoint()
  }

  /** The last sequence number library.db has given out. */
  databaseSequence(): number {
    return databaseSequence(this.db)
  }

  stats(): JournalStats {
    return { ...this.s }
  }

  /** Runs `fn` in one IMMEDIATE transaction; its events are appended after the commit. Nested calls join the outer one. */
  tx<T>(fn: () => T): T {
    if (this.depth > 0) return fn()
    if (this.db.inTransaction) {
      // A transaction we do not own would commit after our append: the journal would run ahead of the rows.
      if (this.enabled) throw new Error('Journal.tx() inside a transaction it did not open')
      this.depth++
      try {
        return fn()
      } finally {
        this.depth--
      }
    }
    this.depth++
    let batch = ''
    let count = 0
    try {
      const result = this.db.transaction(() => {
        this.pending = []
        const r = fn()
        if (this.enabled && this.pending.length > 0) {
          const t0 = performance.now()
          count = this.pending.length
          const last = this.seqStmt.get(count)!.v
          const first = last - count + 1
          batch = this.pending.map((ev, i) => encodeLine(first + i, ev)).join('')
          this.s.costMs += performance.now() - t0
        }
        return r
      }).immediate()
      if (count > 0) this.append([batch], count)
      return result
    } finally {
      this.depth--
      this.pending = []
    }
  }

  private inside(): void {
    if (this.depth === 0) throw new Error('Journal events are recorded inside Journal.tx()')
  }

  /** Records an event written by the caller's own SQL. */
  note(ev: JournalEvent): void {
    this.inside()
    if (this.enabled) this.pending.push(ev)
  }

  /** Records the row `key` of `table` as it is now (a `del` when it is gone). */
  put(table: JournalTable, key: Row): void {
    this.inside()
    if (!this.enabled) return
    const t0 = performance.now()
    this.pending.push(this.rows.event(table, key))
    this.s.costMs += performance.now() - t0
  }

  /** Applies an organise operation (the SQL rebuild replays) and records it; answers the rows changed. */
  apply(ev: JournalEvent): number {
    this.inside()
    const changes = this.applier.apply(ev)
    if (this.enabled) this.pending.push(ev)
    return changes
  }

  /**
   * Writes the whole library as one checkpoint: a consistent snapshot read under the
   * write lock, streamed to the segment 4 MB at a time (memory stays bounded at any
   * size). Its end line is written only after the transaction that gave out its
   * sequence numbers committed: a checkpoint without it is ignored by rebuild.
   * Rebuild starts from the last complete checkpoint.
   */
  checkpoint(): { seq: number; rows: number } {
    if (!this.enabled) return { seq: 0, rows: 0 }
    const t0 = performance.now()
    let rows = 0
    let begin = 0
    let bytes = 0
    try {
      this.db.transaction(() => {
        rows = this.rows.count()
        const last = this.seqStmt.get(rows + 2)!.v
        begin = last - rows - 1
        let seq = begin
        let chunk = encodeLine(seq++, { t: 'checkpoint', phase: 'begin', rows, at: Date.now() })
        for (const ev of this.rows.all()) {
          chunk += encodeLine(seq++, ev)
          if (chunk.length > 4 * 1024 * 1024) {
            bytes += this.write(chunk)
            chunk = ''
          }
        }
        if (chunk) bytes += this.write(chunk)
      }).immediate()
      bytes += this.write(encodeLine(begin + rows + 1, { t: 'checkpoint', phase: 'end', begin }))
      this.s.batches++
      this.s.events += rows + 2
      this.s.bytes += bytes
      this.scheduleSync()
    } catch (error) {
      this.failed(error)
      this.closeFd()
    } finally {
      this.s.costMs += performance.now() - t0
    }
    return { seq: begin, rows }
  }

  /** Writes text to the newest segment (whole, at once); answers its bytes. */
  private write(text: string): number {
    const buf = Buffer.from(text, 'utf8')
    const fd = this.segmentFd()
    let off = 0
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off)
    return buf.length
  }

  /**
   * Appends whole lines to the newest segment at once (in the OS's hands from here:
   * a crash or kill of this process cannot lose them) and has them fdatasynced off
   * the main thread, one fdatasync for every append made while the previous one ran
   * (group commit). So the journal is exactly as durable as the rows it records:
   * library.db runs WAL with synchronous=NORMAL (db/connection.ts), whose commits
   * also survive a crash of the app and may lose the newest ones to a power loss.
   * A failure is logged, never thrown: the rows are committed.
   */
  private append(chunks: string[], events: number): void {
    const t0 = performance.now()
    try {
      let bytes = 0
      for (const c of chunks) bytes += this.write(c)
      this.s.batches++
      this.s.events += events
      this.s.bytes += bytes
      this.scheduleSync()
    } catch (error) {
      this.failed(error)
      this.closeFd()
    } finally {
      const ms = performance.now() - t0
      this.s.writeMs += ms
      this.s.costMs += ms
    }
  }

  private failed(error: unknown): void {
    this.s.failures++
    this.s.lastError = error instanceof Error ? error.message : String(error)
    this.opts.log?.error('the journal could not be written; the library is intact, run `imagine doctor --fix` to journal it again', { error: serializeError(error) })
  }

  private syncing = false
  private dirty = false
  private readonly retired: number[] = []
  private readonly idle: (() => void)[] = []

  private scheduleSync(): void {
    if (this.syncing) {
      this.dirty = true
      return
    }
    const fd = this.fd
    if (fd === null) return
    this.syncing = true
    this.dirty = false
    const t0 = performance.now()
    fdatasync(fd, (error) => {
      this.syncing = false
      this.s.syncs++
      this.s.syncMs += performance.now() - t0
      if (error) this.failed(error)
      // Descriptors of segments left behind (rotation, close) are closed once no fdatasync uses them.
      for (const old of this.retired.splice(0)) closeQuietly(old)
      if (this.dirty && this.fd !== null) this.scheduleSync()
      else this.idle.splice(0).forEach((resolve) => resolve())
    })
  }

  /** Resolves once everything appended so far has been fdatasynced. */
  flush(): Promise<void> {
    if (!this.syncing && !this.dirty) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  /** The descriptor of the newest segment, moving on to a new one past the size limit. */
  private segmentFd(): number {
    if (this.fd !== null && fstatSync(this.fd).size < this.maxBytes) return this.fd
    this.closeFd()
    const dir = this.dir!
    mkdirSync(dir, { recursive: true })
    let n = listSegments(dir).at(-1) ?? 1
    const file = (k: number): string => join(dir, segmentName(k))
    if ((statSync(file(n), { throwIfNoEntry: false })?.size ?? 0) >= this.maxBytes) n++
    const fd = openSync(file(n), 'a+')
    const size = fstatSync(fd).size
    if (size === 0) fsyncDir(dir)
    else {
      // A torn last line (a crash mid-write): end it, so the next line starts clean.
      const last = Buffer.alloc(1)
      readSync(fd, last, 0, 1, size - 1)
      if (last[0] !== 0x0a) writeSync(fd, '\n')
    }
    this.fd = fd
    this.fdSegment = n
    return fd
  }

  /** Leaves the current segment: its lines are fdatasynced now, its descriptor closed when no fdatasync still uses it. */
  private closeFd(): void {
    const fd = this.fd
    this.fd = null
    this.fdSegment = 0
    if (fd === null) return
    try {
      fdatasyncSync(fd)
    } catch (error) {
      this.failed(error)
    }
    if (this.syncing) this.retired.push(fd)
    else closeQuietly(fd)
    this.dirty = false
  }

  /** The segment this process appends to (0 before the first append). */
  get segment(): number {
    return this.fdSegment
  }

  /** Fdatasyncs what is left and closes the segment (the app and the CLI call it on the way out). */
  close(): void {
    this.closeFd()
    this.idle.splice(0).forEach((resolve) => resolve())
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd)
  } catch {
    /* already closed */
  }
}

/** One journal that writes nothing per database, so every repository without a journal shares its transactions. */
const offJournals = new WeakMap<WritableDB, Journal>()

/** Whether a database holds anything worth journaling. */
export function hasHistory(db: WritableDB): boolean {
  return (db.prepare('SELECT EXISTS (SELECT 1 FROM generations) OR EXISTS (SELECT 1 FROM images) OR EXISTS (SELECT 1 FROM collections) OR EXISTS (SELECT 1 FROM saved_searches) AS v').get() as { v: number }).v === 1
}

export function databaseSequence(db: WritableDB): number {
  const row = db.prepare(`SELECT CAST(value AS INTEGER) AS v FROM settings WHERE key = '${JOURNAL_SEQ_KEY}'`).get() as { v: number } | undefined
  return row?.v ?? 0
}
