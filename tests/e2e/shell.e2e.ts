import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openApp, repoRoot, screenshotPath, type AppSession } from './harness'

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version
let browser: Browser
let session: AppSession | null = null

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})
afterEach(async () => {
  await session?.close()
  session = null
})

describe('app shell in Chromium against the real core', () => {
  it('shows sidebar, empty gallery, composer and queue without errors, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      session = await openApp(browser, { colorScheme })
      const { page } = session
      for (const id of ['sidebar', 'gallery-empty', 'composer', 'queue', 'queue-empty']) {
        await page.getByTestId(id).waitFor({ state: 'visible', timeout: 10_000 })
      }
      await expect(page.getByTestId('generate-hint').textContent()).resolves.toMatch(/API key/)
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
      const [r = 0, g = 0, b = 0] = (bg.match(/\d+/g) ?? []).map(Number)
      // The OS theme decides: a dark background in dark mode, a light one in light mode.
      if (colorScheme === 'dark') expect(r + g + b).toBeLessThan(3 * 80)
      else expect(r + g + b).toBeGreaterThan(3 * 200)
      await page.screenshot({ path: screenshotPath(`shell-${colorScheme}.png`) })
      expect(session.problems).toEqual([])
      await session.close()
      session = null
    }
  })

  it('saves the API key through the real secret store and never shows or stores it in the library', async () => {
    // Saving checks the key with Runware: here nothing listens (port 9), so it is kept unchecked and no real API is called.
    session = await openApp(browser, { host: { runware: { endpoint: 'http://127.0.0.1:9/v1' } } })
    const { page, host, dataDir } = session
    await page.getByTestId('settings-button').click()
    await page.getByTestId('settings-dialog').waitFor()
    await expect(page.getByTestId('api-key-status').textContent()).resolves.toMatch(/Not set/)

    await page.getByTestId('api-key-input').fill('has spaces in it')
    await page.getByTestId('api-key-save').click()
    await page.getByTestId('api-key-error').waitFor()
    expect(await page.getByTestId('api-key-input').inputValue()).toBe('has spaces in it')
    expect(host.core.router).toBeDefined()

    const key = 'rw_e2e_key_0123456789abcdef'
    await page.getByTestId('api-key-input').fill(key)
    await page.getByTestId('api-key-save').click()
    await page.getByTestId('api-key-status').filter({ hasText: /^Set/ }).waitFor()
    // A stepper described by help text is not painted as an error: same border as a valid one.
    const borders = await page.evaluate(() => {
      const color = (testId: string): string => getComputedStyle(document.querySelector(`[data-testid="${testId}"]`)!.closest('.stepper')!).borderColor
      return { settings: color('concurrency-input'), composer: color('count-input') }
    })
    expect(borders.settings).toBe(borders.composer)
    await page.screenshot({ path: screenshotPath('settings.png') })
    expect(await page.content()).not.toContain(key)
    const dbBytes = readFileSync(join(dataDir, 'library.db'))
    expect(dbBytes.includes(Buffer.from(key))).toBe(false)
    await expect(page.evaluate(() => window.api.secrets.apiKeyStatus())).resolves.toMatchObject({ ok: true, value: { set: true } })
    expect(session.problems).toEqual([])
  })

  it('About → Open logs folder asks the shell to open <dataDir>/logs; a window error lands in host.log as renderer', async () => {
    session = await openApp(browser)
    const { page, host, dataDir } = session
    await page.getByTestId('about-button').click()
    const dialog = page.getByTestId('about-dialog')
    await expect(dialog.getByTestId('about-logs-dir').textContent()).resolves.toBe(join(dataDir, 'logs'))
    await dialog.getByRole('button', { name: 'Open logs folder' }).click()
    await expect.poll(() => host.openedPaths).toEqual([join(dataDir, 'logs')])
    await page.screenshot({ path: screenshotPath('about-logs.png') })
    expect(session.problems).toEqual([])

    // An uncaught error in the page: forwarded over app:report-error into the host's log file.
    await page.evaluate(() => void setTimeout(() => {
      throw new Error('e2e-renderer-marker')
    }))
    await expect.poll(() => (existsSync(host.logFile) ? readFileSync(host.logFile, 'utf8') : ''), { timeout: 10_000 }).toMatch(/ERROR \[renderer\] Error: e2e-renderer-marker \{"kind":"error","stack":"Error: e2e-renderer-marker/)
    expect(host.logFile).toBe(join(dataDir, 'logs', 'host.log'))
  })

  it('keeps the chosen theme in SQLite across a reload', async () => {
    session = await openApp(browser, { colorScheme: 'light' })
    const { page, host } = session
    await page.getByTestId('settings-button').click()
    await page.getByTestId('theme-select').selectOption('dark')
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark')
    expect(host.core.settings.get().theme).toBe('dark')
    await page.reload()
    await page.getByTestId('sidebar').waitFor()
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark')
  })

  it('delivers a menu command sent before the page was listening (About shows the version)', async () => {
    session = await openApp(browser, { beforeLoad: (host) => host.emit('menu:command', 'about') })
    const { page } = session
    await page.getByTestId('about-dialog').waitFor()
    await expect(page.getByTestId('about-version').textContent()).resolves.toContain(version)
  })

  it('opens only allow-listed links in the OS browser', async () => {
    session = await openApp(browser)
    const { page, host } = session
    const refused = await page.evaluate(() => window.api.shell.openExternal('https://evil.example/phish'))
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await page.getByTestId('settings-button').click()
    await page.getByRole('button', { name: /get an api key/i }).click()
    await expect.poll(() => host.openedExternal).toEqual(['https://my.runware.ai/'])
    expect(page.url()).toBe(host.url)
  })

  it('serves library images by id and refuses paths that leave the library', async () => {
    session = await openApp(browser)
    const { page, host, dataDir } = session
    const png = await sharp({ create: { width: 32, height: 16, channels: 3, background: '#3366cc' } }).png().toBuffer()
    const { mkdirSync, writeFileSync } = await import('node:fs')
    mkdirSync(join(dataDir, 'images', 'aa'), { recursive: true })
    writeFileSync(join(dataDir, 'images', 'aa', 'pic.png'), png)
    writeFileSync(join(dataDir, '..', `outside-${process.pid}.png`), png)
    const insert = host.core.db.prepare(
      "INSERT INTO images (sha256, path, width, height, format, bytes, created_at) VALUES (?, ?, 32, 16, 'png', ?, 0)"
    )
    const good = Number(insert.run('a'.repeat(64), 'images/aa/pic.png', png.length).lastInsertRowid)
    const evil = Number(insert.run('b'.repeat(64), `../outside-${process.pid}.png`, png.length).lastInsertRowid)
    const statuses = await page.evaluate(
      async ([g, e]) => {
        const status = async (u: string): Promise<string> => {
          const r = await fetch(u)
          return `${r.status} ${r.headers.get('content-type') ?? ''}`
        }
        const img = new Image()
        img.src = window.api.media.imageUrl(g!)
        await img.decode()
        return {
          good: await status(window.api.media.imageUrl(g!)),
          decoded: `${img.naturalWidth}x${img.naturalHeight}`,
          evil: await status(window.api.media.imageUrl(e!)),
          encoded: await status('/app-image/image/..%2f..%2fetc%2fpasswd'),
          missing: await status(window.api.media.thumbUrl(g!))
        }
      },
      [good, evil]
    )
    expect(statuses.good).toBe('200 image/png')
    expect(statuses.decoded).toBe('32x16')
    expect(statuses.evil.startsWith('403')).toBe(true)
    expect(statuses.encoded.startsWith('400')).toBe(true)
    expect(statuses.missing.startsWith('404')).toBe(true)
  })

  it('enforces the Content-Security-Policy: inline scripts do not run', async () => {
    session = await openApp(browser)
    const { page } = session
    await page.getByTestId('sidebar').waitFor()
    const outcome = await page.evaluate(async () => {
      const violation = new Promise<string>((r) => document.addEventListener('securitypolicyviolation', (e) => r(e.violatedDirective), { once: true }))
      const s = document.createElement('script')
      s.textContent = 'window.__inlineRan = true'
      document.body.appendChild(s)
      return { directive: await violation, ran: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true }
    })
    expect(outcome.ran).toBe(false)
    expect(outcome.directive).toMatch(/script-src/)
    session.problems.length = 0 // the violation we provoked is logged as a console error
  })
})
