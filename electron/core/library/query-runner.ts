/**
 * Where library reads run. In the app they run in a worker thread with its own
 * read-only connection, so a query over a million rows never blocks the main
 * process (IPC, protocol, the generation queue). Tests and the CLI may run them
 * in-process. Both sides expose the same async interface.
 */
import { Worker } from 'node:worker_threads'
import type { Database } from 'better-sqlite3'
import type { ImageSwatch, LibraryImage, LibraryPage, LibraryView, MonthCount } from '../../shared/library'
import { AppError } from '../errors'
import { LibraryQueries, type SqliteCheck } from './library-queries'

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

export interface WorkerOptions {
  /** The worker's entry file (built JS in the app; the .ts file under tsx). */
  script: string
  execArgv?: string[]
  dbFile: string
  nativeBinding?: string
}

export function workerRunner(opts: WorkerOptions): LibraryQueryRunner {
  const worker = new Worker(opts.script, {
    workerData: { dbFile: opts.dbFile, nativeBinding: opts.nativeBinding },
    ...(opts.execArgv ? { execArgv: opts.execArgv } : {})
  })
  worker.unref()
  let next = 1
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>()
  const failAll = (error: unknown): void => {
    for (const p of pending.values()) p.reject(error)
    pending.clear()
  }
  worker.on('message', (reply: QueryReply) => {
    const p = pending.get(reply.id)
    if (!p) return
    pending.delete(reply.id)
    if (reply.ok) p.resolve(reply.value)
    else p.reject(new AppError(reply.error.code as AppError['code'], reply.error.message, reply.error.field === undefined ? undefined : { field: reply.error.field }))
  })
  worker.on('error', (error) => failAll(new AppError('INTERNAL', 'The library query worker failed', { cause: error })))
  worker.on('exit', () => failAll(new AppError('INTERNAL', 'The library query worker stopped')))
  const call = <T>(method: QueryMethod, args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      worker.ref()
      worker.postMessage({ id, method, args } satisfies QueryRequest)
    }).finally(() => {
      if (pending.size === 0) worker.unref()
    })
  return {
    page: (v, c, l) => call('page', [v, c, l]),
    count: (v) => call('count', [v]),
    idList: (v) => call('idList', [v]),
    monthCounts: (v) => call('monthCounts', [v]),
    images: (ids) => call('images', [ids]),
    sqliteCheck: (quick) => call('sqliteCheck', [quick]),
    swatches: (ids) => call('swatches', [ids]),
    close: async () => {
      await worker.terminate()
    }
  }
}
