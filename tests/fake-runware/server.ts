// A strict local fake of the Runware REST API (POST /v1) for xai:grok-imagine@image,
// with real image bytes (GET /images/<imageUUID>.<ext>), a billing ledger and fault
// injection. Tests only: it never contacts the real API.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { DOWNLOAD_OUTCOME, REQUEST_OUTCOME } from './faults'
import { MIME } from './images'
import { FakeState } from './state'
import { runTasks, type RunContext } from './tasks'
import type { ApiError, FakeOptions, FakeRunware, Fault, RecordedRequest } from './types'

export type * from './types'
export { MODEL, PRICE_PER_IMAGE, PRICE_PER_REFERENCE, SIZES } from './validate'

const MAX_BODY = 64 * 1024 * 1024
const STATUS_CODES: Record<number, string> = {
  408: 'requestTimeout',
  429: 'rateLimitExceeded',
  500: 'internalServerError',
  502: 'badGateway',
  503: 'serviceUnavailable',
  504: 'gatewayTimeout'
}

class Dropped extends Error {}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  return out
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const b = chunk as Buffer
    size += b.length
    if (size > MAX_BODY) throw new Dropped('request body too large')
    chunks.push(b)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) }
  }
}

function injectedErrors(fault: Extract<Fault, { kind: 'errorCode' }>, body: unknown): ApiError[] {
  const message = fault.message ?? `Injected error ${fault.code}.`
  const tasks = Array.isArray(body) ? body.filter((t): t is Record<string, unknown> => typeof t === 'object' && t !== null) : []
  if (tasks.length === 0) return [{ code: fault.code, message }]
  return tasks.map((t) => {
    const e: ApiError = { code: fault.code, message }
    if (typeof t.taskType === 'string') e.taskType = t.taskType
    if (typeof t.taskUUID === 'string') e.taskUUID = t.taskUUID
    return e
  })
}

