/**
 * A tiny scoped logger. Injected so tests and the CLI can silence or capture it.
 * Every entry becomes one line (formatLogLine): ISO time, level, scope, message and
 * its data as JSON, with errors serialized (stack, cause chain, codes) and secrets
 * redacted before anything is printed or written. The file sink lives in
 * logging/file-sink.ts; each shell (app, CLI, test host) picks its sinks.
 */
import { redactData, redactText } from './logging/redact'

export type LogLevel = 'info' | 'warn' | 'error'
export type LogData = Record<string, unknown>

export interface Logger {
  info(message: string, data?: LogData): void
  warn(message: string, data?: LogData): void
  error(message: string, data?: LogData): void
  child(scope: string): Logger
}

export type Sink = (level: LogLevel, scope: string, message: string, data?: LogData) => void

/** Secrets this process knows (the API key), read at each write so a key set later is covered. */
export type KnownSecrets = () => readonly string[]

/** A line longer than this is cut (a runaway data object must not fill the disk in a few calls). */
export const MAX_LINE_CHARS = 64 * 1024

// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a log line raw
const CONTROL = /[\u0000-\u001f\u2028\u2029]/g
const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
const escapeControl = (text: string): string => text.replace(CONTROL, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/**
 * `2026-12-03T14:57:17.123Z ERROR [main:generation] generation failed {"generationId":3,"error":{…}}`
 * One line whatever the message holds (newlines are escaped), redacted, without the trailing newline.
 */
export function formatLogLine(time: Date, level: LogLevel, scope: string, message: string, data?: LogData, known: readonly string[] = []): string {
  let json = ''
  if (data !== undefined) {
    try {
      // JSON leaves U+2028/U+2029 raw; escaped they are still JSON, and no editor breaks the line.
      json = ` ${escapeControl(JSON.stringify(redactData(data, known)))}`
    } catch {
      json = ' {"unserializable":true}'
    }
  }
  const line = redactText(`${time.toISOString()} ${level.toUpperCase().padEnd(5)} [${escapeControl(scope)}] ${escapeControl(message)}${json}`, known)
  return line.length <= MAX_LINE_CHARS ? line : `${line.slice(0, MAX_LINE_CHARS)} …[cut ${line.length - MAX_LINE_CHARS} chars]`
}

/** Prints redacted lines to the console (stderr for warnings and errors). */
export function consoleSink(known: KnownSecrets = () => []): Sink {
  return (level, scope, message, data) => {
    const line = formatLogLine(new Date(), level, scope, message, data, known())
    if (level === 'info') console.log(line)
    else if (level === 'warn') console.warn(line)
    else console.error(line)
  }
}

/** Every entry to each sink in turn; one that throws does not stop the others. */
export function teeSink(...sinks: Sink[]): Sink {
  return (level, scope, message, data) => {
    for (const sink of sinks) {
      try {
        sink(level, scope, message, data)
      } catch {
        // A log must never break the code that logs.
      }
    }
  }
}

export function createLogger(scope: string, sink: Sink = consoleSink()): Logger {
  return {
    info: (m, d) => sink('info', scope, m, d),
    warn: (m, d) => sink('warn', scope, m, d),
    error: (m, d) => sink('error', scope, m, d),
    child: (s) => createLogger(`${scope}:${s}`, sink)
  }
}

export const silentLogger: Logger = createLogger('silent', () => undefined)
