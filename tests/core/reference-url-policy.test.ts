/**
 * A URL reference comes from the renderer, which may be compromised: the main
 * process must not become its way into loopback, the LAN or cloud metadata
 * (issue 7, "Renderer trust"). Public hosts are simulated with an injected DNS
 * lookup and fetch; the real transport is exercised against servers on 127.x,
 * which count as hosts the user typed.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { WritableDB } from '../../electron/core/db/connection'
import { ImageStore } from '../../electron/core/files/image-store'
import type { LookupAll } from '../../electron/core/generation/reference-url'
import { MAX_REFERENCE_FILE_BYTES, ReferenceService } from '../../electron/core/generation/references'
import { libraryPaths } from '../../electron/core/paths'
import { createTestDb, tempDir } from '../helpers/db'

let png: Buffer
let db: WritableDB
let root: { dir: string; cleanup: () => void }

beforeAll(async () => {
  png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } }).png().toBuffer()
})
beforeEach(() => {
  db = createTestDb()
  root = tempDir('imagine-refurl-')
})
afterEach(() => {
  db.close()
  root.cleanup()
})

/** A pretend DNS: public names, and names an attacker points at private ranges. */
const DNS: Record<string, string[]> = {
  'images.example': ['93.184.216.34'],
  'cdn.example': ['2606:4700::1111'],
  'other.example': ['151.101.1.1'],
  'evil.example': ['10.0.0.5'],
  'metadata.example': ['169.254.169.254'],
  'cgnat.example': ['100.64.1.2'],
  'ula.example': ['fd00::5'],
  'mixed.example': ['93.184.216.34', '192.168.0.10'],
  'mapped.example': ['::ffff:192.168.0.1'],
  'mcast.example': ['224.0.0.251'],
  'zero.example': ['0.0.0.0'],
  'loop.example': ['127.0.0.1'],
  localhost: ['127.0.0.1', '::1']
}
const fakeLookup: LookupAll = async (host) => {
  const found = DNS[host]
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
}

type Calls = { url: string; init: RequestInit | undefined }[]
/**
 * A fetch that would answer anything (as a vulnerable network would): `routes`
 * maps a URL to a redirect target or a response; every other URL gets the PNG.
 */
function fakeFetch(routes: Record<string, string | (() => Response)> = {}): { fetch: typeof fetch; calls: Calls } {
  const calls: Calls = []
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input)
    calls.push({ url, init })
    const route = routes[url]
    if (typeof route === 'function') return route()
    if (typeof route === 'string') return new Response(null, { status: 302, headers: { location: route } })
    return new Response(new Uint8Array(png), { headers: { 'content-type': 'image/png' } })
  }) as typeof fetch
  return { fetch: fetchImpl, calls }
}

function service(extra: { fetch?: typeof fetch; lookup?: LookupAll; downloadTimeoutMs?: number } = {}): ReferenceService {
  return new ReferenceService({ db, store: new ImageStore(libraryPaths(root.dir)), client: null as never, imagePath: () => null, now: Date.now, lookup: fakeLookup, ...extra })
}
const prepare = (url: string, extra: Parameters<typeof service>[0] = {}) => service(extra).prepare({ kind: 'url', url })

