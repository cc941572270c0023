/**
 * The browser test host serves the library and the prompt stream: only the page
 * opened through `host.url` may reach it. Plain Node requests (node:http, so the
 * Host header can be forged as a DNS-rebound page would send it) against every
 * kind of route; the Chromium suites prove the printed URL still runs the app.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sink } from '../../electron/core/log'
import { startHost, type Host } from '../host/host'
import { ensureBuilt, launchBrowser, openApp, repoRoot } from './harness'

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** One request; an event stream is cut after its head, the rest are read to the end. */
function call(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // An empty Host header means none at all (HTTP/1.0 style); node:http would add its own otherwise.
    const headers = opts.headers ?? {}
    const setHost = headers.host !== ''
    if (!setHost) delete headers.host
    const req = request(url, { method: opts.method ?? 'GET', headers, setHost }, (res) => {
      const reply = { status: res.statusCode ?? 0, headers: res.headers, body: '' }
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.destroy()
        return resolve(reply)
      }
      res.setEncoding('latin1')
      res.on('data', (c: string) => (reply.body += c))
      res.on('end', () => resolve(reply))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

let host: Host
let dataDir: string
let base: string
let port: string
let token: string
let cookie: string
let imageId: number
let asset: string

beforeAll(async () => {
  ensureBuilt()
  dataDir = mkdtempSync(join(tmpdir(), 'imagine-host-security-'))
  host = await startHost({ dataDir, env: {} })
  const url = new URL(host.url)
  base = url.origin
  port = url.port
  token = url.searchParams.get('token') ?? ''
  cookie = `imagine-host-${port}=${token}`
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3366cc' } }).png().toBuffer()
  mkdirSync(join(dataDir, 'images', 'aa'), { recursive: true })
  writeFileSync(join(dataDir, 'images', 'aa', 'pic.png'), png)
  imageId = Number(
    host.core.db
      .prepare("INSERT INTO images (sha256, path, width, height, format, bytes, created_at) VALUES (?, 'images/aa/pic.png', 8, 8, 'png', ?, 0)")
      .run('a'.repeat(64), png.length).lastInsertRowid
  )
  const index = readFileSync(join(repoRoot, 'out', 'renderer', 'index.html'), 'utf8')
  asset = '/' + /src="\.?\/?(assets\/[^"]+\.js)"/.exec(index)![1]!
})
afterAll(async () => {
  await host?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const ipc = (headers: Record<string, string>): Promise<Reply> =>
  call(`${base}/__host/ipc/settings%3Aget`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-imagine-host': '1', ...headers },
    body: '[]'
  })

/** Every kind of route, each with the given credentials and headers. */
function everyRoute(headers: Record<string, string>, query = ''): Promise<Record<string, number>> {
  const sep = query ? '?' + query : ''
  const get = (path: string): Promise<number> => call(`${base}${path}${sep}`, { headers: { ...headers } }).then((r) => r.status)
  return Promise.all([
    get('/'),
    get('/index.html'),
    get('/__host/bridge.js'),
    get(asset),
    get('/favicon.ico'),
    get('/__host/events'),
    get(`/app-image/image/${imageId}`),
    call(`${base}/__host/ipc/settings%3Aget${sep}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-imagine-host': '1', ...headers },
      body: '[]'
    }).then((r) => r.status)
  ]).then(([index, html, bridge, script, favicon, events, media, invoke]) => ({ index, html, bridge, script, favicon, events, media, invoke }))
}

const all = (status: number): Record<string, number> =>
  Object.fromEntries(['index', 'html', 'bridge', 'script', 'favicon', 'events', 'media', 'invoke'].map((k) => [k, status]))

describe('the browser test host trusts only the page opened through its printed URL', () => {
  it('prints a URL on the loopback address that carries a fresh 256-bit token', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const otherDir = mkdtempSync(join(tmpdir(), 'imagine-host-security-'))
    const other = await startHost({ dataDir: otherDir, env: {} })
    try {
      const otherToken = new URL(other.url).searchParams.get('token')
      expect(otherToken).not.toBe(token)
      // One host's token opens nothing on another.
      expect((await call(`${new URL(other.url).origin}/?token=${token}`)).status).toBe(403)
    } finally {
      await other.close()
      rmSync(otherDir, { recursive: true, force: true })
    }
  })

  it('refuses every route without the token: index, assets, IPC, the event stream, library images', async () => {
    expect(await everyRoute({})).toEqual(all(403))
    expect(await everyRoute({ cookie: `imagine-host-${port}=${'x'.repeat(token.length)}` })).toEqual(all(403))
    expect(await everyRoute({}, `token=${token.slice(0, -1)}`)).toEqual(all(403))
    // The cookie of another port is not ours.
    expect(await everyRoute({ cookie: `imagine-host-1=${token}` })).toEqual(all(403))
    const refused = await ipc({})
    expect(JSON.parse(refused.body)).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } })
    expect(refused.body).not.toContain('apiKey')
  })

  it('serves the app with the token and sets an HttpOnly, SameSite=Strict cookie that the page’s own requests carry', async () => {
    const page = await call(host.url)
    expect(page.status).toBe(200)
    expect(page.body).toContain('/__host/bridge.js')
    expect(page.headers['cache-control']).toBe('no-store')
    const setCookie = page.headers['set-cookie']?.[0] ?? ''
    expect(setCookie.split(';').map((s) => s.trim())).toEqual([cookie, 'HttpOnly', 'SameSite=Strict', 'Path=/'])
    expect(await everyRoute({ cookie })).toEqual(all(200))
    expect(await everyRoute({ cookie: `theme=dark; ${cookie}; other=1` })).toEqual(all(200))
    expect(await everyRoute({}, `token=${token}`)).toEqual(all(200))
    const settings = await ipc({ cookie, origin: base })
    expect(JSON.parse(settings.body)).toMatchObject({ ok: true })
    const media = await call(`${base}/app-image/image/${imageId}`, { headers: { cookie } })
    expect(media.headers['content-type']).toBe('image/png')
  })

  it('refuses a Host header other than its own loopback name and port, even with the token (DNS rebinding)', async () => {
    for (const name of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, `localhost.evil.example:${port}`, '127.0.0.1']) {
      expect(await everyRoute({ cookie, host: name }), name).toEqual(all(403))
      expect(await everyRoute({ host: name }, `token=${token}`), name).toEqual(all(403))
    }
    // No Host at all: Node's server answers 400 before the host sees the request.
    expect(await everyRoute({ cookie, host: '' })).toEqual(all(400))
    expect(await everyRoute({ cookie, host: `localhost:${port}` })).toEqual(all(200))
    expect(await everyRoute({ cookie, host: `LOCALHOST:${port}` })).toEqual(all(200))
  })

  it('refuses a foreign Origin or a cross-site fetch on every route, even with the token', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, `http://127.0.0.1:${Number(port) + 1}`, `https://127.0.0.1:${port}`, 'null']) {
      expect(await everyRoute({ cookie, origin }), origin).toEqual(all(403))
    }
    for (const site of ['cross-site', 'same-site']) {
      expect(await everyRoute({ cookie, 'sec-fetch-site': site }), site).toEqual(all(403))
    }
    expect(await everyRoute({ cookie, origin: base, 'sec-fetch-site': 'same-origin' })).toEqual(all(200))
    expect(await everyRoute({ cookie, origin: `http://localhost:${port}`, host: `localhost:${port}` })).toEqual(all(200))
    // A typed or pasted URL is a navigation from nowhere.
    expect((await call(host.url, { headers: { 'sec-fetch-site': 'none' } })).status).toBe(200)
  })

  it('still refuses an IPC call that is not the bridge’s POST, even with the cookie', async () => {
    expect((await call(`${base}/__host/ipc/settings%3Aget`, { headers: { cookie } })).status).toBe(403)
    const noMarker = await call(`${base}/__host/ipc/settings%3Aget`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '[]' })
    expect(noMarker.status).toBe(403)
  })
})

