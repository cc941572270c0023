/**
 * Library reads in a worker thread: the same answers as in-process and errors that
 * keep their code, using the built worker (out/main/library-worker.js) under plain
 * Node, as Electron's main process and the test host load it.
 */
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createCore } from '../../electron/core/app-core'
import { openLibraryDb } from '../../electron/core/db/open-library-db'
import { silentLogger } from '../../electron/core/log'
import { createMemorySecretStore } from '../../electron/core/secrets/secret-store'
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

  it("runs SQLite's check of the whole file in the worker, with the same findings as in-process", async () => {
    ensureBuilt()
    const w = workerRunner({ script: join(root, 'out/main/library-worker.js'), dbFile: file })
    runners.push(w)
    expect(await w.sqliteCheck(true)).toEqual({ integrity: ['ok'], foreignKeys: 0 })
    expect(await w.sqliteCheck(false)).toEqual(await local.sqliteCheck(false))
    // A broken reference (written with the checks off, as a damaged file would hold it) is found there too.
    const broken = tempDir('imagine-worker-broken-')
    const bdb = openLibraryDb(join(broken.dir, 'library.db'))
    seedImage(bdb, { prompt: 'fox', createdAt: Date.UTC(2026, 0, 1) })
    bdb.pragma('foreign_keys = OFF')
    bdb.prepare('UPDATE images SET generation_id = 999999').run()
    bdb.close()
    const bw = workerRunner({ script: join(root, 'out/main/library-worker.js'), dbFile: join(broken.dir, 'library.db') })
    runners.push(bw)
    expect(await bw.sqliteCheck(true)).toEqual({ integrity: ['ok'], foreignKeys: 1 })
    await bw.close()
    broken.cleanup()
  })

  it("the app's start-up check runs SQLite's part off main's thread (never a quick_check on main's connection)", async () => {
    ensureBuilt()
    const dir = tempDir('imagine-worker-core-')
    const core = createCore({
      dataDir: join(dir.dir, 'lib'),
      secrets: createMemorySecretStore(),
      log: silentLogger,
      openExternal: async () => undefined,
      runware: { endpoint: 'http://127.0.0.1:9/v1' },
      autoRecover: false,
      libraryWorker: { script: join(root, 'out/main/library-worker.js') },
      info: { name: 'Imagine Studio', version: '9.9.9', platform: 'linux', shell: 'browser-host', versions: { app: '9.9.9', electron: null, chrome: null, node: '20' } }
    })
    try {
      seedImage(core.db, { prompt: 'a fox', createdAt: Date.UTC(2026, 0, 1) })
      const onMain: string[] = []
      const pragma = core.db.pragma.bind(core.db)
      core.db.pragma = ((source: string, options?: { simple?: boolean }) => {
        onMain.push(source)
        return pragma(source, options)
      }) as typeof core.db.pragma
      const r = await core.router.dispatch('app:get-health', [])
      expect(r).toMatchObject({ ok: true, value: { report: { quick: true, sqlite: { ok: true, messages: [], foreignKeyProblems: 0 }, files: { images: 1 } } } })
      expect(onMain.filter((p) => /quick_check|integrity_check|foreign_key_check/.test(p))).toEqual([])
    } finally {
      await core.close()
      dir.cleanup()
    }
  })
})
