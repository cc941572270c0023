/**
 * Downloading a reference image from a URL the renderer sent (issue 7, "Renderer trust").
 *
 * The URL comes from the renderer, which we do not trust: without these checks a
 * compromised renderer could make the main process fetch the user's router, a
 * cloud metadata endpoint or a local admin API and feed the answer into the app.
 * So every hop (the URL and each redirect, at most {@link MAX_REDIRECTS}) must:
 * - be http: or https: with no user name or password in it;
 * - name, or resolve only to, public addresses: no loopback, private (RFC 1918),
 *   CGNAT, link-local, unique-local, multicast, "this network" or reserved
 *   address, in IPv4, IPv6 or IPv4-embedding IPv6 form ({@link classifyAddress}).
 *
 * One exception, for people who serve images on their own machine or LAN: when
 * the URL itself names a loopback, private or unique-local host *as typed* (a
 * dotted-quad or IPv6 literal exactly as the URL parser would write it, or
 * `localhost`), that host and port may be fetched, as may redirects that stay on
 * it. Obfuscated spellings (`http://2130706433/`, `http://0x7f.1/`,
 * `http://[::ffff:127.0.0.1]/`) are not what a person types; link-local
 * (169.254.169.254 is cloud metadata) is never exempt; a redirect *into* a
 * private range, or back to the typed host after leaving it, is always refused.
 * A host name that resolves to a private address (`nas.lan`) is refused too: it
 * is exactly what a rebinding attacker's name looks like.
 *
 * No cookies or credentials are sent, one time cap covers all hops and the body,
 * and the body is capped in bytes.
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import http from 'node:http'
import https from 'node:https'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import { Readable } from 'node:stream'
import { AppError } from '../errors'

export const MAX_REDIRECTS = 5
export const REFERENCE_DOWNLOAD_TIMEOUT_MS = 60_000

export interface ResolvedAddress {
  address: string
  family: number
}
/** Every address a host name resolves to (like `dns.promises.lookup(host, { all: true })`). */
export type LookupAll = (hostname: string) => Promise<readonly ResolvedAddress[]>

export const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true })

export interface DownloadOptions {
  maxBytes: number
  /** Injected by tests; by default a node:http(s) request pinned to the checked addresses. */
  fetch?: typeof fetch
  lookup?: LookupAll
  signal?: AbortSignal
  /** Covers every hop and the body. Default {@link REFERENCE_DOWNLOAD_TIMEOUT_MS}. */
  timeoutMs?: number
}

const bad = (message: string, cause?: unknown): AppError => new AppError('BAD_IMAGE', message, cause === undefined ? undefined : { cause })

function subnets(list: readonly string[]): BlockList {
  const b = new BlockList()
  for (const s of list) {
    const [net, bits] = s.split('/') as [string, string]
    b.addSubnet(net, Number(bits), net.includes(':') ? 'ipv6' : 'ipv4')
  }
  return b
}