describe('in Chromium', () => {
  it('keeps the opened app working on the bare origin (the cookie), refuses a fresh browser and a page on another local port', async () => {
    const browser = await launchBrowser()
    const attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'))
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r))
    const refusals: string[] = []
    const logSink: Sink = (_level, _scope, message, data) => {
      if (message === 'host refused a request') refusals.push(`${String(data?.path)} ${String(data?.reason)}`)
    }
    const session = await openApp(browser, { host: { logSink } })
    try {
      const { page, host, dataDir: dir } = session
      const origin = new URL(host.url).origin
      // The cookie set by the first load carries the page's requests, with or without ?token.
      expect((await page.goto(`${origin}/`))?.status()).toBe(200)
      await page.getByTestId('composer').waitFor()
      await expect(page.evaluate(() => window.api.settings.get())).resolves.toMatchObject({ ok: true })
      expect(session.problems).toEqual([])

      // Inserted behind the page's back: the gallery never asks for its thumbnail.
      const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#cc3366' } }).png().toBuffer()
      mkdirSync(join(dir, 'images', 'bb'), { recursive: true })
      writeFileSync(join(dir, 'images', 'bb', 'pic.png'), png)
      const id = Number(
        host.core.db
          .prepare("INSERT INTO images (sha256, path, width, height, format, bytes, created_at) VALUES (?, 'images/bb/pic.png', 4, 4, 'png', ?, 0)")
          .run('b'.repeat(64), png.length).lastInsertRowid
      )

      // Another local port is the same site, so the browser would send our SameSite cookie:
      // its POST names a foreign Origin, its image (no Origin) is a same-site fetch: both refused.
      await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`)
      const seen = await page.evaluate(
        async ([o, imageId]) => {
          const img = new Image()
          img.src = `${o}/app-image/image/${imageId}`
          const image = await img.decode().then(
            () => 'loaded',
            () => 'refused'
          )
          const post = await fetch(`${o}/__host/ipc/settings%3Aget`, {
            method: 'POST',
            mode: 'no-cors',
            credentials: 'include',
            headers: { 'content-type': 'text/plain' },
            body: '[]'
          }).then(
            () => 'sent',
            () => 'failed'
          )
          return { image, post }
        },
        [origin, id] as const
      )
      expect(seen.image).toBe('refused')
      await expect.poll(() => refusals.toSorted()).toEqual(['/__host/ipc/settings%3Aget origin', `/app-image/image/${id} site`])
      expect(seen.post).toBe('sent')

      // A browser that never opened the printed URL gets nothing.
      const fresh = await browser.newContext()
      try {
        const other = await fresh.newPage()
        expect((await other.goto(`${origin}/`))?.status()).toBe(403)
        expect((await other.goto(`${origin}/app-image/image/${id}`))?.status()).toBe(403)
      } finally {
        await fresh.close()
      }
    } finally {
      await session.close()
      attacker.close()
      await browser.close()
    }
  })
})
