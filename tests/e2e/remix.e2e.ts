/**
 * Drag-and-drop remixing (issue 8) in Chromium against the real core, SQLite,
 * files and the fake Runware server: a real DataTransfer drop of a File onto
 * the tray, a paste, a real mouse drag of a gallery tile, Remix and lineage
 * both ways, and a hostile drop that sends nothing.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshotPath, useAppWithFakeRunware } from './harness'

const app = useAppWithFakeRunware({ latencyMs: 150, perImageLatencyMs: 30 })

const uploads = (): Record<string, unknown>[] =>
  app.fake.requests.flatMap((r) => (Array.isArray(r.body) ? (r.body as Record<string, unknown>[]) : [])).filter((t) => t.taskType === 'imageUpload')
const inferences = (): Record<string, unknown>[] =>
  app.fake.requests.flatMap((r) => (Array.isArray(r.body) ? (r.body as Record<string, unknown>[]) : [])).filter((t) => t.taskType === 'imageInference')

async function photo(width = 900, height = 600): Promise<string> {
  const buf = await sharp({ create: { width, height, channels: 3, background: '#3a7bd5' } })
    .composite([{ input: Buffer.from(`<svg width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="#ffd166"/></svg>`) }])
    .jpeg()
    .toBuffer()
  return buf.toString('base64')
}

/** Drops a File built in the page (no path on disk, as from a browser) with a real DataTransfer. */
async function dropFile(page: Page, selector: string, base64: string, name: string, type: string): Promise<void> {
  await page.evaluate(
    ({ selector, base64, name, type }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const dt = new DataTransfer()
      dt.items.add(new File([bytes], name, { type }))
      const target = document.querySelector(selector)!
      for (const kind of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: dt }))
    },
    { selector, base64, name, type }
  )
}

const tray = (page: Page) => page.getByRole('region', { name: 'Reference images' })

async function generateAndWait(page: Page, prompt: string): Promise<void> {
  const before = await page.getByTestId('job-card').count()
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt)
  await page.getByRole('button', { name: 'Generate' }).click()
  await expect.poll(async () => page.getByTestId('job-card').count()).toBe(before + 1)
  await page.waitForFunction(() => document.querySelector('[data-testid="job-card"]')?.getAttribute('data-status') === 'succeeded', undefined, { timeout: 20_000 })
}

