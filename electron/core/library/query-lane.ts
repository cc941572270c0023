/**
 * One worker thread of the library's query pool (see query-runner.ts): its own
 * read-only connection (query-worker.ts), one request at a time. Requests wait
 * here, in main, rather than in the worker's message queue, so a lane can choose
 * which waiting request runs next.
 */
import { Worker } from 'node:worker_threads'
import { AppError } from '../errors'
import type { QueryMethod, QueryReply, QueryRequest } from './query-runner'

export interface WorkerOptions {
  /** The worker's entry file (built JS in the app; the .ts file under tsx). */
  script: string
  execArgv?: string[]
  dbFile: string
  nativeBinding?: string
}

export interface QueryLane {
  call<T>(method: QueryMethod, args: unknown[]): Promise<T>
  /** Ends the worker; what was waiting or running is rejected, and so is every later call. */
  close(): Promise<void>
}

interface Job {
  request: QueryRequest
  resolve(value: unknown): void
  reject(error: unknown): void
}

/**
 * `name` goes into the errors (which worker failed). `newestFirst`: the request
 * asked for last runs next instead of the one asked for first (see query-runner.ts).
 */
export function startLane(name: string, opts: WorkerOptions, order: { newestFirst: boolean }): QueryLane {
  const worker = new Worker(opts.script, {
    workerData: { dbFile: opts.dbFile, nativeBinding: opts.nativeBinding },
    ...(opts.execArgv ? { execArgv: opts.execArgv } : {})
  })
  // An idle worker does not keep the process alive (the CLI and tests end on their own).
  worker.unref()
  const waiting: Job[] = []
  let running: Job | null = null
  let failure: AppError | null = null
  let next = 1

  const sendNext = (): void => {
    if (running || failure) return
    const job = order.newestFirst ? waiting.pop() : waiting.shift()
    if (!job) {
      worker.unref()
      return
    }
    running = job
    worker.ref()
    worker.postMessage(job.request)
  }
  // The first failure stands: calls after it are refused at once instead of waiting for a worker that is gone.
  const fail = (error: AppError): void => {
    failure ??= error
    const jobs = running ? [running, ...waiting] : [...waiting]
    running = null
    waiting.length = 0
    for (const job of jobs) job.reject(failure)
    worker.unref()
  }

  worker.on('message', (reply: QueryReply) => {
    const job = running
    if (!job || job.request.id !== reply.id) return
    running = null
    if (reply.ok) job.resolve(reply.value)
    else job.reject(new AppError(reply.error.code as AppError['code'], reply.error.message, reply.error.field === undefined ? undefined : { field: reply.error.field }))
    sendNext()
  })
  worker.on('error', (error) => fail(new AppError('INTERNAL', `The library query worker (${name}) failed`, { cause: error })))
  worker.on('exit', () => fail(new AppError('INTERNAL', `The library query worker (${name}) stopped`)))

  return {
    call: <T>(method: QueryMethod, args: unknown[]): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        if (failure) return reject(failure)
        waiting.push({ request: { id: next++, method, args }, resolve: resolve as (v: unknown) => void, reject })
        sendNext()
      }),
    close: async () => {
      await worker.terminate()
      fail(new AppError('INTERNAL', `The library query worker (${name}) stopped`))
    }
  }
}
