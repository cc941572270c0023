/**
 * The test host over HTTP/2 (`startHost({ http2: true })`, TLS with the process's
 * self-signed certificate), as the gallery benchmark uses it: the app runs in
 * Chromium over h2 (invokes, the event stream, thumbnails), and the host's trust
 * checks refuse over h2 what they refuse over HTTP/1.1 (host-security.e2e.ts), with
 * the Host in `:authority`. Plain requests go through node:http2, which can forge it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { FAST_POLL, FAST_RETRY } from '../helpers/generation'
import { MAX_IPC_BODY_BYTES, startHost, type Host } from '../host/host'
import { hostCertificate } from '../host/tls'
import { ensureBuilt, launchBrowser, openApp } from './harness'

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** Verifies the host against its own certificate, as a browser that trusts it would. */
const connectTo = (origin: string): ClientHttp2Session => connect(origin, { ca: hostCertificate().cert })

/** One request on the session; an event stream is cut after its head, the rest are read to the end. */
function call(session: ClientHttp2Session, path: string, headers: OutgoingHttpHeaders = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': path, ...headers })
    stream.once('response', (head) => {
      const reply: Reply = { status: Number(head[':status']), headers: head, body: '' }
      if (String(head['content-type']).startsWith('text/event-stream')) {
        stream.close()
        return resolve(reply)
      }
      stream.setEncoding('utf8')
      stream.on('data', (c: string) => (reply.body += c))
      stream.once('end', () => resolve(reply))
    })
    stream.once('error', reject)
    stream.end(body)
  })
}

/** Writes `total` bytes of body (1 MB at a time, as fast as flow control lets) unless the server ends the stream first; resolves with the bytes written. */
function upload(stream: ClientHttp2Stream, total: number): Promise<number> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(1 << 20, 0x20)
    let sent = 0
    const pump = (): void => {
      while (!stream.closed && sent < total) {
        sent += chunk.length
        if (!stream.write(chunk)) return void stream.once('drain', pump)
      }
      if (!stream.closed) stream.end()
    }
    stream.once('close', () => resolve(sent))
    pump()
  })
}

