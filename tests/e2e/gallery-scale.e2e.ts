/**
 * Issue 12: every image of a large library is reachable in Chromium at device
 * scale 1 and 2 (where the scroll-height cap halves): End shows the last image,
 * Home the first, and the options name their place in the view.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLibraryDb } from '../../electron/core/db/open-library-db'
import { seedImage } from '../helpers/library-seed'
import { CHROMIUM_ARGS, chromiumPath, ensureBuilt, openApp, screenshotPath } from './harness'

const TOTAL = 200_000
let dataDir: string

beforeAll(() => {
  ensureBuilt()
  dataDir = mkdtempSync(join(tmpdir(), 'imagine-scale-'))
  const db = openLibraryDb(join(dataDir, 'library.db'))
  const t0 = Date.UTC(2025, 0, 1)
  db.transaction(() => {
    for (let i = 0; i < TOTAL; i++) seedImage(db, { prompt: `seeded image ${i + 1}`, createdAt: t0 + i * 60_000 })
  })()
  db.close()
}, 120_000)

afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe.each([1, 2])('a 200,000-image library at device scale %d', (scale) => {
  let browser: Browser
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS, `--force-device-scale-factor=${scale}`, '--window-size=1280,820'] })
  })
  afterAll(async () => browser?.close())

  it(`End reaches the last of ${TOTAL.toLocaleString('en')} images and Home the first`, async () => {
    const session = await openApp(browser, { dataDir, nativeWindow: true })
    const { page } = session
    try {
      expect(await page.evaluate(() => window.devicePixelRatio)).toBe(scale)
      await page.getByTestId('gallery-count').filter({ hasText: '200,000 images' }).waitFor({ timeout: 20_000 })
      const first = page.locator('[data-testid="gallery-tile"][aria-posinset="1"]')
      await first.click()
      await page.keyboard.press('End')
      const last = page.locator(`[data-testid="gallery-tile"][aria-posinset="${TOTAL}"]`)
      await last.waitFor({ timeout: 10_000 })
      await expect(last.getAttribute('aria-selected')).resolves.toBe('true')
      await expect(last.getAttribute('aria-setsize')).resolves.toBe(String(TOTAL))
      // The oldest image is last in the newest-first view, and it is on screen.
      await expect.poll(async () => last.getAttribute('aria-label'), { timeout: 10_000 }).toBe('seeded image 1')
      const box = (await last.boundingBox())!
      const viewportHeight = await page.evaluate(() => window.innerHeight)
      expect(box.y + box.height).toBeLessThanOrEqual(viewportHeight)
      expect(box.y).toBeGreaterThan(0)
      await page.screenshot({ path: screenshotPath(`gallery-end-dpr${scale}.png`) })
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-posinset') ?? document.activeElement?.tagName)
      expect(focused).toBe(String(TOTAL))
      await page.keyboard.press('Home')
      await page.locator('[data-testid="gallery-tile"][aria-posinset="1"]').waitFor()
      await expect.poll(async () => page.locator('[data-testid="gallery-tile"][aria-posinset="1"]').getAttribute('aria-label')).toBe(`seeded image ${TOTAL}`)
      // Only a window of tiles is ever mounted.
      expect(await page.getByTestId('gallery-tile').count()).toBeLessThan(400)
    } finally {
      await session.close()
    }
  }, 60_000)
})
