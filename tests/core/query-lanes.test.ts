/**
 * The library's query pool (workerRunner): which worker answers which call, the
 * tiles' calls answered while an id list and month counts run, the newest id list
 * run before stale ones, errors and stopped workers reported per lane, close().
 * The workers run the worker's .ts entry under tsx (library-worker.test.ts runs the
 * built bundle).
 */
import { renameSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLibraryDb } from '../../electron/core/db/open-library-db'
import { AppError } from '../../electron/core/errors'
import { laneOf, workerRunner, type Lane, type LibraryQueryRunner, type QueryMethod } from '../../electron/core/library/query-runner'
import type { LibraryView } from '../../electron/shared/library'
import { tempDir } from '../helpers/db'
import { seedImage, seedMany } from '../helpers/library-seed'

const root = resolve(__dirname, '../..')
const entry = { script: join(root, 'electron/core/library/query-worker.ts'), execArgv: ['--import', 'tsx'] }
const t = tempDir('imagine-lanes-')
const file = join(t.dir, 'library.db')
const runners: LibraryQueryRunner[] = []
const pool = (dbFile = file, script = entry.script): LibraryQueryRunner => {
  const r = workerRunner({ ...entry, script, dbFile })
  runners.push(r)
  return r
}

beforeAll(() => {
  const db = openLibraryDb(file)
  // 200,000 images: an id list or the month counts of a search for "sea" take tens of ms, a page under one.
  seedMany(db, 200_000, 8, 'a sunset over the sea')
  seedImage(db, { prompt: 'a fox', createdAt: Date.UTC(2026, 0, 1) })
  db.close()
}, 60_000)
afterAll(async () => {
  for (const r of runners) await r.close()
  t.cleanup()
})

/** Rejects with what it was rejected with, or fails the test if it resolved. */
const failure = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(
    () => null,
    (error: unknown) => error
  )
  expect(e).toBeInstanceOf(AppError)
  return e as AppError
}

describe('which worker answers a call', () => {
  const cases: [QueryMethod, unknown[], Lane][] = [
    ['page', [{}, null, 120], 'fast'],
    ['page', [{ query: 's*' }, null, 120], 'fast'],
    ['images', [[1, 2]], 'fast'],
    ['swatches', [[1, 2]], 'fast'],
    ['count', [{}], 'fast'],
    ['count', [{ section: 'favorites' }], 'fast'],
    ['count', [{ section: 'trash', query: '  ' }], 'fast'],
    ['count', [{ query: 'fox' }], 'counts'],
    ['count', [{ collectionId: 3 }], 'counts'],
    ['idList', [{}], 'ids'],
    ['idList', [{ query: 's*' }], 'ids'],
    ['monthCounts', [{}], 'counts'],
    ['sqliteCheck', [true], 'check']
  ]
  it.each(cases)('%s %j → %s', (method, args, lane) => {
    expect(laneOf(method, args)).toBe(lane)
  })
})

