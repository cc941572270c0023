/**
 * Cost you can see, through the host and the real core: generations seeded with
 * costs on several days show per day in the Spend view (the table's values), the
 * chrome's today figure follows a write by another process (the CLI's way), and
 * saving a key is checked with (fake) Runware.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openLibraryDb } from '../../electron/core/db/open-library-db'
import { dayKeyOf } from '../../electron/shared/spend'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { FAST_POLL, FAST_RETRY } from '../helpers/generation'
import { seedImage } from '../helpers/library-seed'
import { launchBrowser, openApp, screenshotPath, type AppSession } from './harness'

let browser: Browser
let fake: FakeRunware
let session: AppSession | null = null
const dirs: string[] = []

beforeAll(async () => {
  browser = await launchBrowser()
  fake = await startFakeRunware({ imageBytes: 'small' })
})
afterAll(async () => {
  await browser?.close()
  await fake?.close()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
afterEach(async () => {
  await session?.close()
  session = null
})

/** 10:00 local, `daysAgo` days before today. */
function at(daysAgo: number, hour = 10): number {
  const n = new Date()
  return new Date(n.getFullYear(), n.getMonth(), n.getDate() - daysAgo, hour).getTime()
}

function seeded(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'imagine-spend-'))
  dirs.push(dataDir)
  const db = openLibraryDb(join(dataDir, 'library.db'))
  seedImage(db, { prompt: 'a lighthouse at dusk', createdAt: at(0, 9), cost: 0.04 })
  seedImage(db, { prompt: 'a lighthouse at dusk', createdAt: at(0, 11), cost: 0.02 })
  const fox = seedImage(db, { prompt: 'a red fox in the snow', createdAt: at(2), cost: 0.08 }).imageId
  seedImage(db, { prompt: 'castle in fog', createdAt: at(20), cost: 0.13 })
  seedImage(db, { prompt: 'an old robot', createdAt: at(60), cost: 0.5 })
  const col = Number(db.prepare("INSERT INTO collections (name, created_at) VALUES ('Foxes', 0)").run().lastInsertRowid)
  db.prepare('INSERT INTO collection_images (collection_id, image_id, added_at) VALUES (?, ?, 0)').run(col, fox)
  db.close()
  return dataDir
}

const dayRows = (s: AppSession): Promise<string[][]> =>
  s.page.getByTestId('spend-day-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('time')?.getAttribute('datetime') ?? '', ...[...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')]))

describe('Spend view in Chromium against the real core', () => {
  it('shows the seeded spend per day for 30 and 90 days, per collection and per prompt; today follows another process spending', async () => {
    const dataDir = seeded()
    session = await openApp(browser, { dataDir, host: { env: { RUNWARE_API_KEY: fake.apiKey }, runware: { endpoint: fake.url, retry: FAST_RETRY, poll: FAST_POLL } } })
    const { page } = session
    await expect.poll(() => page.getByTestId('spend-today').textContent()).toBe('$0.06')
    await page.getByTestId('account-balance').waitFor()

    await page.getByRole('button', { name: 'Spend' }).click()
    await page.getByTestId('spend-view').waitFor()
    await expect(page.getByRole('table', { name: /Spend per day, last 30 days/ }).count()).resolves.toBe(1)
    await expect.poll(() => dayRows(session!)).toEqual([
      [dayKeyOf(new Date(at(0))), '2', '$0.06'],
      [dayKeyOf(new Date(at(2))), '1', '$0.08'],
      [dayKeyOf(new Date(at(20))), '1', '$0.13']
    ])
    await expect(page.getByTestId('spend-total').textContent()).resolves.toBe('$0.27')
    // One bar per day with spend, in the chart.
    await expect(page.getByTestId('spend-chart').locator('rect[data-day]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-day')))).resolves.toEqual([
      dayKeyOf(new Date(at(20))),
      dayKeyOf(new Date(at(2))),
      dayKeyOf(new Date(at(0)))
    ])
    await expect(page.getByTestId('spend-collection-table').locator('tbody tr').first().textContent()).resolves.toBe('Foxes1$0.08')
    await expect(page.getByTestId('spend-prompt-table').locator('tbody th').allTextContents()).resolves.toEqual(['castle in fog', 'a red fox in the snow', 'a lighthouse at dusk'])

    await page.getByRole('radio', { name: '90 days' }).check()
    await expect.poll(() => dayRows(session!).then((r) => r.at(-1))).toEqual([dayKeyOf(new Date(at(60))), '1', '$0.50'])
    await expect(page.getByTestId('spend-total').textContent()).resolves.toBe('$0.77')
    await page.screenshot({ path: screenshotPath('spend-90-light.png') })

    // Another process (the CLI) spends: the library's data_version moves, the push says 'external'.
    const db = openLibraryDb(join(dataDir, 'library.db'))
    seedImage(db, { prompt: 'from the cli', createdAt: Date.now(), cost: 0.25 })
    db.close()
    await expect.poll(() => page.getByTestId('spend-today').textContent(), { timeout: 10_000 }).toBe('$0.31')
    await expect.poll(() => dayRows(session!).then((r) => r[0])).toEqual([dayKeyOf(new Date()), '3', '$0.31'])
    // The seeded rows have no files: the gallery's thumbnails 404, nothing else may go wrong.
    expect(session.problems.filter((p) => !/\/app-image\/thumb\/\d+/.test(p))).toEqual([])
  })

  it("checks a key with Runware when it is saved: refused is not saved; the right one is, with Runware's balance", async () => {
    session = await openApp(browser, { host: { runware: { endpoint: fake.url, retry: FAST_RETRY, poll: FAST_POLL } } })
    const { page } = session
    await page.getByTestId('settings-button').click()
    await page.getByTestId('api-key-input').fill('rw_not_the_right_key_000000')
    await page.getByTestId('api-key-save').click()
    await expect.poll(() => page.getByTestId('api-key-error').textContent()).toMatch(/Runware refused this API key, so it was not saved/)
    await expect(page.getByTestId('api-key-status').textContent()).resolves.toMatch(/Not set/)

    await page.getByTestId('api-key-input').fill(fake.apiKey)
    await page.getByTestId('api-key-save').click()
    await expect.poll(() => page.getByTestId('api-key-help').textContent()).toMatch(/^Runware accepted the key and it is saved\. Balance: \$/)
    await expect(page.getByTestId('api-key-status').textContent()).resolves.toMatch(/^Set/)
    expect(session.problems).toEqual([])
  })
})