describe('the URL a reference names', () => {
  const refused: [url: string, why: RegExp][] = [
    // Literal addresses in notations the URL parser rewrites: not what a person types.
    ['http://2130706433/a.png', /: it names a loopback address \(127\.0\.0\.1\)$/],
    ['http://0x7f.1/a.png', /: it names a loopback address \(127\.0\.0\.1\)$/],
    ['http://017700000001/a.png', /: it names a loopback address \(127\.0\.0\.1\)$/],
    ['http://127.1/a.png', /: it names a loopback address \(127\.0\.0\.1\)$/],
    ['http://0/a.png', /: it names an unspecified \("this network"\) address \(0\.0\.0\.0\)$/],
    ['http://0xa000005/a.png', /: it names a private network address \(10\.0\.0\.5\)$/],
    ['http://[::ffff:127.0.0.1]/a.png', /: it names a loopback address \(::ffff:7f00:1\)$/],
    // Written as the parser writes them, but not a machine or LAN a person names.
    ['http://169.254.169.254/latest/meta-data', /: it names a link-local address \(169\.254\.169\.254\)$/],
    ['http://[::ffff:a9fe:a9fe]/latest/meta-data', /: it names a link-local address \(::ffff:a9fe:a9fe\)$/],
    ['http://[0:0:0:0:0:0:0:1]/a.png', /: it names a loopback address \(::1\)$/],
    ['http://[::127.0.0.1]/a.png', /: it names a loopback address \(::7f00:1\)$/],
    ['http://[64:ff9b::a00:5]/a.png', /: it names a private network address \(64:ff9b::a00:5\)$/],
    // Names that resolve into private ranges (any one address is enough).
    ['https://evil.example/a.png', /: evil\.example resolves to a private network address \(10\.0\.0\.5\)$/],
    ['http://metadata.example/latest/meta-data', /: metadata\.example resolves to a link-local address \(169\.254\.169\.254\)$/],
    ['http://cgnat.example/a.png', /resolves to a shared \(carrier-grade NAT\) address \(100\.64\.1\.2\)$/],
    ['http://ula.example/a.png', /resolves to a unique-local \(private\) address \(fd00::5\)$/],
    ['http://mixed.example/a.png', /resolves to a private network address \(192\.168\.0\.10\)$/],
    ['http://mapped.example/a.png', /resolves to a private network address \(::ffff:192\.168\.0\.1\)$/],
    ['http://mcast.example/a.png', /resolves to a multicast address \(224\.0\.0\.251\)$/],
    ['http://zero.example/a.png', /resolves to an unspecified \("this network"\) address \(0\.0\.0\.0\)$/],
    // A host name that only resolves to loopback is not the literal "localhost".
    ['http://loop.example:8080/a.png', /: loop\.example resolves to a loopback address \(127\.0\.0\.1\)$/],
    ['http://user:secret@images.example/a.png', /: the URL has a user name or password in it; those are never sent$/],
    ['https://token@images.example/a.png', /user name or password/],
    ['file:///etc/passwd', /: it is a file: URL; only http and https can be used$/],
    ['ftp://images.example/a.png', /: it is a ftp: URL; only http and https/],
    ['data:image/png;base64,iVBORw0KGgo=', /: it is a data: URL; only http and https/],
    ['javascript:alert(1)', /only http and https/]
  ]
  it.each(refused)('refuses %s, saying why, and fetches nothing', async (url, why) => {
    const { fetch, calls } = fakeFetch()
    const attempt = prepare(url, { fetch })
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_IMAGE', message: expect.stringMatching(why) })
    await expect(attempt).rejects.toMatchObject({ message: expect.stringMatching(/^Refused to download the reference from /) })
    await expect(attempt).rejects.not.toMatchObject({ message: expect.stringContaining('secret') })
    expect(calls).toEqual([])
    expect(db.prepare('SELECT COUNT(*) FROM reference_images').pluck().get()).toBe(0)
  })

  const allowed = [
    'https://images.example/a.png',
    'http://cdn.example/a.png',
    'http://93.184.216.34/a.png',
    // Typed by the user, as written: their own machine or LAN.
    'http://127.0.0.1:8080/a.png',
    'http://localhost:8080/a.png',
    'http://[::1]:8080/a.png',
    'http://[fd00::5]/x.png',
    'http://192.168.1.5/x.png',
    'http://10.0.0.5/x.png'
  ]
  it.each(allowed)('downloads %s', async (url) => {
    const { fetch, calls } = fakeFetch()
    await expect(prepare(url, { fetch })).resolves.toMatchObject({ sourceKind: 'url', source: url })
    expect(calls.map((c) => c.url)).toEqual([new URL(url).href])
  })

  it('names a host that does not resolve', async () => {
    const { fetch, calls } = fakeFetch()
    await expect(prepare('https://nowhere.example/a.png', { fetch })).rejects.toMatchObject({ code: 'BAD_IMAGE', message: expect.stringContaining('the host name nowhere.example could not be resolved') })
    expect(calls).toEqual([])
  })

  it('sends no cookies or credentials and follows no redirect by itself, on every hop', async () => {
    const { fetch, calls } = fakeFetch({ 'https://images.example/a.png': 'https://other.example/b.png' })
    await prepare('https://images.example/a.png', { fetch })
    expect(calls.map((c) => c.url)).toEqual(['https://images.example/a.png', 'https://other.example/b.png'])
    for (const { init } of calls) expect(init).toMatchObject({ redirect: 'manual', credentials: 'omit', signal: expect.any(AbortSignal) })
  })
})

