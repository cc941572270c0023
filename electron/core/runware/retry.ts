/**
 * Backoff with jitter and a cap, honouring Retry-After; and a wait for the
 * network that burns no attempts (a laptop offline is not a failing server).
 */
import { connect } from 'node:net'
import { AppError } from '../errors'

export interface RetryPolicy {
  maxAttempts: number
  baseMs: number
  factor: number
  capMs: number
  /** Fraction of the delay added at random (0.3 = up to +30 %). */
  jitter: number
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 1000, factor: 2, capMs: 30_000, jitter: 0.3 }

/** Delay before retry number `attempt` (1-based). */
export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, attempt - 1))
  const jittered = Math.min(policy.capMs, exp * (1 + policy.jitter * random()))
  return retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered
}

export class CanceledError extends AppError {
  constructor(message = 'Canceled') {
    super('CANCELED', message)
    this.name = 'CanceledError'
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CanceledError())
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(t)
      reject(new CanceledError())
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export interface Connectivity {
  /** Whether the API host accepts connections right now. */
  isOnline(): Promise<boolean>
}

/** Probes the endpoint's host with a TCP connect: cheap, and says nothing to the API. */
export function tcpConnectivity(endpoint: string, timeoutMs = 3000): Connectivity {
  const u = new URL(endpoint)
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80))
  const host = u.hostname.replace(/^\[|\]$/g, '')
  return {
    isOnline: () =>
      new Promise((resolve) => {
        const socket = connect({ host, port })
        const done = (ok: boolean): void => {
          socket.destroy()
          resolve(ok)
        }
        socket.setTimeout(timeoutMs, () => done(false))
        socket.once('connect', () => done(true))
        socket.once('error', () => done(false))
      })
  }
}

/** Waits until `connectivity` says online, checking every `intervalMs`. */
export async function waitUntilOnline(connectivity: Connectivity, signal: AbortSignal | undefined, intervalMs = 2000): Promise<void> {
  while (!(await connectivity.isOnline())) await sleep(intervalMs, signal)
}
