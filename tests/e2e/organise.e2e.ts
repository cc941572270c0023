/**
 * Saved searches and organising in Chromium against the real core (issue 10):
 * a search saved from the search field is kept in library.db, so after the host
 * restarts on the same data folder it is still in the sidebar, in the order it
 * was given, and gives the same results; a tag in the sidebar filters; a tile
 * dragged onto a collection joins it (a real HTML5 drag), not the reference tray,
 * and a saved search dragged onto another takes its place.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../electron/core/app-core'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { FAST_POLL, FAST_RETRY } from '../helpers/generation'
import { launchBrowser, openApp, type AppSession } from './app-browser'

let browser: Browser
let fake: FakeRunware
let dataDir: string

beforeAll(async () => {
  browser = await launchBrowser()
  fake = await startFakeRunware({ latencyMs: 50, perImageLatencyMs: 10 })
  dataDir = mkdtempSync(join(tmpdir(), 'imagine-organise-'))
})
afterAll(async () => {
  await browser?.close()
  await fake?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** The app on the shared data folder: a restart is closing one and opening another on the same folder. */
const open = (): Promise<AppSession> =>
  openApp(browser, { dataDir, host: { env: { RUNWARE_API_KEY: fake.apiKey }, runware: { endpoint: fake.url, retry: FAST_RETRY, poll: FAST_POLL } } })

async function generate(core: Core, prompt: string): Promise<void> {
  const { generationId } = await core.generation.start({ prompt, numberResults: 1, outputFormat: 'PNG' })
  expect((await core.generation.whenDone(generationId)).status).toBe('succeeded')
}

async function tileIds(page: Page): Promise<number[]> {
  return page.$$eval('[data-testid="gallery-tile"]', (els) => els.map((e) => Number(e.getAttribute('data-image-id'))))
}

const savedNames = (page: Page): Promise<string[]> => page.getByTestId('nav-saved-search').allTextContents()

async function saveSearch(page: Page, query: string, name: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Search the library' }).fill(query)
  await page.getByRole('button', { name: 'Save search' }).click()
  const dialog = page.getByRole('dialog', { name: 'Save search' })
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name)
  await dialog.getByRole('button', { name: 'Save' }).click()
  await dialog.waitFor({ state: 'detached' })
}

describe('saved searches and organising in Chromium', () => {
  it('a saved search survives a restart of the host on the same data folder and gives the same results', async () => {
    let session = await open()
    let { page } = session
    const { core } = session.host
    await page.getByTestId('gallery-empty').waitFor()
    await generate(core, 'a red fox sleeping in fresh snow')
    await generate(core, 'a lighthouse at dusk, oil painting')
    await generate(core, 'an arctic fox portrait, photograph')
    await expect.poll(() => page.getByTestId('gallery-tile').count(), { timeout: 10_000 }).toBe(3)
    const [arctic, lighthouse, red] = await tileIds(page)

    await saveSearch(page, 'fox', 'Foxes')
    await expect.poll(() => tileIds(page)).toEqual([arctic, red])
    await saveSearch(page, 'lighthouse', 'Lighthouses')
    await expect.poll(() => tileIds(page)).toEqual([lighthouse])
    expect(await savedNames(page)).toEqual(['Foxes', 'Lighthouses'])

    // Reorder from the keyboard: the row's More actions button, then Move up.
    await page.getByRole('button', { name: 'More actions for Lighthouses' }).focus()
    await page.keyboard.press('Enter')
    const menu = page.getByRole('menu', { name: 'Actions for Lighthouses' })
    await menu.waitFor()
    await menu.getByRole('menuitem', { name: /^Move up/ }).click()
    await expect.poll(() => savedNames(page)).toEqual(['Lighthouses', 'Foxes'])
    // A tag in the sidebar filters too.
    core.library.addTags([red!], ['snow'])
    await page.getByTestId('tag-list').getByRole('button', { name: /^snow/ }).click()
    await expect.poll(() => tileIds(page)).toEqual([red])
    await expect(page.getByRole('textbox', { name: 'Search the library' }).inputValue()).resolves.toBe('tag:snow')
    expect(session.problems).toEqual([])
    await session.close()

    // The same data folder, a new host and a new page.
    session = await open()
    page = session.page
    await expect.poll(() => savedNames(page), { timeout: 10_000 }).toEqual(['Lighthouses', 'Foxes'])
    expect(await page.getByRole('textbox', { name: 'Search the library' }).inputValue()).toBe('')
    await page.getByTestId('sidebar').getByRole('button', { name: 'Foxes', exact: true }).click()
    await expect.poll(() => tileIds(page)).toEqual([arctic, red])
    expect(await page.getByRole('textbox', { name: 'Search the library' }).inputValue()).toBe('fox')
    expect(await page.getByTestId('sidebar').getByRole('button', { name: 'Foxes', exact: true }).getAttribute('aria-current')).toBe('page')
    await page.getByTestId('sidebar').getByRole('button', { name: 'Lighthouses', exact: true }).click()
    await expect.poll(() => tileIds(page)).toEqual([lighthouse])
    expect(session.problems).toEqual([])
    await session.close()
  })

  // On the same data folder, so with the three images of the test above.
  it('a tile dragged onto a collection in the sidebar joins it, and the reference tray stays empty; saved searches reorder by drag', async () => {
    const session = await open()
    const { page } = session
    const { core } = session.host
    const birds = core.library.createCollection('Birds')
    await page.reload()
    await expect.poll(() => page.getByTestId('gallery-tile').count(), { timeout: 10_000 }).toBe(3)
    const [first] = await tileIds(page)
    const target = page.getByTestId('collection-row').filter({ hasText: 'Birds' })
    await page.locator(`[data-testid="gallery-tile"][data-image-id="${first}"]`).dragTo(target)
    await expect.poll(() => core.db.prepare('SELECT image_id AS id FROM collection_images WHERE collection_id = ?').all(birds.id)).toEqual([{ id: first }])
    await expect.poll(() => target.locator('.nav-count').textContent()).toBe('1')
    expect(await page.getByTestId('reference-chip').count()).toBe(0)

    // Saved searches reorder by drag too (the test above left Lighthouses, Foxes).
    const sidebar = page.getByTestId('sidebar')
    await sidebar.getByRole('button', { name: 'Foxes', exact: true }).dragTo(page.getByTestId('saved-search-row').filter({ hasText: 'Lighthouses' }))
    await expect.poll(() => savedNames(page)).toEqual(['Foxes', 'Lighthouses'])
    expect(core.library.savedSearches().map((x) => x.name)).toEqual(['Foxes', 'Lighthouses'])
    expect(await page.getByTestId('reference-chip').count()).toBe(0)
    expect(session.problems).toEqual([])
    await session.close()
  })
})