describe('redirects', () => {
  const start = 'https://images.example/start.png'
  const chain = (hops: number, last = 'https://other.example/final.png'): Record<string, string> => {
    const routes: Record<string, string> = {}
    for (let i = 0; i < hops; i++) routes[i === 0 ? start : `https://images.example/r${i}`] = i === hops - 1 ? last : `https://images.example/r${i + 1}`
    return routes
  }

  it('follows public → public, resolving a relative Location', async () => {
    const { fetch, calls } = fakeFetch({ [start]: '/moved.png', 'https://images.example/moved.png': 'https://cdn.example/final.png' })
    await expect(prepare(start, { fetch })).resolves.toMatchObject({ source: start })
    expect(calls.map((c) => c.url)).toEqual([start, 'https://images.example/moved.png', 'https://cdn.example/final.png'])
  })

  const into: [target: string, why: string][] = [
    ['http://10.0.0.5/a.png', 'it redirects to a private network address (10.0.0.5)'],
    ['http://127.0.0.1:8080/a.png', 'it redirects to a loopback address (127.0.0.1)'],
    ['http://2130706433/a.png', 'it redirects to a loopback address (127.0.0.1)'],
    ['http://[::ffff:10.0.0.5]/a.png', 'it redirects to a private network address (::ffff:a00:5)'],
    ['http://169.254.169.254/latest/meta-data', 'it redirects to a link-local address (169.254.169.254)'],
    ['http://evil.example/a.png', 'it redirects to evil.example, which resolves to a private network address (10.0.0.5)'],
    ['http://localhost:8080/a.png', 'it redirects to localhost, which resolves to a loopback address (127.0.0.1)'],
    ['file:///etc/passwd', 'it redirects to a file: URL; only http and https can be used'],
    ['http://user:pw@other.example/a.png', 'it redirects to a URL with a user name or password in it; those are never sent']
  ]
  it.each(into)('refuses a public host redirecting to %s', async (target, why) => {
    const { fetch, calls } = fakeFetch({ [start]: target })
    await expect(prepare(start, { fetch })).rejects.toMatchObject({ code: 'BAD_IMAGE', message: `Refused to download the reference from ${start}: ${why}` })
    expect(calls.map((c) => c.url)).toEqual([start])
  })

  it('follows 5 redirects and refuses a 6th', async () => {
    const five = fakeFetch(chain(5))
    await expect(prepare(start, { fetch: five.fetch })).resolves.toMatchObject({ source: start })
    expect(five.calls).toHaveLength(6)
    const six = fakeFetch(chain(6))
    await expect(prepare(start, { fetch: six.fetch })).rejects.toMatchObject({ code: 'BAD_IMAGE', message: `Refused to download the reference from ${start}: it redirects more than 5 times` })
    expect(six.calls).toHaveLength(6)
  })

  it('lets a typed loopback host redirect within itself, never elsewhere on loopback or back after leaving', async () => {
    const typed = 'http://127.0.0.1:8080/a'
    const ok = fakeFetch({ [typed]: '/b.png' })
    await expect(prepare(typed, { fetch: ok.fetch })).resolves.toMatchObject({ source: typed })
    expect(ok.calls.map((c) => c.url)).toEqual([typed, 'http://127.0.0.1:8080/b.png'])

    const otherPort = fakeFetch({ [typed]: 'http://127.0.0.1:9090/admin' })
    await expect(prepare(typed, { fetch: otherPort.fetch })).rejects.toMatchObject({ message: `Refused to download the reference from ${typed}: it redirects to a loopback address (127.0.0.1)` })

    const roundTrip = fakeFetch({ [typed]: 'https://images.example/x', 'https://images.example/x': 'http://127.0.0.1:8080/b.png' })
    await expect(prepare(typed, { fetch: roundTrip.fetch })).rejects.toMatchObject({ message: `Refused to download the reference from ${typed}: it redirects to a loopback address (127.0.0.1)` })
    expect(roundTrip.calls).toHaveLength(2)
  })
})

