/**
 * `npm run bench -- refs [--runs N] [--latency MS] [--keep DIR]`
 * Reference images in the built renderer in Debian's Chromium, against the real
 * core through the test host and the fake Runware server (issue 8):
 *
 * - drop → chip ready: a 4000×3000 photo-like JPEG, a File built in the page,
 *   dropped on the tray with a real DataTransfer; timed in the page from the drop
 *   event's dispatch to the chip's data-status="ready" (MutationObserver), and to
 *   its stored preview decoded. Cold: new bytes each run (one changed patch, so the
 *   stored copy differs too); warm: the same bytes again.
 * - Generate → request sent: from the click on Generate (a capture listener in the
 *   page takes performance.now()) to the imageInference request's arrival at the
 *   fake (its headers, before it answers), without a reference, with a prepared
 *   one already uploaded, and the first Generate right after a drop (the reference is uploaded in
 *   the background from the drop on).
 *   Page and Node clocks are both monotonic; their offset is measured by round trips.
 *
 * Each run waits for its job to finish and the page to settle. A fresh library in
 * a temp folder, removed at the end unless --keep DIR. BENCH_RAW=1 also prints
 * every sample.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { launchBrowser, openApp, type AppSession } from '../../tests/e2e/app-browser'
import { startFakeRunware, type FakeRunware, type RecordedRequest } from '../../tests/fake-runware/server'
import { FAST_POLL, FAST_RETRY } from '../../tests/helpers/generation'
import { prng } from '../../tests/helpers/prng'
import { fmtMs, median, percentile } from './stats'

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { runs: { type: 'string' }, latency: { type: 'string' }, keep: { type: 'string' } },
  allowPositionals: true
})
const RUNS = Number(values.runs ?? 15)
const LATENCY = Number(values.latency ?? 20)
const W = 4000
const H = 3000
const GOAL = 1.1
/** Steady-state Generate pairs (with / without a reference) per run. */
const PAIRS = 3

type Task = Record<string, unknown>
const tasksOf = (r: RecordedRequest): Task[] => (Array.isArray(r.body) ? (r.body as Task[]) : [])

/** Photo-like pixels: smooth shapes and light (a coarse random field, upscaled) plus fine grain. */
async function photoPixels(): Promise<Buffer> {
  const rnd = prng(8)
  const lw = 80
  const lh = 60
  const low = Buffer.alloc(lw * lh * 3)
  for (let i = 0; i < low.length; i++) low[i] = Math.floor(rnd() * 256)
  const px = await sharp(low, { raw: { width: lw, height: lh, channels: 3 } }).resize(W, H, { kernel: 'cubic' }).raw().toBuffer()
  for (let i = 0; i < px.length; i++) px[i] = Math.max(0, Math.min(255, px[i]! + (rnd() - 0.5) * 40))
  return px
}

/** Variant `n`: a 300×300 patch inverted at a place of its own, so the bytes and the stored copy are new. */
async function variant(base: Buffer, n: number): Promise<Buffer> {
  const px = Buffer.from(base)
  const x0 = 100 + ((n * 337) % (W - 500))
  const y0 = 100 + ((n * 211) % (H - 500))
  for (let y = y0; y < y0 + 300; y++) for (let x = x0; x < x0 + 300; x++) for (let c = 0; c < 3; c++) px[(y * W + x) * 3 + c] = 255 - px[(y * W + x) * 3 + c]!
  return sharp(px, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 90 }).toBuffer()
}

/** Puts the bytes in the page as a File (no path on disk, as from a browser), outside any timing. */
async function loadFile(page: Page, jpeg: Buffer, name: string): Promise<void> {
  await page.evaluate(
    ({ base64, name }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      ;(window as unknown as { benchFile: File }).benchFile = new File([bytes], name, { type: 'image/jpeg' })
    },
    { base64: jpeg.toString('base64'), name }
  )
}

