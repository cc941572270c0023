/**
 * The detail view (issue 10) in Chromium against the real core, SQLite, files
 * and the fake Runware server, in a 1024 × 700 window: a dialog opened from a
 * tile, zoomed with the buttons and the wheel, Next with the arrow key, every
 * parameter as sent (the taskUUID the core recorded), Copy all parameters as
 * JSON reaching the desktop's clipboard, no sideways scroll, and Esc giving
 * focus back to the tile; after a lineage thumbnail opens the image it was made
 * from, the keys still work.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Core } from '../../electron/core/app-core'
import { screenshotPath, useAppWithFakeRunware } from './harness'

const app = useAppWithFakeRunware({ latencyMs: 50, perImageLatencyMs: 10 })

async function generate(core: Core, prompt: string, extra: Record<string, unknown> = {}): Promise<number> {
  const { generationId } = await core.generation.start({ prompt, numberResults: 1, outputFormat: 'PNG', ...extra })
  const done = await core.generation.whenDone(generationId)
  expect(done.status).toBe('succeeded')
  return (core.db.prepare('SELECT id FROM images WHERE generation_id = ?').get(generationId) as { id: number }).id
}

const tile = (page: Page, id: number) => page.locator(`[data-testid="gallery-tile"][data-image-id="${id}"]`)
const zoomLevel = async (page: Page): Promise<number> => Number.parseInt((await page.getByTestId('detail-zoom').textContent()) ?? '0', 10)
const focusedImageId = (page: Page): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute('data-image-id') ?? null)

/** Whether the detail's information column is wider than itself (it must never scroll sideways). */
const sideways = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('.detail-scroll')
    return el ? el.scrollWidth - el.clientWidth : -1
  })

async function imageDecoded(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('[data-testid="detail-image"]')
    return !!img && img.complete && img.naturalWidth > 0 && !img.hidden
  })
}

