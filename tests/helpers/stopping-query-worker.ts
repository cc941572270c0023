/**
 * A stand-in for the library query worker (electron/core/library/query-worker.ts)
 * that stops, as a crash would, when it is asked for an id list, and otherwise
 * answers every call with its method's name: the pool's lanes run the same entry,
 * so only the id-list lane's worker dies.
 */
import { parentPort } from 'node:worker_threads'
import type { QueryReply, QueryRequest } from '../../electron/core/library/query-runner'

parentPort!.on('message', (req: QueryRequest) => {
  if (req.method === 'idList') process.exit(1)
  parentPort!.postMessage({ id: req.id, ok: true, value: req.method } satisfies QueryReply)
})