export async function startFakeRunware(options: FakeOptions = {}): Promise<FakeRunware> {
  const state = new FakeState(options)
  const requests: RecordedRequest[] = []
  const sockets = new Set<Socket>()
  let downloads = 0
  let downloadsStarted = 0
  let closed = false
  let closing: Promise<void> | undefined

  async function handleV1(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const headers = headerRecord(req)
    const authOk = headers.authorization === `Bearer ${state.opts.apiKey}`
    const rec: RecordedRequest = { at: Date.now(), method: req.method ?? '', path, headers, authOk, body: null, response: null, faults: [] }
    requests.push(rec)

    if (state.faults.peek(REQUEST_OUTCOME)?.kind === 'dropBeforeAccept') {
      state.faults.take(REQUEST_OUTCOME)
      rec.faults.push('dropBeforeAccept')
      throw new Dropped('dropBeforeAccept')
    }
    const latency = state.faults.takeKind('latency')
    if (latency) rec.faults.push('latency')

    const send = async (status: number, body: unknown, extra: Record<string, string> = {}): Promise<void> => {
      if (latency) await state.sleep(latency.ms)
      const text = typeof body === 'string' ? body : JSON.stringify(body)
      const type = typeof body === 'string' ? (parseJson(body).ok ? 'application/json' : 'text/plain; charset=utf-8') : 'application/json'
      rec.response = { status, body }
      res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(text)), ...extra })
      res.end(text)
    }

    if (req.method !== 'POST') {
      await readBody(req)
      return send(405, { errors: [{ code: 'methodNotAllowed', message: 'Use POST.' }] }, { allow: 'POST' })
    }
    const text = await readBody(req)
    const parsed = parseJson(text)
    rec.body = parsed.ok ? parsed.value : text

    if (!authOk) {
      if (latency) await state.sleep(latency.ms)
      rec.response = { status: 401, body: '' }
      res.writeHead(401, { 'content-length': '0' })
      res.end()
      return
    }

    const outcome = state.faults.take(REQUEST_OUTCOME)
    if (outcome) rec.faults.push(outcome.kind)
    if (outcome?.kind === 'dropBeforeAccept') throw new Dropped('dropBeforeAccept')
    if (outcome?.kind === 'status') {
      const extra: Record<string, string> = outcome.retryAfterSeconds !== undefined ? { 'retry-after': String(outcome.retryAfterSeconds) } : {}
      const body = outcome.body ?? { errors: [{ code: STATUS_CODES[outcome.status] ?? 'serverError', message: `Injected HTTP ${outcome.status}.` }] }
      return send(outcome.status, body, extra)
    }
    if (outcome?.kind === 'errorCode') return send(outcome.status ?? 400, { errors: injectedErrors(outcome, rec.body) })

    const contentType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
    let result: { status: number; body: unknown }
    if (contentType !== 'application/json') {
      result = { status: 400, body: { errors: [{ code: 'invalidContentType', message: 'Content-Type must be application/json.' }] } }
    } else if (!parsed.ok) {
      result = { status: 400, body: { errors: [{ code: 'invalidJSON', message: `The body is not valid JSON: ${parsed.message}` }] } }
    } else if (!Array.isArray(parsed.value) || parsed.value.length === 0) {
      result = { status: 400, body: { errors: [{ code: 'invalidPayload', message: 'The body must be a non-empty JSON array of task objects.' }] } }
    } else {
      const ctx: RunContext = { state, consumed: rec.faults, waitUntil: 0 }
      result = await runTasks(ctx, parsed.value)
    }

    if (outcome?.kind === 'dropAfterAccept') {
      if (latency) await state.sleep(latency.ms)
      throw new Dropped('dropAfterAccept')
    }
    if (outcome?.kind === 'malformedJson') {
      const full = JSON.stringify(result.body)
      return send(200, `${full.slice(0, Math.max(1, Math.floor(full.length / 2)))}\u0000{"data":[`)
    }
    return send(result.status, result.body)
  }

  async function handleImage(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-length': '0' })
      res.end()
      return
    }
    downloadsStarted += 1
    const slow = state.faults.takeKind('slowDownload')
    if (slow) await state.sleep(slow.ms)
    const outcome = state.faults.take(DOWNLOAD_OUTCOME)
    const m = /^\/images\/([0-9a-f-]{36})\.(jpg|png|webp)$/.exec(path)
    const result = m && outcome?.kind !== 'expireImages' ? state.servable(m[1] ?? '', m[2] ?? '') : undefined
    if (!result) {
      res.writeHead(404, { 'content-type': 'text/plain', 'content-length': '9' })
      res.end('Not Found')
      return
    }
    const bytes = await state.bytesOf(result)
    res.writeHead(200, { 'content-type': MIME[result.format], 'content-length': String(bytes.length) })
    if (outcome?.kind === 'truncateDownload') {
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy())
      return
    }
    res.on('finish', () => {
      downloads += 1
    })
    res.end(bytes)
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const work = path === '/v1' || path === '/v1/' ? handleV1(req, res, path) : path.startsWith('/images/') ? handleImage(req, res, path) : null
    if (!work) {
      res.writeHead(404, { 'content-length': '0' })
      res.end()
      return
    }
    work.catch((e: unknown) => {
      // Injected drops, close() and clients that went away end here silently.
      if (!(e instanceof Dropped) && !closed && !res.headersSent && !req.socket.destroyed) {
        console.error('fake-runware: handler failed', e)
        const text = JSON.stringify({ errors: [{ code: 'internalServerError', message: String(e) }] })
        res.writeHead(500, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) })
        res.end(text)
        return
      }
      req.socket.destroy()
    })
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('fake-runware: no TCP address')
  state.origin = `http://127.0.0.1:${address.port}`

  return {
    url: `${state.origin}/v1`,
    origin: state.origin,
    apiKey: state.opts.apiKey,
    requests,
    tasks: state.tasks,
    charges: state.charges,
    submissions: state.submissions,
    uploads: state.uploads,
    get downloads() {
      return downloads
    },
    get downloadsStarted() {
      return downloadsStarted
    },
    get balance() {
      return state.balance
    },
    inject: (fault) => state.faults.inject(fault),
    pendingFaults: () => state.faults.pending(),
    forgetUploads: () => state.forgetUploads(),
    setBalance: (usd) => state.setBalance(usd),
    close: () => {
      if (closing) return closing
      closed = true
      state.abortAll()
      closing = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      for (const socket of sockets) socket.destroy()
      return closing
    }
  }
}
