/**
 * One `library:changed` push per burst, carrying the ids and the new counts
 * (issue 12). A 20-image job stores its images one by one and an organise action
 * touches many rows at once; the renderer should hear about each burst once, with
 * the library's stats inside (trigger-kept counters, O(1)), instead of asking for
 * stats and the view again after every image.
 *
 * Timing: the first change after a quiet spell is pushed on the next turn of the
 * event loop (so one synchronous action is one push, and nothing waits); changes
 * inside `intervalMs` of the last push are held and sent together when it ends.
 *
 * Other writers: SQLite's `PRAGMA data_version` changes on this connection only
 * when another connection committed (the CLI, a second app, a sync client). It is
 * polled every `pollMs` and reported as an `external` change: the ids are unknown,
 * so the renderer reads its view again.
 */
import type { LibraryChanged, LibraryChangeReason, LibraryStats } from '../../shared/domain'
import type { LibraryImage } from '../../shared/library'

/** Rows travel with a push up to this many ids (a screenful or two); beyond, only ids. */
export const MAX_ROWS_PER_PUSH = 500

export interface ChangeFeedOptions {
  emit(change: LibraryChanged): void
  stats(): LibraryStats
  /** The rows of these ids as they are now (added and updated images travel with their rows). */
  rows?(ids: readonly number[]): LibraryImage[]
  /** Least time between two pushes (default 100 ms). */
  intervalMs?: number
  /** Reads `PRAGMA data_version` of the app's connection; without it other writers go unseen. */
  dataVersion?(): number
  /** How often to look for other writers (default 1000 ms). */
  pollMs?: number
}

type IdChange = Exclude<LibraryChangeReason, 'external'>
const ORDER: readonly IdChange[] = ['images-added', 'images-updated', 'images-trashed', 'images-restored', 'images-removed']
const WITH_ROWS: ReadonlySet<IdChange> = new Set(['images-added', 'images-updated'])

export class ChangeFeed {
  private readonly pending = new Map<IdChange, Set<number>>()
  private external = false
  private lastPush = -Infinity
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null
  private readonly poller: NodeJS.Timeout | null = null
  private version: number | null = null
  private closed = false
  private readonly intervalMs: number

  constructor(private readonly o: ChangeFeedOptions) {
    this.intervalMs = o.intervalMs ?? 100
    if (o.dataVersion) {
      this.version = o.dataVersion()
      this.poller = setInterval(() => this.checkOtherWriters(), o.pollMs ?? 1000)
      this.poller.unref()
    }
  }

  /** Records a committed change; the push follows (see the header for when). */
  add(reason: IdChange, ids: readonly number[]): void {
    if (this.closed || ids.length === 0) return
    let set = this.pending.get(reason)
    if (!set) this.pending.set(reason, (set = new Set()))
    for (const id of ids) set.add(id)
    this.schedule()
  }

  /** Looks once for commits by other connections (also run by the poller). */
  checkOtherWriters(): void {
    if (this.closed || !this.o.dataVersion) return
    let v: number
    try {
      v = this.o.dataVersion()
    } catch {
      return // the database is closing
    }
    if (v === this.version) return
    this.version = v
    this.external = true
    this.schedule()
  }

  /** Sends what is pending now, one push per kind of change. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout)
      clearImmediate(this.timer as NodeJS.Immediate)
      this.timer = null
    }
    if (this.closed || (this.pending.size === 0 && !this.external)) return
    let stats: LibraryStats
    try {
      stats = this.o.stats()
    } catch {
      return // the database is closing
    }
    this.lastPush = performance.now()
    const batches = ORDER.flatMap((reason): LibraryChanged[] => {
      const set = this.pending.get(reason)
      if (!set || set.size === 0) return []
      const imageIds = [...set]
      const images = this.o.rows && WITH_ROWS.has(reason) && imageIds.length <= MAX_ROWS_PER_PUSH ? this.rowsOf(imageIds) : undefined
      return [images ? { reason, imageIds, stats, images } : { reason, imageIds, stats }]
    })
    const external = this.external
    this.pending.clear()
    this.external = false
    for (const b of batches) this.o.emit(b)
    if (external) this.o.emit({ reason: 'external', imageIds: [], stats })
  }

  close(): void {
    this.closed = true
    if (this.poller) clearInterval(this.poller)
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout)
      clearImmediate(this.timer as NodeJS.Immediate)
    }
    this.timer = null
    this.pending.clear()
  }

  private rowsOf(ids: number[]): LibraryImage[] | undefined {
    try {
      return this.o.rows?.(ids)
    } catch {
      return undefined // the renderer reads them itself
    }
  }

  private schedule(): void {
    if (this.timer) return
    const wait = this.lastPush + this.intervalMs - performance.now()
    this.timer = wait <= 0 ? setImmediate(() => this.flush()) : setTimeout(() => this.flush(), wait)
  }
}
