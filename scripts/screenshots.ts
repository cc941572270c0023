/**
 * `npm run screenshots [-- --only gallery,detail] [--size 1024x700] [--out DIR] [--keep DIR]`
 *
 * The README's screenshots (issue 10): each screen of the studio in the light and
 * the dark theme, from the built renderer in Debian's Chromium against the real
 * core through the test host and the fake Runware server. `npm run screenshots`
 * builds first (electron-vite build, as `npm run host` does); `npx tsx
 * scripts/screenshots.ts` alone takes the out/ that is there. Not a test: it
 * waits only for what it needs to find each screen, and fails loudly when one is
 * not there or the page reports an error.
 *
 * The library is made the way a person would make it, through the core's
 * generation service and the fake Runware server: prompts of several sizes and
 * formats, one remix of an earlier image, favourites, ratings, two collections,
 * tags and two saved searches. The fake answers now, so the script then moves
 * all but today's generations back by days (created and finished times, and the
 * prompt library's last use), which gives the Spend view a history and leaves
 * the queue with today's jobs. Both themes are taken on a host restarted on that
 * library, so the queue shows what it remembers after a restart. --keep DIR
 * keeps it (in DIR/library, for `npm run host -- --data DIR/library`).
 *
 * Files: docs/screenshots/<screen>-<light|dark>.<jpg|png> at 1440×900 (device
 * scale 1). Screens with the fake's images (grainy on purpose, see
 * tests/fake-runware/images.ts), dialogs over them included, are JPEG at quality
 * 80; the Spend and Prompts views PNG. Each file's size is printed, with a
 * warning past 400 kB. --size takes another window size (1024x700 checks that
 * everything fits) and --out another folder, so checks need not touch docs/.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import type { Core } from '../electron/core/app-core'
import { launchBrowser, openApp, repoRoot, type AppSession } from '../tests/e2e/app-browser'
import { startFakeRunware, type FakeRunware } from '../tests/fake-runware/server'
import { FAST_POLL, FAST_RETRY, makeCore } from '../tests/helpers/generation'

const SCREENS = ['gallery', 'detail', 'compare', 'spend', 'prompts', 'autocomplete', 'settings', 'export'] as const
type Screen = (typeof SCREENS)[number]
type Theme = 'light' | 'dark'

/** Screens with the fake's images around them are JPEG (their grain makes such PNGs 400 kB to 1 MB); tables and charts PNG. */
const FORMAT: Record<Screen, 'png' | 'jpeg'> = {
  gallery: 'jpeg',
  detail: 'jpeg',
  compare: 'jpeg',
  spend: 'png',
  prompts: 'png',
  autocomplete: 'jpeg',
  settings: 'jpeg',
  export: 'jpeg'
}
const WARN_BYTES = 400 * 1024

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { only: { type: 'string' }, size: { type: 'string' }, out: { type: 'string' }, keep: { type: 'string' }, help: { type: 'boolean' } },
  allowPositionals: true
})

if (values.help) {
  console.log('Usage: npm run screenshots -- [--only gallery,detail,...] [--size WxH] [--out DIR] [--keep DIR]\n' + `Screens: ${SCREENS.join(', ')}. Default: all, 1440x900, docs/screenshots.`)
  process.exit(0)
}

const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...SCREENS]
for (const s of only) if (!(SCREENS as readonly string[]).includes(s)) throw new Error(`Unknown screen "${s}": one of ${SCREENS.join(', ')}`)
const screens = SCREENS.filter((s) => only.includes(s))
const [width = 1440, height = 900] = (values.size ?? '1440x900').split('x').map(Number)
if (!Number.isInteger(width) || !Number.isInteger(height) || width < 600 || height < 400) throw new Error(`--size is WIDTHxHEIGHT, e.g. 1024x700 (got ${values.size})`)
const outDir = values.out ?? join(repoRoot, 'docs', 'screenshots')

interface Job {
  prompt: string
  size: [number, number]
  count: number
  format?: 'JPG' | 'PNG' | 'WEBP'
  quality?: number
  /** Days before today (0: left as the fake made it, so it shows in the queue); the hour of that day. */
  daysAgo: number
  hour?: number
  /** Uses the first image of job #n (its index in JOBS) as the reference. */
  remixOf?: number
  /** Today's jobs: how long Runware takes to answer (the fake's latency fault), so the queue shows real durations. */
  tookMs?: number
}

