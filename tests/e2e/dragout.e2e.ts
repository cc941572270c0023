/**
 * Issue 9 in Chromium against the real core, SQLite, files and the fake Runware
 * server: a tile dragged with the mouse asks main for an OS drag of the original
 * files (the host records what Electron's webContents.startDrag would get) and still
 * lands in the tray; Copy image and Show in folder reach the desktop adapter; a
 * dropped exported file offers its settings, and an A1111 file from another tool
 * offers its prompt.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { writePng } from '../../electron/core/export/png'
import { DEFAULT_EXPORT_SETTINGS } from '../../electron/shared/export'
import { screenshotPath, useAppWithFakeRunware } from './harness'

const app = useAppWithFakeRunware({ latencyMs: 50, perImageLatencyMs: 10 })

const tray = (page: Page) => page.getByRole('region', { name: 'Reference images' })
const tileOf = (page: Page, id: number) => page.locator(`[data-testid="gallery-tile"][data-image-id="${id}"]`)

async function generateAndWait(page: Page, prompt: string, count = 1): Promise<void> {
  const before = await page.getByTestId('job-card').count()
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt)
  await page.getByTestId('count-input').fill(String(count))
  await page.getByRole('button', { name: 'Generate' }).click()
  await expect.poll(async () => page.getByTestId('job-card').count()).toBe(before + 1)
  await page.waitForFunction(() => document.querySelector('[data-testid="job-card"]')?.getAttribute('data-status') === 'succeeded', undefined, { timeout: 20_000 })
}

/** Drops a File built in the page (no path on disk, as from a browser) with a real DataTransfer. */
async function dropFile(page: Page, bytes: Buffer, name: string, type: string): Promise<void> {
  await page.evaluate(
    ({ base64, name, type }) => {
      const dt = new DataTransfer()
      dt.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }))
      const target = document.querySelector('[data-testid="reference-tray"]')!
      for (const kind of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: dt }))
    },
    { base64: bytes.toString('base64'), name, type }
  )
}

const libraryIds = (db: { prepare(sql: string): { all(): unknown[] } }): number[] => (db.prepare('SELECT id FROM images ORDER BY id').all() as { id: number }[]).map((r) => r.id)

describe('drag out', () => {
  it('dragging a selected tile with the mouse hands the OS the selection\'s original files, and the tile still lands in the tray', async () => {
    const session = await app.open()
    const { page, host } = session
    await generateAndWait(page, 'two lighthouses', 2)
    const [a, b] = libraryIds(host.core.db)
    await tileOf(page, a!).click()
    await tileOf(page, b!).click({ modifiers: ['Control'] })
    await tileOf(page, b!).hover()
    await page.mouse.down()
    const box = (await page.getByTestId('reference-tray').boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 12 })
    await page.mouse.up()
    await expect.poll(async () => tray(page).getByTestId('reference-chip').getAttribute('data-status'), { timeout: 10_000 }).toBe('ready')
    await expect(tray(page).getByTestId('reference-chip').textContent()).resolves.toContain('From your library')
    expect(host.desktop.drags).toHaveLength(1)
    const files = (host.core.db.prepare('SELECT id, path FROM images ORDER BY id').all() as { id: number; path: string }[]).map((r) => ({ ...r, file: join(host.core.paths.dataDir, r.path) }))
    expect([...host.desktop.drags[0]!.files].sort()).toEqual(files.map((f) => f.file).sort())
    // The dragged tile comes first and its thumbnail, small, is the icon.
    expect(host.desktop.drags[0]!.files[0]).toBe(files.find((f) => f.id === b)!.file)
    expect(await sharp(host.desktop.drags[0]!.icon!).metadata()).toMatchObject({ format: 'png', width: 96 })
    expect(session.problems).toEqual([])
  })
})

