/**
 * The prompt library through the host and the real core: two prompts generated
 * through the fake Runware server come back as suggestions (with their results'
 * thumbnails) when a prefix is typed, one is taken from the keyboard, and the
 * Prompts view lists both with their uses, sorts by uses and puts one back into
 * the composer.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { screenshotPath, useAppWithFakeRunware } from './harness'

const app = useAppWithFakeRunware({ latencyMs: 100, perImageLatencyMs: 20, imageBytes: 'small' })

async function generate(page: Page, prompt: string, count: number, done: number): Promise<void> {
  await page.getByTestId('prompt-input').fill(prompt)
  await page.getByTestId('count-input').fill(String(count))
  await page.getByTestId('generate-button').click()
  await expect
    .poll(() => page.locator('[data-testid="job-card"][data-status="succeeded"]').count(), { timeout: 20_000 })
    .toBe(done)
}

describe('the prompt library in Chromium against the real core', () => {
  it('suggests past prompts with thumbnails for a typed prefix, takes one from the keyboard, and lists them in the Prompts view', async () => {
    const session = await app.open()
    const { page, host } = session
    await generate(page, 'a lighthouse at dusk, oil painting', 2, 1)
    await generate(page, 'a lighthouse in the rain', 1, 2)
    await generate(page, 'a lighthouse at dusk, oil painting', 3, 3)

    const prompt = page.getByRole('textbox', { name: 'Prompt' })
    await prompt.fill('')
    await prompt.pressSequentially('a light', { delay: 20 })
    const list = page.getByRole('listbox', { name: 'Prompt suggestions' })
    await list.waitFor()
    // Most recently used first; each with its best result's thumbnail, decoded by Chromium.
    await expect.poll(() => list.getByRole('option').allTextContents()).toEqual(['a lighthouse at dusk, oil painting2 uses', 'a lighthouse in the rain1 use'])
    await page.waitForFunction(() => {
      const imgs = [...document.querySelectorAll('[aria-label="Prompt suggestions"] [role="option"] img')] as HTMLImageElement[]
      return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0)
    })
    await expect(prompt.getAttribute('aria-autocomplete')).resolves.toBe('list')
    await expect(prompt.getAttribute('aria-controls')).resolves.toBe(await list.getAttribute('id'))
    await page.screenshot({ path: screenshotPath('prompt-suggestions-light.png') })

    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    const second = list.getByRole('option').nth(1)
    await expect(prompt.getAttribute('aria-activedescendant')).resolves.toBe(await second.getAttribute('id'))
    await page.keyboard.press('Enter')
    await expect(prompt.inputValue()).resolves.toBe('a lighthouse in the rain')
    await expect(list.count()).resolves.toBe(0)
    // Focus stayed in the prompt: typing goes on there.
    await page.keyboard.type(', at night')
    await expect(prompt.inputValue()).resolves.toBe('a lighthouse in the rain, at night')

    // The Prompts view: both prompts, their uses and costs from the core.
    await page.getByRole('button', { name: 'Prompts' }).click()
    const table = page.getByRole('table')
    await table.waitFor()
    const rows = (): Promise<string[][]> => table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].slice(0, 2).map((c) => c.textContent ?? '')))
    await expect.poll(rows).toEqual([
      ['a lighthouse at dusk, oil painting', '2'],
      ['a lighthouse in the rain', '1']
    ])
    const stats = host.core.db.prepare('SELECT prompt, uses FROM prompt_stats ORDER BY prompt').all()
    expect(stats).toEqual([
      { prompt: 'a lighthouse at dusk, oil painting', uses: 2 },
      { prompt: 'a lighthouse in the rain', uses: 1 }
    ])
    await page.getByRole('columnheader', { name: /Uses/ }).getByRole('button').click()
    await expect.poll(() => page.getByRole('columnheader', { name: /Uses/ }).getAttribute('aria-sort')).toBe('descending')
    await page.getByRole('columnheader', { name: /Uses/ }).getByRole('button').click()
    await expect.poll(() => page.getByRole('columnheader', { name: /Uses/ }).getAttribute('aria-sort')).toBe('ascending')
    await expect.poll(async () => (await rows())[0]![0]).toBe('a lighthouse in the rain')
    await page.waitForFunction(() => [...document.querySelectorAll('tbody img')].every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0))
    await page.screenshot({ path: screenshotPath('prompts-view-light.png') })

    await page.getByTestId('count-input').fill('5')
    await page.getByRole('button', { name: 'Use “a lighthouse at dusk, oil painting”' }).click()
    await expect.poll(() => prompt.inputValue()).toBe('a lighthouse at dusk, oil painting')
    // Its newest generation asked for three images: that setting came back with it.
    await expect.poll(() => page.getByTestId('count-input').inputValue()).toBe('3')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('prompt-input')
    expect(session.problems).toEqual([])
  })
})