describe('the test host over HTTP/2 refuses what it refuses over HTTP/1.1', () => {
  let host: Host
  let dataDir: string
  let base: string
  let port: string
  let token: string
  let cookie: string
  let client: ClientHttp2Session

  beforeAll(async () => {
    ensureBuilt()
    dataDir = mkdtempSync(join(tmpdir(), 'imagine-host-http2-'))
    host = await startHost({ dataDir, env: {}, http2: true })
    const url = new URL(host.url)
    base = url.origin
    port = url.port
    token = url.searchParams.get('token') ?? ''
    cookie = `imagine-host-${port}=${token}`
    client = connectTo(base)
  })
  afterAll(async () => {
    client?.close()
    await host?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  const invoke = (headers: OutgoingHttpHeaders, query = ''): Promise<Reply> =>
    call(client, `/__host/ipc/settings%3Aget${query}`, { ':method': 'POST', 'content-type': 'application/json', 'x-imagine-host': '1', ...headers }, '[]')

  /** The page, the bridge, the event stream, a missing library image (404 once past the checks) and an invoke. */
  async function routes(headers: OutgoingHttpHeaders, query = ''): Promise<number[]> {
    const get = (path: string): Promise<number> => call(client, path + query, { ...headers }).then((r) => r.status)
    return Promise.all([get('/'), get('/__host/bridge.js'), get('/__host/events'), get('/app-image/thumb/999'), invoke(headers, query).then((r) => r.status)])
  }

  it('prints an https URL and serves the app with the token, setting a Secure, HttpOnly, SameSite=Strict cookie', async () => {
    expect(base).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const page = await call(client, `/?token=${token}`)
    expect(page.status).toBe(200)
    expect(page.body).toContain('/__host/bridge.js')
    expect(page.headers['set-cookie']?.[0]?.split(';').map((s) => s.trim())).toEqual([cookie, 'HttpOnly', 'SameSite=Strict', 'Path=/', 'Secure'])
    expect(await routes({ cookie })).toEqual([200, 200, 200, 404, 200])
    expect(await routes({}, `?token=${token}`)).toEqual([200, 200, 200, 404, 200])
    expect(JSON.parse((await invoke({ cookie, origin: base, 'sec-fetch-site': 'same-origin' })).body)).toMatchObject({ ok: true })
  })

  it('refuses every route without the right token or cookie', async () => {
    expect(await routes({})).toEqual([403, 403, 403, 403, 403])
    expect(await routes({ cookie: `imagine-host-${port}=${'x'.repeat(token.length)}` })).toEqual([403, 403, 403, 403, 403])
    expect(await routes({}, `?token=${token.slice(0, -1)}`)).toEqual([403, 403, 403, 403, 403])
    expect(JSON.parse((await invoke({})).body)).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } })
  })

  it('refuses an :authority (or a Host beside it) other than its own loopback name and port, even with the token', async () => {
    for (const name of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, '127.0.0.1']) {
      expect(await routes({ ':authority': name, cookie }), name).toEqual([403, 403, 403, 403, 403])
      expect(await routes({ ':authority': name }, `?token=${token}`), name).toEqual([403, 403, 403, 403, 403])
      // A Host instead of :authority, or beside ours (RFC 9113 §8.3.1: they must agree), is checked too.
      expect(await routes({ host: name, cookie }), `host ${name}`).toEqual([403, 403, 403, 403, 403])
      expect(await routes({ ':authority': `127.0.0.1:${port}`, host: name, cookie }), `both ${name}`).toEqual([403, 403, 403, 403, 403])
    }
    expect(await routes({ ':authority': `LOCALHOST:${port}`, cookie })).toEqual([200, 200, 200, 404, 200])
    expect(await routes({ ':authority': `127.0.0.1:${port}`, host: `localhost:${port}`, cookie })).toEqual([200, 200, 200, 404, 200])
  })

  it('refuses a foreign Origin (the http:// one too) or a cross-site fetch, even with the cookie', async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `https://evil.example:${port}`, `https://127.0.0.1:${Number(port) + 1}`, 'null']) {
      expect(await routes({ cookie, origin }), origin).toEqual([403, 403, 403, 403, 403])
    }
    for (const site of ['cross-site', 'same-site']) expect(await routes({ cookie, 'sec-fetch-site': site }), site).toEqual([403, 403, 403, 403, 403])
    expect(await routes({ cookie, origin: `https://localhost:${port}`, ':authority': `localhost:${port}` })).toEqual([200, 200, 200, 404, 200])
  })

  it('streams pushed events, and holds one emitted after its stream closed for the next stream', async () => {
    const open = (): Promise<{ stream: ClientHttp2Stream; next(): Promise<string> }> =>
      new Promise((resolve) => {
        const stream = client.request({ ':path': '/__host/events', cookie })
        stream.setEncoding('utf8')
        let text = ''
        let wake = (): void => undefined
        stream.on('data', (c: string) => {
          text += c
          wake()
        })
        /** The next `event:` message, once whole. */
        const next = async (): Promise<string> => {
          while (!/event: [^\n]*\ndata: [^\n]*\n\n/.test(text)) await new Promise<void>((r) => (wake = r))
          const [message = ''] = /event: [^\n]*\ndata: [^\n]*\n\n/.exec(text) ?? []
          text = text.slice(text.indexOf(message) + message.length)
          return message
        }
        stream.once('response', () => resolve({ stream, next }))
      })
    const first = await open()
    host.emit('menu:command', 'about')
    await expect(first.next()).resolves.toBe('event: menu:command\ndata: "about"\n\n')
    // The page went away (a reload): the host must notice over h2 too, or the event is written to a dead stream.
    const gone = new Promise((r) => first.stream.once('close', r))
    first.stream.close(constants.NGHTTP2_CANCEL)
    await gone
    await new Promise((r) => client.ping(r))
    host.emit('menu:command', 'open-settings')
    const second = await open()
    await expect(second.next()).resolves.toBe('event: menu:command\ndata: "open-settings"\n\n')
    second.stream.close()
  })

  it('answers a body over the limit with 413 and resets that stream alone, so the client stops sending and the connection goes on', async () => {
    const stream = client.request({ ':path': '/__host/ipc/settings%3Aget', ':method': 'POST', 'content-type': 'application/json', 'x-imagine-host': '1', cookie })
    let status = 0
    let body = ''
    stream.once('response', (head) => (status = Number(head[':status'])))
    stream.setEncoding('utf8')
    stream.on('data', (c: string) => (body += c))
    const total = MAX_IPC_BODY_BYTES + 16 * 1048576
    const sent = await upload(stream, total)
    expect(status).toBe(413)
    expect(JSON.parse(body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(stream.rstCode).toBe(constants.NGHTTP2_NO_ERROR)
    expect(sent).toBeLessThan(total)
    expect((await invoke({ cookie })).status).toBe(200)
  })

  it('closes while a client holds its event stream open and an invoke is still under way', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'imagine-host-http2-'))
    const other = await startHost({ dataDir: otherDir, env: {}, http2: true })
    const query = `?token=${new URL(other.url).searchParams.get('token')}`
    const session = connectTo(new URL(other.url).origin)
    try {
      const events = session.request({ ':path': `/__host/events${query}` })
      await new Promise((r) => events.once('response', r))
      // Its body not all sent: the host is still reading it.
      const invoke = session.request({ ':path': `/__host/ipc/settings%3Aget${query}`, ':method': 'POST', 'content-type': 'application/json', 'x-imagine-host': '1' })
      invoke.on('error', () => undefined)
      invoke.write('[')
      // A PING's answer comes after the server has taken the frames sent before it.
      await new Promise((r) => session.ping(r))
      const ended = new Promise((r) => session.once('close', r))
      // An http2 server has no closeAllConnections, and its close() waits for open streams: without the host's own tracking this never returns.
      await other.close()
      await ended
    } finally {
      session.destroy()
      rmSync(otherDir, { recursive: true, force: true })
    }
  })
})