describe('Copy image and Show in folder', () => {
  it('from the tile menu and the detail view, the desktop gets the library file', async () => {
    const session = await app.open()
    const { page, host } = session
    await generateAndWait(page, 'a harbour at noon')
    const [id] = libraryIds(host.core.db)
    const file = join(host.core.paths.dataDir, (host.core.db.prepare('SELECT path FROM images WHERE id = ?').get(id) as { path: string }).path)
    await tileOf(page, id!).click({ button: 'right' })
    await page.getByRole('menu').getByRole('menuitem', { name: 'Copy image' }).click()
    await expect.poll(() => host.desktop.copied.length).toBe(1)
    expect((await sharp(host.desktop.copied[0]!).metadata()).format).toBe('png')
    await page.getByText('Image copied').waitFor()
    await tileOf(page, id!).click({ button: 'right' })
    await page.getByRole('menu').getByRole('menuitem', { name: 'Show in folder' }).click()
    await expect.poll(() => host.desktop.shown).toEqual([file])

    await tileOf(page, id!).dblclick()
    const detail = page.getByTestId('image-detail')
    await detail.getByRole('button', { name: 'Show in folder' }).waitFor()
    await page.screenshot({ path: screenshotPath('detail-copy-show-in-folder.png') })
    await detail.getByRole('button', { name: 'Show in folder' }).click()
    await detail.getByRole('button', { name: 'Copy image' }).click()
    await expect.poll(() => host.desktop.shown).toEqual([file, file])
    await expect.poll(() => host.desktop.copied.length).toBe(2)
    expect(session.problems).toEqual([])
  })
})

describe('recall from files', () => {
  it('an exported file dropped on the composer offers its library settings; Use all settings fills the composer', async () => {
    const session = await app.open()
    const { page, host, dataDir } = session
    await generateAndWait(page, 'a fox in a snowy wood', 3)
    const [id] = libraryIds(host.core.db)
    const out = join(dataDir, '..', `export-${Date.now()}`)
    mkdirSync(out)
    const r = await host.core.exports.run({ kind: 'ids', ids: [id!] }, { ...DEFAULT_EXPORT_SETTINGS, metadata: 'full', folder: out, zipName: null })
    const exported = readFileSync(join(out, r.written[0]!.path))
    // A fresh composer, then the drop.
    await page.getByRole('textbox', { name: 'Prompt' }).fill('something else')
    await page.getByTestId('count-input').fill('1')
    await dropFile(page, exported, r.written[0]!.path, 'image/jpeg')
    const offer = tray(page).getByTestId('settings-offer')
    await offer.waitFor()
    await expect(offer.textContent()).resolves.toContain('Already in your library')
    await offer.getByRole('button', { name: 'Use all settings' }).click()
    await expect(page.getByRole('textbox', { name: 'Prompt' }).inputValue()).resolves.toBe('a fox in a snowy wood')
    await expect(page.getByTestId('count-input').inputValue()).resolves.toBe('3')
    await expect(offer.count()).resolves.toBe(0)
    expect(session.problems).toEqual([])
  })

  it('a PNG from another tool (A1111 parameters) offers its prompt: Use prompt puts it in the composer', async () => {
    const session = await app.open()
    const { page } = session
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#c63' } }).png().toBuffer()
    const a1111 = writePng(png, [{ keyword: 'parameters', text: 'an old map of the sea\nNegative prompt: text\nSteps: 28, Sampler: Euler a, CFG scale: 6, Seed: 9, Size: 1024x1024, Model: sdxl' }])
    await dropFile(page, a1111, 'map.png', 'image/png')
    const offer = tray(page).getByRole('group', { name: 'This image carries its settings:' })
    await offer.waitFor()
    await expect(offer.getByTestId('settings-offer-ignored').textContent()).resolves.toBe('Not used: Negative prompt, Model sdxl, Steps, Sampler, CFG scale')
    await expect.poll(async () => tray(page).getByTestId('reference-chip').getAttribute('data-status'), { timeout: 10_000 }).toBe('ready')
    await page.screenshot({ path: screenshotPath('recall-offer.png') })
    await offer.getByRole('button', { name: 'Use prompt' }).click()
    await expect(page.getByRole('textbox', { name: 'Prompt' }).inputValue()).resolves.toBe('an old map of the sea')
    expect(session.problems).toEqual([])
  })
})
