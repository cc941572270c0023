/**
 * The library in Chromium against the real core: images made by the real
 * generation engine (fake Runware server) appear in the grid with real
 * thumbnails, and search, favourites, trash and restore work end to end.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Core } from '../../electron/core/app-core'
import { screenshotPath, useAppWithFakeRunware } from './harness'

const app = useAppWithFakeRunware({ latencyMs: 50, perImageLatencyMs: 10 })

/** Generates through the real engine (as the composer would) and waits for the images to be stored. */
async function generate(core: Core, prompt: string, count = 1): Promise<void> {
  const { generationId } = await core.generation.start({ prompt, numberResults: count, outputFormat: 'PNG' })
  const done = await core.generation.whenDone(generationId)
  expect(done.status).toBe('succeeded')
}

const tiles = (page: Page) => page.getByTestId('gallery-tile')

async function tileIds(page: Page): Promise<number[]> {
  return page.$$eval('[data-testid="gallery-tile"]', (els) => els.map((e) => Number(e.getAttribute('data-image-id'))))
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByTestId('search-input').fill(text)
}

/** Waits until every thumbnail in the grid has decoded, and returns their natural widths. */
async function thumbWidths(page: Page): Promise<number[]> {
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid="gallery-tile"] img')].every((i) => i.complete && i.naturalWidth > 0), undefined, { timeout: 10_000 })
  return page.$$eval('[data-testid="gallery-tile"] img', (imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))
}

