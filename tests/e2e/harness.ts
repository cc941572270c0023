/**
 * End-to-end harness: the built renderer in Debian's Chromium (playwright-core),
 * served by the test host with the real core, a fresh temp library per test
 * (app-browser.ts), and the vitest hooks that set it up.
 */
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { startFakeRunware, type FakeOptions, type FakeRunware } from '../fake-runware/server'
import { FAST_POLL, FAST_RETRY } from '../helpers/generation'
import { launchBrowser, openApp, type AppSession } from './app-browser'

export * from './app-browser'

/**
 * Registers the hooks of a suite that drives the app against the fake Runware
 * server: one Chromium and one fake per file, a fresh library per test.
 */
export function useAppWithFakeRunware(fakeOptions: FakeOptions): {
  readonly fake: FakeRunware
  open(colorScheme?: 'light' | 'dark'): Promise<AppSession>
} {
  let browser: Browser
  let fake: FakeRunware
  let session: AppSession | null = null
  beforeAll(async () => {
    browser = await launchBrowser()
    fake = await startFakeRunware(fakeOptions)
  })
  afterAll(async () => {
    await browser?.close()
    await fake?.close()
  })
  afterEach(async () => {
    await session?.close()
    session = null
  })
  return {
    get fake() {
      return fake
    },
    async open(colorScheme = 'light') {
      session = await openApp(browser, {
        colorScheme,
        host: { env: { RUNWARE_API_KEY: fake.apiKey }, runware: { endpoint: fake.url, retry: FAST_RETRY, poll: FAST_POLL } }
      })
      return session
    }
  }
}
