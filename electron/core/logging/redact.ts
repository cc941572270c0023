/**
 * Takes secrets out of what goes into a log, before it is written. Pure: the same
 * input always gives the same output, and the table in tests/core/log-redact.test.ts
 * is its contract. Three layers, each catching what the one before may miss:
 *
 * 1. Known secrets (the API key this process holds) wherever they appear.
 * 2. Values under a sensitive name: object keys such as apiKey, authorization, token,
 *    password or secret (redactData), and the same names written as `name=value` or
 *    `"name": "value"` in text, plus `Bearer …` / `Basic …` credentials.
 * 3. Anything key-shaped: a run of 32 or more base64/hex-ish characters with both a
 *    letter and a digit (a Runware key, a token, a hash, a data URI's payload). UUIDs
 *    (taskUUIDs, image ids) are kept: the log needs them to follow a job. Path
 *    separators split runs, so file paths and stack frames stay readable.
 */

import { isErrorLike, serializeError } from './serialize-error'

export const REDACTED = '[redacted]'

/** Object keys whose values never reach a log, compared without case, `-` or `_`. */
const SENSITIVE_KEY = /(apikey|authorization|auth|token|password|passwd|passphrase|secret|cookie|credential|privatekey|accesskey|signature)s?$/

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key.toLowerCase().replace(/[-_\s]/g, ''))
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
const CREDENTIAL = /\b(Bearer|Basic)\s+[^\s"',;]+/gi
/**
 * `name=value`, `name: value`, `"name":"value"`; the value ends at a quote, space or separator.
 * A JSON true/false/null is no secret (and replacing it would break the line's JSON).
 */
const NAMED_VALUE = /\b((?:x-)?api[-_]?key|authorization|access[-_]?token|refresh[-_]?token|token|password|passwd|secret|client[-_]?secret)(\\?["']?\s*[:=]\s*\\?["']?)(?!\[redacted\]|(?:true|false|null)\b)([^\s"'\\&,;}\]]+)/gi
const LONG_RUN = /[A-Za-z0-9+/=_-]{32,}/g
const MIN_SECRET = 32

/** A run (no `/`) that looks like a secret, with its UUIDs kept. */
function redactSegment(segment: string): string {
  if (segment.length < MIN_SECRET) return segment
  // Split around UUIDs and judge the rest piece by piece.
  return segment
    .split(new RegExp(`(${UUID.source})`, 'i'))
    .map((piece, i) => (i % 2 === 1 || !keyShaped(piece) ? piece : REDACTED))
    .join('')
}

function keyShaped(piece: string): boolean {
  const core = piece.replace(/^[-_=]+|[-_=]+$/g, '')
  return core.length >= MIN_SECRET && /\d/.test(core) && /[A-Za-z]/.test(core)
}

/** `text` with every known secret and anything secret-shaped replaced by `[redacted]`. */
export function redactText(text: string, known: readonly string[] = []): string {
  let out = text
  for (const secret of known) {
    // Short strings would take ordinary words with them; a real key is long.
    if (secret.length >= 8) out = out.split(secret).join(REDACTED)
  }
  out = out.replace(CREDENTIAL, (_m, scheme: string) => `${scheme} ${REDACTED}`)
  out = out.replace(NAMED_VALUE, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`)
  out = out.replace(LONG_RUN, redactRun)
  return out
}

/**
 * A run with `/` is a path (keep its readable segments) unless it reads as base64:
 * a key-shaped segment in mixed case, or a `+`. Then the whole run goes, so the
 * short pieces of a secret between its slashes do not survive.
 */
function redactRun(run: string): string {
  const segments = run.split('/')
  if (segments.length === 1) return redactSegment(run)
  const base64 = run.includes('+') || segments.some((s) => keyShaped(s) && /[a-z]/.test(s) && /[A-Z]/.test(s))
  return base64 ? REDACTED : segments.map(redactSegment).join('/')
}

/**
 * A copy of `value` fit for a log: sensitive keys' values replaced, every string
 * run through `redactText`, cycles and depth cut. Plain data only comes out
 * (objects, arrays, strings, numbers, booleans, null).
 */
export function redactData(value: unknown, known: readonly string[] = [], depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value, known)
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value
  if (typeof value === 'bigint') return value.toString()
  if (value === undefined) return undefined
  if (typeof value === 'function' || typeof value === 'symbol') return `[${typeof value}]`
  if (typeof value !== 'object') return null
  if (seen.has(value)) return '[circular]'
  // An Error's message, stack and cause are not own enumerable fields: serialize first.
  if (isErrorLike(value)) return redactData(serializeError(value), known, depth, seen)
  if (depth >= 12) return '[too deep]'
  seen.add(value)
  try {
    if (Array.isArray(value)) return value.slice(0, 100).map((v) => redactData(v, known, depth + 1, seen) ?? null)
    if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(value)) {
      const safeKey = redactText(key, known)
      // A flag (hasApiKey: true) is no secret; any other value under such a name is.
      out[safeKey] = isSensitiveKey(key) && v !== undefined && v !== null && typeof v !== 'boolean' ? REDACTED : redactData(v, known, depth + 1, seen)
    }
    return out
  } finally {
    seen.delete(value)
  }
}
