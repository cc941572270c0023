/**
 * A window error as the plain report main logs (`app:report-error`): message, stack
 * and where it happened, cut to the schema's limits. Pure, so the ErrorBoundary and
 * the window listeners (error-forwarding.ts) describe errors the same way.
 */
import { clip, RENDERER_ERROR_LIMITS, type RendererErrorKind, type RendererErrorReport } from '../../../electron/shared/renderer-error'

function describe(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

/** The stack of an Error and of each error in its `cause` chain, one after the other. */
function stackWithCauses(error: Error): string | null {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    parts.push(depth === 0 ? (current.stack ?? `${current.name}: ${current.message}`) : `Caused by: ${current.stack ?? `${current.name}: ${current.message}`}`)
    current = current.cause
  }
  if (current !== undefined && current !== error && !(current instanceof Error)) parts.push(`Caused by: ${describe(current)}`)
  return parts.length > 0 ? parts.join('\n') : null
}

export function errorReport(kind: RendererErrorKind, value: unknown, where: { source?: string | null; line?: number | null; column?: number | null } = {}): RendererErrorReport {
  const error = value instanceof Error ? value : null
  const message = error ? `${error.name}: ${error.message}` : describe(value)
  const stack = error ? stackWithCauses(error) : null
  const position = (n: number | null | undefined): number | null => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null)
  return {
    kind,
    message: clip(message, RENDERER_ERROR_LIMITS.message),
    stack: stack === null ? null : clip(stack, RENDERER_ERROR_LIMITS.stack),
    source: where.source ? clip(where.source, RENDERER_ERROR_LIMITS.source) : null,
    line: position(where.line),
    column: position(where.column)
  }
}
