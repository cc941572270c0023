// Strict validation of imageInference tasks for xai:grok-imagine@image, following the
// model's parameter page (shared/reference/000_7cf9c1d7f0e2ad1f.txt). The first problem
// found in a task is reported, like the real API.
import { decodeInlineImage, sniff } from './images'
import type { ApiError, DeliveryMethod, OutputFormat, OutputType } from './types'

export const MODEL = 'xai:grok-imagine@image'
export const PRICE_PER_IMAGE = 0.02
export const PRICE_PER_REFERENCE = 0.002
export const MAX_PROMPT = 4000

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i
export const ANY_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const SIZES: readonly (readonly [number, number])[] = [
  [1024, 1024], [896, 1280], [1280, 896], [768, 1408], [1408, 768], [864, 1296], [1296, 864],
  [576, 1248], [1248, 576], [576, 1280], [1280, 576], [704, 1408], [1408, 704]
]

const INFERENCE_KEYS = new Set([
  'taskType', 'taskUUID', 'model', 'positivePrompt', 'width', 'height', 'resolution', 'numberResults', 'outputType',
  'outputFormat', 'outputQuality', 'ttl', 'includeCost', 'deliveryMethod', 'safety', 'webhookURL', 'uploadEndpoint', 'inputs'
])
const OUTPUT_TYPES: readonly OutputType[] = ['URL', 'dataURI', 'base64Data']
const OUTPUT_FORMATS: readonly OutputFormat[] = ['JPG', 'PNG', 'WEBP']

export interface InferenceParams {
  width: number
  height: number
  numberResults: number
  outputType: OutputType
  outputFormat: OutputFormat
  outputQuality: number
  ttl?: number
  includeCost: boolean
  deliveryMethod: DeliveryMethod
  checkContent: boolean
  referenceImages: string[]
  /** Total task cost in USD. */
  cost: number
}

export interface ValidationContext {
  maxReferenceImages: number
  /** Whether an imageUUID is known to the server (uploaded or generated, not forgotten). */
  knowsImage(imageUUID: string): boolean
}

export class TaskError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly parameter?: string | string[],
    readonly httpStatus = 400
  ) {
    super(message)
  }

  toApi(taskType?: string, taskUUID?: string): ApiError {
    const e: ApiError = { code: this.code, message: this.message }
    if (this.parameter !== undefined) e.parameter = this.parameter
    if (taskType !== undefined) e.taskType = taskType
    if (taskUUID !== undefined) e.taskUUID = taskUUID
    return e
  }
}

function fail(code: string, message: string, parameter?: string | string[]): never {
  throw new TaskError(code, message, parameter)
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false
  try {
    const u = new URL(v)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0
  } catch {
    return false
  }
}

/** Rejects keys outside `allowed` with unsupportedParameter. */
export function checkKeys(task: Record<string, unknown>, allowed: ReadonlySet<string>, prefix = ''): void {
  for (const key of Object.keys(task)) {
    if (!allowed.has(key)) fail('unsupportedParameter', `Parameter '${prefix}${key}' is not supported by this task or model.`, `${prefix}${key}`)
  }
}

export function checkTaskUUID(task: Record<string, unknown>): string {
  const id = task.taskUUID
  if (typeof id !== 'string' || !UUID_V4.test(id)) fail('invalidTaskUUID', 'taskUUID must be a UUID v4 string.', 'taskUUID')
  return id
}

function checkSize(task: Record<string, unknown>): { width: number; height: number } {
  const { width, height, resolution } = task
  const hasW = width !== undefined
  const hasH = height !== undefined
  if (resolution !== undefined && (hasW || hasH)) {
    fail('conflictingParameters', 'resolution cannot be combined with width/height.', ['resolution', 'width', 'height'])
  }
  if (resolution !== undefined) {
    if (resolution !== '1K') fail('invalidResolution', "resolution must be '1K' for this model.", 'resolution')
    return { width: 1024, height: 1024 }
  }
  if (hasW && !hasH) fail('missingHeight', 'height is required when width is given.', 'height')
  if (hasH && !hasW) fail('missingWidth', 'width is required when height is given.', 'width')
  if (!hasW) return { width: 1024, height: 1024 }
  if (!isInt(width)) fail('invalidWidth', 'width must be an integer.', 'width')
  if (!isInt(height)) fail('invalidHeight', 'height must be an integer.', 'height')
  if (!SIZES.some(([w, h]) => w === width && h === height)) {
    fail('invalidWidth', `${width}x${height} is not a supported size. Allowed: ${SIZES.map(([w, h]) => `${w}x${h}`).join(', ')}.`, ['width', 'height'])
  }
  return { width, height }
}

function checkSafety(safety: unknown): boolean {
  if (safety === undefined) return false
  if (!isObject(safety)) fail('invalidSafety', 'safety must be an object.', 'safety')
  checkKeys(safety, new Set(['checkContent', 'mode']), 'safety.')
  if (safety.checkContent !== undefined && typeof safety.checkContent !== 'boolean') {
    fail('invalidSafety', 'safety.checkContent must be a boolean.', 'safety.checkContent')
  }
  if (safety.mode !== undefined && safety.mode !== 'none' && safety.mode !== 'fast') {
    fail('invalidSafety', "safety.mode must be 'none' or 'fast'.", 'safety.mode')
  }
  return safety.checkContent === true
}