/** Checked in order; the first match names the range in the message. */
const RANGES: readonly (readonly [what: string, ranges: BlockList])[] = [
  ['a loopback address', subnets(['127.0.0.0/8', '::1/128'])],
  ['an unspecified ("this network") address', subnets(['0.0.0.0/8', '::/128'])],
  ['a private network address', subnets(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'])],
  ['a shared (carrier-grade NAT) address', subnets(['100.64.0.0/10'])],
  ['a link-local address', subnets(['169.254.0.0/16', 'fe80::/10'])],
  ['a unique-local (private) address', subnets(['fc00::/7', 'fec0::/10'])],
  ['a multicast address', subnets(['224.0.0.0/4', 'ff00::/8'])],
  ['a reserved address', subnets(['240.0.0.0/4'])]
]

/** The ranges of a machine or LAN a person may name: not link-local (cloud metadata), multicast or reserved. */
const TYPEABLE = new Set(['a loopback address', 'a private network address', 'a unique-local (private) address'])

/** Eight 16-bit groups of an IPv6 address (which may end in a dotted quad), or null. */
function ipv6Groups(ip: string): number[] | null {
  let text = ip
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return null
  const part = (s: string | undefined): number[] => (s ? s.split(':').map((g) => parseInt(g, 16)) : [])
  const head = part(halves[0])
  const tail = part(halves[1])
  const groups = halves.length === 2 ? [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail] : head
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null
}

/**
 * The IPv4 address an IPv6 address carries in its last 32 bits when it routes to
 * that IPv4 host: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d,
 * deprecated), SIIT (::ffff:0:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d). 6to4 and
 * Teredo addresses go to public relays and are left to the ranges above.
 */
function embeddedIpv4(ip: string): string | null {
  const g = ipv6Groups(ip)
  if (!g) return null
  const zero = (from: number, to: number): boolean => g.slice(from, to).every((x) => x === 0)
  const mapped = zero(0, 5) && g[5] === 0xffff
  const compatible = zero(0, 6) && (g[6]! !== 0 || g[7]! > 1) // not :: or ::1
  const siit = zero(0, 4) && g[4] === 0xffff && g[5] === 0
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)
  if (!mapped && !compatible && !siit && !nat64) return null
  return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.')
}

/** What is wrong with connecting to this IP address ("a loopback address"), or null when it is public. */
export function classifyAddress(ip: string): string | null {
  const family = isIP(ip)
  if (family === 0) return 'not an IP address'
  const v4 = family === 6 ? embeddedIpv4(ip) : ip
  const [address, type] = v4 ? [v4, 'ipv4' as const] : [ip, 'ipv6' as const]
  for (const [what, ranges] of RANGES) if (ranges.check(address, type)) return what
  return null
}

/** A URL fit for a message: no credentials, not endless. */
function shown(url: string): string {
  let text = url
  try {
    const u = new URL(url)
    u.username = ''
    u.password = ''
    text = u.href
  } catch {
    // not a URL: shown as given
  }
  return text.length > 200 ? `${text.slice(0, 199)}…` : text
}

const duration = (ms: number): string => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`)

const isLocalhostName = (hostname: string): boolean => /^(?:[^.]+\.)*localhost\.?$/.test(hostname)

/**
 * The host of the URL the user gave, when it names a loopback or private host as
 * typed: what {@link downloadReference} may fetch despite the address checks.
 */
function typedPrivateHost(raw: string, url: URL): string | null {
  const authority = /^https?:\/\/([^/?#\\]*)/i.exec(raw.trim())?.[1]
  if (authority === undefined) return null
  const written = (authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.split(':')[0]!).toLowerCase()
  if (written !== url.hostname) return null
  const bare = url.hostname.replace(/^\[|\]$/g, '')
  if (isLocalhostName(bare)) return url.host
  const what = isIP(bare) !== 0 && embeddedIpv4(bare) === null ? classifyAddress(bare) : null
  return what !== null && TYPEABLE.has(what) ? url.host : null
}

interface Hop {
  url: URL
  /** Where to connect: the checked addresses. */
  addresses: readonly ResolvedAddress[]
}

/** Parses one hop's URL; refuses other schemes and credentials, naming `original` and why. */
function parseHop(raw: string, original: string, redirected: boolean): URL {
  const refuse = (why: string): AppError => bad(`Refused to download the reference from ${shown(original)}: ${why}`)
  let url: URL
  try {
    url = new URL(raw)
  } catch (error) {
    throw redirected ? refuse(`it redirects to an invalid URL (${shown(raw)})`) : bad(`Not a valid URL: ${shown(raw)}`, error)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refuse(`${redirected ? `it redirects to a ${url.protocol} URL` : `it is a ${url.protocol} URL`}; only http and https can be used`)
  }
  if (url.username !== '' || url.password !== '') {
    throw refuse(`${redirected ? 'it redirects to a URL with' : 'the URL has'} a user name or password in it; those are never sent`)
  }
  return url
}

/** The addresses to connect to for `url`; refuses non-public ones unless `exempt`. */
async function resolveHop(url: URL, original: string, redirected: boolean, exempt: boolean, lookup: LookupAll): Promise<Hop> {
  const bare = url.hostname.replace(/^\[|\]$/g, '')
  const literal = isIP(bare)
  let addresses: readonly ResolvedAddress[]
  if (literal !== 0) {
    addresses = [{ address: bare, family: literal }]
  } else {
    try {
      addresses = await lookup(bare)
    } catch (error) {
      throw bad(`Could not download the reference from ${shown(original)}: the host name ${bare} could not be resolved`, error)
    }
    if (addresses.length === 0) throw bad(`Could not download the reference from ${shown(original)}: the host name ${bare} has no address`)
  }
  if (!exempt) {
    for (const { address } of addresses) {
      const what = classifyAddress(address)
      if (what === null) continue
      const named = literal !== 0 ? `${redirected ? 'it redirects to' : 'it names'} ${what}` : `${redirected ? `it redirects to ${bare}, which resolves to` : `${bare} resolves to`} ${what}`
      throw bad(`Refused to download the reference from ${shown(original)}: ${named} (${address})`)
    }
  }
  return { url, addresses }
}

/** `promise`, or the signal's reason as soon as it aborts (for an injected fetch that ignores it). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error)
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** A `net` lookup that answers with the addresses already checked, so DNS cannot change in between. */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const usable = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses
    const first = usable[0]
    if (!first) {
      callback(Object.assign(new Error('No checked address of that family'), { code: 'ENOTFOUND' }), '', 0)
      return
    }
    if (options.all) callback(null, usable.map((a) => ({ address: a.address, family: a.family })))
    else callback(null, first.address, first.family)
  }
}

const NULL_BODY = new Set([204, 205, 304])

/**
 * One GET without redirects, cookies or a connection pool, connecting only to
 * `hop.addresses` (TLS still verifies the certificate for the host name). Node's
 * global fetch cannot be pinned like this without undici's `Agent`, which is not
 * one of our dependencies.
 */
function pinnedGet(hop: Hop, signal: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = hop.url.protocol === 'https:' ? https.request : http.request
    const headers = { accept: 'image/*', 'accept-encoding': 'identity', 'user-agent': 'ImagineStudio' }
    const req = request(hop.url, { method: 'GET', agent: false, lookup: pinnedLookup(hop.addresses), signal, headers }, (res) => {
      const status = res.statusCode ?? 0
      if (status < 200 || status > 599) {
        res.destroy()
        reject(new Error(`Unexpected HTTP status ${status}`))
        return
      }
      const h = new Headers()
      for (const [name, value] of Object.entries(res.headers)) {
        if (Array.isArray(value)) for (const v of value) h.append(name, v)
        else if (value !== undefined) h.set(name, value)
      }
      if (NULL_BODY.has(status)) res.resume()
      const body = NULL_BODY.has(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>)
      resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers: h }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function readCapped(body: ReadableStream<Uint8Array>, signal: AbortSignal, maxBytes: number, tooLarge: () => AppError): Promise<Buffer> {
  const reader = body.getReader()
  // A body that stalls is cancelled by the time cap even when the transport ignores the signal.
  const onAbort = (): void => void reader.cancel(signal.reason).catch(() => undefined)
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    const chunks: Uint8Array[] = []
    let total = 0
    for (;;) {
      const { done, value } = await reader.read()
      signal.throwIfAborted()
      if (done) return Buffer.concat(chunks)
      total += value.byteLength
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined)
        throw tooLarge()
      }
      chunks.push(value)
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

/**
 * Downloads a reference image, following at most {@link MAX_REDIRECTS} redirects
 * and checking every hop (see the file comment).
 *
 * DNS rebinding: by default each hop connects only to the addresses that were
 * checked ({@link pinnedGet}). With an injected `fetch` (tests), the fetch
 * resolves the name again, so a name could change between check and connect:
 * that residual risk exists only where a caller injects its own fetch.
 */
export async function downloadReference(url: string, options: DownloadOptions): Promise<Buffer> {
  const lookup = options.lookup ?? systemLookup
  const timeoutMs = options.timeoutMs ?? REFERENCE_DOWNLOAD_TIMEOUT_MS
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  const get = options.fetch
    ? (hop: Hop): Promise<Response> => options.fetch!(hop.url.href, { redirect: 'manual', credentials: 'omit', signal, headers: { accept: 'image/*' } })
    : (hop: Hop): Promise<Response> => pinnedGet(hop, signal)
  const failed = (error: unknown): AppError => {
    if (error instanceof AppError) return error
    if (timeout.aborted) return bad(`Gave up downloading the reference from ${shown(url)}: no complete answer within ${duration(timeoutMs)}`, error)
    if (signal.aborted) return bad(`The download of the reference from ${shown(url)} was canceled`, error)
    return bad(`Could not download the reference image from ${shown(url)}`, error)
  }
  const tooLarge = (): AppError => bad(`The reference image at ${shown(url)} is too large (at most ${Math.round(options.maxBytes / 1048576)} MB)`)

  let typedHost: string | null = null
  let next = url
  try {
    for (let redirects = 0; ; redirects++) {
      const target = parseHop(next, url, redirects > 0)
      if (redirects === 0) typedHost = typedPrivateHost(url, target)
      else if (typedHost !== null && target.host !== typedHost) typedHost = null // left the typed host: no way back
      const hop = await resolveHop(target, url, redirects > 0, typedHost !== null, lookup)
      signal.throwIfAborted()
      const res = await untilAborted(get(hop), signal)
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel().catch(() => undefined)
        const location = res.headers.get('location')
        if (!location) throw bad(`Could not download the reference image from ${shown(url)} (HTTP ${res.status} without a Location)`)
        if (redirects >= MAX_REDIRECTS) throw bad(`Refused to download the reference from ${shown(url)}: it redirects more than ${MAX_REDIRECTS} times`)
        try {
          next = new URL(location, hop.url).href
        } catch (error) {
          throw bad(`Refused to download the reference from ${shown(url)}: it redirects to an invalid URL (${shown(location)})`, error)
        }
        continue
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel().catch(() => undefined)
        throw bad(`Could not download the reference image from ${shown(url)} (HTTP ${res.status})`)
      }
      const declared = Number(res.headers.get('content-length') ?? '0')
      if (declared > options.maxBytes) {
        await res.body.cancel().catch(() => undefined)
        throw tooLarge()
      }
      const bytes = await readCapped(res.body, signal, options.maxBytes, tooLarge)
      if (bytes.length === 0) throw bad(`The reference image at ${shown(url)} is empty`)
      return bytes
    }
  } catch (error) {
    throw failed(error)
  }
}
