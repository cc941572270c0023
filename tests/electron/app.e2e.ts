/**
 * Playwright `_electron` suite: the packaged-style app (built out/ + real Electron),
 * with a temp library per test. Where no Electron binary exists (machines without
 * access to Electron's download host) it is skipped, saying so.
 */
import { createRequire } from 'node:module'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, type ElectronApplication } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { ensureBuilt, repoRoot } from '../e2e/harness'

function electronBinary(): string | null {
  try {
    const p = createRequire(join(repoRoot, 'package.json'))('electron') as unknown
    return typeof p === 'string' && existsSync(p) ? p : null
  } catch {
    return null
  }
}

const binary = electronBinary()
const SKIP_REASON = 'no Electron binary on this machine (npm could not download it); run `npm install` with network access to enable'
if (!binary) console.warn(`[electron suite] skipped: ${SKIP_REASON}`)

let app: ElectronApplication | null = null
let dataDir = ''
afterEach(async () => {
  await app?.close()
  app = null
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

async function launch(): Promise<ElectronApplication> {
  ensureBuilt()
  dataDir = mkdtempSync(join(tmpdir(), 'imagine-electron-'))
  app = await electron.launch({
    executablePath: binary!,
    args: [repoRoot, '--no-sandbox'],
    env: { ...process.env, IMAGINE_DATA_DIR: dataDir, XDG_CONFIG_HOME: join(dataDir, 'config') }
  })
  return app
}

describe.skipIf(!binary)(`Electron app (skipped when ${SKIP_REASON})`, () => {
  it('opens a secure window showing the shell', async () => {
    const a = await launch()
    const page = await a.firstWindow()
    await page.getByTestId('sidebar').waitFor()
    // The renderer process runs in Chromium's sandbox…
    const sandboxed = await a.evaluate(({ app }) => app.getAppMetrics().filter((p) => p.type === 'Tab').map((p) => p.sandboxed))
    expect(sandboxed.length).toBeGreaterThan(0)
    expect(sandboxed.every((s) => s === true)).toBe(true)
    // …and the page sees neither Node nor Electron, only window.api.
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined')
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined')
    expect(await page.evaluate(() => Object.keys(window.api).sort())).toEqual(['app', 'files', 'library', 'media', 'secrets', 'settings', 'shell'])
  })

  it('answers IPC with Results from the real handlers', async () => {
    const a = await launch()
    const page = await a.firstWindow()
    await page.getByTestId('sidebar').waitFor()
    await expect(page.evaluate(() => window.api.app.getInfo())).resolves.toMatchObject({ ok: true, value: { shell: 'electron', dataDir } })
    await expect(page.evaluate(() => window.api.settings.update({ concurrency: 99 }))).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('blocks window.open and navigation away from the app', async () => {
    const a = await launch()
    const page = await a.firstWindow()
    await page.getByTestId('sidebar').waitFor()
    await page.evaluate(() => window.open('https://evil.example/'))
    await page.evaluate(() => (window.location.href = 'https://evil.example/'))
    await page.waitForTimeout(500)
    expect(a.windows()).toHaveLength(1)
    expect(page.url()).toBe('app://studio/index.html')
  })
})