describe('the app in Chromium over HTTP/2', () => {
  let browser: Browser
  let fake: FakeRunware
  beforeAll(async () => {
    browser = await launchBrowser({ http2: true })
    fake = await startFakeRunware({ latencyMs: 50, perImageLatencyMs: 10 })
  })
  afterAll(async () => {
    await browser?.close()
    await fake?.close()
  })

  it('loads, invokes, takes pushed events and thumbnails over h2, with the HTTP cache of a trusted certificate', async () => {
    const session = await openApp(browser, {
      host: { http2: true, env: { RUNWARE_API_KEY: fake.apiKey }, runware: { endpoint: fake.url, retry: FAST_RETRY, poll: FAST_POLL } }
    })
    try {
      const { page, host } = session
      await page.getByTestId('gallery-empty').waitFor()
      expect(await page.evaluate('performance.getEntriesByType("navigation")[0].nextHopProtocol')).toBe('h2')
      await expect(page.evaluate(() => window.api.settings.get())).resolves.toMatchObject({ ok: true })

      // The new image arrives through library:changed on the event stream, and its thumbnail through /app-image/.
      const { generationId } = await host.core.generation.start({ prompt: 'a red fox sleeping in fresh snow', numberResults: 1, outputFormat: 'PNG' })
      expect((await host.core.generation.whenDone(generationId)).status).toBe('succeeded')
      const thumb = page.getByTestId('gallery-tile').locator('img')
      await thumb.waitFor({ timeout: 10_000 })
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="gallery-tile"] img')
        return img !== null && img.complete && img.naturalWidth > 0
      })
      const src = (await thumb.getAttribute('src')) ?? ''
      expect(src).toMatch(/^\/app-image\/thumb\/\d+/)
      // The certificate is valid to this browser (not an ignored error), so the thumbnail is in the HTTP cache, as over HTTP/1.1.
      const again = await page.evaluate(async (url) => {
        await (await fetch(url)).blob()
        const entries = performance.getEntriesByName(new URL(url, location.href).href) as PerformanceResourceTiming[]
        return entries.at(-1)?.transferSize
      }, src)
      expect(again).toBe(0)
      const protocols = await page.evaluate(() =>
        [...new Set((performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => /\/(__host|app-image)\//.test(e.name) && e.transferSize > 0).map((e) => e.nextHopProtocol))]
      )
      expect(protocols).toEqual(['h2'])

      // A pushed event on its own: a menu command.
      host.emit('menu:command', 'about')
      await page.getByTestId('about-dialog').waitFor()
      expect(session.problems).toEqual([])

      // A browser that never opened the printed URL gets nothing over h2 either.
      const fresh = await browser.newContext()
      try {
        const other = await fresh.newPage()
        expect((await other.goto(`${new URL(host.url).origin}/`))?.status()).toBe(403)
      } finally {
        await fresh.close()
      }
    } finally {
      await session.close()
    }
  })
})
