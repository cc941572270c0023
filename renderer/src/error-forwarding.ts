/**
 * Sends the window's uncaught errors and unhandled rejections to main's log
 * (scope `renderer`). Main rate-limits what it writes; here the same error seen
 * again within a second is not sent again, so a loop that throws each frame does
 * not also flood IPC. A failed report is dropped: reporting must not raise errors.
 */
import type { Api } from './api'
import { errorReport } from './lib/error-report'
import type { RendererErrorReport } from '../../electron/shared/renderer-error'

const REPEAT_MS = 1000

export function createErrorForwarder(app: Pick<Api['app'], 'reportError'>, now: () => number = Date.now): (report: RendererErrorReport) => void {
  let last = { key: '', at: -Infinity }
  return (report) => {
    const key = `${report.kind}\u0000${report.message}\u0000${report.stack ?? ''}`
    const t = now()
    if (key === last.key && t - last.at < REPEAT_MS) return
    last = { key, at: t }
    try {
      void app.reportError(report).catch(() => undefined)
    } catch {
      // no bridge: nothing to report to
    }
  }
}

/** Listens on `target` (the window); returns the function that stops listening. */
export function forwardWindowErrors(target: Window, forward: (report: RendererErrorReport) => void): () => void {
  const onError = (event: ErrorEvent): void => {
    forward(errorReport('error', event.error ?? event.message, { source: event.filename, line: event.lineno, column: event.colno }))
  }
  const onRejection = (event: PromiseRejectionEvent): void => {
    forward(errorReport('unhandledrejection', event.reason))
  }
  target.addEventListener('error', onError)
  target.addEventListener('unhandledrejection', onRejection)
  return () => {
    target.removeEventListener('error', onError)
    target.removeEventListener('unhandledrejection', onRejection)
  }
}