/** Oldest first, so ids grow with time as they would have. */
const JOBS: Job[] = [
  { prompt: 'castle in fog, matte painting, muted greens', size: [1408, 704], count: 2, daysAgo: 74, hour: 21 },
  { prompt: 'a red fox sleeping in fresh snow, soft morning light', size: [1280, 896], count: 1, daysAgo: 41, hour: 8 },
  { prompt: 'macro photo of a dew drop on a fern leaf', size: [1024, 1024], count: 2, format: 'PNG', daysAgo: 27, hour: 15 },
  { prompt: 'a lighthouse at dusk, oil painting, warm light on the waves', size: [1296, 864], count: 1, daysAgo: 22, hour: 19 },
  { prompt: 'panorama of a mountain lake at sunrise, low mist', size: [1248, 576], count: 2, daysAgo: 16, hour: 7 },
  { prompt: 'a vintage robot watering plants in a greenhouse', size: [864, 1296], count: 2, daysAgo: 12, hour: 11 },
  { prompt: 'isometric cosy reading room, pastel colours, soft shadows', size: [1024, 1024], count: 3, format: 'WEBP', daysAgo: 9, hour: 14 },
  { prompt: 'a quiet Kyoto street in the rain at night, neon reflections', size: [1408, 768], count: 3, daysAgo: 6, hour: 22 },
  { prompt: 'an arctic fox portrait, photograph, 85mm', size: [896, 1280], count: 2, format: 'PNG', daysAgo: 3, hour: 10 },
  { prompt: 'a vintage robot watering plants in a greenhouse', size: [864, 1296], count: 1, daysAgo: 1, hour: 17 },
  // Today's jobs: the queue shows them.
  { prompt: 'a lighthouse at dusk, oil painting, warm light on the waves', size: [1024, 1024], count: 4, quality: 90, daysAgo: 0, tookMs: 6400 },
  { prompt: 'a red fox sleeping in fresh snow, soft morning light', size: [1280, 896], count: 2, daysAgo: 0, tookMs: 4200 },
  { prompt: 'the same lighthouse in a winter storm', size: [1024, 1024], count: 2, daysAgo: 0, remixOf: 10, tookMs: 5300 }
]

function at(daysAgo: number, hour: number, minute: number): number {
  const n = new Date()
  return new Date(n.getFullYear(), n.getMonth(), n.getDate() - daysAgo, hour, minute).getTime()
}

