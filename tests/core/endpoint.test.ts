/** Issue 7: RUNWARE_API_URL can send the decrypted key anywhere: only https or loopback, and never in a packaged app. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_ENDPOINT } from '../../electron/core/runware/client'
import { appEndpoint, endpointOverride, endpointProblem } from '../../electron/core/runware/endpoint'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { runCliAgainst } from '../helpers/cli'
import { tempDir } from '../helpers/db'

describe('endpointProblem', () => {
  it.each([
    ['https://api.runware.ai/v1', null],
    ['https://proxy.example.com:8443/v1', null],
    ['http://127.0.0.1:5555/v1', null],
    ['http://127.1.2.3/v1', null],
    ['http://localhost:8080', null],
    ['http://[::1]:9000/', null],
    ['http://api.runware.ai/v1', /https/],
    ['http://192.168.1.10/v1', /https/],
    ['http://localhost.evil.example/v1', /https/],
    ['http://127.0.0.1.evil.example/', /https/],
    ['ftp://api.runware.ai/', /https/],
    ['file:///etc/passwd', /https/],
    ['https://user:secret@api.runware.ai/v1', /user name or password/],
    ['not a url', /not a URL/]
  ])('%s → %s', (url, expected) => {
    const p = endpointProblem(url)
    if (expected === null) expect(p).toBeNull()
    else expect(p).toMatch(expected)
  })
})

describe('endpointOverride and appEndpoint', () => {
  it('no override gives null; a bad one is a VALIDATION error naming the variable', () => {
    expect(endpointOverride(undefined)).toBeNull()
    expect(endpointOverride('  ')).toBeNull()
    expect(endpointOverride(' http://127.0.0.1:1/v1 ')).toBe('http://127.0.0.1:1/v1')
    expect(() => endpointOverride('http://evil.example/v1')).toThrow(expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(/^RUNWARE_API_URL must use https/) }))
  })

  it('a packaged app always talks to Runware and says it ignored the override', () => {
    expect(appEndpoint({ isPackaged: true, envUrl: 'https://evil.example/v1' })).toEqual({ endpoint: DEFAULT_ENDPOINT, ignored: true })
    expect(appEndpoint({ isPackaged: true, envUrl: 'http://evil.example/v1' })).toEqual({ endpoint: DEFAULT_ENDPOINT, ignored: true })
    expect(appEndpoint({ isPackaged: true, envUrl: undefined })).toEqual({ endpoint: DEFAULT_ENDPOINT, ignored: false })
  })

  it('a development run honours a checked override and refuses a plain-http remote one', () => {
    expect(appEndpoint({ isPackaged: false, envUrl: 'http://127.0.0.1:4000/v1' })).toEqual({ endpoint: 'http://127.0.0.1:4000/v1', ignored: false })
    expect(appEndpoint({ isPackaged: false, envUrl: undefined })).toEqual({ endpoint: DEFAULT_ENDPOINT, ignored: false })
    expect(() => appEndpoint({ isPackaged: false, envUrl: 'http://evil.example/v1' })).toThrow(/https/)
  })
})

describe('the CLI and RUNWARE_API_URL', () => {
  let fake: FakeRunware
  let dir: { dir: string; cleanup: () => void }
  beforeEach(async () => {
    fake = await startFakeRunware({ imageBytes: 'small' })
    dir = tempDir('imagine-endpoint-')
  })
  afterEach(async () => {
    await fake.close()
    dir.cleanup()
  })

  it('refuses a plain-http remote endpoint with exit 2 before anything is sent', async () => {
    const r = await runCliAgainst(fake, dir.dir, ['generate', 'x'], { RUNWARE_API_URL: 'http://evil.example/v1' })
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/RUNWARE_API_URL must use https/)
    expect(fake.requests).toHaveLength(0)
  })

  it('uses a loopback http endpoint (the fake server)', async () => {
    const r = await runCliAgainst(fake, dir.dir, ['generate', 'x'])
    expect(r.code).toBe(0)
    expect(fake.requests.length).toBeGreaterThan(0)
  })
})