describe('library query pool', () => {
  it("answers a page, rows, swatches and a count while the view's id list and month counts are still running", async () => {
    const r = pool()
    // Each worker is started (it loads SQLite and opens the file) before anything is timed.
    await Promise.all([r.count({}), r.idList({ query: 'fox' }), r.monthCounts({ query: 'fox' })])
    const sea: LibraryView = { query: 'sea' }
    let heavyDone = false
    const heavy = Promise.all([r.idList(sea), r.monthCounts(sea)]).finally(() => (heavyDone = true))
    const page = await r.page(sea, null, 120)
    expect(heavyDone).toBe(false)
    const ids = page.items.map((i) => i.id)
    expect((await r.images(ids)).map((i) => i.id)).toEqual(ids)
    expect((await r.swatches(ids)).map((s) => s.id)).toEqual(ids)
    expect(await r.count({})).toBe(200_001)
    expect(heavyDone).toBe(false)
    const [list, months] = await heavy
    expect(list.length).toBe(200_000)
    expect(months.reduce((n, m) => n + m.count, 0)).toBe(200_000)
  })

  it('runs the newest waiting id list first, so stale ones from typing never hold up the search on screen', async () => {
    const r = pool()
    await r.idList({ query: 'fox' })
    const done: string[] = []
    const ask = (query: string) => r.idList({ query }).then(() => done.push(query))
    // The first is running when the others arrive; they wait in main.
    await Promise.all(['sea', 's', 'su', 'sun', 'suns'].map(ask))
    expect(done).toEqual(['sea', 'suns', 'sun', 'su', 's'])
  })

  it("keeps each lane's query errors (code and field) and goes on answering", async () => {
    const r = pool()
    const bad: LibraryView = { query: 'x'.repeat(5000) }
    for (const call of [() => r.page(bad, null, 10), () => r.idList(bad), () => r.monthCounts(bad), () => r.count(bad)]) {
      const e = await failure(call())
      expect([e.code, e.field]).toEqual(['VALIDATION', 'query'])
    }
    expect(Array.from(await r.idList({ query: 'fox' }))).toEqual([200_001])
    expect(await r.monthCounts({ query: 'fox' })).toEqual([{ month: 202601, count: 1 }])
    expect(await r.count({ query: 'fox' })).toBe(1)
    expect((await r.page({ query: 'fox' }, null, 10)).items.map((i) => i.id)).toEqual([200_001])
  })

  it('reports a worker that stopped on its own lane only, and refuses its later calls at once', async () => {
    const r = pool(file, join(root, 'tests/helpers/stopping-query-worker.ts'))
    const e = await failure(r.idList({}))
    expect([e.code, e.message]).toEqual(['INTERNAL', 'The library query worker (id lists) stopped'])
    expect((await failure(r.idList({}))).message).toBe('The library query worker (id lists) stopped')
    // The stand-in answers with the method's name.
    expect(await r.page({}, null, 10)).toBe('page')
    expect(await r.monthCounts({})).toBe('monthCounts')
  })

  it('reports a worker that cannot open the library on every lane it reaches', async () => {
    const r = pool(join(t.dir, 'missing.db'))
    for (const [call, lane] of [
      [() => r.page({}, null, 10), 'fast'],
      [() => r.idList({}), 'id lists'],
      [() => r.monthCounts({}), 'counts'],
      [() => r.sqliteCheck(true), 'check']
    ] as const) {
      const e = await failure(call())
      expect([e.code, e.message]).toEqual(['INTERNAL', `The library query worker (${lane}) failed`])
    }
  })

  it("starts SQLite's check in a worker of its own for each call: the gallery's workers go on while it fails", async () => {
    const r = pool()
    await Promise.all([r.count({}), r.idList({ query: 'fox' }), r.monthCounts({ query: 'fox' })])
    expect(await r.sqliteCheck(true)).toEqual({ integrity: ['ok'], foreignKeys: 0 })
    // The gallery's workers have the file open; a new worker cannot find it.
    const away = join(t.dir, 'away.db')
    renameSync(file, away)
    try {
      expect((await failure(r.sqliteCheck(true))).message).toBe('The library query worker (check) failed')
      expect(Array.from(await r.idList({ query: 'fox' }))).toEqual([200_001])
      expect((await r.page({ query: 'fox' }, null, 10)).items.length).toBe(1)
    } finally {
      renameSync(away, file)
    }
  })

  it('close() ends every worker: what was running or waiting is rejected, and so is every later call', async () => {
    const r = pool()
    await Promise.all([r.count({}), r.idList({ query: 'fox' }), r.monthCounts({ query: 'fox' })])
    const running = [r.idList({ query: 'sea' }), r.idList({ query: 'sunset' }), r.monthCounts({ query: 'sea' })].map(failure)
    await r.close()
    for (const e of await Promise.all(running)) expect(e.code).toBe('INTERNAL')
    for (const call of [() => r.page({}, null, 10), () => r.idList({}), () => r.monthCounts({}), () => r.count({ query: 'fox' }), () => r.sqliteCheck(true)]) {
      expect((await failure(call())).code).toBe('INTERNAL')
    }
  })
})
