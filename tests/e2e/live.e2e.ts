/**
 * Issue 12, live, in Chromium against the real core: images made by the CLI on
 * the same library (its own connection, as a second process has) appear without
 * a reload, with the header and the sidebar agreeing; images that arrive while
 * the user is scrolled down keep their place and offer a "N new images" pill.
 */
import { describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/imagine'
import { openLibraryDb } from '../../electron/core/db/open-library-db'
import { FAST_POLL, FAST_RETRY } from '../helpers/generation'
import { seedImage } from '../helpers/library-seed'
import { screenshotPath, useAppWithFakeRunware } from './harness'

const app = useAppWithFakeRunware({ latencyMs: 30, perImageLatencyMs: 5, imageBytes: 'small' })

describe('a live gallery in Chromium', () => {
  it('shows images the CLI makes on the same library, with the header and sidebar counts agreeing', async () => {
    const session = await app.open()
    const { page, dataDir } = session
    await page.getByTestId('gallery-empty').waitFor()
    const out: string[] = []
    const code = await runCli(['generate', 'a heron in the reeds, made by the CLI', '--count', '3', '--json'], {
      stdout: (t) => out.push(t),
      stderr: () => undefined,
      env: { RUNWARE_API_KEY: app.fake.apiKey, RUNWARE_API_URL: app.fake.url, IMAGINE_DATA_DIR: dataDir },
      cwd: dataDir,
      runware: { retry: FAST_RETRY, poll: FAST_POLL }
    })
    expect(code, out.join('\n')).toBe(0)
    await expect.poll(() => page.getByTestId('gallery-tile').count(), { timeout: 10_000 }).toBe(3)
    await expect.poll(() => page.getByTestId('gallery-count').textContent()).toBe('3 images')
    await expect(page.getByTestId('nav-count-all').textContent()).resolves.toBe('3')
    // Until its row arrives a tile is named by its place (the row is read once the tile is drawn).
    await expect.poll(() => page.getByTestId('gallery-tile').first().getAttribute('aria-label')).toBe('a heron in the reeds, made by the CLI')
  }, 60_000)

  it('keeps the place of a user scrolled down when new images arrive, and the pill takes them up', async () => {
    const session = await app.open()
    const { page, host } = session
    // Seed on a second connection (rows only): the open app hears of it as another writer.
    const db = openLibraryDb(host.core.paths.dbFile)
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) seedImage(db, { prompt: `older image ${i + 1}`, createdAt: Date.UTC(2026, 0, 1) + i * 60_000 })
    })()
    db.close()
    await page.getByTestId('gallery-count').filter({ hasText: '3,000 images' }).waitFor({ timeout: 10_000 })
    await page.getByTestId('gallery-tile').first().click()
    for (let i = 0; i < 6; i++) await page.keyboard.press('PageDown')
    const anchor = page.locator('[data-testid="gallery-tile"][aria-selected="true"]')
    // Until its row arrives a tile is named by its place; wait for its prompt.
    await expect.poll(() => anchor.getAttribute('aria-label')).toMatch(/^older image/)
    const label = await anchor.getAttribute('aria-label')
    // Where it is on screen (the strip of images on their way stays away while the grid is scrolled
    // down, so the job starting and ending does not move the grid either).
    const place = async () => (await anchor.boundingBox())!.y
    const y = await place()
    const { generationId } = await host.core.generation.start({ prompt: 'a fresh arrival', numberResults: 4 })
    await host.core.generation.whenDone(generationId)
    const pill = page.getByTestId('new-images-pill')
    await expect.poll(() => pill.textContent(), { timeout: 10_000 }).toContain('4 new images')
    await expect.poll(() => page.getByTestId('gallery-count').textContent()).toBe('3,004 images')
    // The image the user was looking at is still on screen, in the same row.
    await expect(anchor.getAttribute('aria-label')).resolves.toBe(label)
    expect(Math.abs((await place()) - y)).toBeLessThan(2)
    await page.screenshot({ path: screenshotPath('gallery-new-images-pill.png') })
    await pill.click()
    await expect.poll(() => page.locator('[data-testid="gallery-tile"][aria-posinset="1"]').getAttribute('aria-label')).toBe('a fresh arrival')
    await expect(pill.count()).resolves.toBe(0)
  }, 60_000)
})

