import { describe, expect, it } from 'vitest'
import { screenshotPath, useAppWithFakeRunware } from './harness'

const app = useAppWithFakeRunware({ latencyMs: 300, perImageLatencyMs: 40 })

describe('generating from the real UI against the real core and the fake Runware server', () => {
  it('types a prompt, generates 4 images and shows them in the queue', async () => {
    const session = await app.open()
    const { page, host } = session
    await page.getByTestId('prompt-input').fill('a lighthouse at dusk, oil painting')
    await page.getByTestId('aspect-select').selectOption({ label: '16:9 · 1408×768' })
    await page.getByTestId('count-input').fill('4')
    await page.getByTestId('format-select').selectOption('PNG')
    await page.getByTestId('generate-button').click()
    const card = page.getByTestId('job-card').first()
    await card.waitFor()
    await page.waitForFunction(() => document.querySelector('[data-testid="job-card"]')?.getAttribute('data-status') === 'succeeded', undefined, { timeout: 20_000 })
    await expect.poll(async () => page.getByTestId('job-thumb').count(), { timeout: 10_000 }).toBe(4)
    // Thumbnails come from the real files through the image route, decoded by Chromium.
    const thumbs = '[data-testid="job-thumb"] img, img[data-testid="job-thumb"]'
    await page.waitForFunction((sel) => {
      const imgs = [...document.querySelectorAll(sel)] as HTMLImageElement[]
      return imgs.length === 4 && imgs.every((i) => i.complete && i.naturalWidth > 0)
    }, thumbs)
    const sizes = await page.$$eval(thumbs, (imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))
    expect(sizes.length).toBe(4)
    expect(sizes.every((w) => w > 0 && w <= 256)).toBe(true)
    const rows = host.core.db.prepare('SELECT width, height, format FROM images').all()
    expect(rows).toEqual(Array.from({ length: 4 }, () => ({ width: 1408, height: 768, format: 'png' })))
    const sent = (app.fake.requests.map((r) => r.body).find((b) => JSON.stringify(b).includes('a lighthouse at dusk')) as Record<string, unknown>[])[0]
    expect(sent).toMatchObject({ width: 1408, height: 768, numberResults: 4, outputFormat: 'PNG' })
    await page.getByTestId('gallery').waitFor()
    await page.waitForTimeout(300) // let the progress bar's 200 ms transition settle for the screenshot
    await page.screenshot({ path: screenshotPath('generated-light.png') })
    expect(session.problems).toEqual([])
  })

  it('shows a refused key as a clear failure on the job', async () => {
    const session = await app.open('dark')
    const { page } = session
    // The balance is fetched at start-up; inject the fault after it so it hits the generation.
    await page.getByTestId('account-balance').waitFor()
    app.fake.inject({ kind: 'errorCode', code: 'invalidApiKey', status: 401 })
    await page.getByTestId('prompt-input').fill('will be refused')
    await page.getByTestId('generate-button').click()
    await page.getByTestId('job-error').waitFor({ timeout: 10_000 })
    await expect(page.getByTestId('job-error').textContent()).resolves.toMatch(/API key was refused/)
    await page.screenshot({ path: screenshotPath('generation-failed-dark.png') })
  })

  it('refuses an invalid option in the form before anything is sent', async () => {
    const session = await app.open()
    const { page } = session
    const inferences = (): number => app.fake.requests.filter((r) => JSON.stringify(r.body).includes('imageInference')).length
    const before = inferences()
    await page.getByTestId('prompt-input').fill('bad ttl')
    await page.getByTestId('options-toggle').click()
    await page.getByTestId('ttl-input').fill('10')
    await page.getByTestId('generate-button').click()
    await page.getByTestId('composer-error').waitFor()
    expect(inferences()).toBe(before)
  })
})