describe('the detail view in Chromium', () => {
  it('opens from a tile as a dialog, zooms, goes next, copies its parameters, and Esc gives focus back to the tile', async () => {
    const session = await app.open()
    const { page, host } = session
    await page.setViewportSize({ width: 1024, height: 700 })
    const oldest = await generate(host.core, 'a lighthouse at dusk, oil painting')
    const middle = await generate(host.core, 'a red fox sleeping in fresh snow', { outputQuality: 85, safety: { checkContent: true, mode: 'fast' } })
    await generate(host.core, 'a steaming bowl of ramen, studio photo')
    await expect.poll(() => page.getByTestId('gallery-tile').count(), { timeout: 10_000 }).toBe(3)

    await tile(page, middle).click()
    await tile(page, middle).dblclick()
    const dialog = page.getByRole('dialog', { name: 'Image details' })
    await dialog.waitFor()
    await imageDecoded(page)
    await expect(page.getByTestId('image-detail').getAttribute('data-image-id')).resolves.toBe(String(middle))
    await expect(page.getByTestId('detail-position').textContent()).resolves.toBe('2 of 3')

    // Every parameter as it was sent: the core's own record, the taskUUID included.
    const row = host.core.db.prepare('SELECT task_uuid FROM generations g JOIN images i ON i.generation_id = g.id WHERE i.id = ?').get(middle) as { task_uuid: string }
    await expect.poll(() => dialog.getByTestId('detail-parameters').getAttribute('aria-busy')).toBe('false')
    await expect(dialog.getByTestId('param-task-uuid').textContent()).resolves.toBe(row.task_uuid)
    await expect(dialog.getByTestId('param-quality').textContent()).resolves.toBe('85')
    await expect(dialog.getByTestId('param-safety').textContent()).resolves.toBe('On (fast)')
    await expect(dialog.getByTestId('param-model').textContent()).resolves.toBe('xai:grok-imagine@image')
    // An image that is not a favourite: the panel does not scroll sideways at 1024 × 700.
    await expect(dialog.getByTestId('detail-favorite').textContent()).resolves.toBe('Add to favourites')
    await expect(sideways(page)).resolves.toBe(0)
    await page.screenshot({ path: screenshotPath('detail-1024-light.png') })

    await dialog.getByRole('button', { name: 'Copy all parameters as JSON' }).click()
    await expect.poll(() => host.desktop.copiedText.length).toBe(1)
    const copied = JSON.parse(host.desktop.copiedText[0]!) as { prompt: string; request: Record<string, unknown>; image: { id: number } }
    expect(copied.prompt).toBe('a red fox sleeping in fresh snow')
    expect(copied.request).toMatchObject({ taskUUID: row.task_uuid, outputQuality: 85, numberResults: 1, outputFormat: 'PNG' })
    expect(copied.image.id).toBe(middle)
    expect(host.desktop.copiedText[0]).not.toContain(session.dataDir)

    // Zoom: the buttons, then the wheel over the image, about the cursor.
    const fit = await zoomLevel(page)
    await dialog.getByRole('button', { name: 'Zoom in' }).click()
    await expect.poll(() => zoomLevel(page)).toBeGreaterThan(fit)
    const box = (await page.getByTestId('detail-stage').boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    const before = await zoomLevel(page)
    await page.mouse.wheel(0, -300)
    await expect.poll(() => zoomLevel(page)).toBeGreaterThan(before)
    await expect(page.getByTestId('detail-stage').getAttribute('data-zoomed')).resolves.toBe('true')
    await dialog.getByRole('button', { name: '100 %' }).click()
    await expect.poll(() => zoomLevel(page)).toBe(100)
    await page.screenshot({ path: screenshotPath('detail-1024-zoomed-light.png') })

    // Back to fit, → is Next (the older image, one place on in the view).
    await dialog.getByRole('button', { name: 'Fit' }).click()
    await expect.poll(() => zoomLevel(page)).toBe(fit)
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.getByTestId('image-detail').getAttribute('data-image-id')).toBe(String(oldest))
    await expect(page.getByTestId('detail-position').textContent()).resolves.toBe('3 of 3')
    await expect(dialog.getByRole('button', { name: 'Next image' }).count()).resolves.toBe(0)

    // Tab stays in the dialog.
    for (let i = 0; i < 40; i++) await page.keyboard.press('Tab')
    await expect(page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'))).resolves.toBe(true)

    // Nothing else is up to take the Esc (the trap's wrap to Close once left its tooltip showing).
    await expect(page.getByRole('tooltip').count()).resolves.toBe(0)
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    await expect(focusedImageId(page)).resolves.toBe(String(middle))
    expect(session.problems).toEqual([])
  })

  it('after a lineage thumbnail opens the image it was made from, the arrows and Esc still work', async () => {
    const session = await app.open('dark')
    const { page, host } = session
    await page.setViewportSize({ width: 1024, height: 700 })
    const parent = await generate(host.core, 'a red fox in the snow')
    const child = await generate(host.core, 'a red fox in the snow, watercolour', { references: [{ kind: 'image', imageId: parent }] })
    await expect.poll(() => page.getByTestId('gallery-tile').count(), { timeout: 10_000 }).toBe(2)

    await tile(page, child).click()
    await tile(page, child).dblclick()
    const dialog = page.getByRole('dialog', { name: 'Image details' })
    await dialog.waitFor()
    const ancestor = dialog.locator(`[data-testid="lineage-ancestor"][data-image-id="${parent}"]`)
    await ancestor.waitFor()
    await expect.poll(() => dialog.getByTestId('detail-parameters').getAttribute('aria-busy')).toBe('false')
    await expect(dialog.getByTestId('param-references').textContent()).resolves.toBe('a red fox in the snow')
    await expect(sideways(page)).resolves.toBe(0)
    await page.screenshot({ path: screenshotPath('detail-1024-lineage-dark.png') })
    await ancestor.click()
    await expect.poll(() => page.getByTestId('image-detail').getAttribute('data-image-id')).toBe(String(parent))
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid="image-detail"]'))).toBe(true)
    // The parent is older: ← goes back to the child, by the view's order.
    await page.keyboard.press('ArrowLeft')
    await expect.poll(() => page.getByTestId('image-detail').getAttribute('data-image-id')).toBe(String(child))
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    await expect(focusedImageId(page)).resolves.toBe(String(child))
    expect(session.problems).toEqual([])
  })
})