/** Makes the library in `dataDir` through the core and the fake; returns each job's image ids. */
async function makeLibrary(fake: FakeRunware, dataDir: string): Promise<number[][]> {
  const core: Core = makeCore(fake, dataDir)
  const ids: number[][] = []
  try {
    for (const [i, job] of JOBS.entries()) {
      if (job.tookMs) fake.inject({ kind: 'latency', ms: job.tookMs, times: 1 })
      const ref = job.remixOf === undefined ? [] : [{ kind: 'image' as const, imageId: ids[job.remixOf]![0]! }]
      const { generationId } = await core.generation.start({
        prompt: job.prompt,
        width: job.size[0],
        height: job.size[1],
        numberResults: job.count,
        outputFormat: job.format ?? 'JPG',
        ...(job.quality === undefined ? {} : { outputQuality: job.quality }),
        references: ref
      })
      const done = await core.generation.whenDone(generationId)
      if (done.status !== 'succeeded') throw new Error(`job ${i} (${job.prompt}) ended ${done.status}`)
      ids.push((core.db.prepare('SELECT id FROM images WHERE generation_id = ? ORDER BY id').all(generationId) as { id: number }[]).map((r) => r.id))
      if (job.daysAgo > 0) {
        const created = at(job.daysAgo, job.hour ?? 12, (i * 7) % 60)
        const row = core.db.prepare('SELECT created_at, finished_at FROM generations WHERE id = ?').get(generationId) as { created_at: number; finished_at: number }
        const took = row.finished_at - row.created_at
        core.db.prepare('UPDATE generations SET created_at = ?, updated_at = ?, finished_at = ? WHERE id = ?').run(created, created + took, created + took, generationId)
        core.db.prepare('UPDATE images SET created_at = ? WHERE generation_id = ?').run(created + took, generationId)
      }
    }
    // The prompt library keeps each prompt's last use; the times moved under it.
    core.db.prepare('UPDATE prompt_stats SET last_used_at = (SELECT max(created_at) FROM generations g WHERE g.prompt = prompt_stats.prompt)').run()

    const lib = core.library
    const [castle, fox1, dew, light1, lake, robot1, room, kyoto, arctic, robot2, light2, fox2, storm] = ids as [number[], number[], number[], number[], number[], number[], number[], number[], number[], number[], number[], number[], number[]]
    lib.setFavorite([fox1[0]!, arctic[1]!, light2[2]!, kyoto[0]!, lake[1]!], true)
    lib.setRating([light2[2]!, arctic[1]!], 5)
    lib.setRating([fox1[0]!, kyoto[0]!, storm[0]!], 4)
    lib.setRating([room[1]!, dew[0]!], 3)
    lib.addTags([...fox1, ...fox2, ...arctic], ['fox'])
    lib.addTags([...fox1, ...fox2, ...storm], ['snow'])
    lib.addTags([...kyoto, ...castle], ['night'])
    lib.addTags([...lake, ...castle, ...light1], ['landscape'])
    lib.addTags([...robot1, ...robot2, ...room], ['interior'])
    lib.addTags([light2[2]!, storm[0]!, castle[0]!], ['cover'])
    const foxes = lib.createCollection('Foxes')
    lib.addToCollection(foxes.id, [...fox1, ...fox2, ...arctic])
    const cover = lib.createCollection('Book cover ideas')
    lib.addToCollection(cover.id, [...light1, ...light2, ...storm, castle[0]!])
    lib.saveSearch('Top rated', 'rating:>=4')
    lib.saveSearch('Lighthouses', 'lighthouse')
    return ids
  } finally {
    await core.close()
  }
}

/** Every <img> in `scope` (a CSS selector) loaded and decoded, so no placeholder is caught mid-load. */
async function imagesLoaded(page: Page, scope = 'body'): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const imgs = [...document.querySelectorAll(`${sel} img`)] as HTMLImageElement[]
      return imgs.every((i) => i.complete && i.naturalWidth > 0)
    },
    scope,
    { timeout: 20_000 }
  )
}

/** Let transitions and pending paints end; the pointer parked where it shows no hover. */
async function settle(page: Page): Promise<void> {
  await page.mouse.move(width - 2, height - 2)
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))))
  await page.waitForTimeout(350)
}

async function tile(page: Page, imageId: number): Promise<ReturnType<Page['locator']>> {
  const t = page.locator(`[data-testid="gallery-tile"][data-image-id="${imageId}"]`)
  await t.waitFor()
  return t
}

async function toGallery(page: Page): Promise<void> {
  await page.keyboard.press('Escape')
  await page.getByTestId('nav-all').click()
  await page.getByTestId('gallery-tile').first().waitFor()
  const clear = page.getByTestId('selection-clear')
  if (await clear.count()) await clear.click()
}

