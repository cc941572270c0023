/** Issue 10, notifications: through the host's recording adapter, against the real core and the fake Runware server. */
import { describe, expect, it } from 'vitest'
import { screenshotPath, useAppWithFakeRunware } from './harness'

const app = useAppWithFakeRunware({ latencyMs: 200, perImageLatencyMs: 30 })

describe('a job that ends while the window is in the background', () => {
  it('shows one notification; clicking it focuses the window with the job images selected and in view', async () => {
    const session = await app.open()
    const { page, host } = session
    const generate = async (prompt: string, count: number): Promise<void> => {
      await page.getByTestId('prompt-input').fill(prompt)
      await page.getByTestId('count-input').fill(String(count))
      await page.getByTestId('generate-button').click()
    }
    const succeeded = (n: number) => page.waitForFunction((want) => document.querySelectorAll('[data-testid="job-card"][data-status="succeeded"]').length === want, n, { timeout: 20_000 })

    // While the window has focus: no notification.
    await generate('an older picture of a fox', 1)
    await succeeded(1)
    // A search that hides what comes next.
    await page.getByTestId('search-input').fill('fox')
    await page.waitForFunction(() => document.querySelector('[data-testid="gallery-count"]')?.textContent === '1 result')

    host.notifications.setWindowFocused(false)
    await generate('a lighthouse at dusk, oil painting', 3)
    await succeeded(2)
    await expect.poll(() => host.notifications.shown.length, { timeout: 5000 }).toBe(1)
    const [shown] = host.notifications.shown
    expect(shown!.title).toBe('3 images ready — a lighthouse at dusk, oil painting')
    const jobImages = host.core.generation.images(shown!.generationId).map((i) => i.imageId)
    expect(jobImages).toHaveLength(3)
    // One per job, not per image: nothing more arrives.
    await page.waitForTimeout(300)
    expect(host.notifications.shown).toHaveLength(1)

    host.notifications.setWindowFocused(true)
    host.notifications.click(0)
    expect(host.notifications.focusRequests).toBe(1)
    await page.waitForFunction(
      (ids) => ids.every((id) => document.querySelector(`[data-testid="gallery-tile"][data-image-id="${id}"]`)?.getAttribute('aria-selected') === 'true'),
      jobImages,
      { timeout: 10_000 }
    )
    await expect(page.getByTestId('search-input').inputValue()).resolves.toBe('')
    const selected = await page.$$eval('[data-testid="gallery-tile"][aria-selected="true"]', (tiles) => tiles.map((t) => Number(t.getAttribute('data-image-id'))))
    expect(selected.sort()).toEqual([...jobImages].sort())
    // In view: each selected tile lies inside the gallery's scroll box.
    const inView = await page.$$eval('[data-testid="gallery-tile"][aria-selected="true"]', (tiles) => {
      const box = document.querySelector('[data-testid="gallery-scroll"]')!.getBoundingClientRect()
      return tiles.every((t) => {
        const r = t.getBoundingClientRect()
        return r.top >= box.top - 1 && r.bottom <= box.bottom + 1
      })
    })
    expect(inView).toBe(true)
    await expect(page.getByTestId('selection-bar').textContent()).resolves.toMatch(/3 selected/)
    await page.screenshot({ path: screenshotPath('notification-reveal-light.png') })

    // With the setting off, a job in the background says nothing.
    host.core.settings.update({ notifications: false })
    host.notifications.setWindowFocused(false)
    await generate('quiet', 1)
    await succeeded(3)
    await page.waitForTimeout(300)
    expect(host.notifications.shown).toHaveLength(1)
    expect(session.problems).toEqual([])
  }, 60_000)

  it('a job that fails in the background says why; its click focuses the job in the queue', async () => {
    const session = await app.open('dark')
    const { page, host } = session
    await page.getByTestId('account-balance').waitFor()
    host.notifications.setWindowFocused(false)
    app.fake.inject({ kind: 'errorCode', code: 'invalidApiKey', status: 401 })
    await page.getByTestId('prompt-input').fill('will be refused')
    await page.getByTestId('generate-button').click()
    await expect.poll(() => host.notifications.shown.length, { timeout: 10_000 }).toBe(1)
    expect(host.notifications.shown[0]!.title).toMatch(/^Job failed — \S/)
    expect(host.notifications.shown[0]!.body).toBe('will be refused')
    host.notifications.click(0)
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'job-card' && document.activeElement.getAttribute('data-status') === 'failed')
    await page.screenshot({ path: screenshotPath('notification-failed-dark.png') })
  }, 60_000)
})

describe('the queue', () => {
  it('a result thumbnail opens that image in the detail view', async () => {
    const session = await app.open()
    const { page, host } = session
    await page.getByTestId('prompt-input').fill('two boats at anchor')
    await page.getByTestId('count-input').fill('2')
    await page.getByTestId('generate-button').click()
    await expect.poll(async () => page.getByRole('button', { name: /^Open result/ }).count(), { timeout: 20_000 }).toBe(2)
    const second = host.core.generation.images(host.core.generation.list()[0]!.generationId)[1]
    await page.getByRole('button', { name: 'Open result 2' }).click()
    const detail = page.getByRole('dialog', { name: 'Image details' })
    await detail.waitFor()
    await expect(detail.getByTestId('image-detail').getAttribute('data-image-id')).resolves.toBe(String(second!.imageId))
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="detail-image"]')
      return img !== null && img.complete && img.naturalWidth > 0
    })
    await page.keyboard.press('Escape')
    await expect(detail.count()).resolves.toBe(0)
    expect(session.problems).toEqual([])
  }, 60_000)
})
