/**
 * `npm run bench -- gallery [--images N] [--keep DIR] [--runs R] [--http1]`
 * The million-image gallery (issue 12) in the built renderer in Debian's Chromium
 * (playwright-core), against the real core through the test host, window 1440×900
 * at device scale 1 and 2 (--force-device-scale-factor). Prints medians over R runs
 * (default 3; a fresh page and host each) with the goals beside them.
 *
 * The library: N images (default 1,000,000) seeded through the real schema
 * (seed-library.ts, shared with `bench -- library`), spread over three years with
 * one month (June 2025) holding a tenth of them (100,000 at 1M). The files are
 * real: 300 detailed pictures (the fake Runware server's drawing: 24 looks × the
 * 13 model sizes, PNG/JPG/WebP) stored by the app's own ImageStore (images/ab/<sha256>.<ext>,
 * thumbs/ab/<sha256>.webp), shared among the rows, so `npm run host -- --data DIR`
 * opens a kept library with real thumbnails. With --keep DIR, DIR is created when
 * missing; a DIR that already holds a library.db is measured again without seeding.
 *
 * Transport: the page talks to the host over HTTP/2 (TLS, the host's self-signed
 * certificate made valid to this Chromium by its key, so the HTTP cache works as
 * usual). Electron's IPC and its app-image:// protocol have no per-origin connection
 * limit; over HTTP/1.1 Chromium runs six requests at a time to the host, one held by
 * the event stream, so thumbnails queue behind slow invokes (library:id-list,
 * library:month-counts) and the figures over-state the app's latency. --http1
 * measures over HTTP/1.1 as before, to compare.
 *
 * How each figure is measured (all in the page, on its clock, performance.now()):
 * - "painted": every tile thumbnail (img.tile-img) gets an `elementtiming` attribute
 *   from a MutationObserver as it is added; its paint time is the Element Timing
 *   entry's renderTime (Chromium's own paint timestamp of that image).
 *   "A screenful painted" = every tile intersecting the scroll box has its
 *   thumbnail painted; the time is the latest of those renderTimes.
 * - ready → first screenful: from DOMContentLoaded's end (the renderer bundle has run;
 *   module scripts run before it) to the first screenful painted.
 * - End → last item: from the End keydown (a capture listener on window) with the
 *   first tile focused, to the paint of the last tile's (aria-posinset = N) thumbnail.
 * - fling: from the top, 5 s of page.mouse.wheel steps paced at 60 Hz, 14,400 px/s
 *   (240 px a frame; well above the grid's 3000 px/s thumbnail gate), then stop.
 *   Frames: a requestAnimationFrame loop's intervals while the wheel runs (p95 and
 *   worst). Long tasks: PerformanceObserver('longtask') entries over 50 ms from the
 *   first wheel step until the screen is complete. Thumbnail requests: requests for
 *   /app-image/thumb/ seen by Playwright from the first wheel step until they have gone
 *   quiet (1 s after the screen is complete: the overscan's prefetch all in, not however
 *   much of it had been seen when the count was read), beside the tiles visible at rest,
 *   and how many of them (resource timing) started before the last thumbnail of a tile on
 *   screen at rest had arrived; the others came after it, as the overscan's prefetch.
 *   Complete after stop: last wheel event (a capture listener) →
 *   screenful painted. Tiles mounted: the most [data-testid=gallery-tile] in any frame.
 *   JS heap: CDP Runtime.getHeapUsage once complete (no forced GC): V8's used heap plus array
 *   buffers and the embedder heap where reported.
 * - 100k month: jumps (scrollTop set like a scrollbar drag, read back from the tiles'
 *   aria-posinset, repeated until the middle of the month is at the top; the grid
 *   re-anchors its small DOM box), then 3 s of slow wheel scrolling (1800 px/s, under
 *   the gate, so thumbnails load all along) inside the month; long tasks over 50 ms
 *   from the first jump until the screen is complete.
 * - search: the query is filled into the search box and Enter pressed (Enter commits at
 *   once; typing waits SEARCH_DEBOUNCE_MS first, shown on its own row); from the
 *   keydown to (a) the new view's screenful painted, the goal, and (b) its count
 *   showing the expected total (MutationObserver), which waits for the whole id list.
 *   A thumbnail painted before the keydown counts only from when its tile was re-rendered
 *   for the new view (its aria-setsize/posinset changed): a tile that stays mounted
 *   (the same image at the same place) is on screen as soon as the new view reaches it.
 * - section: from the click on a sidebar section (a capture listener) to the same two.
 * BENCH_RAW=1 prints every sample.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium, type Browser, type Page } from 'playwright-core'
import { openDatabase } from '../../electron/core/db/connection'
import { ImageStore } from '../../electron/core/files/image-store'
import { LibraryQueries } from '../../electron/core/library/library-queries'
import { libraryPaths } from '../../electron/core/paths'
import { GROK_IMAGINE_SIZES, type SizePreset } from '../../electron/shared/model-capabilities'
import { CHROMIUM_ARGS, chromiumPath, ensureBuilt, openApp, trustHostCertificate } from '../../tests/e2e/app-browser'
import { renderImage } from '../../tests/fake-runware/images'
import type { OutputFormat } from '../../tests/fake-runware/types'
import { seedLibrary, type SeedFile } from './seed-library'
import { fmtMs, median, percentile } from './stats'

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { images: { type: 'string' }, keep: { type: 'string' }, runs: { type: 'string' }, http1: { type: 'boolean' } },
  allowPositionals: true
})
const REQUESTED = Number(values.images ?? 1_000_000)
const RUNS = Number(values.runs ?? 3)
const RAW = process.env.BENCH_RAW === '1'
const HTTP2 = values.http1 !== true
/** What the page's navigation entry reports (nextHopProtocol), checked on every run. */
const PROTOCOL = HTTP2 ? 'h2' : 'http/1.1'
const TRANSPORT = HTTP2
  ? 'HTTP/2 (as Electron\'s IPC and app-image://, no per-origin connection limit)'
  : 'HTTP/1.1 (--http1: at most 6 requests at a time to the host, one held by the event stream; Electron has no such limit)'
