/**
 * `npm run bench -- library [--images N] [--keep DIR]`
 * Seeds a synthetic library (rows only, through the real schema and its FTS
 * triggers; a handful of shared files) and times what the gallery and the search
 * box do, beside the same searches done as a LIKE scan (the approach other tools
 * use). Prints medians, p95 and ratios.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openDatabase } from '../../electron/core/db/connection'
import { openLibraryDb } from '../../electron/core/db/open-library-db'
import { IMAGE_COLUMNS, LibraryQueries } from '../../electron/core/library/library-queries'
import { workerRunner } from '../../electron/core/library/query-runner'
import { evenly, randomSize, seedLibrary } from './seed-library'
import { fmtMs, median, percentile, timeIt } from './stats'

const { values } = parseArgs({ args: process.argv.slice(2), options: { images: { type: 'string' }, keep: { type: 'string' } }, allowPositionals: true })
const N = Number(values.images ?? 1_000_000)

const line = (label: string, ms: number[], extra = ''): void =>
  console.log(`  ${label.padEnd(44)} median ${fmtMs(median(ms)).padStart(9)}  p95 ${fmtMs(percentile(ms, 95)).padStart(9)}${extra}`)

function seed(file: string, dataDir: string): void {
  mkdirSync(join(dataDir, 'images', 'aa'), { recursive: true })
  // A handful of shared files: rows point at them, as the issue asks (rows only).
  for (let k = 0; k < 8; k++) writeFileSync(join(dataDir, 'images', 'aa', `shared${k}.png`), Buffer.from([k]))
  const formats = ['png', 'jpg', 'webp'] as const
  const done = seedLibrary(file, {
    images: N,
    size: randomSize,
    file: (n, size, r) => ({
      sha256: n.toString(16).padStart(64, '0'),
      path: `images/aa/shared${n % 8}.png`,
      thumbPath: null,
      width: size.width,
      height: size.height,
      format: formats[r() < 0.6 ? 0 : r() < 0.5 ? 1 : 2],
      bytes: 1
    }),
    createdAt: evenly(N, Date.UTC(2024, 0, 1), Date.UTC(2026, 10, 25))
  })
  console.log(`  seeded ${N.toLocaleString('en')} images in ${done.generations.toLocaleString('en')} generations in ${(done.ms / 1000).toFixed(1)} s`)
}

async function main(): Promise<void> {
  const root = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), 'imagine-lib-bench-'))
  // --keep DIR: the folder is created when missing (it used to crash with a stack trace).
  mkdirSync(root, { recursive: true })
  const file = join(root, 'library.db')
  console.log(`library benchmark: ${N.toLocaleString('en')} images`)
  seed(file, root)
  const size = statSync(file).size
  console.log(`  database size ${(size / 1048576).toFixed(0)} MB (${(size / N).toFixed(0)} bytes per image)`)

  const open = timeIt(() => openLibraryDb(file).close(), 5)
  line('open (connection + migration check)', open)
  const db = openDatabase(file)
  const q = new LibraryQueries(db)

  line('first page (100, newest)', timeIt(() => q.page({}, null, 100), 30))
  let cursor: string | null = null
  const deepTimes: number[] = []
  // Walk to ~the middle with big pages, then time pages there.
  for (let i = 0; i < Math.floor(N / 2 / 500); i++) cursor = q.page({}, cursor, 500).nextCursor
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now()
    const p = q.page({}, cursor, 100)
    deepTimes.push(performance.now() - t0)
    cursor = p.nextCursor ?? cursor
  }
  line('a page deep in the library (~middle, keyset)', deepTimes)
  line('total count (all images)', timeIt(() => q.count({}), 10))
  let ids: Uint32Array = new Uint32Array()
  line('ordered id list, whole library', timeIt(() => (ids = q.idList({})), 5), `  (${ids.length.toLocaleString('en')} ids, ${(ids.byteLength / 1048576).toFixed(1)} MB)`)
  let fids: Uint32Array = new Uint32Array()
  line('ordered id list, filtered (fav:yes aspect:16:9)', timeIt(() => (fids = q.idList({ query: 'fav:yes aspect:16:9' })), 5), `  (${fids.length.toLocaleString('en')} ids)`)
  line('per-month counts (scrubber)', timeIt(() => q.monthCounts({}), 5))
  // The same id list as the app gets it: from the query worker (its own connection), transferred.
  const workerScript = join(__dirname, '..', '..', 'out', 'main', 'library-worker.js')
  if (existsSync(workerScript)) {
    const w = workerRunner({ script: workerScript, dbFile: file })
    const viaWorker: number[] = []
    const cloneTimes: number[] = []
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now()
      const list = await w.idList({})
      viaWorker.push(performance.now() - t0)
      // What Electron's IPC does to it on the way to the renderer (structured clone).
      const t1 = performance.now()
      structuredClone(list)
      cloneTimes.push(performance.now() - t1)
    }
    line('ordered id list via the query worker', viaWorker)
    line('  + structured clone to the renderer (IPC)', cloneTimes)
    // A view as the gallery loads it: first page, month counts and id list asked for at once
    // (each has a worker of its own); how long until each arrives.
    for (const [label, view] of [['whole library', {}], ['search "s*"', { query: 's*' }]] as const) {
      const times = { page: [] as number[], months: [] as number[], ids: [] as number[] }
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now()
        const until = (p: Promise<unknown>, into: number[]) => p.then(() => into.push(performance.now() - t0))
        await Promise.all([until(w.page(view, null, 120), times.page), until(w.monthCounts(view), times.months), until(w.idList(view), times.ids)])
      }
      line(`gallery load, ${label}: first page`, times.page)
      line('  month counts', times.months)
      line('  id list', times.ids)
    }
    await w.close()
  } else {
    console.log('  (build first for the worker figures: npm run build)')
  }

  // Common words, phrases and prefixes, and rare terms (a prompt's #number) that force a LIKE scan to read everything.
  const searches = ['lighthouse', 'fox', 'dragon underwater', '"golden hour"', '"oil painting" castle', 'astro*', 'samurai fog', 'violin', '"neon noir" robot', 'waterf*', 'owl snow', 'cats', '31337', '4242', '"castle 1234"', 'zebra']
  const fts: number[] = []
  const like: number[] = []
  // Like for like: the same columns as a gallery page, the prompt matched with LIKE instead of FTS.
  const likeStmt = db.prepare(
    `SELECT ${IMAGE_COLUMNS} FROM images i JOIN generations g ON g.id = i.generation_id WHERE i.trashed_at IS NULL AND g.prompt LIKE @a AND g.prompt LIKE @b ORDER BY i.id DESC LIMIT 100`
  )
  for (let round = 0; round < 5; round++) {
    for (const s of searches) {
      let t0 = performance.now()
      q.page({ query: s }, null, 100)
      fts.push(performance.now() - t0)
      const words = s.replace(/["*]/g, '').split(/\s+/)
      t0 = performance.now()
      likeStmt.all({ a: `%${words[0]}%`, b: `%${words[1] ?? ''}%` })
      like.push(performance.now() - t0)
    }
  }
  line(`FTS search, first page (${searches.length} queries ×5)`, fts)
  line('same searches as a LIKE scan, first page', like, `  → FTS ${(median(like) / median(fts)).toFixed(0)}× faster (medians), ${(percentile(like, 95) / percentile(fts, 95)).toFixed(0)}× (p95)`)
  // The whole result (what a "N results" count or a filtered gallery needs).
  const ftsAll: number[] = []
  const likeAll: number[] = []
  const likeAllStmt = db.prepare(`SELECT i.id FROM images i JOIN generations g ON g.id = i.generation_id WHERE i.trashed_at IS NULL AND g.prompt LIKE @a AND g.prompt LIKE @b ORDER BY i.id DESC`).pluck()
  for (const s of searches) {
    let t0 = performance.now()
    q.idList({ query: s })
    ftsAll.push(performance.now() - t0)
    const words = s.replace(/["*]/g, '').split(/\s+/)
    t0 = performance.now()
    likeAllStmt.all({ a: `%${words[0]}%`, b: `%${words[1] ?? ''}%` })
    likeAll.push(performance.now() - t0)
  }
  line('FTS search, every match (id list)', ftsAll)
  line('same searches as a LIKE scan, every match', likeAll, `  → FTS ${(median(likeAll) / median(ftsAll)).toFixed(0)}× faster (medians)`)
  line('faceted query (fav:yes rating:>=3 format:png after:2025-06-01)', timeIt(() => q.page({ query: 'fav:yes rating:>=3 format:png after:2025-06-01' }, null, 100), 20))
  line('search + facet (lighthouse tag:cats)', timeIt(() => q.page({ query: 'lighthouse tag:cats' }, null, 100), 20))
  db.close()
  if (!values.keep) rmSync(root, { recursive: true, force: true })
}

void main()
