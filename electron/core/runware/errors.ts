/**
 * Runware failures, classified into categories a person understands and a retry
 * policy can act on. Runware's codes are many and unstable (runware-api.md §2.4),
 * so we classify by pattern, as Runware's own TypeScript SDK does, and keep the
 * raw code and message for the log and support.
 */
import type { ErrorCode } from '../../shared/result'
import { AppError } from '../errors'

export type RunwareCategory =
  | 'auth'
  | 'credits'
  | 'safety'
  | 'validation'
  | 'rateLimit'
  | 'timeout'
  | 'provider'
  | 'server'
  | 'network'
  | 'notFound'
  | 'conflict'
  | 'malformed'

const SAFETY_CODES = new Set([
  'contentPolicyViolation',
  'providerContentPolicyViolation',
  'sensitiveContentDetected',
  'unsafeContentDetected',
  'nsfwContentDetected',
  'promptBlocked',
  'imageBlocked',
  'moderationFailed'
])

/** Maps an API error code (and the HTTP status it came with) to a category. */
export function classifyCode(code: string, httpStatus?: number): RunwareCategory {
  const c = code.toLowerCase()
  if (code === 'conflictTaskUUID') return 'conflict'
  if (SAFETY_CODES.has(code) || /contentpolicy|nsfw|blocked|moderation/.test(c)) return 'safety'
  if (/credits|quota|balance|paymentrequired/.test(c) || httpStatus === 402) return 'credits'
  if (/apikey|unauthori[sz]ed|forbidden|tokenexpired|accountsuspended|authentication/.test(c) || httpStatus === 401 || httpStatus === 403) return 'auth'
  if (/ratelimit/.test(c) || httpStatus === 429) return 'rateLimit'
  if (/timeout/.test(c) || httpStatus === 408 || httpStatus === 504) return 'timeout'
  if (/notfound|expired|taskcancelled|unknownmodel/.test(c)) return 'notFound'
  if (/^provider|taskfailed|inferenceerror|noavailableserver|modelunavailable/.test(c)) return 'provider'
  if (/internalservererror|serviceunavailable|servererror|badgateway/.test(c) || (httpStatus !== undefined && httpStatus >= 500)) return 'server'
  if (/^(invalid|missing|conflict|duplicate|unsupported|unknown|value|array|max|min)/.test(c) || httpStatus === 400) return 'validation'
  return 'server'
}

/** Categories worth another attempt with the same taskUUID. */
export function isRetryable(category: RunwareCategory): boolean {
  return category === 'rateLimit' || category === 'timeout' || category === 'provider' || category === 'server' || category === 'network' || category === 'malformed'
}

const MESSAGES: Record<RunwareCategory, string> = {
  auth: 'Your Runware API key was refused. Check it in Settings.',
  credits: 'Out of credits: top up your Runware balance to keep generating.',
  safety: 'The prompt or image was rejected by the content filter.',
  validation: 'Runware rejected the request as invalid.',
  rateLimit: 'Runware is busy (rate limited). The app retries on its own.',
  timeout: 'Runware took too long to answer.',
  provider: 'The image provider behind Runware failed to make the image.',
  server: 'Runware had a server error.',
  network: 'Runware could not be reached. Check your internet connection.',
  notFound: 'Runware no longer has what was asked for.',
  conflict: 'Runware already has this task.',
  malformed: 'Runware sent an answer the app could not read.'
}

const APP_CODES: Record<RunwareCategory, ErrorCode> = {
  auth: 'API_AUTH',
  credits: 'API_CREDITS',
  safety: 'API_SAFETY',
  validation: 'API_VALIDATION',
  rateLimit: 'API_RATE_LIMIT',
  timeout: 'API_TIMEOUT',
  provider: 'API_PROVIDER',
  server: 'API_SERVER',
  network: 'NETWORK',
  notFound: 'API_NOT_FOUND',
  conflict: 'API_VALIDATION',
  malformed: 'API_SERVER'
}

export interface RunwareErrorDetails {
  category: RunwareCategory
  /** Runware's own code (e.g. `invalidApiKey`) or a synthetic one (`http503`, `network`). */
  apiCode: string
  /** Runware's message, kept for the log; never contains the API key. */
  detail?: string
  httpStatus?: number
  parameter?: string | string[]
  taskUUID?: string
  retryAfterMs?: number
}

export class RunwareError extends AppError {
  readonly category: RunwareCategory
  readonly apiCode: string
  readonly detail?: string
  readonly httpStatus?: number
  readonly parameter?: string | string[]
  readonly taskUUID?: string
  readonly retryAfterMs?: number
  /** Set when the pipeline stopped retrying this transient failure. */
  gaveUp = false

  constructor(d: RunwareErrorDetails, options?: { cause?: unknown }) {
    const param = Array.isArray(d.parameter) ? d.parameter.join(', ') : d.parameter
    const base = MESSAGES[d.category]
    const message = d.category === 'validation' && d.detail ? `${base} ${param ? `(${param}) ` : ''}${d.detail}` : base
    super(APP_CODES[d.category], message, options)
    this.name = 'RunwareError'
    this.category = d.category
    this.apiCode = d.apiCode
    this.detail = d.detail
    this.httpStatus = d.httpStatus
    this.parameter = d.parameter
    this.taskUUID = d.taskUUID
    this.retryAfterMs = d.retryAfterMs
  }

  get retryable(): boolean {
    return isRetryable(this.category)
  }
}