/** Drops the loaded File on the tray; ms from the drop's dispatch (at t0, page clock) to the chip ready, and to its preview decoded. */
async function timeDrop(page: Page): Promise<{ t0: number; ready: number; preview: number }> {
  return page.evaluate(
    () =>
      new Promise<{ t0: number; ready: number; preview: number }>((resolve, reject) => {
        const tray = document.querySelector('[data-testid="reference-tray"]')!
        const dt = new DataTransfer()
        dt.items.add((window as unknown as { benchFile: File }).benchFile)
        for (const kind of ['dragenter', 'dragover']) tray.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: dt }))
        let ready = -1
        let t0 = 0
        const timer = setTimeout(() => finish(new Error('the chip did not become ready within 60 s')), 60_000)
        const observer = new MutationObserver(() => check())
        function finish(error?: Error): void {
          observer.disconnect()
          clearTimeout(timer)
          if (error) reject(error)
        }
        function check(): void {
          const alert = tray.querySelector('[role="alert"]')
          if (alert) return finish(new Error(`the drop failed: ${alert.textContent ?? ''}`))
          const chip = tray.querySelector('[data-testid="reference-chip"]')
          if (ready < 0 && chip?.getAttribute('data-status') === 'ready') {
            ready = performance.now() - t0
            observer.disconnect()
            const img = chip.querySelector('img')
            if (!img) return finish(new Error('the ready chip has no preview'))
            const shown = (): void => {
              finish()
              resolve({ t0, ready, preview: performance.now() - t0 })
            }
            if (img.complete && img.naturalWidth > 0) return shown()
            img.addEventListener('load', () => void img.decode().then(shown, shown), { once: true })
            img.addEventListener('error', () => finish(new Error('the chip preview did not load')), { once: true })
          }
        }
        observer.observe(tray, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'src', 'role'] })
        t0 = performance.now()
        tray.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }))
      })
  )
}

async function removeChip(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Remove reference' }).click()
  await page.getByTestId('reference-chip').waitFor({ state: 'detached' })
}

/** Waits for the main thread to be idle twice over, so the next timing does not share it with the last one's rendering. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        requestIdleCallback(() => requestAnimationFrame(() => setTimeout(() => requestIdleCallback(() => resolve(), { timeout: 1000 }), 100)), { timeout: 1000 })
      })
  )
}

/**
 * Offset of the page's performance.now() from Node's: the best of 30 round trips
 * (the one with the shortest round trip bounds the error by half of it).
 */
async function clockOffset(page: Page): Promise<{ offset: number; error: number }> {
  let best = { offset: 0, error: Number.POSITIVE_INFINITY }
  for (let i = 0; i < 30; i++) {
    const a = performance.now()
    const p = await page.evaluate(() => performance.now())
    const b = performance.now()
    if ((b - a) / 2 < best.error) best = { offset: p - (a + b) / 2, error: (b - a) / 2 }
  }
  return best
}

interface Sent {
  /** Click → imageInference request arrives at the fake, ms. */
  inference: number
  /** Click → imageUpload request arrives, ms, when this Generate uploaded the reference. */
  upload: number | null
  /** Click → the core's dispatch of generation:start begins (renderer + transport), ms. */
  toCore: number
}

interface Dispatch {
  channel: string
  start: number
  ms: number
}

async function main(): Promise<void> {
  const fake = await startFakeRunware({ latencyMs: LATENCY, perImageLatencyMs: 5, imageBytes: 'small' })
  // Arrival times on Node's monotonic clock: the fake records each request when its headers arrive.
  const arrivals = new Map<RecordedRequest, number>()
  const push = fake.requests.push.bind(fake.requests)
  fake.requests.push = (...recs: RecordedRequest[]) => {
    const now = performance.now()
    for (const r of recs) arrivals.set(r, now)
    return push(...recs)
  }
  const root = values.keep ?? mkdtempSync(join(tmpdir(), 'imagine-refs-bench-'))
  const dataDir = join(root, 'library')
  mkdirSync(dataDir, { recursive: true })
  let browser: Browser | undefined
  let session: AppSession | undefined
  try {
    browser = await launchBrowser()
    session = await openApp(browser, {
      dataDir,
      host: { env: { RUNWARE_API_KEY: fake.apiKey }, runware: { endpoint: fake.url, retry: FAST_RETRY, poll: FAST_POLL } }
    })
    await run(browser, session, fake, arrivals)
  } finally {
    await session?.close()
    await browser?.close()
    await fake.close()
    if (!values.keep) rmSync(root, { recursive: true, force: true })
  }
}

