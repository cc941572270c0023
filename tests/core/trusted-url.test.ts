import { describe, expect, it } from 'vitest'
import { isExternalAllowed, isInternalNavigation, isTrustedSender } from '../../electron/core/security/trusted-url'

describe('isExternalAllowed', () => {
  it.each([
    ['https://runware.ai/docs', true],
    ['https://my.runware.ai/', true],
    ['https://docs.x.ai/docs/models', true],
    ['https://RUNWARE.AI/pricing', true],
    ['http://runware.ai/', false],
    ['https://runware.ai.evil.com/', false],
    ['https://evil.com/?u=https://runware.ai', false],
    ['https://evilrunware.ai/', false],
    ['https://user:pass@runware.ai/', false],
    ['https://runware.ai:8443/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['app-image://image/1', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['https://runware.ai/\nhttps://evil.com', false],
    [' https://runware.ai/', false],
    ['', false],
    ['https://' + 'a'.repeat(5000) + '.runware.ai/', false]
  ])('%s → %s', (url, expected) => {
    expect(isExternalAllowed(url)).toBe(expected)
  })
})

describe('isInternalNavigation', () => {
  const appUrl = 'app://studio/index.html'
  const fileApp = 'file:///opt/imagine/resources/app.asar/out/renderer/index.html'
  it.each([
    [appUrl, appUrl, true],
    [appUrl + '#/settings', appUrl, true],
    [appUrl + '?x=1', appUrl, true],
    ['app://studio/other.html', appUrl, false],
    ['app://evil/index.html', appUrl, false],
    ['app://studio.evil/index.html', appUrl, false],
    ['app-image://studio/index.html', appUrl, false],
    ['file:///opt/imagine/resources/app.asar/out/renderer/index.html', appUrl, false],
    // file:// is no longer the app's origin: nothing loaded from it is ours.
    [fileApp, fileApp, false],
    [fileApp + '#/settings', fileApp, false],
    ['file:///etc/passwd', fileApp, false],
    ['https://runware.ai/', appUrl, false],
    ['http://localhost:5173/', 'http://localhost:5173/', true],
    ['http://localhost:5173/#x', 'http://localhost:5173/', true],
    ['http://localhost:5174/', 'http://localhost:5173/', false],
    ['http://evil.com:5173/', 'http://localhost:5173/', false],
    ['http://evil.com/', 'http://evil.com/', false],
    ['not a url', appUrl, false]
  ])('%s from %s → %s', (target, app, expected) => {
    expect(isInternalNavigation(target, app)).toBe(expected)
  })
})

describe('isTrustedSender', () => {
  const app = 'app://studio/index.html'
  it('trusts only our window main frame showing our page', () => {
    expect(isTrustedSender({ url: app, isMainFrame: true, fromAppWindow: true }, app)).toBe(true)
    expect(isTrustedSender({ url: app + '#/x', isMainFrame: true, fromAppWindow: true }, app)).toBe(true)
    expect(isTrustedSender({ url: app, isMainFrame: false, fromAppWindow: true }, app)).toBe(false)
    expect(isTrustedSender({ url: app, isMainFrame: true, fromAppWindow: false }, app)).toBe(false)
    expect(isTrustedSender({ url: 'https://evil.com/', isMainFrame: true, fromAppWindow: true }, app)).toBe(false)
    expect(isTrustedSender({ url: 'file:///app/out/renderer/index.html', isMainFrame: true, fromAppWindow: true }, 'file:///app/out/renderer/index.html')).toBe(false)
    expect(isTrustedSender({ url: '', isMainFrame: true, fromAppWindow: true }, app)).toBe(false)
  })
})