describe('the library gallery in Chromium', () => {
  it('shows generated images, searches them, favourites, trashes and restores', async () => {
    const session = await app.open()
    const { page, host } = session
    await page.getByTestId('gallery-empty').waitFor()
    await generate(host.core, 'a red fox sleeping in fresh snow')
    await generate(host.core, 'a lighthouse at dusk, oil painting')
    await generate(host.core, 'a steaming bowl of ramen, studio photo')

    // New images arrive through library:changed, without a reload.
    await expect.poll(() => tiles(page).count(), { timeout: 10_000 }).toBe(3)
    await expect(page.getByTestId('gallery-count').textContent()).resolves.toBe('3 images')
    const widths = await thumbWidths(page)
    expect(widths.every((w) => w > 0 && w <= 256)).toBe(true)
    const [ramen, lighthouse, fox] = await tileIds(page) // newest first
    expect(fox! < lighthouse! && lighthouse! < ramen!).toBe(true)

    await search(page, 'ramen')
    await expect.poll(() => tileIds(page)).toEqual([ramen])
    await expect(page.getByTestId('gallery-count').textContent()).resolves.toBe('1 result')
    await search(page, 'unicorn')
    await page.getByTestId('gallery-empty').waitFor()
    await expect(page.getByTestId('gallery-empty').textContent()).resolves.toContain('No images match “unicorn”')
    await page.getByTestId('search-input').press('Escape')
    await expect.poll(() => tiles(page).count()).toBe(3)

    // Favourite the fox from its tile's star (shown on hover).
    const foxTile = page.locator(`[data-testid="gallery-tile"][data-image-id="${fox}"]`)
    await foxTile.hover()
    await foxTile.getByTestId('tile-favorite').click()
    await expect.poll(() => foxTile.getAttribute('data-favorite')).toBe('true')
    await search(page, 'fav:yes')
    await expect.poll(() => tileIds(page)).toEqual([fox])
    await page.getByTestId('search-input').press('Escape')
    await page.getByTestId('nav-favourites').click()
    await expect.poll(() => tileIds(page)).toEqual([fox])
    await page.getByTestId('nav-all').click()
    await expect.poll(() => tiles(page).count()).toBe(3)

    // Delete moves the selected image to the Trash.
    await page.locator(`[data-testid="gallery-tile"][data-image-id="${lighthouse}"]`).click()
    await page.keyboard.press('Delete')
    await expect.poll(() => tileIds(page)).toEqual([ramen, fox])
    expect(host.core.db.prepare('SELECT count(*) AS n FROM images WHERE trashed_at IS NOT NULL').get()).toEqual({ n: 1 })
    await page.getByTestId('nav-trash').click()
    await expect.poll(() => tileIds(page)).toEqual([lighthouse])
    await expect(page.getByTestId('nav-count-trash').textContent()).resolves.toBe('1')

    // Empty trash asks first; cancelling keeps the image.
    await page.getByTestId('empty-trash-button').click()
    await page.getByTestId('empty-trash-dialog').waitFor()
    await page.waitForTimeout(200) // rise-in
    await page.screenshot({ path: screenshotPath('library-empty-trash.png') })
    await page.getByTestId('empty-trash-cancel').click()
    await expect.poll(() => tileIds(page)).toEqual([lighthouse])

    // Restore brings it back.
    await tiles(page).first().click()
    await page.getByTestId('restore-button').click()
    await page.getByTestId('gallery-empty').waitFor()
    await page.getByTestId('nav-all').click()
    await expect.poll(() => tileIds(page)).toEqual([ramen, lighthouse, fox])
    expect(session.problems).toEqual([])
  })

  it('opens the detail panel and looks right in light and dark', async () => {
    const session = await app.open()
    const { page, host } = session
    const prompts = [
      'a red fox sleeping in fresh snow',
      'a lighthouse at dusk, oil painting',
      'a steaming bowl of ramen, studio photo',
      'paper cranes over a quiet lake',
      'a tiny robot watering a bonsai'
    ]
    for (const prompt of prompts) await generate(host.core, prompt, 3)
    const ids = (host.core.db.prepare('SELECT id FROM images ORDER BY id').all() as { id: number }[]).map((r) => r.id)
    host.core.library.setFavorite([ids[0]!, ids[4]!, ids[9]!], true)
    host.core.library.setRating([ids[1]!, ids[4]!], 4)
    host.core.library.setRating([ids[12]!], 5)
    host.core.library.addTags([ids[0]!, ids[1]!, ids[2]!], ['winter', 'animals'])
    const trip = host.core.library.createCollection('Moodboard')
    host.core.library.addToCollection(trip.id, ids.slice(3, 9))
    await page.reload()
    await expect.poll(() => tiles(page).count(), { timeout: 10_000 }).toBe(15)
    await thumbWidths(page)

    // A selection shows the bar; the search shows an ignored filter as a warning.
    await tiles(page).nth(1).click()
    await tiles(page).nth(3).click({ modifiers: ['Shift'] })
    await page.getByTestId('selection-bar').waitFor()
    await expect(page.getByTestId('selection-count').textContent()).resolves.toBe('3 selected')
    await page.mouse.move(5, 5)
    await page.waitForTimeout(200) // hover fades out
    await page.screenshot({ path: screenshotPath('library-light.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.waitForTimeout(150)
    await page.screenshot({ path: screenshotPath('library-dark.png') })
    await page.emulateMedia({ colorScheme: 'light' })

    await search(page, 'rating:9 fox')
    await page.getByTestId('search-warnings').waitFor()
    await page.getByTestId('search-help-button').click()
    await page.getByTestId('search-help').waitFor()
    await page.waitForTimeout(200) // fade-in
    await page.screenshot({ path: screenshotPath('library-search-help.png') })
    await page.keyboard.press('Escape')
    await page.getByTestId('search-input').press('Escape')
    await expect.poll(() => tiles(page).count()).toBe(15)

    // The detail panel: the full image, its facts, tags and note.
    const first = ids[0]!
    await page.locator(`[data-testid="gallery-tile"][data-image-id="${first}"]`).dblclick()
    const detail = page.getByTestId('image-detail')
    await detail.waitFor()
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="detail-image"]')
      return img !== null && img.complete && img.naturalWidth > 0
    })
    await expect(page.getByTestId('detail-size').textContent()).resolves.toBe('1024 × 1024')
    expect((await page.getByTestId('detail-tag').allTextContents()).sort()).toEqual(['animals', 'winter'])
    await page.getByTestId('detail-tag-input').fill('fox')
    await page.getByTestId('detail-tag-input').press('Enter')
    await expect.poll(() => page.getByTestId('detail-tag').count()).toBe(3)
    await page.getByTestId('detail-note').fill('Use for the winter card')
    await page.getByTestId('detail-size').click() // blur saves the note
    await expect.poll(() => (host.core.db.prepare('SELECT note FROM images WHERE id = ?').get(first) as { note: string | null }).note).toBe('Use for the winter card')
    await page.screenshot({ path: screenshotPath('image-detail.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.waitForTimeout(150)
    await page.screenshot({ path: screenshotPath('image-detail-dark.png') })
    await page.keyboard.press('Escape')
    await detail.waitFor({ state: 'detached' })
    expect(session.problems).toEqual([])
  })
})