describe('caps', () => {
  const oneMb = new Uint8Array(1024 * 1024)
  const endless = (): ReadableStream<Uint8Array> => new ReadableStream({ pull: (c) => c.enqueue(oneMb) })

  it('stops a body over the size cap, after a redirect, with or without a Content-Length', async () => {
    const start = 'https://images.example/big'
    let pulled = 0
    const counted = (): ReadableStream<Uint8Array> => new ReadableStream({ pull: (c) => (pulled++, c.enqueue(oneMb)) })
    const streamed = fakeFetch({ [start]: 'https://cdn.example/big.png', 'https://cdn.example/big.png': () => new Response(counted()) })
    await expect(prepare(start, { fetch: streamed.fetch })).rejects.toMatchObject({ code: 'BAD_IMAGE', message: `The reference image at ${start} is too large (at most 50 MB)` })
    expect(pulled).toBeLessThanOrEqual(MAX_REFERENCE_FILE_BYTES / oneMb.byteLength + 2)

    const declared = fakeFetch({ [start]: 'https://cdn.example/big.png', 'https://cdn.example/big.png': () => new Response(endless(), { headers: { 'content-length': String(MAX_REFERENCE_FILE_BYTES + 1) } }) })
    await expect(prepare(start, { fetch: declared.fetch })).rejects.toMatchObject({ message: `The reference image at ${start} is too large (at most 50 MB)` })
  })

  it('gives up at the time cap, whether the server never answers or stops sending mid-body', async () => {
    const start = 'https://images.example/slow.png'
    const silent = (async (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error)))) as typeof fetch
    await expect(prepare(start, { fetch: silent, downloadTimeoutMs: 30 })).rejects.toMatchObject({ code: 'BAD_IMAGE', message: `Gave up downloading the reference from ${start}: no complete answer within 30 ms` })

    // The cap spans the redirects and the body, and holds even if the transport ignores the signal.
    const stalled = fakeFetch({ [start]: 'https://cdn.example/stall.png', 'https://cdn.example/stall.png': () => new Response(new ReadableStream({ start: (c) => c.enqueue(png.subarray(0, 10)) })) })
    await expect(prepare(start, { fetch: stalled.fetch, downloadTimeoutMs: 30 })).rejects.toMatchObject({ message: `Gave up downloading the reference from ${start}: no complete answer within 30 ms` })
  })
})

describe('the built-in transport', () => {
  let server: Server
  let other: Server
  let seen: { url: string; headers: IncomingHttpHeaders }[]
  const listen = (s: Server, host: string): Promise<number> => new Promise((resolve) => s.listen(0, host, () => resolve((s.address() as AddressInfo).port)))
  let port: number
  let otherPort: number

  beforeAll(async () => {
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      seen.push({ url: req.url ?? '', headers: req.headers })
      if (req.url === '/a') res.writeHead(302, { location: '/b.png', 'set-cookie': 'session=1' }).end()
      else if (req.url === '/away') res.writeHead(302, { location: `http://127.0.0.1:${otherPort}/b.png` }).end()
      else res.writeHead(200, { 'content-type': 'image/png' }).end(png)
    }
    server = createServer(handler)
    other = createServer(handler)
    port = await listen(server, '127.0.0.1')
    otherPort = await listen(other, '127.0.0.1')
  })
  beforeEach(() => {
    seen = []
  })
  afterAll(async () => {
    await Promise.all([server, other].map((s) => new Promise((resolve) => s.close(resolve))))
  })

  it('downloads from a loopback host the user typed, follows its redirect without cookies, refuses one to another port', async () => {
    const typed = `http://127.0.0.1:${port}/a`
    await expect(prepare(typed)).resolves.toMatchObject({ source: typed })
    expect(seen.map((s) => s.url)).toEqual(['/a', '/b.png'])
    expect(seen.every((s) => s.headers.cookie === undefined && s.headers.authorization === undefined)).toBe(true)

    seen = []
    const away = `http://127.0.0.1:${port}/away`
    await expect(prepare(away)).rejects.toMatchObject({ code: 'BAD_IMAGE', message: `Refused to download the reference from ${away}: it redirects to a loopback address (127.0.0.1)` })
    expect(seen.map((s) => s.url)).toEqual(['/away'])
  })

  // 127.0.0.2 answers on Linux's loopback only; elsewhere it needs an alias.
  it.skipIf(process.platform !== 'linux')('connects to the address it checked, not a second DNS answer (no rebinding)', async () => {
    const pinned = createServer((req, res) => (seen.push({ url: req.url ?? '', headers: req.headers }), res.writeHead(200).end(png)))
    const pinnedPort = await listen(pinned, '127.0.0.2')
    try {
      const lookups: string[] = []
      const lookup: LookupAll = async (host) => (lookups.push(host), [{ address: '127.0.0.2', family: 4 }])
      const url = `http://localhost:${pinnedPort}/pinned.png`
      await expect(prepare(url, { lookup })).resolves.toMatchObject({ source: url })
      expect(seen.map((s) => [s.url, s.headers.host])).toEqual([['/pinned.png', `localhost:${pinnedPort}`]])
      expect(lookups).toEqual(['localhost'])
    } finally {
      await new Promise((resolve) => pinned.close(resolve))
    }
  })
})
