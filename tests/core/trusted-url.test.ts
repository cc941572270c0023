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
  const fileApp = 'file:///opt/imagine/resources/app.asar/out/renderer/index.html'
  it.each([
    [fileApp, fileApp, true],
    [fileApp + '#/settings', fileApp, true],
    ['file:///etc/passwd', fileApp, false],
    ['file:///opt/imagine/resources/app.asar/out/renderer/other.html', fileApp, false],
    ['https://runware.ai/', fileApp, false],
    ['http://localhost:5173/', 'http://localhost:5173/', true],
    ['http://localhost:5173/#x', 'http://localhost:5173/', true],
    ['http://localhost:5174/', 'http://localhost:5173/', false],
    ['http://evil.com:5173/', 'http://localhost:5173/', false],
    ['http://evil.com/', 'http://evil.com/', false],
    ['not a url', fileApp, false]
  ])('%s from %s → %s', (target, app, expected) => {
    expect(isInternalNavigation(target, app)).toBe(expected)
  })
})

describe('isTrustedSender', () => {
  const app = 'file:///app/out/renderer/index.html'
  it('trusts only our window main frame showing our page', () => {
    expect(isTrustedSender({ url: app, isMainFrame: true, fromAppWindow: true }, app)).toBe(true)
    expect(isTrustedSender({ url: app, isMainFrame: false, fromAppWindow: true }, app)).toBe(false)
    expect(isTrustedSender({ url: app, isMainFrame: true, fromAppWindow: false }, app)).toBe(false)
    expect(isTrustedSender({ url: 'https://evil.com/', isMainFrame: true, fromAppWindow: true }, app)).toBe(false)
    expect(isTrustedSender({ url: '', isMainFrame: true, fromAppWindow: true }, app)).toBe(false)
  })
})
