/**
 * Worker-thread entry (one per lane of workerRunner's pool): a read-only connection
 * to the library and the query methods of LibraryQueries, answered by message. Id
 * lists are transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../db/connection'
import { toIpcError } from '../errors'
import { LibraryQueries } from './library-queries'
import type { QueryReply, QueryRequest } from './query-runner'

const { dbFile, nativeBinding } = workerData as { dbFile: string; nativeBinding?: string }
const db = openDatabase(dbFile, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) })
const queries = new LibraryQueries(db)

parentPort!.on('message', (req: QueryRequest) => {
  let reply: QueryReply
  const transfer: ArrayBuffer[] = []
  try {
    const fn = queries[req.method] as (...args: unknown[]) => unknown
    const value = fn.apply(queries, req.args)
    if (value instanceof Uint32Array) transfer.push(value.buffer as ArrayBuffer)
    reply = { id: req.id, ok: true, value }
  } catch (error) {
    reply = { id: req.id, ok: false, error: toIpcError(error) }
  }
  parentPort!.postMessage(reply, transfer)
})
