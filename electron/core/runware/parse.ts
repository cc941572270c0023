/**
 * Defensive parsing of Runware replies (runware-api.md §2.3): `data` and/or
 * `errors`, a singular `error` object, the legacy `{error: true, errorMessage}`,
 * a bare array of errors, items with `status: "error"`, empty bodies. Never
 * throws on odd input: anything unreadable becomes a `malformed` outcome.
 */

export interface ApiErrorItem {
  code: string
  message: string
  parameter?: string | string[]
  taskUUID?: string
  taskType?: string
}

/** A result item, one per produced image (or a processing placeholder). */
export interface ResultItem {
  taskType: string
  taskUUID: string
  status?: 'processing' | 'success'
  imageUUID?: string
  imageURL?: string
  imageBase64Data?: string
  imageDataURI?: string
  seed?: number
  cost?: number
  NSFWContent?: boolean
  /** accountManagement */
  balance?: { amount: number; currency: string }
}

export interface Envelope {
  data: ResultItem[]
  errors: ApiErrorItem[]
  /** True when the body could not be read as a Runware reply at all. */
  malformed: boolean
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)

function toError(v: unknown, fallbackTask?: string): ApiErrorItem | null {
  if (!isObj(v)) return null
  // Legacy shape: { error: true, errorId, errorMessage }
  const code = str(v.code) ?? str(v.errorId) ?? (typeof v.errorId === 'number' ? `error${v.errorId}` : undefined) ?? 'unknownError'
  const message = str(v.message) ?? str(v.errorMessage) ?? code
  const parameter = str(v.parameter) ?? (Array.isArray(v.parameter) && v.parameter.every((p) => typeof p === 'string') ? (v.parameter as string[]) : undefined)
  const taskUUID = str(v.taskUUID) ?? fallbackTask
  const out: ApiErrorItem = { code: code.slice(0, 200), message: message.slice(0, 2000) }
  if (parameter !== undefined) out.parameter = parameter
  if (taskUUID !== undefined) out.taskUUID = taskUUID
  const taskType = str(v.taskType)
  if (taskType !== undefined) out.taskType = taskType
  return out
}

function toItem(v: unknown): ResultItem | ApiErrorItem | null {
  if (!isObj(v)) return null
  const taskUUID = str(v.taskUUID)
  if (taskUUID === undefined) return null
  if (v.status === 'error' || v.status === 'failed') {
    return toError(isObj(v.error) ? { ...v.error, taskUUID } : { code: 'taskFailed', message: 'The task failed', taskUUID }, taskUUID)
  }
  const item: ResultItem = { taskType: str(v.taskType) ?? 'unknown', taskUUID }
  if (v.status === 'processing' || v.status === 'pending') item.status = 'processing'
  else if (v.status === 'success') item.status = 'success'
  for (const k of ['imageUUID', 'imageURL', 'imageBase64Data', 'imageDataURI'] as const) {
    const s = str(v[k])
    if (s !== undefined) item[k] = s
  }
  const seed = num(v.seed)
  if (seed !== undefined) item.seed = seed
  const cost = num(v.cost)
  if (cost !== undefined && cost >= 0) item.cost = cost
  if (typeof v.NSFWContent === 'boolean') item.NSFWContent = v.NSFWContent
  if (isObj(v.balance) && num(v.balance.amount) !== undefined) {
    item.balance = { amount: num(v.balance.amount)!, currency: str(v.balance.currency) ?? 'USD' }
  }
  return item
}

const isError = (x: ResultItem | ApiErrorItem): x is ApiErrorItem => 'code' in x

export function parseEnvelope(httpStatus: number, text: string): Envelope {
  const env: Envelope = { data: [], errors: [], malformed: false }
  const trimmed = text.trim()
  if (trimmed === '') {
    if (httpStatus === 401) env.errors.push({ code: 'invalidApiKey', message: 'HTTP 401 with an empty body' })
    else if (httpStatus >= 400) env.errors.push({ code: `http${httpStatus}`, message: `HTTP ${httpStatus} with an empty body` })
    else env.malformed = true
    return env
  }
  let body: unknown
  try {
    body = JSON.parse(trimmed)
  } catch {
    env.malformed = true
    if (httpStatus >= 400) env.errors.push({ code: `http${httpStatus}`, message: `HTTP ${httpStatus}` })
    return env
  }
  const addErrors = (list: unknown): void => {
    for (const e of Array.isArray(list) ? list : [list]) {
      const err = toError(e)
      if (err) env.errors.push(err)
    }
  }
  if (Array.isArray(body)) {
    addErrors(body)
  } else if (isObj(body)) {
    if (Array.isArray(body.data)) {
      for (const raw of body.data) {
        const item = toItem(raw)
        if (item === null) continue
        if (isError(item)) env.errors.push(item)
        else env.data.push(item)
      }
    }
    if (body.errors !== undefined) addErrors(body.errors)
    if (isObj(body.error)) addErrors({ ...body.error, taskUUID: str(body.error.taskUUID) ?? str(body.taskUUID) })
    else if (body.error === true) addErrors(body)
    if (body.data === undefined && body.errors === undefined && body.error === undefined) env.malformed = true
  } else {
    env.malformed = true
  }
  if (env.data.length === 0 && env.errors.length === 0 && httpStatus >= 400) {
    env.errors.push({ code: `http${httpStatus}`, message: `HTTP ${httpStatus}` })
  }
  return env
}