/** Drives the app to `screen`; returns when it is ready to be taken. */
async function show(page: Page, screen: Screen, ids: number[][]): Promise<void> {
  await toGallery(page)
  switch (screen) {
    case 'gallery': {
      await imagesLoaded(page, '[data-testid="gallery"]')
      await imagesLoaded(page, '[data-testid="queue"]')
      return
    }
    case 'detail': {
      // The remix: parameters as sent, its reference and its lineage.
      await (await tile(page, ids[12]![0]!)).dblclick()
      const dialog = page.getByRole('dialog', { name: 'Image details' })
      await dialog.waitFor()
      await page.waitForFunction(() => document.querySelector('[data-testid="detail-parameters"]')?.getAttribute('aria-busy') === 'false')
      await imagesLoaded(page, '[role="dialog"]')
      return
    }
    case 'compare': {
      await (await tile(page, ids[11]![0]!)).click()
      await (await tile(page, ids[8]![1]!)).click({ modifiers: ['ControlOrMeta'] })
      await page.getByRole('toolbar', { name: 'Selected images' }).getByRole('button', { name: 'Compare' }).click()
      const dialog = page.getByRole('dialog', { name: 'Compare' })
      await dialog.waitFor()
      await page.waitForFunction(() => {
        const imgs = [...document.querySelectorAll('[data-testid="compare-image"]')] as HTMLImageElement[]
        return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0)
      })
      return
    }
    case 'spend': {
      await page.getByTestId('nav-spend').click()
      await page.getByTestId('spend-chart').locator('rect[data-day]').first().waitFor()
      return
    }
    case 'prompts': {
      await page.getByTestId('nav-prompts').click()
      await page.getByRole('table').locator('tbody tr').first().waitFor()
      await imagesLoaded(page, 'table')
      return
    }
    case 'autocomplete': {
      const prompt = page.getByRole('textbox', { name: 'Prompt' })
      await prompt.fill('')
      await prompt.pressSequentially('a ', { delay: 30 })
      const list = page.getByRole('listbox', { name: 'Prompt suggestions' })
      await list.getByRole('option').first().waitFor()
      await imagesLoaded(page, '[aria-label="Prompt suggestions"]')
      await imagesLoaded(page, '[data-testid="gallery"]')
      return
    }
    case 'settings': {
      await page.getByTestId('settings-button').click()
      await page.getByRole('dialog', { name: 'Settings' }).waitFor()
      return
    }
    case 'export': {
      await (await tile(page, ids[10]![0]!)).click()
      await (await tile(page, ids[10]![2]!)).click({ modifiers: ['Shift'] })
      await page.getByTestId('selection-export').click()
      await page.getByRole('dialog', { name: 'Export 3 images' }).waitFor()
      return
    }
  }
}

async function shoot(session: AppSession, theme: Theme, ids: number[][]): Promise<string[]> {
  const { page } = session
  const files: string[] = []
  for (const screen of screens) {
    await show(page, screen, ids)
    await settle(page)
    const type = FORMAT[screen]
    const file = join(outDir, `${screen}-${theme}.${type === 'jpeg' ? 'jpg' : 'png'}`)
    await page.screenshot({ path: file, type, ...(type === 'jpeg' ? { quality: 80 } : {}) })
    const kb = statSync(file).size / 1024
    console.log(`${relative(process.cwd(), file)}  ${kb.toFixed(0)} kB${kb * 1024 > WARN_BYTES ? '  (over 400 kB)' : ''}`)
    files.push(file)
    // Leave the screen for the next one.
    if (screen === 'autocomplete') await page.getByRole('textbox', { name: 'Prompt' }).fill('')
    await page.keyboard.press('Escape')
  }
  return files
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true })
  const root = values.keep ?? mkdtempSync(join(tmpdir(), 'imagine-shots-'))
  // The same seeds on every run, each image with its own look (seed % 24: 19·n mod 24 repeats only after 24 images).
  let n = 0
  const seed = (): number => {
    n++
    return 24 * ((Math.imul(n, 2654435761) >>> 0) % 80_000_000) + ((19 * n) % 24)
  }
  const fake = await startFakeRunware({ latencyMs: 30, perImageLatencyMs: 10, balance: 50, seed })
  let browser: Browser | null = null
  try {
    console.log('Making the library through the fake Runware server…')
    const ids = await makeLibrary(fake, root)
    browser = await launchBrowser()
    const problems: string[] = []
    for (const theme of ['light', 'dark'] as const) {
      const session = await openApp(browser, {
        colorScheme: theme,
        dataDir: join(root, 'library'),
        host: { env: { RUNWARE_API_KEY: fake.apiKey }, runware: { endpoint: fake.url, retry: FAST_RETRY, poll: FAST_POLL } }
      })
      try {
        await session.page.setViewportSize({ width, height })
        await session.page.getByTestId('gallery-tile').first().waitFor({ timeout: 20_000 })
        await session.page.getByTestId('account-balance').waitFor()
        await shoot(session, theme, ids)
        problems.push(...session.problems.map((p) => `${theme}: ${p}`))
      } finally {
        await session.close()
      }
    }
    if (problems.length > 0) {
      console.error(`The page reported problems:\n${problems.join('\n')}`)
      process.exitCode = 1
    }
  } finally {
    await browser?.close()
    await fake.close()
    if (!values.keep) rmSync(root, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
