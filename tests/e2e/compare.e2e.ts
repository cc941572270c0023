/**
 * Compare (issue 10) in Chromium against the real core, SQLite, files and the
 * fake Runware server: two images made with different settings, opened from
 * the selection bar (and with C), the values that differ in <mark>, the equal
 * ones not, the prompts diffed word by word, zoom shared by both panes.
 */
import { describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { screenshotPath, useAppWithFakeRunware } from './harness'

const app = useAppWithFakeRunware({ latencyMs: 100, perImageLatencyMs: 20 })

async function generate(page: Page, prompt: string, options: { aspect: string; format: 'JPG' | 'PNG'; count: number }): Promise<void> {
  const before = await page.getByTestId('job-card').count()
  await page.getByTestId('prompt-input').fill(prompt)
  await page.getByTestId('aspect-select').selectOption({ label: options.aspect })
  await page.getByTestId('format-select').selectOption(options.format)
  await page.getByTestId('count-input').fill(String(options.count))
  await page.getByTestId('generate-button').click()
  await expect.poll(async () => page.getByTestId('job-card').count()).toBe(before + 1)
  await page.waitForFunction(() => document.querySelector('[data-testid="job-card"]')?.getAttribute('data-status') === 'succeeded', undefined, { timeout: 20_000 })
}

/** The text inside <mark>s of one parameter's value, per column. */
async function marks(dialog: Locator, testId: string): Promise<string[][]> {
  return dialog.getByTestId(testId).evaluateAll((cells) => cells.map((c) => Array.from(c.querySelectorAll('mark')).map((m) => m.textContent ?? '')))
}

describe('Compare', () => {
  it('two images made with different settings: the differing values are marked and the equal ones are not', async () => {
    const session = await app.open()
    const { page, host } = session
    await page.setViewportSize({ width: 1440, height: 900 })
    await generate(page, 'a red fox in the snow', { aspect: '1:1 · 1024×1024', format: 'JPG', count: 1 })
    await generate(page, 'a grey fox in the deep snow', { aspect: '4:3 · 1280×896', format: 'PNG', count: 2 })
    const rows = host.core.db.prepare('SELECT id, width, format, seed FROM images ORDER BY id').all() as { id: number; width: number; format: string; seed: number }[]
    expect(rows.map((r) => [r.width, r.format])).toEqual([
      [1024, 'jpg'],
      [1280, 'png'],
      [1280, 'png']
    ])
    const [first, second] = [rows[0]!.id, rows[1]!.id]

    await page.locator(`[data-testid="gallery-tile"][data-image-id="${first}"]`).click()
    const compareButton = page.getByRole('toolbar', { name: 'Selected images' }).getByRole('button', { name: 'Compare' })
    await expect(compareButton.isDisabled()).resolves.toBe(true)
    await page.locator(`[data-testid="gallery-tile"][data-image-id="${second}"]`).click({ modifiers: ['ControlOrMeta'] })
    await expect(compareButton.isEnabled()).resolves.toBe(true)
    await compareButton.click()

    const dialog = page.getByRole('dialog', { name: 'Compare' })
    await dialog.waitFor()
    const images = dialog.getByRole('img')
    await expect.poll(() => images.count()).toBe(2)
    // Both files decoded through the image route; newest first, as the gallery shows them.
    await page.waitForFunction(() => {
      const imgs = [...document.querySelectorAll('[data-testid="compare-image"]')] as HTMLImageElement[]
      return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0)
    })
    await expect(images.evaluateAll((els) => els.map((e) => (e as HTMLImageElement).alt))).resolves.toEqual([
      'Image 1 of 2: a grey fox in the deep snow',
      'Image 2 of 2: a red fox in the snow'
    ])

    // Different: prompt (word by word), size, format, count, seed (the fake gives each image its own).
    await expect(marks(dialog, 'compare-prompt')).resolves.toEqual([['grey', 'deep'], ['red']])
    await expect(marks(dialog, 'compare-size')).resolves.toEqual([['1280 × 896'], ['1024 × 1024']])
    await expect(marks(dialog, 'compare-format')).resolves.toEqual([['PNG'], ['JPG']])
    await expect(marks(dialog, 'compare-count')).resolves.toEqual([['2'], ['1']])
    const seeds = [rows[1]!.seed, rows[0]!.seed].map(String)
    expect(seeds[0]).not.toBe(seeds[1])
    await expect(marks(dialog, 'compare-seed')).resolves.toEqual([[seeds[0]], [seeds[1]]])
    // Equal: model, quality, safety, delivery, cost per image, references.
    for (const same of ['compare-model', 'compare-quality', 'compare-safety', 'compare-delivery', 'compare-cost', 'compare-references']) {
      await expect(marks(dialog, same), same).resolves.toEqual([[], []])
    }
    await expect(dialog.getByTestId('compare-model').first().textContent()).resolves.toBe('xai:grok-imagine@image')
    await page.screenshot({ path: screenshotPath('compare-two-light-1440.png') })

    // Zoom in on the first pane with the wheel: both panes zoom, and Fit brings them back.
    const transforms = () => images.evaluateAll((els) => els.map((e) => (e as HTMLElement).style.transform))
    const fitted = await transforms()
    const box = (await images.first().evaluate((e) => e.parentElement!.getBoundingClientRect().toJSON())) as DOMRect
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 3)
    await page.mouse.wheel(0, -400)
    await expect.poll(async () => Number.parseInt((await dialog.getByTestId('compare-zoom').textContent()) ?? '0', 10)).toBeGreaterThan(60)
    const zoomed = await transforms()
    expect(zoomed[0]).not.toBe(fitted[0])
    expect(zoomed[1]).not.toBe(fitted[1])
    // A drag pans both.
    await page.mouse.down()
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 })
    await page.mouse.up()
    const panned = await transforms()
    expect(panned[0]).not.toBe(zoomed[0])
    expect(panned[1]).not.toBe(zoomed[1])
    await dialog.getByRole('button', { name: 'Fit' }).click()
    await expect(transforms()).resolves.toEqual(fitted)

    // Swipe: one stage, image 2 clipped by the slider.
    await dialog.getByRole('button', { name: 'Swipe' }).click()
    const slider = dialog.getByRole('slider', { name: 'Swipe' })
    await slider.fill('35')
    await expect(images.nth(1).evaluate((e) => (e.parentElement as HTMLElement).style.clipPath)).resolves.toBe('inset(0px 0px 0px 35%)')
    await page.screenshot({ path: screenshotPath('compare-swipe-light-1440.png') })

    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('dialog', { name: 'Compare' }).count()).toBe(0)
    expect(session.problems).toEqual([])
  })

  it('C opens Compare for the selection at 1024×700 in the dark theme, and it fits the window', async () => {
    const session = await app.open('dark')
    const { page } = session
    await page.setViewportSize({ width: 1024, height: 700 })
    await generate(page, 'a lighthouse at dusk', { aspect: '1:1 · 1024×1024', format: 'JPG', count: 4 })
    const tiles = page.getByTestId('gallery-tile')
    await expect.poll(() => tiles.count()).toBe(4)
    await tiles.first().click()
    await page.keyboard.press('Control+A')
    // The selection bar, Compare included, fits in the gallery between the sidebar and the queue.
    const bar = (await page.getByRole('toolbar', { name: 'Selected images' }).evaluate((e) => e.getBoundingClientRect().toJSON())) as DOMRect
    const gallery = (await page.getByTestId('gallery').evaluate((e) => e.closest('.gallery-area')!.getBoundingClientRect().toJSON())) as DOMRect
    expect(bar.left).toBeGreaterThanOrEqual(gallery.left)
    expect(bar.right).toBeLessThanOrEqual(gallery.right)
    await expect(page.getByRole('toolbar', { name: 'Selected images' }).getByRole('button', { name: 'Compare' }).isEnabled()).resolves.toBe(true)
    await page.screenshot({ path: screenshotPath('compare-selection-bar-dark-1024.png') })
    await page.keyboard.press('c')
    const dialog = page.getByRole('dialog', { name: 'Compare' })
    await dialog.waitFor()
    await expect.poll(() => dialog.getByRole('img').count()).toBe(4)
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="compare-image"]')].every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0))
    // One generation: only the seed and the creation time may differ; the prompt is not marked.
    await expect(marks(dialog, 'compare-prompt')).resolves.toEqual([[], [], [], []])
    await expect(marks(dialog, 'compare-size')).resolves.toEqual([[], [], [], []])
    // Nothing spills out of the window or scrolls it sideways.
    const rect = (await dialog.evaluate((e) => e.getBoundingClientRect().toJSON())) as DOMRect
    expect(rect.right).toBeLessThanOrEqual(1024)
    expect(rect.bottom).toBeLessThanOrEqual(700)
    const overflowX = await dialog.evaluate((e) => [...e.querySelectorAll('*')].some((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'auto'))
    expect(overflowX).toBe(false)
    const pane = (await dialog.getByRole('img').first().evaluate((e) => e.parentElement!.getBoundingClientRect().toJSON())) as DOMRect
    expect(pane.height).toBeGreaterThan(150)
    await page.screenshot({ path: screenshotPath('compare-four-dark-1024.png') })
    expect(session.problems).toEqual([])
  })
})
