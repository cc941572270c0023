/**
 * `app://studio/<path>`: the built UI (out/renderer) is served through this
 * privileged scheme of our own instead of file://, so the page has a real
 * origin (`app://studio`) that the IPC sender check, the navigation guard and
 * the CSP's 'self' can name exactly. The path policy is pure but for the
 * file-system `realpath`; table-tested in tests/core/app-scheme.test.ts.
 */
import { createReadStream, statSync } from 'node:fs'
import { extname } from 'node:path'
import { Readable } from 'node:stream'
import { checkLibraryPath } from '../files/library-path'

export const APP_SCHEME = 'app'
export const APP_HOST = 'studio'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

export type AppResolution =
  | { status: 200; file: string; contentType: string }
  | { status: 400 | 403 | 404; reason: string }

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm'
}

export interface AppSchemeDeps {
  /** The built renderer folder (out/renderer). */
  rootDir: string
  realpath?: (p: string) => string
  isFile?: (p: string) => boolean
}

const defaultIsFile = (p: string): boolean => {
  try {
    return statSync(p).isFile()
  } catch {
    return false
  }
}

/** Maps an `app://studio/...` URL to a file inside `rootDir`, or to the status that refuses it. */
export function resolveAppUrl(rawUrl: string, deps: AppSchemeDeps): AppResolution {
  if (typeof rawUrl !== 'string' || rawUrl.includes('\0') || rawUrl.length > 2048) return { status: 400, reason: 'malformed url' }
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return { status: 400, reason: 'malformed url' }
  }
  if (url.protocol !== `${APP_SCHEME}:`) return { status: 400, reason: 'wrong scheme' }
  if (url.hostname !== APP_HOST) return { status: 404, reason: 'unknown host' }
  if (url.username || url.password || url.port) return { status: 400, reason: 'unexpected url parts' }
  // The URL parser already folds `..` and `%2e%2e`; decode once and refuse whatever
  // could still step out or smuggle a separator, a drive or a NUL.
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return { status: 400, reason: 'malformed path' }
  }
  if (path.includes('\0') || path.includes('\\')) return { status: 403, reason: 'forbidden characters in path' }
  const segments = path.split('/').filter((s) => s !== '')
  if (segments.some((s) => s === '..' || s === '.' || /^[a-zA-Z]:/.test(s))) return { status: 403, reason: 'path leaves the app folder' }
  // Only the root maps to index.html; no other folder lists or defaults.
  // (Node parses `app://studio` with an empty path; Chromium, for a standard scheme, with '/'.)
  const isRoot = url.pathname === '/' || url.pathname === ''
  const relPath = isRoot ? 'index.html' : segments.join('/')
  if (!isRoot && path.endsWith('/')) return { status: 404, reason: 'not a file' }
  const contentType = CONTENT_TYPES[extname(relPath).toLowerCase()]
  if (!contentType) return { status: 404, reason: 'unknown file type' }
  // The same containment check as every library path: lexical, then by realpath.
  const check = checkLibraryPath(deps.rootDir, relPath, deps.realpath)
  if (!check.ok) {
    if (check.problem === 'missing') return { status: 404, reason: 'file missing' }
    return { status: 403, reason: check.problem === 'link-outside' ? 'link leaves the app folder' : 'path leaves the app folder' }
  }
  const realFile = check.file
  if (!(deps.isFile ?? defaultIsFile)(realFile)) return { status: 404, reason: 'not a file' }
  return { status: 200, file: realFile, contentType }
}

/**
 * The `app://` protocol handler's whole answer, as a plain fetch Response (so it
 * runs and is tested under Node): GET and HEAD only, the file streamed, no
 * sniffing, never cached across builds.
 */
export function appSchemeResponse(request: Request, deps: AppSchemeDeps): Response {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 })
  const r = resolveAppUrl(request.url, deps)
  if (r.status !== 200) return new Response(null, { status: r.status })
  const body = request.method === 'HEAD' ? null : (Readable.toWeb(createReadStream(r.file)) as ReadableStream)
  return new Response(body, {
    status: 200,
    headers: { 'content-type': r.contentType, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' }
  })
}

/**
 * The URL the window loads: our own scheme, always, in a packaged app. Only a
 * development run (`!isPackaged`) honours electron-vite's `ELECTRON_RENDERER_URL`,
 * and only when it is a loopback http(s) dev server.
 */
export function chooseRendererUrl(opts: { isPackaged: boolean; devUrl: string | undefined }): string {
  if (opts.isPackaged || !opts.devUrl) return APP_INDEX_URL
  let u: URL
  try {
    u = new URL(opts.devUrl)
  } catch {
    return APP_INDEX_URL
  }
  const loopback = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]'
  return (u.protocol === 'http:' || u.protocol === 'https:') && loopback && !u.username && !u.password ? u.href : APP_INDEX_URL
}
