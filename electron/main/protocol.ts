/**
 * `app-image://image/<id>` and `app-image://thumb/<id>`: local images reach the
 * renderer through this privileged scheme, never file:// and never base64 over IPC.
 * The path policy lives in core/media/media-request.ts.
 */
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { protocol } from 'electron'
import { MEDIA_SCHEME, resolveMediaUrl, type MediaDeps } from '../core/media/media-request'
import type { Logger } from '../core/log'

/** Must run before the app's `ready` event. */
export function registerMediaSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }
  ])
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