describe('remixing by drag and drop', () => {
  it('a File dropped on the tray is prepared and uploaded at once, and Generate uses exactly that image', async () => {
    const session = await app.open()
    const { page, host } = session
    const jpeg = await photo()
    await dropFile(page, '[data-testid="reference-tray"]', jpeg, 'holiday.jpg', 'image/jpeg')
    await expect.poll(async () => tray(page).getByTestId('reference-chip').getAttribute('data-status'), { timeout: 10_000 }).toBe('ready')
    await expect(tray(page).getByRole('img', { name: 'holiday.jpg' }).isVisible()).resolves.toBe(true)
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="reference-chip"] img') as HTMLImageElement | null
      return img !== null && img.complete && img.naturalWidth > 0
    })
    // Prepared on drop: stored in refs/, then uploaded in the background so Generate does not wait.
    await expect.poll(() => uploads().length, { timeout: 10_000 }).toBe(1)
    const refRows = host.core.db.prepare('SELECT width, height FROM reference_images').all()
    expect(refRows).toEqual([{ width: 900, height: 600 }])
    await page.screenshot({ path: screenshotPath('remix-tray-light.png') })

    await generateAndWait(page, 'the same scene at night')
    // The background upload is the only one: Generate reused it.
    expect(uploads().length).toBe(1)
    const sentImage = String(uploads().at(-1)!.image)
    const sent = await sharp(Buffer.from(sentImage.replace(/^data:[^,]+,/, ''), 'base64')).metadata()
    expect([sent.width, sent.height]).toEqual([900, 600])
    const task = inferences().at(-1)!
    expect(JSON.stringify(task)).toMatch(/referenceImages|inputs/)
    // The result's detail names the external file it was made from, with its stored copy.
    const childId = (host.core.db.prepare('SELECT id FROM images ORDER BY id DESC LIMIT 1').get() as { id: number }).id
    await page.locator(`[data-testid="gallery-tile"][data-image-id="${childId}"]`).dblclick()
    const ref = page.getByTestId('lineage-reference')
    await ref.waitFor()
    await expect(ref.textContent()).resolves.toContain('holiday.jpg')
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="lineage-reference"] img') as HTMLImageElement | null
      return img !== null && img.complete && img.naturalWidth > 0
    })
    await page.screenshot({ path: screenshotPath('remix-made-from-file-light.png') })
    expect(session.problems).toEqual([])
  })

  it('Remix a result, generate again: the request references the result and the detail shows the lineage both ways', async () => {
    const session = await app.open('dark')
    const { page, host } = session
    await generateAndWait(page, 'a red fox in the snow')
    const parentId = (host.core.db.prepare('SELECT id FROM images ORDER BY id DESC LIMIT 1').get() as { id: number }).id
    await page.locator(`[data-testid="gallery-tile"][data-image-id="${parentId}"]`).dblclick()
    await page.getByRole('button', { name: 'Remix' }).click()
    await expect(page.getByRole('textbox', { name: 'Prompt' }).inputValue()).resolves.toBe('a red fox in the snow')
    await expect.poll(async () => tray(page).getByTestId('reference-chip').getAttribute('data-status'), { timeout: 10_000 }).toBe('ready')
    await page.screenshot({ path: screenshotPath('remix-filled-dark.png') })
    await generateAndWait(page, 'a red fox in the snow, watercolour')
    const link = host.core.db.prepare('SELECT source_image_id FROM generation_references ORDER BY generation_id DESC LIMIT 1').get() as { source_image_id: number }
    expect(link.source_image_id).toBe(parentId)
    const childId = (host.core.db.prepare('SELECT id FROM images ORDER BY id DESC LIMIT 1').get() as { id: number }).id

    await page.locator(`[data-testid="gallery-tile"][data-image-id="${childId}"]`).dblclick()
    const lineage = page.getByTestId('detail-lineage-section')
    await expect.poll(async () => lineage.getAttribute('aria-busy')).toBe('false')
    await expect(lineage.locator(`[data-testid="lineage-ancestor"][data-image-id="${parentId}"]`).count()).resolves.toBe(1)
    await page.keyboard.press('Escape')
    await page.locator(`[data-testid="gallery-tile"][data-image-id="${parentId}"]`).dblclick()
    await expect.poll(async () => page.getByTestId('detail-lineage-section').getAttribute('aria-busy')).toBe('false')
    await expect(page.getByTestId('detail-lineage-section').locator(`[data-testid="lineage-descendant"][data-image-id="${childId}"]`).count()).resolves.toBe(1)
    await page.screenshot({ path: screenshotPath('remix-lineage-dark.png') })
    expect(session.problems).toEqual([])
  })

  it('pasting an image puts it in the tray', async () => {
    const session = await app.open()
    const { page } = session
    const jpeg = await photo(400, 300)
    await page.evaluate((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const dt = new DataTransfer()
      dt.items.add(new File([bytes], 'image.jpg', { type: 'image/jpeg' }))
      document.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: dt }))
    }, jpeg)
    await expect.poll(async () => tray(page).getByTestId('reference-chip').getAttribute('data-status'), { timeout: 10_000 }).toBe('ready')
    expect(session.problems).toEqual([])
  })

  it('a gallery tile dragged with the mouse onto the composer becomes the reference', async () => {
    const session = await app.open()
    const { page, host } = session
    await generateAndWait(page, 'a lighthouse at dusk')
    const id = (host.core.db.prepare('SELECT id FROM images ORDER BY id DESC LIMIT 1').get() as { id: number }).id
    const tile = page.locator(`[data-testid="gallery-tile"][data-image-id="${id}"]`)
    await tile.hover()
    await page.mouse.down()
    const box = (await page.getByTestId('reference-tray').boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 12 })
    await page.mouse.up()
    await expect.poll(async () => tray(page).getByTestId('reference-chip').getAttribute('data-status'), { timeout: 10_000 }).toBe('ready')
    const chip = tray(page).getByTestId('reference-chip')
    await expect(chip.textContent()).resolves.toContain('From your library')
    expect(session.problems).toEqual([])
  })

  it('right-click on a tile opens the menu; its Remix fills the composer (no CSP problem from the menu)', async () => {
    const session = await app.open('dark')
    const { page, host } = session
    await generateAndWait(page, 'a castle in the fog')
    const id = (host.core.db.prepare('SELECT id FROM images ORDER BY id DESC LIMIT 1').get() as { id: number }).id
    await page.locator(`[data-testid="gallery-tile"][data-image-id="${id}"]`).click({ button: 'right' })
    const menu = page.getByRole('menu')
    await menu.waitFor()
    await page.screenshot({ path: screenshotPath('remix-tile-menu-dark.png') })
    await menu.getByRole('menuitem', { name: /Remix/ }).click()
    await expect.poll(async () => tray(page).getByTestId('reference-chip').getAttribute('data-status'), { timeout: 10_000 }).toBe('ready')
    await expect(page.getByRole('textbox', { name: 'Prompt' }).inputValue()).resolves.toBe('a castle in the fog')
    expect(session.problems).toEqual([])
  })

  it('a hostile drop (text named .png) shows a message and sends and stores nothing', async () => {
    const session = await app.open()
    const { page, dataDir } = session
    const refsDir = join(dataDir, 'refs')
    const count = (): number => {
      try {
        return readdirSync(refsDir, { recursive: true }).length
      } catch {
        return 0
      }
    }
    const before = { files: count(), uploads: uploads().length, inferences: inferences().length }
    await dropFile(page, '[data-testid="reference-tray"]', Buffer.from('hello, I am not a picture').toString('base64'), 'cat.png', 'image/png')
    const alert = tray(page).getByRole('alert')
    await alert.waitFor({ timeout: 10_000 })
    await expect(alert.textContent()).resolves.toMatch(/not an image|cannot be read|can't be read/i)
    await expect(tray(page).getByTestId('reference-chip').count()).resolves.toBe(0)
    expect(count()).toBe(before.files)
    expect(uploads().length).toBe(before.uploads)
    expect(inferences().length).toBe(before.inferences)
    await page.screenshot({ path: screenshotPath('remix-bad-drop-light.png') })
  })
})
