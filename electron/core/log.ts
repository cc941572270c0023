/** A tiny scoped logger. Injected so tests and the CLI can silence or capture it. */
export interface Logger {
  info(message: string, data?: Record<string, unknown>): void
  warn(message: string, data?: Record<string, unknown>): void
  error(message: string, data?: Record<string, unknown>): void
  child(scope: string): Logger
}

type Sink = (level: 'info' | 'warn' | 'error', scope: string, message: string, data?: Record<string, unknown>) => void

const consoleSink: Sink = (level, scope, message, data) => {
  const line = `[${new Date().toISOString()}] ${level.toUpperCase()} ${scope}: ${message}`
  const out = level === 'info' ? console.log : level === 'warn' ? console.warn : console.error
  if (data === undefined) out(line)
  else out(line, data)
}

export function createLogger(scope: string, sink: Sink = consoleSink): Logger {
  return {
    info: (m, d) => sink('info', scope, m, d),
    warn: (m, d) => sink('warn', scope, m, d),
    error: (m, d) => sink('error', scope, m, d),
    child: (s) => createLogger(`${scope}:${s}`, sink)
  }
}

export const silentLogger: Logger = createLogger('silent', () => undefined)
