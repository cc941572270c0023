/**
 * Errors as plain data for the log: name, message, AppError code, stack, the own
 * fields an error carries (Runware's apiCode and status, Node's errno and syscall),
 * the whole `cause` chain and an AggregateError's errors. `String(error)` keeps only
 * the first line of the first error; this keeps what a person needs to find the bug.
 * Never throws, whatever was thrown (null, a string, an object without a prototype,
 * a getter that throws, a cycle).
 */

export interface SerializedError {
  name: string
  message: string
  code?: string
  stack?: string
  cause?: SerializedError
  errors?: SerializedError[]
  /** Other own fields of the error (detail, httpStatus, errno, …). */
  [field: string]: unknown
}

const MAX_CHAIN = 10
const MAX_AGGREGATE = 10

export function isErrorLike(value: unknown): value is Error {
  if (value instanceof Error) return true
  // Errors from another realm (a worker, a vm context) fail instanceof.
  return Object.prototype.toString.call(value) === '[object Error]'
}

function describe(value: unknown): string {
  try {
    if (typeof value === 'string') return value
    if (value === null || value === undefined || typeof value !== 'object') return String(value)
    return JSON.stringify(value) ?? Object.prototype.toString.call(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

function read(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key]
  } catch {
    return '[unreadable]'
  }
}

export function serializeError(error: unknown): SerializedError {
  return serialize(error, 0, new Set())
}

function serialize(error: unknown, depth: number, seen: Set<unknown>): SerializedError {
  if (!isErrorLike(error)) {
    return { name: error === null ? 'null' : typeof error, message: describe(error) }
  }
  seen.add(error)
  const name = read(error, 'name')
  const message = read(error, 'message')
  const stack = read(error, 'stack')
  const out: SerializedError = {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : describe(message)
  }
  const code = read(error, 'code')
  if (typeof code === 'string' || typeof code === 'number') out.code = String(code)
  if (typeof stack === 'string') out.stack = stack
  let keys: string[]
  try {
    keys = Object.keys(error)
  } catch {
    keys = [] // a Proxy that refuses ownKeys
  }
  for (const key of keys) {
    if (key in out || key === 'cause' || key === 'errors') continue
    const v = read(error, key)
    if (typeof v !== 'function' && v !== undefined) out[key] = v
  }
  const cause = read(error, 'cause')
  if (cause !== undefined) {
    if (seen.has(cause)) out.cause = { name: 'Circular', message: '[cause repeats an error above]' }
    else if (depth + 1 >= MAX_CHAIN) out.cause = { name: 'Truncated', message: `[cause chain longer than ${MAX_CHAIN}]` }
    else out.cause = serialize(cause, depth + 1, seen)
  }
  const errors = read(error, 'errors')
  if (Array.isArray(errors) && depth + 1 < MAX_CHAIN) {
    out.errors = errors.slice(0, MAX_AGGREGATE).map((e) => (seen.has(e) ? { name: 'Circular', message: '[repeats an error above]' } : serialize(e, depth + 1, seen)))
  }
  return out
}
