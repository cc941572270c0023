/**
 * A Node host for the built renderer: serves out/renderer over HTTP and mounts
 * the same core (IPC handlers, SQLite, files, image resolver) that Electron's main
 * process mounts. Only Electron's transport is replaced: invokes are POSTs,
 * events an EventSource stream, app-image:// a /app-image/ route (image, thumb, ref).
 * Invoke arguments are JSON; bytes travel as { $bytes: base64 } (bridge.ts, reviveArgs).
 *
 * Trust: the renderer's handlers read the library and stream prompts, so only the
 * page opened through `host.url` may call them. That URL carries a random token
 * (`?token=`); the first page load with it sets an HttpOnly, SameSite=Strict cookie
 * that the page's own relative requests (bridge, IPC, events, images, assets) then
 * carry. Every route needs the token or the cookie, a Host header (over HTTP/2
 * :authority) naming the bound port on 127.0.0.1 or localhost (a DNS-rebound name
 * is refused), and, when the browser sends one, our own Origin and a same-origin
 * Sec-Fetch-Site.
 *
 * Transport (transport.ts): HTTP/1.1 by default; `http2: true` serves HTTP/2 over TLS
 * (tls.ts), where the Origin is https and the cookie Secure.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, readFileSync } from 'node:fs'
import { constants as h2, Http2ServerResponse } from 'node:http2'
import { extname, join, resolve } from 'node:path'
import { build } from 'esbuild'
import { createCore, nodeInfo, type Core, type CoreOptions } from '../../electron/core/app-core'
import { createEventQueue, type Emit } from '../../electron/core/ipc/event-queue'
import { createLogger, teeSink, type Logger, type Sink } from '../../electron/core/log'
import { createFileSink } from '../../electron/core/logging/file-sink'
import { libraryPaths } from '../../electron/core/paths'
import { isPathInside, resolveMedia } from '../../electron/core/media/media-request'
import { MAX_REFERENCE_FILE_BYTES } from '../../electron/shared/generation'
import { openFileSecretStore, type SecretStore } from '../../electron/core/secrets/secret-store'
import { serializeError } from '../../electron/core/logging/serialize-error'
import type { JobNotification } from '../../electron/core/notify/job-notifications'
import { createHostServer, type HostRequest, type HostResponse } from './transport'

const repoRoot = resolve(__dirname, '../..')
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version

export interface HostOptions {
  dataDir: string
  rendererDir?: string
  port?: number
  secrets?: SecretStore
  /** Extra sink besides the host's log file (`<dataDir>/logs/host.log`), e.g. the console. */
  logSink?: Sink
  env?: NodeJS.ProcessEnv
  runware?: CoreOptions['runware']
  /**
   * HTTP/2 over TLS instead of HTTP/1.1, so the page's requests are not capped at six at a
   * time (transport.ts). The certificate is self-signed (tls.ts): a browser must trust it.
   */
  http2?: boolean
}

export interface Host {
  /** The only URL that opens the app: it carries this start's token. */
  url: string
  core: Core
  /** Push an event as main would (e.g. a native menu command). */
  emit: Emit
  /** Links the app asked the OS browser to open. */
  openedExternal: string[]
  /** Folders the app asked the OS file manager to open (Open Logs Folder). */
  openedPaths: string[]
  /** The host's log file. */
  logFile: string
  log: Logger
  /** What the app handed the desktop (drag out, Copy image, Show in folder), in place of Electron's calls. */
  desktop: DesktopCalls
  /** Test hook (host only): the folder the next `export:choose-folder` "picks"; null: the dialog is dismissed. */
  setChosenFolder(path: string | null): void
  /** Test hook (host only): the file the next `export:choose-credentials-file` "picks", per kind; null: dismissed. */
  setChosenFile(file: 'certificate' | 'key', path: string | null): void
  /** The desktop notifications the app showed (in place of Electron's), and the window's focus as main sees it. */
  notifications: HostNotifications
  close(): Promise<void>
}

