/**
 * Library reads in a worker thread: the same answers as in-process and errors that
 * keep their code, using the built worker (out/main/library-worker.js) under plain
 * Node, as Electron's main process and the test host load it.
 */
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openLibraryDb } from '../../electron/core/db/open-library-db'
import { AppError } from '../../electron/core/errors'
import { inProcessRunner, workerRunner, type LibraryQueryRunner } from '../../electron/core/library/query-runner'
import { ensureBuilt } from '../e2e/harness'
import { tempDir } from '../helpers/db'
import { seedImage } from '../helpers/library-seed'

const root = resolve(__dirname, '../..')
const t = tempDir('imagine-worker-')
const file = join(t.dir, 'library.db')
const db = openLibraryDb(file)
for (let i = 0; i < 300; i++) seedImage(db, { prompt: i % 3 === 0 ? `fox number ${i}` : `castle ${i}`, createdAt: Date.UTC(2026, i % 12, 1), favorite: i % 5 === 0, rating: i % 6 })
const local = inProcessRunner(db)
const runners: LibraryQueryRunner[] = []
afterAll(async () => {
  for (const r of runners) await r.close()
  db.close()
  t.cleanup()
})

async function compare(worker: LibraryQueryRunner): Promise<void> {
  const views = [{}, { query: 'fox' }, { query: 'fav:yes', sort: 'rating' as const }, { section: 'trash' as const }]
  for (const v of views) {
    expect(Array.from(await worker.idList(v))).toEqual(Array.from(await local.idList(v)))
    expect(await worker.count(v)).toBe(await local.count(v))
    expect(await worker.monthCounts(v)).toEqual(await local.monthCounts(v))
    expect(await worker.page(v, null, 25)).toEqual(await local.page(v, null, 25))
  }
  expect(await worker.images([3, 1, 2])).toEqual(await local.images([3, 1, 2]))
  const err = await worker.page({ query: 'x'.repeat(5000) }, null, 10).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(AppError)
  expect((err as AppError).code).toBe('VALIDATION')
}

describe('library query worker', () => {
  it('answers like the in-process queries, from the built bundle under plain Node (as Electron loads it)', async () => {
    ensureBuilt()
    const w = workerRunner({ script: join(root, 'out/main/library-worker.js'), dbFile: file })
    runners.push(w)
    await compare(w)
    const ids = await w.idList({})
    expect(ids).toBeInstanceOf(Uint32Array)
    expect(ids.length).toBe(300)
  })
})
