/**
 * Where library reads run. In the app they run in worker threads, each with its
 * own read-only connection, so a query over a million rows never blocks the main
 * process (IPC, protocol, the generation queue). Tests and the CLI may run them
 * in-process. Both sides expose the same async interface.
 */
import type { Database } from 'better-sqlite3'
import type { ImageSwatch, LibraryImage, LibraryPage, LibraryView, MonthCount } from '../../shared/library'
import { AppError } from '../errors'
import { countIsKept, LibraryQueries, type SqliteCheck } from './library-queries'
import { startLane, type QueryLane, type WorkerOptions } from './query-lane'

export type { WorkerOptions } from './query-lane'

export interface LibraryQueryRunner {
  page(view: LibraryView, cursor: string | null, limit: number): Promise<LibraryPage>
  count(view: LibraryView): Promise<number>
  idList(view: LibraryView): Promise<Uint32Array>
  monthCounts(view: LibraryView): Promise<MonthCount[]>
  images(ids: number[]): Promise<LibraryImage[]>
  /** SQLite's check of the whole file (slow: see LibraryQueries.sqliteCheck). */
  sqliteCheck(quick: boolean): Promise<SqliteCheck>
  swatches(ids: number[]): Promise<ImageSwatch[]>
  close(): Promise<void>
}

export type QueryMethod = Exclude<keyof LibraryQueryRunner, 'close'>
export interface QueryRequest {
  id: number
  method: QueryMethod
  args: unknown[]
}
export type QueryReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { code: string; message: string; field?: string } }

export function inProcessRunner(db: Database): LibraryQueryRunner {
  const q = new LibraryQueries(db)
  return {
    page: async (v, c, l) => q.page(v, c, l),
    count: async (v) => q.count(v),
    idList: async (v) => q.idList(v),
    monthCounts: async (v) => q.monthCounts(v),
    images: async (ids) => q.images(ids),
    sqliteCheck: async (quick) => q.sqliteCheck(quick),
    swatches: async (ids) => q.swatches(ids),
    close: async () => undefined
  }
}

/**
 * The worker that answers a call. A worker answers one request after another, so
 * the gallery's calls are split by cost (1M images): `fast` for what the screen
 * waits on (a first page 0.5–34 ms, rows and swatches of the tiles a few ms, a
 * count that reads a trigger-kept counter); `ids` for id lists (60–270 ms);
 * `counts` for month counts (40–290 ms) and counts of a filtered view, which scan
 * the view's rows as month counts do (they wait behind the scrubber, never behind
 * the tiles or the id list). A view's id list and month counts, asked for at once,
 * run side by side. `check` is SQLite's check of the whole file (seconds), once at
 * start-up, in a worker of its own that ends when it has answered.
 */
export type Lane = 'fast' | 'ids' | 'counts' | 'check'

export function laneOf(method: QueryMethod, args: readonly unknown[]): Lane {
  switch (method) {
    case 'page':
    case 'images':
    case 'swatches':
      return 'fast'
    case 'count':
      return countIsKept(args[0] as LibraryView) ? 'fast' : 'counts'
    case 'idList':
      return 'ids'
    case 'monthCounts':
      return 'counts'
    case 'sqliteCheck':
      return 'check'
  }
}

/**
 * The gallery's pool: three workers started at once (one takes ~65 ms to load
 * SQLite and open the file, which the first page should not wait for).
 *
 * A running query cannot be stopped (better-sqlite3 has no interrupt), so typing
 * a search queues an id list and month counts per pause. The heavy lanes run the
 * newest waiting request first: the search on screen waits for at most the one
 * query already running on its lane, never for a queue of stale ones (which still
 * run later; their callers drop them). Cancelling would change the interface for
 * every caller, and a second id-list worker would still run the stale ones first.
 *
 * Memory: a started worker costs ~18 MB (its V8 heap, SQLite); its connection's
 * page cache grows to 32 MiB as it reads (connection.ts: cache_size), beside the
 * heap of its last result. Pages under mmap_size are the OS's file cache, shared
 * by every connection (RSS counts them once per mapping). Measured at 1M images
 * after a few searches: ~190 MB for the three workers, ~115 MB for one.
 */
export function workerRunner(opts: WorkerOptions): LibraryQueryRunner {
  const lanes: Record<Exclude<Lane, 'check'>, QueryLane> = {
    fast: startLane('fast', opts, { newestFirst: false }),
    ids: startLane('id lists', opts, { newestFirst: true }),
    counts: startLane('counts', opts, { newestFirst: true })
  }
  const checks = new Set<QueryLane>()
  let closed = false
  const call = <T>(method: QueryMethod, args: unknown[]): Promise<T> => {
    const lane = laneOf(method, args)
    if (lane !== 'check') return lanes[lane].call<T>(method, args)
    if (closed) return Promise.reject(new AppError('INTERNAL', 'The library query worker (check) stopped'))
    // It reads the whole file once: a worker kept after it would hold a full page cache for nothing.
    const check = startLane('check', opts, { newestFirst: false })
    checks.add(check)
    return check.call<T>(method, args).finally(() => {
      checks.delete(check)
      void check.close()
    })
  }
  return {
    page: (v, c, l) => call('page', [v, c, l]),
    count: (v) => call('count', [v]),
    idList: (v) => call('idList', [v]),
    monthCounts: (v) => call('monthCounts', [v]),
    images: (ids) => call('images', [ids]),
    sqliteCheck: (quick) => call('sqliteCheck', [quick]),
    swatches: (ids) => call('swatches', [ids]),
    close: async () => {
      closed = true
      await Promise.all([...Object.values(lanes), ...checks].map((lane) => lane.close()))
    }
  }
}
