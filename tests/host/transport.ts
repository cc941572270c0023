/**
 * The test host's server: HTTP/1.1 (the default, what the e2e suite uses) or HTTP/2
 * over TLS. Over HTTP/1.1 Chromium runs at most six requests at a time to one origin,
 * one of them held for good by the event stream, so thumbnails queue behind slow
 * invokes; Electron's IPC and its app-image:// protocol have no such limit. Over
 * HTTP/2 every request shares one connection, which is closer to the app.
 */
import { createServer, type OutgoingHttpHeaders } from 'node:http'
import { createSecureServer, type Http2Session, type IncomingHttpHeaders } from 'node:http2'
import type { AddressInfo } from 'node:net'
import type { Readable, Writable } from 'node:stream'
import { hostCertificate } from './tls'

/** What the host reads of a request, the same from node:http and node:http2's compatibility API. */
export interface HostRequest extends Readable {
  /** Over HTTP/2 with its pseudo-headers (`:authority` in place of Host). */
  readonly headers: IncomingHttpHeaders
  readonly method?: string
  readonly url?: string
}

/** What the host writes of a response, the same on both. */
export interface HostResponse extends Writable {
  readonly headersSent: boolean
  writeHead(statusCode: number, headers?: OutgoingHttpHeaders): this
}

export interface HostServer {
  scheme: 'http' | 'https'
  /** Listens on 127.0.0.1; resolves with the port. */
  listen(port: number): Promise<number>
  /** Ends every connection (the event stream would hold one open for good) and stops listening. */
  close(): Promise<void>
}

export function createHostServer(http2: boolean, onRequest: (req: HostRequest, res: HostResponse) => void): HostServer {
  if (!http2) {
    const server = createServer(onRequest)
    return {
      scheme: 'http',
      listen: (port) => new Promise((r) => server.listen(port, '127.0.0.1', () => r((server.address() as AddressInfo).port))),
      close() {
        server.closeAllConnections()
        return new Promise((r) => server.close(() => r()))
      }
    }
  }
  // HTTP/2 only (no allowHTTP1): a page that loads is known to use it.
  const { key, cert } = hostCertificate()
  const server = createSecureServer({ key, cert }, onRequest)
  // An http2 server has no closeAllConnections: its sessions are its connections.
  const sessions = new Set<Http2Session>()
  server.on('session', (session) => {
    sessions.add(session)
    session.once('close', () => sessions.delete(session))
  })
  return {
    scheme: 'https',
    listen: (port) => new Promise((r) => server.listen(port, '127.0.0.1', () => r((server.address() as AddressInfo).port))),
    close() {
      for (const session of sessions) session.destroy()
      return new Promise((r) => server.close(() => r()))
    }
  }
}