const WINDOW = { width: 1440, height: 900 }
const PICTURES = 300
const LOOKS = 24
const START = Date.UTC(2023, 11, 1)
const END = Date.UTC(2026, 11, 1)
/** The crowded month: June 2025. */
const HOT_FROM = Date.UTC(2025, 5, 1)
const HOT_TO = Date.UTC(2025, 6, 1)
const FLING_MS = 5000
const FLING_PX_PER_S = 14_400
const MONTH_SCROLL_MS = 3000
const MONTH_PX_PER_S = 1800
const SELECTIVE = 'owl snow'
/** Two searches matching most of the library: a common prefix (~64 %) and a negated word (~95 %). */
const BROAD = 's*'
const NEGATED = '-owl'
/** The search box's typing pause (SEARCH_DEBOUNCE_MS in renderer/src/features/gallery/SearchBox.tsx, a React module not loaded here). */
const SEARCH_DEBOUNCE_MS = 150

// ---------------------------------------------------------------- the library

/** 300 pictures stored by the app's ImageStore, grouped by their size preset. */
async function makePictures(dataDir: string): Promise<SeedFile[][]> {
  const store = new ImageStore(libraryPaths(dataDir))
  const formats: OutputFormat[] = ['PNG', 'JPG', 'WEBP']
  const bySize: SeedFile[][] = GROK_IMAGINE_SIZES.map(() => [])
  for (let k = 0; k < PICTURES; k++) {
    // (look, size) differ for every k < 24 × 13: each picture is its own.
    const look = k % LOOKS
    const sizeIndex = Math.floor(k / LOOKS) % GROK_IMAGINE_SIZES.length
    const size = GROK_IMAGINE_SIZES[sizeIndex]!
    const format = formats[(look + sizeIndex) % 3]!
    const bytes = await renderImage({ format, width: size.width, height: size.height, seed: look, imageUUID: `bench-picture-${k}`.padEnd(36, '0'), small: false })
    const stored = await store.commit(await store.writeTempBuffer(bytes))
    bySize[sizeIndex]!.push({ sha256: stored.sha256, path: stored.path, thumbPath: stored.thumbPath, width: stored.width, height: stored.height, format: stored.format, bytes: stored.bytes, avgRgb: stored.avgRgb })
  }
  return bySize
}

/**
 * Time of the image at `index` of `total`: even over three years, but the crowded
 * month holds `hot` of them (and the other months share the rest evenly).
 */
function crowdedTimeline(total: number, hot: number): (index: number) => number {
  const quietSpan = END - START - (HOT_TO - HOT_FROM)
  const before = Math.round(((total - hot) * (HOT_FROM - START)) / quietSpan)
  const after = total - hot - before
  return (i) => {
    if (i < before) return START + Math.floor((i / before) * (HOT_FROM - START))
    if (i < before + hot) return HOT_FROM + Math.floor(((i - before) / hot) * (HOT_TO - HOT_FROM))
    return HOT_TO + Math.floor(((i - before - hot) / Math.max(1, after)) * (END - HOT_TO))
  }
}