function checkReference(ref: unknown, ctx: ValidationContext): void {
  const p = 'inputs.referenceImages'
  if (typeof ref !== 'string' || ref.length === 0) fail('invalidReferenceImages', 'Each reference image must be a non-empty string.', p)
  if (ANY_UUID.test(ref)) {
    if (!ctx.knowsImage(ref.toLowerCase())) fail('mediaNotFound', `Image ${ref} was not found (never uploaded or deleted).`, p)
    return
  }
  if (ref.startsWith('data:')) {
    const inline = decodeInlineImage(ref)
    if (!inline) fail('invalidReferenceImages', 'A data URI must look like data:image/(png|jpeg|webp);base64,...', p)
    if (sniff(inline.bytes) === null) fail('invalidReferenceImages', 'The data URI does not contain a PNG, JPEG or WEBP image.', p)
    return
  }
  if (isHttpUrl(ref)) return
  const inline = decodeInlineImage(ref)
  if (inline && sniff(inline.bytes) !== null) return
  fail('invalidReferenceImages', 'A reference image must be an imageUUID, a data URI, base64 image data or an http(s) URL.', p)
}

function checkInputs(inputs: unknown, ctx: ValidationContext): string[] {
  if (inputs === undefined) return []
  if (!isObject(inputs)) fail('invalidInputs', 'inputs must be an object.', 'inputs')
  checkKeys(inputs, new Set(['referenceImages']), 'inputs.')
  const refs = inputs.referenceImages
  if (refs === undefined) return []
  const p = 'inputs.referenceImages'
  if (!Array.isArray(refs)) fail('invalidReferenceImages', 'inputs.referenceImages must be an array.', p)
  if (refs.length === 0) fail('invalidReferenceImages', 'inputs.referenceImages must not be empty.', p)
  if (refs.length > ctx.maxReferenceImages) {
    fail('invalidReferenceImages', `At most ${ctx.maxReferenceImages} reference image(s) are supported by this model.`, p)
  }
  for (const ref of refs) checkReference(ref, ctx)
  return refs as string[]
}

function optionalEnum<T extends string>(task: Record<string, unknown>, key: string, allowed: readonly T[], fallback: T, code: string): T {
  const v = task[key]
  if (v === undefined) return fallback
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) fail(code, `${key} must be one of ${allowed.join(', ')}.`, key)
  return v as T
}

/** Validates one imageInference task (taskType/taskUUID already checked). Throws TaskError. */
export function validateInference(task: Record<string, unknown>, ctx: ValidationContext): InferenceParams {
  checkKeys(task, INFERENCE_KEYS)
  if (task.model !== MODEL) fail('unknownModel', `Unknown model '${String(task.model)}'; this server only serves ${MODEL}.`, 'model')

  const prompt = task.positivePrompt
  if (prompt === undefined) fail('missingPositivePrompt', 'positivePrompt is required.', 'positivePrompt')
  if (typeof prompt !== 'string' || prompt.trim().length === 0) fail('invalidPositivePrompt', 'positivePrompt must be a non-empty string.', 'positivePrompt')
  if (prompt.length > MAX_PROMPT) fail('invalidPositivePromptLength', `positivePrompt must be at most ${MAX_PROMPT} characters.`, 'positivePrompt')

  const { width, height } = checkSize(task)

  const n = task.numberResults ?? 1
  if (!isInt(n) || n < 1 || n > 20) fail('invalidNumberResults', 'numberResults must be an integer from 1 to 20.', 'numberResults')

  const outputType = optionalEnum(task, 'outputType', OUTPUT_TYPES, 'URL', 'invalidOutputType')
  const outputFormat = optionalEnum(task, 'outputFormat', OUTPUT_FORMATS, 'JPG', 'invalidOutputFormat')

  const q = task.outputQuality ?? 95
  if (!isInt(q) || q < 20 || q > 99) fail('invalidOutputQuality', 'outputQuality must be an integer from 20 to 99.', 'outputQuality')

  const ttl = task.ttl
  if (ttl !== undefined) {
    if (!isInt(ttl) || ttl < 60) fail('invalidTtl', 'ttl must be an integer >= 60 (seconds).', 'ttl')
    if (outputType !== 'URL') fail('invalidTtl', 'ttl only applies when outputType is URL.', 'ttl')
  }

  if (task.includeCost !== undefined && typeof task.includeCost !== 'boolean') fail('invalidIncludeCost', 'includeCost must be a boolean.', 'includeCost')
  const deliveryMethod = optionalEnum<DeliveryMethod>(task, 'deliveryMethod', ['sync', 'async'], 'sync', 'invalidDeliveryMethod')
  const checkContent = checkSafety(task.safety)
  if (task.webhookURL !== undefined && !isHttpUrl(task.webhookURL)) fail('invalidWebhookURL', 'webhookURL must be an http(s) URL.', 'webhookURL')
  if (task.uploadEndpoint !== undefined && !isHttpUrl(task.uploadEndpoint)) fail('invalidUploadEndpoint', 'uploadEndpoint must be an http(s) URL.', 'uploadEndpoint')
  const referenceImages = checkInputs(task.inputs, ctx)

  const perImage = PRICE_PER_IMAGE + PRICE_PER_REFERENCE * referenceImages.length
  return {
    width,
    height,
    numberResults: n,
    outputType,
    outputFormat,
    outputQuality: q,
    ttl: ttl as number | undefined,
    includeCost: task.includeCost === true,
    deliveryMethod,
    checkContent,
    referenceImages,
    cost: roundUsd(perImage * n)
  }
}

/** Rounds to micro-dollars so sums of prices compare cleanly. */
export function roundUsd(v: number): number {
  return Math.round(v * 1e6) / 1e6
}