async function run(browser: Browser, session: AppSession, fake: FakeRunware, arrivals: Map<RecordedRequest, number>): Promise<void> {
  const { page, host } = session
  // The host calls core.router.dispatch for every invoke: when each began and how long the core took.
  const dispatches: Dispatch[] = []
  const router = host.core.router
  const dispatch = router.dispatch.bind(router)
  router.dispatch = async (channel, args) => {
    const start = performance.now()
    try {
      return await dispatch(channel, args)
    } finally {
      dispatches.push({ channel: String(channel), start, ms: performance.now() - start })
    }
  }
  const lastDispatch = (channel: string, after: number): Dispatch => {
    const d = dispatches.findLast((x) => x.channel === channel && x.start >= after)
    if (!d) throw new Error(`no ${channel} invoke was seen`)
    return d
  }

  await page.getByRole('region', { name: 'Reference images' }).waitFor()
  // tsx (esbuild's keepNames) wraps named functions in __name(), which the page lacks.
  await page.evaluate('globalThis.__name ??= (f) => f')
  await page.evaluate(() => {
    // Capture phase on window: before React's handler on the root sees the click.
    window.addEventListener('click', () => ((window as unknown as { benchClickAt: number }).benchClickAt = performance.now()), true)
  })
  const clock = await clockOffset(page)
  const toNode = (pageMs: number): number => pageMs - clock.offset

  const latestGeneration = (): number => (host.core.db.prepare('SELECT id FROM generations ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined)?.id ?? 0
  let promptNo = 0
  /** `expectUpload` null: either (the background upload that starts at drop may still be on the way). */
  const generate = async (expectReference: boolean, expectUpload: boolean | null): Promise<Sent> => {
    const before = fake.requests.length
    const lastGen = latestGeneration()
    await page.getByRole('textbox', { name: 'Prompt' }).fill(`a harbour at dawn, take ${++promptNo}`)
    await settle(page)
    await page.getByRole('button', { name: 'Generate' }).click()
    const deadline = Date.now() + 30_000
    let inference: RecordedRequest | undefined
    while (!inference) {
      if (Date.now() > deadline) throw new Error('no imageInference request within 30 s')
      await new Promise((r) => setTimeout(r, 2))
      inference = fake.requests.slice(before).find((r) => tasksOf(r).some((t) => t.taskType === 'imageInference'))
    }
    const upload = fake.requests.slice(before).find((r) => tasksOf(r).some((t) => t.taskType === 'imageUpload'))
    const task = tasksOf(inference).find((t) => t.taskType === 'imageInference')!
    const hasReference = JSON.stringify(task).includes('referenceImages')
    if (hasReference !== expectReference) throw new Error(`expected a request ${expectReference ? 'with' : 'without'} a reference, got ${JSON.stringify(task)}`)
    if (expectUpload !== null && Boolean(upload) !== expectUpload) throw new Error(`expected ${expectUpload ? 'an' : 'no'} imageUpload before the inference`)
    const clickAt = toNode(await page.evaluate(() => (window as unknown as { benchClickAt: number }).benchClickAt))
    const toCore = lastDispatch('generation:start', clickAt).start - clickAt
    // The job runs to its end (and the page shows it) before the next timing.
    let id = latestGeneration()
    while (id === lastGen) {
      await new Promise((r) => setTimeout(r, 5))
      id = latestGeneration()
    }
    const final = await host.core.generation.whenDone(id)
    if (final.status !== 'succeeded') throw new Error(`generation ${id} ended ${final.status}`)
    await page.waitForFunction(() => document.querySelector('[data-testid="job-card"]')?.getAttribute('data-status') === 'succeeded', undefined, { timeout: 20_000 })
    await settle(page)
    return { inference: arrivals.get(inference)! - clickAt, upload: upload ? arrivals.get(upload)! - clickAt : null, toCore }
  }
  const drop = async (): Promise<{ ready: number; preview: number; toCore: number; core: number }> => {
    await settle(page)
    const t = await timeDrop(page)
    const prepare = lastDispatch('references:prepare', toNode(t.t0))
    await settle(page)
    return { ready: t.ready, preview: t.preview, toCore: prepare.start - toNode(t.t0), core: prepare.ms }
  }
  const undoRemove = async (): Promise<void> => {
    await page.getByTestId('reference-notice').getByRole('button', { name: 'Undo' }).click()
    await page.locator('[data-testid="reference-chip"][data-status="ready"]').waitFor()
  }

  const base = await photoPixels()
  const t = {
    dropCold: [] as number[],
    previewCold: [] as number[],
    toCoreCold: [] as number[],
    coreCold: [] as number[],
    dropWarm: [] as number[],
    previewWarm: [] as number[],
    without: [] as number[],
    withoutToCore: [] as number[],
    withUploaded: [] as number[],
    withToCore: [] as number[],
    firstUpload: [] as number[],
    firstInference: [] as number[]
  }
  const sizes: number[] = []
  // Run 0 warms up (sharp, SQLite statements, Chromium's caches) and is not counted.
  for (let i = 0; i <= RUNS; i++) {
    const counted = i > 0
    const jpeg = await variant(base, i)
    sizes.push(jpeg.length)
    await loadFile(page, jpeg, `photo-${i}.jpg`)
    const cold = await drop()
    // The reference is uploaded in the background from the drop on; this Generate may share that upload.
    const first = await generate(true, null)
    // Steady state, in pairs: Remove and Undo put the same prepared (and uploaded) reference
    // out of and back into the tray; the order alternates so drift favours neither side.
    for (let k = 0; k < PAIRS; k++) {
      const withRef = async (): Promise<void> => {
        const s = await generate(true, false)
        if (!counted) return
        t.withUploaded.push(s.inference)
        t.withToCore.push(s.toCore)
      }
      const withoutRef = async (): Promise<void> => {
        await removeChip(page)
        const s = await generate(false, false)
        await undoRemove()
        if (!counted) return
        t.without.push(s.inference)
        t.withoutToCore.push(s.toCore)
      }
      if ((i + k) % 2 === 0) {
        await withRef()
        await withoutRef()
      } else {
        await withoutRef()
        await withRef()
      }
    }
    await removeChip(page)
    const warm = await drop()
    await removeChip(page)
    if (!counted) continue
    t.dropCold.push(cold.ready)
    t.previewCold.push(cold.preview)
    t.toCoreCold.push(cold.toCore)
    t.coreCold.push(cold.core)
    t.dropWarm.push(warm.ready)
    t.previewWarm.push(warm.preview)
    if (first.upload !== null) t.firstUpload.push(first.upload)
    t.firstInference.push(first.inference)
  }
  const clockAfter = await clockOffset(page)
  if (process.env.BENCH_RAW) console.log(JSON.stringify(t, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v)))
  if (session.problems.length > 0) console.warn(`page problems: ${session.problems.join('; ')}`)

  const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`
  const stored = host.core.db.prepare('SELECT width, height, bytes FROM reference_images').all() as { width: number; height: number; bytes: number }[]
  const storedText = `${stored[0]?.width ?? 0}×${stored[0]?.height ?? 0} JPEG of ${mb(median(stored.map((s) => s.bytes)))}`
  const rank = (n: number): string => (Math.ceil(0.95 * n) === n ? `p95 of ${n} is the slowest` : 'p95 by nearest rank')
  console.log(
    `refs benchmark: ${RUNS} runs (after 1 warm-up), Chromium ${browser.version()} headless through the test host, ` +
      `a ${W}×${H} JPEG of ${mb(median(sizes))} (photo-like: shapes and grain), fake server latency ${LATENCY} ms`
  )
  console.log(
    `(drops: ${RUNS} each, ${rank(RUNS)}; steady-state Generates: ${RUNS * PAIRS} each. Page↔Node clock offset known to ±${clock.error.toFixed(2)} ms, ` +
      `moved ${Math.abs(clockAfter.offset - clock.offset).toFixed(2)} ms over the run.)`
  )
  const line = (name: string, list: number[]): void => console.log(`  ${name.padEnd(62)} median ${fmtMs(median(list)).padStart(8)}  p95 ${fmtMs(percentile(list, 95)).padStart(8)}`)
  line('drop → chip ready, cold (new bytes)', t.dropCold)
  line('  of which drop → references:prepare reaches the core', t.toCoreCold)
  line('  of which the core preparing it (decode, resize, store)', t.coreCold)
  line('drop → chip preview decoded, cold', t.previewCold)
  line('drop → chip ready, warm (same bytes again)', t.dropWarm)
  line('drop → chip preview decoded, warm', t.previewWarm)
  line('Generate → request sent, no reference', t.without)
  line('  of which click → generation:start reaches the core', t.withoutToCore)
  line('Generate → request sent, prepared reference already uploaded', t.withUploaded)
  line('  of which click → generation:start reaches the core', t.withToCore)
  console.log(`  first Generates after a drop that still saw the upload after the click: ${t.firstUpload.length} of ${t.firstInference.length}`)
  line('first Generate right after a drop → request sent', t.firstInference)
  const ratio = (a: number[], b: number[]): string => `${(median(a) / median(b)).toFixed(2)}×`
  console.log(`  generate with reference / without: ${ratio(t.withUploaded, t.without)} (goal ≤ ${GOAL}; the reference uploaded before)`)
  console.log(`  first generate right after the drop / without: ${ratio(t.firstInference, t.without)} (goal ≤ ${GOAL}; the stored ${storedText} is uploaded in the background from the drop on)`)
  console.log(`  drop warm / cold: ${ratio(t.dropWarm, t.dropCold)}`)
}

void main()
