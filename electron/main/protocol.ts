/**
 * Our two privileged schemes. `app://studio/…` serves the built UI (out/renderer),
 * so the page has a real origin and file:// is never used (policy in
 * core/security/app-scheme.ts). `app-image://image/<id>`, `app-image://thumb/<id>` and
 * `app-image://ref/<id>` (a stored reference image):
 * local images reach the renderer this way, never file:// and never base64 over IPC
 * (policy in core/media/media-request.ts).
 */
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { protocol } from 'electron'
import { MEDIA_SCHEME, resolveMediaUrl, type MediaDeps } from '../core/media/media-request'
import type { Logger } from '../core/log'
import { APP_SCHEME, appSchemeResponse } from '../core/security/app-scheme'

/**
 * Must run before the app's `ready` event, and only once: Electron keeps only the
 * last call's list. Neither scheme is `corsEnabled`, so neither is readable
 * cross-origin; neither bypasses the CSP.
 */
export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }
  ])
}

/** Serves out/renderer as `app://studio/`. */
export function handleAppProtocol(rootDir: string, log: Logger): void {
  protocol.handle(APP_SCHEME, (request) => {
    const response = appSchemeResponse(request, { rootDir })
    if (response.status === 403) log.warn('refused app request', { url: request.url })
    return response
  })
}

export function handleMediaProtocol(deps: MediaDeps, log: Logger): void {
  protocol.handle(MEDIA_SCHEME, (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 })
    const r = resolveMediaUrl(request.url, deps)
    if (r.status !== 200) {
      if (r.status === 403) log.warn('refused media request', { url: request.url, reason: r.reason })
      return new Response(null, { status: r.status })
    }
    const body = request.method === 'HEAD' ? null : (Readable.toWeb(createReadStream(r.file)) as ReadableStream)
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': r.contentType,
        // Files are content-addressed and never change under an id.
        'cache-control': 'private, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff'
      }
    })
  })
}
