/**
 * Plain HTTPS client for Runware's REST endpoint: a JSON array of tasks POSTed
 * with a Bearer key (runware-api.md §1.1). One call is one attempt; retries,
 * idempotency and polling live in the generation pipeline, which knows the task.
 */
import { apiKeyProblem } from '../../shared/api-key'
import { AppError } from '../errors'
import { RunwareError, classifyCode } from './errors'
import { parseEnvelope, type ApiErrorItem, type Envelope } from './parse'

export const DEFAULT_ENDPOINT = 'https://api.runware.ai/v1'

export interface RunwareClientOptions {
  endpoint: string
  /** Read at each call, so a key set in Settings applies at once. */
  apiKey: () => string | null
  fetch?: typeof fetch
  /** Per-request timeout (ms) unless a call says otherwise. */
  timeoutMs?: number
}

export interface PostResult {
  httpStatus: number
  envelope: Envelope
  retryAfterMs?: number
}

/** `Retry-After` as seconds or an HTTP date, in ms (capped at 5 minutes). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined
  const secs = Number(value)
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(value) - now
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, 300_000) : undefined
}

export class RunwareClient {
  private readonly fetchImpl: typeof fetch
  constructor(private readonly opts: RunwareClientOptions) {
    this.fetchImpl = opts.fetch ?? fetch
  }

  get endpoint(): string {
    return this.opts.endpoint
  }

  hasKey(): boolean {
    return Boolean(this.opts.apiKey())
  }

  /** Why the key set cannot be sent (see shared/api-key), or null. */
  keyProblem(): string | null {
    const key = this.opts.apiKey()
    return key ? apiKeyProblem(key) : null
  }

  /** `apiKey` sends a candidate key instead of the one set (Settings checks a key before saving it). */
  async post(tasks: readonly object[], options: { signal?: AbortSignal; timeoutMs?: number; apiKey?: string } = {}): Promise<PostResult> {
    const key = options.apiKey ?? this.opts.apiKey()
    if (!key) throw new AppError('NO_API_KEY', 'No Runware API key is set. Add it in Settings (or RUNWARE_API_KEY for the CLI).')
    // fetch throws on such a header value, which would pass for a network error and be retried.
    const problem = apiKeyProblem(key)
    if (problem) throw new AppError('VALIDATION', problem)
    const timeoutMs = options.timeoutMs ?? this.opts.timeoutMs ?? 30_000
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
    let res: Response
    let text: string
    try {
      res = await this.fetchImpl(this.opts.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(tasks),
        signal
      })
      text = await res.text()
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason ?? error
      if (timeout.aborted) {
        throw new RunwareError({ category: 'timeout', apiCode: 'clientTimeout', detail: `No answer within ${Math.round(timeoutMs / 1000)} s` }, { cause: error })
      }
      throw new RunwareError({ category: 'network', apiCode: 'network', detail: describeNetworkError(error) }, { cause: error })
    }
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'))
    const result: PostResult = { httpStatus: res.status, envelope: parseEnvelope(res.status, text) }
    if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs
    return result
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : 'network error')
}

/** The error (if any) a reply holds for one task, as a RunwareError. */
export function taskError(result: PostResult, taskUUID: string): RunwareError | null {
  const { envelope, httpStatus } = result
  const mine: ApiErrorItem | undefined =
    envelope.errors.find((e) => e.taskUUID === taskUUID) ??
    // Errors without a taskUUID (auth, HTTP-level) apply to every task in the request.
    envelope.errors.find((e) => e.taskUUID === undefined)
  if (mine) {
    const details = {
      category: classifyCode(mine.code, httpStatus >= 400 ? httpStatus : undefined),
      apiCode: mine.code,
      detail: mine.message,
      httpStatus,
      taskUUID
    }
    return new RunwareError({
      ...details,
      ...(mine.parameter !== undefined ? { parameter: mine.parameter } : {}),
      ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {})
    })
  }
  if (envelope.malformed) return new RunwareError({ category: 'malformed', apiCode: 'malformedResponse', httpStatus, taskUUID })
  if (httpStatus >= 400) return new RunwareError({ category: classifyCode(`http${httpStatus}`, httpStatus), apiCode: `http${httpStatus}`, httpStatus, taskUUID })
  return null
}