export interface HostNotifications {
  /** Each notification shown, in order. */
  shown: JobNotification[]
  /** Clicks the `index`th notification shown, as the person would in the OS. */
  click(index: number): void
  /** Whether main thinks the window has focus (the app's BrowserWindow.isFocused); true until a test says otherwise. */
  setWindowFocused(focused: boolean): void
  /** How many times main brought the window forward (a notification's click). */
  focusRequests: number
}

export interface DesktopCalls {
  /** Each `webContents.startDrag` asked for: the files and the icon (PNG bytes). */
  drags: { files: string[]; icon: Buffer | null }[]
  /** Each clipboard write: the PNG bytes. */
  copied: Buffer[]
  /** Each plain-text clipboard write (Copy prompt, Copy all parameters as JSON). */
  copiedText: string[]
  /** Each file shown in its folder. */
  shown: string[]
}

let bridgeCode: Promise<string> | null = null
function bridge(): Promise<string> {
  bridgeCode ??= build({
    entryPoints: [join(__dirname, 'bridge.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent'
  }).then((r) => r.outputFiles[0]!.text)
  return bridgeCode
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

class BodyTooLargeError extends Error {}

/** Room for a 50 MB reference as base64 (4/3) and the JSON around it. */
export const MAX_IPC_BODY_BYTES = Math.ceil((MAX_REFERENCE_FILE_BYTES * 4) / 3) + 1024 * 1024

/**
 * The bridge's `{ $bytes: base64 }` (bridge.ts) back into the Uint8Array Electron's IPC
 * would have delivered; an object with any other key, or a non-string, stays as it is.
 */
export function reviveArgs(_k: string, v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v
  const keys = Object.keys(v)
  const b64 = (v as { $bytes?: unknown }).$bytes
  if (keys.length !== 1 || keys[0] !== '$bytes' || typeof b64 !== 'string') return v
  const buf = Buffer.from(b64, 'base64')
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
}

async function readBody(req: HostRequest, limit: number): Promise<string> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new BodyTooLargeError('body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Answers a request whose body was not read to the end, and tells the client to stop
 * sending it: HTTP/1.1 closes the connection; HTTP/2 (which forbids connection headers)
 * resets just this stream, without error, once the answer is out (RFC 9113 §8.1).
 */
function sendUnread(res: HostResponse, status: number, body: string): void {
  if (!(res instanceof Http2ServerResponse)) return send(res, status, body, 'application/json', { connection: 'close' })
  res.writeHead(status, { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' })
  res.end(body, () => res.stream.close(h2.NGHTTP2_NO_ERROR))
}

function send(res: HostResponse, status: number, body: string, type = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', ...headers }).end(body)
}

/** Equal-length digests, so the comparison takes the same time whatever the guess. */
function sameSecret(given: string, secret: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(given), digest(secret))
}

function cookieValues(req: HostRequest, name: string): string[] {
  const out: string[] = []
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) out.push(part.slice(eq + 1).trim())
  }
  return out
}

export async function startHost(options: HostOptions): Promise<Host> {
  const rendererDir = resolve(options.rendererDir ?? join(repoRoot, 'out', 'renderer'))
  const env = options.env ?? process.env
  const openedExternal: string[] = []
  const openedPaths: string[] = []
  const desktop: DesktopCalls = { drags: [], copied: [], copiedText: [], shown: [] }
  let chosenFolder: string | null = null
  const chosenFiles: Record<'certificate' | 'key', string | null> = { certificate: null, key: null }
  let windowFocused = true
  const clicks: (() => void)[] = []
  const notifications: HostNotifications = {
    shown: [],
    click(index) {
      const click = clicks[index]
      if (!click) throw new Error(`No notification #${index} was shown (${clicks.length} were)`)
      click()
    },
    setWindowFocused: (focused) => void (windowFocused = focused),
    focusRequests: 0
  }
  const clients = new Set<HostResponse>()
  const queue = createEventQueue((channel, payload) => {
    if (clients.size === 0) return false
    for (const c of clients) c.write(`event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`)
    return true
  })
  // A browser has no OS keychain: the key lives for this host's session only.
  const secrets =
    options.secrets ??
    (await openFileSecretStore({
      file: join(options.dataDir, '.host-secrets.json'),
      cipher: {
        isAvailable: async () => false,
        isOsProtected: () => false,
        encrypt: async () => Buffer.alloc(0),
        decrypt: async () => ({ result: '', shouldReEncrypt: false })
      },
      envKey: env.RUNWARE_API_KEY
    }))
  // The same kind of file as the app's main.log, beside it in the library's logs folder.
  const fileLog = createFileSink({
    dir: libraryPaths(options.dataDir).logsDir,
    name: 'host',
    known: () => {
      const key = secrets.getApiKey()
      return key ? [key] : []
    }
  })
  const sink = options.logSink ? teeSink(fileLog.sink, options.logSink) : fileLog.sink
  const log = createLogger('host', sink)
  const core = createCore({
    emit: queue.emit,
    // Library reads run in the built worker, as in the app (the host serves the built renderer anyway).
    libraryWorker: { script: join(repoRoot, 'out', 'main', 'library-worker.js') },
    ...(options.runware ? { runware: options.runware } : {}),
    dataDir: options.dataDir,
    log,
    rendererLog: createLogger('renderer', sink),
    secrets,
    openExternal: async (url) => void openedExternal.push(url),
    openPath: async (path) => {
      openedPaths.push(path)
      return ''
    },
    chooseFolder: async () => chosenFolder,
    chooseFile: async (file) => chosenFiles[file],
    // A browser has no OS drag, clipboard or file manager to hand files to: the host records the calls.
    desktop: {
      startDrag: (files, icon) => void desktop.drags.push({ files, icon }),
      copyImage: (png) => void desktop.copied.push(png),
      copyText: (text) => void desktop.copiedText.push(text),
      showInFolder: (file) => void desktop.shown.push(file)
    },
    // A browser has no OS notifications: the host records them, and the test says whether the window has focus.
    notifications: {
      notifier: {
        show(notification, onClick) {
          notifications.shown.push(notification)
          clicks.push(onClick)
        }
      },
      window: {
        isFocused: () => windowFocused,
        focus: () => void notifications.focusRequests++
      }
    },
    info: nodeInfo(version)
  })
  const bridgeJs = await bridge()
  // 256 bits per start; base64url needs no escaping in a URL or a cookie.
  const token = randomBytes(32).toString('base64url')
  let origin = ''
  let cookieName = ''
  let allowedHosts = new Set<string>()
  let allowedOrigins = new Set<string>()

  const server = createHostServer(options.http2 === true, (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log.error('host request failed', { error: serializeError(error) })
      if (!res.headersSent) send(res, 500, 'internal error')
      else res.end()
    })
  })

  /** Why a request is refused, or null when it comes from the page opened through `host.url`. */
  function refusal(req: HostRequest, url: URL): string | null {
    // A DNS-rebound page reaches us under its own name: only our loopback names and port pass.
    // HTTP/2 names it in :authority (a Host header may come too: both must be ours).
    const names = [req.headers[':authority'], req.headers.host].filter((n) => typeof n === 'string')
    if (names.length === 0 || !names.every((n) => allowedHosts.has(n.toLowerCase()))) return 'host'
    const requestOrigin = req.headers.origin
    if (requestOrigin !== undefined && !allowedOrigins.has(requestOrigin)) return 'origin'
    // Another local port is "same-site" for cookies; only our own pages and typed URLs pass.
    const site = req.headers['sec-fetch-site']
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'site'
    const given = [...url.searchParams.getAll('token'), ...cookieValues(req, cookieName)]
    if (!given.some((g) => sameSecret(g, token))) return 'token'
    return null
  }

  async function handle(req: HostRequest, res: HostResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin)
    const path = url.pathname
    const refused = refusal(req, url)
    if (refused) {
      log.warn('host refused a request', { path, reason: refused })
      if (path.startsWith('/__host/ipc/')) {
        return send(res, 403, JSON.stringify({ ok: false, error: { code: 'UNTRUSTED_SENDER', message: 'Refused' } }), 'application/json')
      }
      return send(res, 403, 'forbidden: open the URL the host printed')
    }
    if (path.startsWith('/__host/ipc/')) {
      // The host's sender check: POSTs from our bridge only.
      if (req.method !== 'POST' || req.headers['x-imagine-host'] !== '1') {
        return send(res, 403, JSON.stringify({ ok: false, error: { code: 'UNTRUSTED_SENDER', message: 'Refused' } }), 'application/json')
      }
      let args: unknown
      try {
        args = JSON.parse(await readBody(req, MAX_IPC_BODY_BYTES), reviveArgs)
      } catch (error) {
        const message = error instanceof BodyTooLargeError ? `That request is too large: an image can be at most ${MAX_REFERENCE_FILE_BYTES / 1048576} MB.` : 'Malformed request'
        return sendUnread(res, error instanceof BodyTooLargeError ? 413 : 400, JSON.stringify({ ok: false, error: { code: 'VALIDATION', message } }))
      }
      const channel = decodeURIComponent(path.slice('/__host/ipc/'.length))
      const result = await core.router.dispatch(channel, Array.isArray(args) ? args : [args])
      // Electron's IPC clones typed arrays; JSON needs help: { $u32: base64 } (see bridge.ts).
      const body = JSON.stringify(result, (_k, v: unknown) => (v instanceof Uint32Array ? { $u32: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') } : v))
      return send(res, 200, body, 'application/json')
    }
    if (path === '/__host/events') {
      // HTTP/2 forbids connection headers (node throws): its streams stay open anyway.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', ...(res instanceof Http2ServerResponse ? {} : { connection: 'keep-alive' }) })
      res.write(': connected\n\n')
      clients.add(res)
      queue.markReady()
      req.on('close', () => {
        clients.delete(res)
        if (clients.size === 0) queue.markNotReady()
      })
      return
    }
    if (path === '/__host/bridge.js') return send(res, 200, bridgeJs, TYPES['.js'])
    if (path === '/favicon.ico') {
      res.writeHead(200, { 'content-type': 'image/png' })
      createReadStream(join(repoRoot, 'resources', 'icon.png')).pipe(res)
      return
    }
    if (path.startsWith('/app-image/')) {
      const [kind = '', id = '', ...rest] = path.slice('/app-image/'.length).split('/')
      const r = rest.length > 0 ? ({ status: 400 } as const) : resolveMedia(kind, id, core.media)
      if (r.status !== 200) return send(res, r.status, String(r.status))
      res.writeHead(200, { 'content-type': r.contentType, 'cache-control': 'private, max-age=31536000, immutable' })
      createReadStream(r.file).pipe(res)
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed')
    const file = resolve(rendererDir, '.' + (path === '/' ? '/index.html' : decodeURIComponent(path)))
    if (!isPathInside(file, rendererDir)) return send(res, 403, 'forbidden')
    if (extname(file) === '.html') {
      let html: string
      try {
        html = readFileSync(file, 'utf8')
      } catch {
        return send(res, 404, 'not found')
      }
      // The bridge must define window.api before the app's module scripts run.
      return send(res, 200, html.replace('</title>', '</title>\n    <script src="/__host/bridge.js"></script>'), TYPES['.html'], {
        // The page's own requests carry the token from here on (the name holds the port:
        // cookies ignore ports, and two hosts may run side by side).
        'set-cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/${server.scheme === 'https' ? '; Secure' : ''}`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer'
      })
    }
    const stream = createReadStream(file)
    stream.once('error', () => send(res, 404, 'not found'))
    stream.once('open', () => {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      stream.pipe(res)
    })
  }

  const port = await server.listen(options.port ?? 0)
  origin = `${server.scheme}://127.0.0.1:${port}`
  cookieName = `imagine-host-${port}`
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  allowedOrigins = new Set([...allowedHosts].map((h) => `${server.scheme}://${h}`))
  return {
    url: `${origin}/?token=${token}`,
    core,
    emit: queue.emit,
    openedExternal,
    openedPaths,
    logFile: fileLog.file,
    log,
    desktop,
    setChosenFolder: (path) => void (chosenFolder = path),
    setChosenFile: (file, path) => void (chosenFiles[file] = path),
    notifications,
    async close() {
      for (const c of clients) c.end()
      await server.close()
      await core.close()
      fileLog.close()
    }
  }
}

