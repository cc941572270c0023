/**
 * Renderer errors into the log, rate-limited so a render loop that throws every
 * frame cannot fill the disk: a token bucket (a burst, then a steady trickle), and
 * the count of reports dropped meanwhile goes with the next one that is logged.
 */
import type { RendererErrorReport } from '../../shared/renderer-error'
import type { Logger } from '../log'

export interface RateLimit {
  /** Reports logged back to back before the limit bites. */
  burst: number
  /** Reports a minute once the burst is spent. */
  perMinute: number
}

export const RENDERER_ERROR_RATE: RateLimit = { burst: 10, perMinute: 20 }

export interface RateLimiter {
  /** Whether one more may pass now; `suppressed` is how many were refused since the last one passed. */
  take(): { allowed: boolean; suppressed: number }
}

export function createRateLimiter(limit: RateLimit, now: () => number = Date.now): RateLimiter {
  let tokens = limit.burst
  let last = now()
  let suppressed = 0
  return {
    take() {
      const t = now()
      tokens = Math.min(limit.burst, tokens + ((t - last) * limit.perMinute) / 60_000)
      last = t
      if (tokens < 1) {
        suppressed++
        return { allowed: false, suppressed }
      }
      tokens -= 1
      const dropped = suppressed
      suppressed = 0
      return { allowed: true, suppressed: dropped }
    }
  }
}

/** The handler behind `app:report-error`: logs under the `renderer` scope unless the limit says no. */
export function rendererErrorLog(log: Logger, limiter: RateLimiter = createRateLimiter(RENDERER_ERROR_RATE)): (report: RendererErrorReport) => { logged: boolean } {
  return (report) => {
    const { allowed, suppressed } = limiter.take()
    if (!allowed) return { logged: false }
    const data: Record<string, unknown> = { kind: report.kind }
    if (report.stack !== null) data.stack = report.stack
    if (report.source !== null) data.source = report.source
    if (report.line !== null) data.line = report.line
    if (report.column !== null) data.column = report.column
    if (suppressed > 0) data.suppressedBefore = suppressed
    log.error(report.message || '(no message)', data)
    return { logged: true }
  }
}