async function seed(dataDir: string, dbFile: string): Promise<void> {
  let t0 = performance.now()
  const pictures = await makePictures(dataDir)
  console.log(`  ${PICTURES} pictures and thumbnails stored in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const hot = Math.round(REQUESTED / 10)
  t0 = performance.now()
  const done = seedLibrary(dbFile, {
    images: REQUESTED,
    // Only sizes with pictures (all 13 while PICTURES ≥ 13 × 24).
    size: (r) => {
      const usable = GROK_IMAGINE_SIZES.filter((_, i) => pictures[i]!.length > 0)
      return usable[Math.floor(r() * usable.length)]!
    },
    file: (_n, size: SizePreset, r) => {
      const pool = pictures[GROK_IMAGINE_SIZES.indexOf(size)]!
      return pool[Math.floor(r() * pool.length)]!
    },
    createdAt: crowdedTimeline(REQUESTED, hot)
  })
  console.log(`  seeded ${done.images.toLocaleString('en')} images in ${done.generations.toLocaleString('en')} generations in ${(done.ms / 1000).toFixed(1)} s (${((performance.now() - t0) / 1000).toFixed(1)} s with the final optimize)`)
}

interface LibraryFacts {
  total: number
  favourites: number
  /** Position (0-based, newest first) of the crowded month's newest image, and its size. */
  monthFirst: number
  monthCount: number
  selective: number
  broad: number
  negated: number
}

function facts(dbFile: string): LibraryFacts {
  const db = openDatabase(dbFile)
  try {
    const q = new LibraryQueries(db)
    const count = (sql: string, ...args: number[]): number => (db.prepare(sql).pluck().get(...args) as number)
    return {
      total: q.count({}),
      favourites: q.count({ query: 'fav:yes' }),
      monthFirst: count('SELECT count(*) FROM images WHERE trashed_at IS NULL AND created_at >= ?', HOT_TO),
      monthCount: count('SELECT count(*) FROM images WHERE trashed_at IS NULL AND created_at >= ? AND created_at < ?', HOT_FROM, HOT_TO),
      selective: q.count({ query: SELECTIVE }),
      broad: q.count({ query: BROAD }),
      negated: q.count({ query: NEGATED })
    }
  } finally {
    db.close()
  }
}

// ---------------------------------------------------------------- in the page

interface VisibleState {
  total: number
  painted: number
  /** Latest renderTime among the visible thumbnails (NaN until all are painted). */
  paintedAt: number
  first: number
  last: number
}

interface Bench {
  longTasks: { start: number; duration: number }[]
  paints: Record<string, number>
  frames: { t: number; dt: number }[] | null
  maxTiles: number
  marks: Record<string, number>
  countChangedAt: number
  /** When each tile element was added and re-rendered for another view since (its aria-setsize or aria-posinset changed), the last few. */
  tileChanged: WeakMap<Element, number[]>
  /**
   * The visible tiles and when all were painted. With `since`, a thumbnail painted before it
   * counts only from when its tile was re-rendered after it: a tile that stays mounted from the
   * last view (the same image at the same place) is on screen once the new view reaches it.
   */
  visible(since?: number): VisibleState
  startFrames(): void
  phases(from: number, to: number): Phase
}

/** When (ms after the trigger) the last id list, row and thumbnail responses of a step arrived (resource timing). */
interface Phase {
  idList: number
  rows: number
  thumbs: number
}

declare global {
  interface Window {
    __bench: Bench
  }
}

/** Runs in the page before the app: observers for long tasks, paints, input and the count. */
function instrument(): void {
  let seq = 0
  const b: Bench = {
    longTasks: [],
    paints: {},
    frames: null,
    maxTiles: 0,
    marks: {},
    countChangedAt: 0,
    tileChanged: new WeakMap(),
    visible(since) {
      const root = document.querySelector('[data-testid="gallery-scroll"]')
      const out: VisibleState = { total: 0, painted: 0, paintedAt: Number.NaN, first: Infinity, last: 0 }
      if (!root) return out
      const box = root.getBoundingClientRect()
      let latest = 0
      for (const tile of Array.from(root.querySelectorAll<HTMLElement>('[data-testid="gallery-tile"]'))) {
        const r = tile.getBoundingClientRect()
        if (r.bottom <= box.top || r.top >= box.bottom) continue
        out.total++
        const pos = Number(tile.getAttribute('aria-posinset'))
        out.first = Math.min(out.first, pos)
        out.last = Math.max(out.last, pos)
        const id = tile.querySelector('img.tile-img')?.getAttribute('elementtiming')
        const painted = id ? b.paints[id] : undefined
        // The first re-render after `since` (the view's first page), not a later one (its whole id list).
        const rerendered = since === undefined ? undefined : b.tileChanged.get(tile)?.find((t) => t >= since)
        const at = painted === undefined || since === undefined || painted >= since ? painted : rerendered
        if (at !== undefined) {
          out.painted++
          latest = Math.max(latest, at)
        }
      }
      if (out.total > 0 && out.painted === out.total) out.paintedAt = latest
      return out
    },
    phases(from, to) {
      const entries = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.startTime >= from && e.startTime <= to)
      const last = (re: RegExp): number => {
        const hits = entries.filter((e) => re.test(e.name))
        return hits.length ? Math.max(...hits.map((e) => e.responseEnd)) - from : Number.NaN
      }
      // The test host's IPC routes (/__host/ipc/library%3Aid-list, …) and media route.
      return { idList: last(/library%3Aid-list/), rows: last(/library%3Aget-images/), thumbs: last(/\/app-image\/thumb\//) }
    },
    startFrames() {
      const frames: { t: number; dt: number }[] = []
      b.frames = frames
      b.maxTiles = 0
      let last = performance.now()
      const loop = (t: number): void => {
        if (b.frames !== frames) return
        frames.push({ t, dt: t - last })
        last = t
        b.maxTiles = Math.max(b.maxTiles, document.querySelector('[data-testid="gallery"]')?.childElementCount ?? 0)
        requestAnimationFrame(loop)
      }
      requestAnimationFrame(loop)
    }
  }
  window.__bench = b
  performance.setResourceTimingBufferSize(1_000_000)
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration })
  }).observe({ type: 'longtask', buffered: true })
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEntry & { identifier: string; renderTime: number; loadTime: number })[]) {
      if (e.identifier) b.paints[e.identifier] = e.renderTime || e.loadTime
    }
  }).observe({ type: 'element', buffered: true })
  const changed = (tile: Element): void => {
    const times = b.tileChanged.get(tile) ?? []
    times.push(performance.now())
    b.tileChanged.set(tile, times.slice(-8))
  }
  const tag = (img: Element): void => {
    if (!img.hasAttribute('elementtiming')) img.setAttribute('elementtiming', `thumb-${++seq}`)
  }
  new MutationObserver((records) => {
    for (const rec of records) {
      if (rec.type === 'characterData' || rec.type === 'childList') {
        const count = (rec.target instanceof Element ? rec.target : rec.target.parentElement)?.closest('[data-testid="gallery-count"]')
        if (count) b.countChangedAt = performance.now()
      }
      if (rec.type === 'attributes' && rec.target instanceof Element) changed(rec.target)
      for (const node of Array.from(rec.addedNodes)) {
        if (!(node instanceof Element)) continue
        if (node.matches('[data-testid="gallery-tile"]')) changed(node)
        node.querySelectorAll('[data-testid="gallery-tile"]').forEach(changed)
        if (node.matches('img.tile-img')) tag(node)
        node.querySelectorAll('img.tile-img').forEach(tag)
        if (node.matches('[data-testid="gallery-count"]')) b.countChangedAt = performance.now()
      }
    }
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-setsize', 'aria-posinset'] })
  const mark = (name: string) => (): void => {
    b.marks[name] = performance.now()
  }
  addEventListener('keydown', (e) => mark(`key:${e.key}`)(), { capture: true })
  addEventListener('click', mark('click'), { capture: true })
  addEventListener('wheel', mark('wheel'), { capture: true, passive: true })
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Waits until every visible tile has its thumbnail painted; returns that state. */
async function screenful(page: Page, timeout = 30_000, since?: number): Promise<VisibleState> {
  try {
    await page.waitForFunction((since) => !Number.isNaN(window.__bench.visible(since).paintedAt), since, { polling: 50, timeout })
  } catch (error) {
    const state = await page.evaluate(() => {
      const v = window.__bench.visible()
      const tiles = Array.from(document.querySelectorAll('[data-testid="gallery-tile"]')).slice(0, 40)
      return { ...v, tiles: tiles.map((t) => `${t.getAttribute('aria-posinset')}:${t.className}:${t.querySelector('img')?.getAttribute('elementtiming') ?? '-'}:${(t.querySelector('img') as HTMLImageElement | null)?.complete ?? ''}`).join(' ') }
    })
    throw new Error(`thumbnails never all painted: ${JSON.stringify(state)}`, { cause: error })
  }
  return page.evaluate((since) => window.__bench.visible(since), since)
}

/**
 * Waits for the count to read `total` images and a screenful of the new view painted
 * (after `since`, the trigger); returns when each happened.
 */
async function viewShown(page: Page, total: number, since: number): Promise<{ painted: number; count: number }> {
  // "20,000 images", or "82 results" while searching (gallery-text.ts countText).
  const text = new RegExp(`^${total.toLocaleString('en')} (image|result)`)
  await page.getByTestId('gallery-count').filter({ hasText: text }).waitFor({ timeout: 60_000 })
  const s = await screenful(page, 30_000, since)
  const count = await page.evaluate(() => window.__bench.countChangedAt)
  return { painted: s.paintedAt, count }
}

const longOver50 = (tasks: { start: number; duration: number }[], from: number, to: number): number[] =>
  tasks.filter((t) => t.start >= from && t.start <= to && t.duration > 50).map((t) => t.duration)

/** Scroll wheel steps at 60 Hz over the gallery at `pxPerS` for `ms`. */
async function wheel(page: Page, ms: number, pxPerS: number): Promise<void> {
  const t0 = performance.now()
  let sent = 0
  for (let step = 1; ; step++) {
    const due = t0 + step * (1000 / 60)
    const now = performance.now()
    if (due > now) await sleep(due - now)
    const elapsed = Math.min(ms, performance.now() - t0)
    // Keep the speed even when a step is late (2 cores): send what the time says.
    const dy = Math.round((elapsed / 1000) * pxPerS - sent)
    if (dy > 0) {
      await page.mouse.wheel(0, dy)
      sent += dy
    }
    if (elapsed >= ms) break
  }
}

/** Brings image position `target` (1-based) to the top by setting scrollTop, as a scrollbar drag does. */
async function jumpTo(page: Page, target: number): Promise<number> {
  return page.evaluate(async (target) => {
    const root = document.querySelector<HTMLElement>('[data-testid="gallery-scroll"]')!
    const grid = document.querySelector<HTMLElement>('[data-testid="gallery"]')!
    const cols = Number(grid.dataset.columns)
    const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()))
    let jumps = 0
    for (; jumps < 20; jumps++) {
      await frame()
      await frame()
      const tiles = Array.from(grid.querySelectorAll<HTMLElement>('[data-testid="gallery-tile"]'))
      const top = root.getBoundingClientRect().top
      const first = tiles.filter((t) => t.getBoundingClientRect().bottom > top).sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0]
      if (!first) break
      const pos = Number(first.getAttribute('aria-posinset'))
      const below = tiles.find((t) => Number(t.getAttribute('aria-posinset')) === pos + cols)
      const rowHeight = below ? below.getBoundingClientRect().top - first.getBoundingClientRect().top : first.getBoundingClientRect().height + 6
      const rows = Math.floor((target - 1) / cols) - Math.floor((pos - 1) / cols)
      if (Math.abs(rows) <= 1) break
      root.scrollTop += rows * rowHeight
    }
    return jumps
  }, target)
}

interface Sample {
  firstScreen: number
  end: number
  frameP95: number
  frameWorst: number
  flingLong: number
  flingLongest: number
  requests: number
  /** Of the fling's thumbnail requests, those started before the screen's last thumbnail arrived. */
  requestsAhead: number
  visibleAtRest: number
  complete: number
  tiles: number
  /** The scroll speed reached (px/s): rows travelled over the wheel's span. */
  flingSpeed: number
  heapMb: number
  monthLong: number
  monthLongest: number
  monthJumps: number
  /** Searches and section switches: trigger → the new view's tiles painted, and → its count shown (the whole id list). */
  searchSelective: number
  searchSelectiveCount: number
  searchSelectiveTyped: number
  searchBroad: number
  searchBroadCount: number
  searchNegated: number
  searchNegatedCount: number
  toFavourites: number
  toFavouritesCount: number
  toAll: number
  toAllCount: number
  /** The machine's own frame rate: rAF intervals on an empty page in the same browser, 2 s. */
  idleFrameP95: number
  phases: Partial<Record<PhaseKey, Phase>>
}

type PhaseKey = 'firstScreen' | 'end' | 'searchSelective' | 'searchBroad' | 'toFavourites' | 'toAll'
const PHASE_LABELS: Record<PhaseKey, string> = {
  firstScreen: 'ready → first screenful',
  end: 'End → last item',
  searchSelective: `search "${SELECTIVE}" (Enter)`,
  searchBroad: `search "${BROAD}" (Enter)`,
  toFavourites: 'All → Favourites',
  toAll: 'Favourites → All'
}

async function run(browser: Browser, dataDir: string, f: LibraryFacts): Promise<Sample> {
  const idle = await browser.newContext({ viewport: null })
  const blank = await idle.newPage()
  // A string, not a function: tsx's __name() helper is not defined on a blank page.
  const idleFrames = (await blank.evaluate(`new Promise((done) => {
    const out = []
    let last = performance.now()
    const t0 = last
    const loop = (t) => {
      out.push(t - last)
      last = t
      if (t - t0 < 2000) requestAnimationFrame(loop)
      else done(out)
    }
    requestAnimationFrame(loop)
  })`)) as number[]
  await idle.close()
  let thumbRequests = 0
  const session = await openApp(browser, {
    dataDir,
    nativeWindow: true,
    host: { http2: HTTP2 },
    beforeGoto: async (page) => {
      // tsx (esbuild) wraps named functions in __name(); the page has none, so define it first.
      await page.addInitScript({ content: `globalThis.__name = (f) => f;\n(${instrument.toString()})()` })
      page.on('request', (r) => {
        if (r.url().includes('/app-image/thumb/')) thumbRequests++
      })
    }
  })
  const { page } = session
  try {
    const s = { phases: {}, idleFrameP95: percentile(idleFrames, 95) } as Sample
    const phase = async (key: PhaseKey, from: number, to: number): Promise<void> => {
      s.phases[key] = await page.evaluate(({ from, to }) => window.__bench.phases(from, to), { from, to })
    }

    // Renderer ready → first screenful of thumbnails painted.
    await page.getByTestId('gallery-count').filter({ hasText: `${f.total.toLocaleString('en')} image` }).waitFor({ timeout: 120_000 })
    const first = await screenful(page)
    const dcl = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd)
    s.firstScreen = first.paintedAt - dcl
    const protocol = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).nextHopProtocol)
    if (protocol !== PROTOCOL) throw new Error(`the page was loaded over ${protocol}, not ${PROTOCOL}`)
    await phase('firstScreen', dcl, first.paintedAt)

    // End → the last item's thumbnail painted.
    await page.locator('[data-testid="gallery-tile"][aria-posinset="1"]').click()
    await page.keyboard.press('End')
    const lastImg = page.locator(`[data-testid="gallery-tile"][aria-posinset="${f.total}"] img.tile-img`)
    await lastImg.waitFor({ state: 'attached', timeout: 30_000 })
    await page.waitForFunction((total) => {
      const id = document.querySelector(`[data-testid="gallery-tile"][aria-posinset="${total}"] img.tile-img`)?.getAttribute('elementtiming')
      return id ? window.__bench.paints[id] !== undefined : false
    }, f.total, { polling: 50, timeout: 30_000 })
    const endAt = await page.evaluate((total) => {
      const id = document.querySelector(`[data-testid="gallery-tile"][aria-posinset="${total}"] img.tile-img`)!.getAttribute('elementtiming')!
      return { from: window.__bench.marks['key:End']!, to: window.__bench.paints[id]! }
    }, f.total)
    s.end = endAt.to - endAt.from
    await phase('end', endAt.from, endAt.to)
    await page.keyboard.press('Home')
    await page.locator('[data-testid="gallery-tile"][aria-posinset="1"]').waitFor()
    const rest = await screenful(page)
    s.visibleAtRest = rest.total

    // The fling.
    const box = (await page.getByTestId('gallery-scroll').boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await sleep(300)
    thumbRequests = 0
    const flingFrom = await page.evaluate(() => {
      window.__bench.startFrames()
      return performance.now()
    })
    await wheel(page, FLING_MS, FLING_PX_PER_S)
    const stopped = await page.evaluate(() => window.__bench.marks.wheel!)
    const after = await screenful(page)
    const cdp = await page.context().newCDPSession(page)
    // V8's heap plus array buffers (the id list is one) and the embedder's heap where Chromium reports them.
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number; embedderHeapUsedSize?: number }
    await cdp.detach()
    // The overscan's prefetch follows the screen's thumbnails: once it has gone quiet, count them all and see which came first.
    await sleep(1000)
    s.requests = thumbRequests
    s.requestsAhead = await page.evaluate((from) => {
      const root = document.querySelector('[data-testid="gallery-scroll"]')!.getBoundingClientRect()
      const onScreen = new Set(
        Array.from(document.querySelectorAll('[data-testid="gallery-tile"]'))
          .filter((t) => {
            const r = t.getBoundingClientRect()
            return r.bottom > root.top && r.top < root.bottom
          })
          .map((t) => t.getAttribute('data-image-id'))
      )
      const thumbs = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.startTime >= from && e.name.includes('/app-image/thumb/'))
      const screenDone = Math.max(...thumbs.filter((e) => onScreen.has(e.name.split('/').pop()!)).map((e) => e.responseEnd))
      return thumbs.filter((e) => e.startTime < screenDone).length
    }, flingFrom)
    const fl = await page.evaluate(({ from, to, done }) => {
      const b = window.__bench
      const frames = (b.frames ?? []).filter((x) => x.t > from && x.t <= to).map((x) => x.dt)
      b.frames = null
      const long = b.longTasks.filter((t) => t.start >= from && t.start <= done && t.duration > 50).map((t) => t.duration)
      return { frames, long, tiles: b.maxTiles }
    }, { from: flingFrom, to: stopped, done: after.paintedAt })
    s.frameP95 = percentile(fl.frames, 95)
    s.frameWorst = Math.max(...fl.frames)
    s.flingLong = fl.long.length
    s.flingLongest = fl.long.length ? Math.max(...fl.long) : 0
    s.complete = after.paintedAt - stopped
    s.tiles = fl.tiles
    const travelled = await page.evaluate((first) => {
      const grid = document.querySelector<HTMLElement>('[data-testid="gallery"]')!
      const tile = grid.querySelector('[data-testid="gallery-tile"]')!
      // GAP (6 px) in GalleryGrid.tsx: a row is a cell and a gap.
      return (Math.floor((first - 1) / Number(grid.dataset.columns)) * (tile.getBoundingClientRect().height + 6))
    }, after.first)
    s.flingSpeed = (travelled / (stopped - flingFrom)) * 1000
    s.heapMb = (heap.usedSize + (heap.backingStorageSize ?? 0) + (heap.embedderHeapUsedSize ?? 0)) / 1048576

    // Jump into the crowded month (its middle), then scroll within it.
    const monthFrom = await page.evaluate(() => performance.now())
    s.monthJumps = await jumpTo(page, f.monthFirst + Math.floor(f.monthCount / 2))
    await screenful(page)
    await wheel(page, MONTH_SCROLL_MS, MONTH_PX_PER_S)
    const inMonth = await screenful(page)
    if (inMonth.first <= f.monthFirst || inMonth.last > f.monthFirst + f.monthCount) {
      console.log(`  (warning: the month scroll ended at positions ${inMonth.first}–${inMonth.last}, outside the month ${f.monthFirst + 1}–${f.monthFirst + f.monthCount})`)
    }
    const ml = await page.evaluate(() => window.__bench.longTasks)
    const monthLong = longOver50(ml, monthFrom, inMonth.paintedAt)
    s.monthLong = monthLong.length
    s.monthLongest = monthLong.length ? Math.max(...monthLong) : 0

    // Search: Enter commits at once; typing commits after the debounce.
    const search = page.getByTestId('search-input')
    const searchOnce = async (query: string, expected: number, typed: boolean, key?: PhaseKey): Promise<{ painted: number; count: number }> => {
      await search.click()
      if (typed) {
        await search.fill(query.slice(0, -1))
        await page.getByTestId('gallery-count').filter({ hasText: /result/ }).waitFor()
        await sleep(SEARCH_DEBOUNCE_MS + 600)
        await screenful(page).catch(() => undefined)
        await page.keyboard.press(query.slice(-1))
      } else {
        await search.fill(query)
        await page.keyboard.press('Enter')
      }
      const mark = typed ? `key:${query.slice(-1)}` : 'key:Enter'
      const from = await page.evaluate((k) => window.__bench.marks[k]!, mark)
      const shown = await viewShown(page, expected, from)
      if (key) await phase(key, from, Math.max(shown.painted, shown.count))
      await page.keyboard.press('Escape')
      await viewShown(page, f.total, await page.evaluate(() => window.__bench.marks['key:Escape']!))
      return { painted: shown.painted - from, count: shown.count - from }
    }
    ;({ painted: s.searchSelective, count: s.searchSelectiveCount } = await searchOnce(SELECTIVE, f.selective, false, 'searchSelective'))
    s.searchSelectiveTyped = (await searchOnce(SELECTIVE, f.selective, true)).painted
    ;({ painted: s.searchBroad, count: s.searchBroadCount } = await searchOnce(BROAD, f.broad, false, 'searchBroad'))
    ;({ painted: s.searchNegated, count: s.searchNegatedCount } = await searchOnce(NEGATED, f.negated, false))

    // Switching section.
    for (const [nav, key, total] of [['nav-favourites', 'toFavourites', f.favourites], ['nav-all', 'toAll', f.total]] as const) {
      await page.getByTestId(nav).click()
      const from = await page.evaluate(() => window.__bench.marks.click!)
      const shown = await viewShown(page, total, from)
      s[key] = shown.painted - from
      s[`${key}Count`] = shown.count - from
      await phase(key, from, Math.max(shown.painted, shown.count))
    }

    if (session.problems.length) console.log(`  (page problems: ${session.problems.slice(0, 3).join('; ')})`)
    return s
  } finally {
    await session.close()
  }
}

// ---------------------------------------------------------------- the table

type Figure = Exclude<keyof Sample, 'phases'>
type Row = { label: string; key: Figure; unit: 'ms' | 'n' | 'MB'; goal: string; ok: (v: number, s: Sample[]) => boolean }

const med = (xs: Sample[], k: Figure): number => median(xs.map((x) => x[k]))
const ROWS: Row[] = [
  { label: 'ready → first screenful of thumbnails painted', key: 'firstScreen', unit: 'ms', goal: '≤ 300 ms', ok: (v) => v <= 300 },
  { label: 'End → last item painted', key: 'end', unit: 'ms', goal: '≤ 100 ms', ok: (v) => v <= 100 },
  { label: `fling: speed reached (wheel sends ${FLING_PX_PER_S.toLocaleString('en')} px/s)`, key: 'flingSpeed', unit: 'n', goal: '', ok: () => true },
  { label: 'fling 5 s: frame p95', key: 'frameP95', unit: 'ms', goal: '≤ 16.7 ms', ok: (v) => v <= 16.7 },
  { label: 'an empty page in the same browser: frame p95', key: 'idleFrameP95', unit: 'ms', goal: '', ok: () => true },
  { label: 'fling: worst frame', key: 'frameWorst', unit: 'ms', goal: '', ok: () => true },
  { label: 'fling: long tasks > 50 ms', key: 'flingLong', unit: 'n', goal: 'none', ok: (v) => v === 0 },
  { label: 'fling: longest of those', key: 'flingLongest', unit: 'ms', goal: '', ok: () => true },
  { label: 'fling: thumbnail requests', key: 'requests', unit: 'n', goal: '≤ 2× visible', ok: (v, s) => v <= 2 * med(s, 'visibleAtRest') },
  { label: '  started before the screen’s last one arrived', key: 'requestsAhead', unit: 'n', goal: '', ok: () => true },
  { label: 'tiles visible at rest', key: 'visibleAtRest', unit: 'n', goal: '', ok: () => true },
  { label: 'thumbnails complete after the fling stops', key: 'complete', unit: 'ms', goal: '≤ 500 ms', ok: (v) => v <= 500 },
  { label: 'tiles mounted (most in a frame)', key: 'tiles', unit: 'n', goal: '', ok: () => true },
  { label: 'JS heap after the fling', key: 'heapMb', unit: 'MB', goal: '≤ 300 MB', ok: (v) => v <= 300 },
  { label: 'crowded month: jump + scroll, long tasks > 50 ms', key: 'monthLong', unit: 'n', goal: 'none', ok: (v) => v === 0 },
  { label: 'crowded month: longest of those', key: 'monthLongest', unit: 'ms', goal: '', ok: () => true },
  { label: `search "${SELECTIVE}" (selective), Enter → tiles painted`, key: 'searchSelective', unit: 'ms', goal: '≤ 50 ms', ok: (v) => v <= 50 },
  { label: '  … → its count shown', key: 'searchSelectiveCount', unit: 'ms', goal: '', ok: () => true },
  { label: `  typed instead (incl. ${SEARCH_DEBOUNCE_MS} ms typing pause) → tiles`, key: 'searchSelectiveTyped', unit: 'ms', goal: '', ok: () => true },
  { label: `search "${BROAD}" (most of the library) → tiles painted`, key: 'searchBroad', unit: 'ms', goal: '≤ 150 ms', ok: (v) => v <= 150 },
  { label: '  … → its count shown', key: 'searchBroadCount', unit: 'ms', goal: '', ok: () => true },
  { label: `search "${NEGATED}" (nearly all) → tiles painted`, key: 'searchNegated', unit: 'ms', goal: '≤ 150 ms', ok: (v) => v <= 150 },
  { label: '  … → its count shown', key: 'searchNegatedCount', unit: 'ms', goal: '', ok: () => true },
  { label: 'section All → Favourites, first tiles painted', key: 'toFavourites', unit: 'ms', goal: '≤ 150 ms', ok: (v) => v <= 150 },
  { label: '  … → its count shown', key: 'toFavouritesCount', unit: 'ms', goal: '', ok: () => true },
  { label: 'section Favourites → All, first tiles painted', key: 'toAll', unit: 'ms', goal: '≤ 150 ms', ok: (v) => v <= 150 },
  { label: '  … → its count shown', key: 'toAllCount', unit: 'ms', goal: '', ok: () => true }
]

function fmt(v: number, unit: Row['unit']): string {
  if (Number.isNaN(v)) return 'n/a'
  if (unit === 'ms') return fmtMs(v)
  if (unit === 'MB') return `${v.toFixed(0)} MB`
  if (v >= 1000) return v.toLocaleString('en', { maximumFractionDigits: 0 })
  return Number.isInteger(v) ? String(v) : v.toFixed(1)
}

async function main(): Promise<void> {
  const root = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), 'imagine-gallery-bench-'))
  mkdirSync(root, { recursive: true })
  const dbFile = join(root, 'library.db')
  if (existsSync(dbFile)) console.log(`gallery benchmark: measuring the library already in ${root} (no seeding)`)
  else {
    console.log(`gallery benchmark: seeding ${REQUESTED.toLocaleString('en')} images into ${root}`)
    await seed(root, dbFile)
  }
  const f = facts(dbFile)
  console.log(`  ${f.total.toLocaleString('en')} images (database ${(statSync(dbFile).size / 1048576).toFixed(0)} MB); crowded month: ${f.monthCount.toLocaleString('en')} images at positions ${(f.monthFirst + 1).toLocaleString('en')}–${(f.monthFirst + f.monthCount).toLocaleString('en')}; favourites ${f.favourites.toLocaleString('en')}; "${SELECTIVE}" ${f.selective.toLocaleString('en')}; "${BROAD}" ${f.broad.toLocaleString('en')}; "${NEGATED}" ${f.negated.toLocaleString('en')}`)
  console.log(`  transport to the test host: ${TRANSPORT}`)
  ensureBuilt()
  const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' / ')
  const results: Record<number, Sample[]> = {}
  for (const dpr of [1, 2]) {
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [...CHROMIUM_ARGS, ...(HTTP2 ? [trustHostCertificate()] : []), `--force-device-scale-factor=${dpr}`, `--window-size=${WINDOW.width},${WINDOW.height}`]
    })
    results[dpr] = []
    try {
      for (let i = 0; i < RUNS; i++) {
        const s = await run(browser, root, f)
        results[dpr].push(s)
        console.log(`  device scale ${dpr}, run ${i + 1}/${RUNS} done`)
        if (RAW) console.log(JSON.stringify(s))
      }
    } finally {
      await browser.close()
    }
  }
  // Other work on the machine shows in every figure: say how busy it was.
  const load = loadavg().map((l) => l.toFixed(1)).join(' / ')
  console.log(`\nmedians of ${RUNS} runs, window ${WINDOW.width}×${WINDOW.height}, ${cpus().length} cores (load average at the end ${load}; at the start ${loadAtStart}), ${f.total.toLocaleString('en')} images`)
  console.log(`transport to the test host: ${TRANSPORT}\n`)
  const w = Math.max(...ROWS.map((r) => r.label.length))
  console.log(`  ${'metric'.padEnd(w)}  ${'DPR 1'.padStart(9)}  ${'DPR 2'.padStart(9)}  ${'goal'.padEnd(13)}  ok`)
  for (const row of ROWS) {
    const v1 = med(results[1]!, row.key)
    const v2 = med(results[2]!, row.key)
    const ok = row.goal === '' ? '' : row.ok(v1, results[1]!) && row.ok(v2, results[2]!) ? 'ok' : 'over'
    console.log(`  ${row.label.padEnd(w)}  ${fmt(v1, row.unit).padStart(9)}  ${fmt(v2, row.unit).padStart(9)}  ${row.goal.padEnd(13)}  ${ok}`)
  }
  console.log(`\nwhere the time goes (medians, ms after the trigger: the last id list, row and thumbnail response of the step, then painted)\n`)
  const pw = Math.max(...Object.values(PHASE_LABELS).map((l) => l.length))
  console.log(`  ${'step'.padEnd(pw)}  ${'DPR'.padStart(3)}  ${'id list'.padStart(8)}  ${'rows'.padStart(8)}  ${'thumbs'.padStart(8)}  ${'painted'.padStart(8)}`)
  for (const key of Object.keys(PHASE_LABELS) as PhaseKey[]) {
    for (const dpr of [1, 2]) {
      const xs = results[dpr]!
      const cell = (v: number): string => (Number.isNaN(v) ? '–' : v.toFixed(0)).padStart(8)
      const ph = (k: keyof Phase): number => median(xs.map((x) => x.phases[key]?.[k] ?? Number.NaN).filter((v) => !Number.isNaN(v)))
      console.log(`  ${(dpr === 1 ? PHASE_LABELS[key] : '').padEnd(pw)}  ${String(dpr).padStart(3)}  ${cell(ph('idList'))}  ${cell(ph('rows'))}  ${cell(ph('thumbs'))}  ${cell(med(xs, key))}`)
    }
  }
  if (!values.keep) rmSync(root, { recursive: true, force: true })
}

void main()
