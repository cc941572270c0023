/**
 * Fills in the average colour of images stored before schema 8, in the
 * background: small batches, newest images first (the gallery opens on them), a
 * pause between batches so the main process always has room for IPC, the image
 * protocol and the queue. The pixels are read by libvips off the JS thread; the
 * main thread only reads a batch of rows by id range (a bounded rowid scan, never
 * the whole table) and writes it back in one short transaction.
 *
 * Resumable: each batch commits its colours and the place reached
 * (color_backfill.below, schema 8) together, so after a restart or `stop()` the
 * next run carries on from there; a library that is done costs one row read.
 *
 * Not journaled: a colour is derived data, like a thumbnail, read again from the
 * thumbnail when missing. An image's own journal line carries the colour it was
 * stored with; a rebuilt library starts its backfill again for the rest.
 */
import type { WritableDB } from '../db/connection'
import { averageColor } from '../files/average-color'
import { checkLibraryPath } from '../files/library-path'
import type { Logger } from '../log'
import { serializeError } from '../logging/serialize-error'

/** Ids looked at per step at most, coloured or not (a step stays ~1 ms of SQLite on the main thread). */
export const SCAN_WINDOW = 4096

export interface ColorBackfillOptions {
  /** Images coloured per batch at most (default 32). */
  batch?: number
  /** Pause between batches, ms (default 25). */
  pauseMs?: number
  /** Wait before the first batch, ms, so a start-up is not slowed (default 3000). */
  startDelayMs?: number
  log?: Logger
  /** For tests: how a file's colour is read (default averageColor). */
  compute?: (file: string) => Promise<number>
}

export interface ColorBackfillStats {
  /** Images given a colour by this run. */
  colored: number
  /** Images whose thumbnail and image could not be read (left without a colour). */
  failed: number
  batches: number
  /** Time spent in SQLite on the main thread (reading batches, writing them back), ms. */
  sqlMs: number
  /** From the first batch to the last, ms. */
  ms: number
  done: boolean
}

interface Pending {
  id: number
  path: string
  thumb_path: string | null
}

export class ColorBackfill {
  private readonly s
  private readonly batchSize: number
  private readonly pauseMs: number
  private readonly compute: (file: string) => Promise<number>
  private timer: ReturnType<typeof setTimeout> | null = null
  private running: Promise<number> | null = null
  private stopped = false
  private startedAt = 0
  private readonly st: ColorBackfillStats = { colored: 0, failed: 0, batches: 0, sqlMs: 0, ms: 0, done: false }
  private readonly idle: (() => void)[] = []

  constructor(
    private readonly db: WritableDB,
    private readonly dataDir: string,
    private readonly opts: ColorBackfillOptions = {}
  ) {
    this.batchSize = opts.batch ?? 32
    this.pauseMs = opts.pauseMs ?? 25
    this.compute = opts.compute ?? averageColor
    this.s = {
      // NULL: from the newest image; 0: done.
      below: db.prepare<[], { below: number | null; top: number | null }>('SELECT below, (SELECT max(id) FROM images) AS top FROM color_backfill WHERE id = 1'),
      select: db.prepare<[number, number, number], Pending>('SELECT id, path, thumb_path FROM images WHERE id < ? AND id >= ? AND avg_rgb IS NULL ORDER BY id DESC LIMIT ?'),
      // Only where still empty: a row written meanwhile keeps its colour.
      write: db.prepare<[number, number]>('UPDATE images SET avg_rgb = ? WHERE id = ? AND avg_rgb IS NULL'),
      moveTo: db.prepare<[number]>('UPDATE color_backfill SET below = ? WHERE id = 1')
    }
  }

  /** The id the backfill has reached (it works below it), 0 when done, null before it starts. */
  position(): number | null {
    return this.s.below.get()?.below ?? null
  }

  stats(): ColorBackfillStats {
    return { ...this.st }
  }

  /** The colour of one image: from its thumbnail, else from the image itself; null when neither reads. */
  private async colorOf(row: Pending): Promise<number | null> {
    for (const rel of [row.thumb_path, row.path]) {
      if (!rel) continue
      // library.db is data: a path leading outside the library is never read.
      const check = checkLibraryPath(this.dataDir, rel)
      if (!check.ok) continue
      try {
        return await this.compute(check.file)
      } catch {
        /* the next source, or none */
      }
    }
    return null
  }

  /**
   * One step: colours up to `batch` images below the place reached (looking at
   * SCAN_WINDOW ids at most) and commits them with the new place. Answers false
   * once there is nothing left.
   */
  async runBatch(): Promise<boolean> {
    let t0 = performance.now()
    const at = this.s.below.get()
    if (!at || at.below === 0 || at.top === null) {
      if (at && at.below !== 0) this.s.moveTo.run(0)
      this.st.sqlMs += performance.now() - t0
      return false
    }
    const below = at.below ?? at.top + 1
    const floor = Math.max(1, below - SCAN_WINDOW)
    const rows = this.s.select.all(below, floor, this.batchSize)
    this.st.sqlMs += performance.now() - t0
    const colors: [number, number][] = []
    let reached = rows.length === this.batchSize ? rows[rows.length - 1]!.id : floor
    for (const row of rows) {
      if (this.stopped) {
        reached = row.id + 1
        break
      }
      const rgb = await this.colorOf(row)
      if (rgb === null) this.st.failed++
      else colors.push([rgb, row.id])
    }
    // Below id 1 there is nothing: done.
    const next = reached <= 1 ? 0 : reached
    t0 = performance.now()
    this.db.transaction(() => {
      for (const [rgb, id] of colors) this.s.write.run(rgb, id)
      this.s.moveTo.run(next)
    }).immediate()
    this.st.sqlMs += performance.now() - t0
    this.st.colored += colors.length
    this.st.batches++
    return next !== 0
  }

  /** Runs steps until none is left or stop() is called. */
  start(): void {
    if (this.timer || this.running || this.st.done) return
    this.stopped = false
    this.schedule(this.opts.startDelayMs ?? 3000)
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null
      if (this.startedAt === 0) this.startedAt = performance.now()
      const step = this.runBatch()
      this.running = step.then(
        (more) => this.after(more),
        (error: unknown) => {
          // A locked or closing database: stop quietly; the next start resumes from the last commit.
          this.opts.log?.warn('average colours: a batch failed; the rest waits for the next start', { error: serializeError(error) })
          this.stopped = true
          return this.after(true)
        }
      )
    }, ms)
    this.timer.unref?.()
  }

  private after(more: boolean): number {
    this.running = null
    this.st.ms = performance.now() - this.startedAt
    if (!this.stopped && more) {
      this.schedule(this.pauseMs)
      return 0
    }
    if (!more) {
      this.st.done = true
      if (this.st.batches > 1) this.opts.log?.info('average colours filled in', { ...this.st })
    }
    this.idle.splice(0).forEach((resolve) => resolve())
    return 0
  }

  /** Stops after the image in flight (what is done so far is committed); resolves once nothing runs. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.running) await new Promise<void>((resolve) => this.idle.push(resolve))
    else this.idle.splice(0).forEach((resolve) => resolve())
  }

  /** Resolves once the backfill is done or stopped (tests, the benchmark). */
  whenIdle(): Promise<void> {
    if (!this.running && !this.timer) return Promise.resolve()
    return new Promise<void>((resolve) => this.idle.push(resolve))
  }
}
