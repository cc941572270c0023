/**
 * The built renderer in Debian's Chromium (playwright-core), served by the test
 * host with the real core, a fresh temp library per session. No vitest here, so
 * the benchmarks (scripts/bench/refs.ts) drive the app the way the e2e suite does.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startHost, type Host, type HostOptions } from '../host/host'
import { hostCertificate } from '../host/tls'

export const repoRoot = resolve(__dirname, '../..')
export const artifactsDir = join(repoRoot, 'e2e-artifacts')

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]

/**
 * The Chromium flag that makes the certificate of this process's HTTP/2 hosts
 * (`host: { http2: true }`, tests/host/tls.ts) valid, as a real one would be: with
 * the error merely ignored (a context's ignoreHTTPSErrors) Chromium caches nothing.
 * It takes effect only with a --user-data-dir, which playwright always passes.
 */
export function trustHostCertificate(): string {
  return `--ignore-certificate-errors-spki-list=${hostCertificate().spki}`
}

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]
  const found = candidates.find((p) => existsSync(p))
  if (!found) throw new Error('Chromium not found: install Debian\'s chromium package (apt-get install chromium) or set CHROMIUM_PATH.')
  return found
}

/** The e2e suite tests the built renderer; build it when a plain `vitest` run finds none. */
export function ensureBuilt(): void {
  if (existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))) return
  execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: repoRoot,
    stdio: 'inherit'
  })
}

/** `http2`: the browser will open HTTP/2 hosts (`openApp(…, { host: { http2: true } })`), so it trusts their certificate. */
export async function launchBrowser(opts: { http2?: boolean } = {}): Promise<Browser> {
  ensureBuilt()
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: opts.http2 ? [...CHROMIUM_ARGS, trustHostCertificate()] : CHROMIUM_ARGS })
}

export interface AppSession {
  page: Page
  host: Host
  dataDir: string
  /** Page errors, console errors and CSP violations seen so far. */
  problems: string[]
  close(): Promise<void>
}

export async function openApp(
  browser: Browser,
  opts: {
    colorScheme?: 'light' | 'dark'
    dataDir?: string
    host?: Partial<HostOptions>
    beforeLoad?: (host: Host) => void
    /** Before the first load, e.g. page.addInitScript or request listeners (the benchmarks). */
    beforeGoto?: (page: Page) => Promise<void>
    /** No viewport emulation: the window's own size and device scale (--force-device-scale-factor) apply. */
    nativeWindow?: boolean
  } = {}
): Promise<AppSession> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'imagine-e2e-'))
  const host = await startHost({ dataDir, env: {}, ...opts.host })
  const context = await browser.newContext({ viewport: opts.nativeWindow ? null : { width: 1280, height: 820 }, colorScheme: opts.colorScheme ?? 'light' })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`)
  })
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`http ${r.status()}: ${r.url()}`)
  })
  opts.beforeLoad?.(host)
  await opts.beforeGoto?.(page)
  await page.goto(host.url)
  return {
    page,
    host,
    dataDir,
    problems,
    async close() {
      await context.close()
      await host.close()
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

export function screenshotPath(name: string): string {
  mkdirSync(artifactsDir, { recursive: true })
  return join(artifactsDir, name)
}
