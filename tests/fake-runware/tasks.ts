// Processing of the task objects in one POST /v1 body. Each task is handled on its own:
// validation errors, conflicts and billing failures end up in `errors`, everything else
// in `data`; sync inference answers wait until the task's results are done.
import { inspectImage, decodeInlineImage } from './images'
import type { FakeState, InternalTask } from './state'
import type { ApiError, FaultKind } from './types'
import { checkKeys, checkTaskUUID, isHttpUrl, TaskError, validateInference } from './validate'

const TASK_TYPES = ['imageInference', 'getResponse', 'imageUpload', 'accountManagement'] as const
type TaskType = (typeof TASK_TYPES)[number]

interface SlotResult {
  data: unknown[]
  errors: { error: ApiError; status: number }[]
}
type Slot = () => Promise<SlotResult>

export interface Outcome {
  status: number
  body: { data?: unknown[]; errors?: ApiError[] }
}

export interface RunContext {
  state: FakeState
  /** Kinds of faults consumed while processing (for the request log). */
  consumed: FaultKind[]
  /** Latest time any sync task in this request becomes done. */
  waitUntil: number
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

function ids(raw: unknown): { taskType?: string; taskUUID?: string } {
  if (!isObject(raw)) return {}
  return {
    taskType: typeof raw.taskType === 'string' ? raw.taskType : undefined,
    taskUUID: typeof raw.taskUUID === 'string' ? raw.taskUUID : undefined
  }
}

function acceptInference(ctx: RunContext, raw: Record<string, unknown>, taskUUID: string): Slot {
  const { state } = ctx
  const key = taskUUID.toLowerCase()
  state.submissions.set(key, (state.submissions.get(key) ?? 0) + 1)
  if (state.isTaken(taskUUID)) throw new TaskError('conflictTaskUUID', 'A task with this taskUUID already exists.', 'taskUUID')
  const p = validateInference(raw, { maxReferenceImages: state.opts.maxReferenceImages, knowsImage: (id) => state.knowsImage(id) })
  if (!state.charge(taskUUID, p.cost)) {
    throw new TaskError('insufficientCredits', `Insufficient credits: the task costs $${p.cost} but the balance is $${state.balance}.`, undefined, 402)
  }
  const results = state.makeResults(p.numberResults, { format: p.outputFormat, width: p.width, height: p.height, cost: p.cost })
  const task: InternalTask = {
    taskUUID,
    request: raw,
    deliveryMethod: p.deliveryMethod,
    results,
    polls: 0,
    createdAt: state.opts.now(),
    charged: p.cost,
    outputType: p.outputType,
    includeCost: p.includeCost,
    checkContent: p.checkContent,
    ttlSeconds: p.ttl,
    minPolls: 0
  }
  const failing = state.faults.takeKind('resultErrors')
  if (failing) {
    ctx.consumed.push('resultErrors')
    for (const r of results.slice(Math.max(0, results.length - failing.failed))) {
      r.error = { code: failing.code ?? 'taskFailed', message: `Injected failure of result ${r.index}.` }
    }
  }
  if (p.deliveryMethod === 'async') {
    const polls = state.faults.takeKind('asyncProcessingPolls')
    if (polls) {
      ctx.consumed.push('asyncProcessingPolls')
      task.minPolls = polls.polls
    }
    const partial = state.faults.takeKind('partialBatch')
    if (partial) {
      ctx.consumed.push('partialBatch')
      task.partialReady = partial.ready
    }
  }
  state.addTask(task)

  if (p.deliveryMethod === 'async') {
    return () => Promise.resolve({ data: [{ taskType: 'imageInference', taskUUID, status: 'processing' }], errors: [] })
  }
  ctx.waitUntil = Math.max(ctx.waitUntil, ...results.map((r) => r.readyAt))
  return async () => {
    const out: SlotResult = { data: [], errors: [] }
    for (const r of task.results) {
      if (r.error) out.errors.push({ error: { ...r.error, taskType: 'imageInference', taskUUID }, status: 400 })
      else out.data.push(await state.successItem(task, r))
    }
    return out
  }
}

function getResponse(ctx: RunContext, raw: Record<string, unknown>, taskUUID: string): Slot {
  const { state } = ctx
  checkKeys(raw, new Set(['taskType', 'taskUUID']))
  const key = taskUUID.toLowerCase()
  const task = state.tasks.get(key)
  if (task) {
    state.poll(task)
    const states = task.results.map((r) => [r, state.state(task, r)] as const)
    return async () => {
      const data: unknown[] = []
      for (const [r, s] of states) {
        if (s === 'processing') data.push({ taskType: 'imageInference', taskUUID: task.taskUUID, status: 'processing' })
        else if (s === 'error') data.push({ taskType: 'imageInference', taskUUID: task.taskUUID, status: 'error', error: state.errorOf(task, r) })
        else data.push({ ...(await state.successItem(task, r)), status: 'success' })
      }
      return { data, errors: [] }
    }
  }
  const upload = state.uploadTasks.get(key)
  if (upload) {
    const item = upload.imageUUID
      ? { taskType: 'imageUpload', taskUUID: upload.taskUUID, imageUUID: upload.imageUUID, status: 'success' }
      : { taskType: 'imageUpload', taskUUID: upload.taskUUID, status: 'processing' }
    return () => Promise.resolve({ data: [item], errors: [] })
  }
  throw new TaskError('taskNotFound', `No task with taskUUID ${taskUUID} was found.`, 'taskUUID')
}

async function loadImage(ctx: RunContext, image: string): Promise<Buffer> {
  const inline = decodeInlineImage(image)
  if (inline) return inline.bytes
  if (!isHttpUrl(image)) throw new TaskError('invalidImage', 'image must be a data URI, base64 image data or an http(s) URL.', 'image')
  const url = new URL(image)
  const own = /^\/images\/([0-9a-f-]{36})\.(jpg|png|webp)$/.exec(url.pathname)
  if (url.origin === ctx.state.origin && own) {
    const r = ctx.state.servable(own[1] ?? '', own[2] ?? '')
    if (!r) throw new TaskError('invalidImage', 'The image URL could not be downloaded (404).', 'image')
    return ctx.state.bytesOf(r)
  }
  if (!LOOPBACK.has(url.hostname)) {
    throw new TaskError('invalidImage', 'The fake server only downloads images from loopback URLs.', 'image')
  }
  try {
    const res = await fetch(url, { signal: AbortSignal.any([AbortSignal.timeout(5000), ctx.state.signal]) })
    if (!res.ok) throw new TaskError('invalidImage', `The image URL answered HTTP ${res.status}.`, 'image')
    return Buffer.from(await res.arrayBuffer())
  } catch (e) {
    if (e instanceof TaskError) throw e
    throw new TaskError('invalidImage', `The image URL could not be downloaded: ${String(e)}`, 'image')
  }
}

async function imageUpload(ctx: RunContext, raw: Record<string, unknown>, taskUUID: string): Promise<Slot> {
  const { state } = ctx
  checkKeys(raw, new Set(['taskType', 'taskUUID', 'image']))
  if (raw.image === undefined) throw new TaskError('missingImage', 'image is required.', 'image')
  if (typeof raw.image !== 'string' || raw.image.length === 0) throw new TaskError('invalidImage', 'image must be a non-empty string.', 'image')
  if (state.isTaken(taskUUID)) throw new TaskError('conflictTaskUUID', 'A task with this taskUUID already exists.', 'taskUUID')
  const key = taskUUID.toLowerCase()
  const pending = { taskUUID, imageUUID: undefined as string | undefined }
  state.uploadTasks.set(key, pending)
  try {
    const bytes = await loadImage(ctx, raw.image)
    const info = await inspectImage(bytes)
    if (!info) throw new TaskError('invalidImage', 'The image is not a readable PNG, JPEG or WEBP file.', 'image')
    pending.imageUUID = state.addUpload(bytes).imageUUID
  } catch (e) {
    state.uploadTasks.delete(key)
    throw e
  }
  const item = { taskType: 'imageUpload', taskUUID, imageUUID: pending.imageUUID }
  return () => Promise.resolve({ data: [item], errors: [] })
}

function accountManagement(ctx: RunContext, raw: Record<string, unknown>, taskUUID: string): Slot {
  checkKeys(raw, new Set(['taskType', 'taskUUID', 'operation']))
  if (raw.operation !== 'getDetails') throw new TaskError('invalidOperation', "operation must be 'getDetails'.", 'operation')
  const item = { taskType: 'accountManagement', taskUUID, balance: { amount: ctx.state.balance, currency: 'USD' } }
  return () => Promise.resolve({ data: [item], errors: [] })
}

async function acceptTask(ctx: RunContext, raw: unknown): Promise<Slot> {
  if (!isObject(raw)) throw new TaskError('invalidPayload', 'Each task must be a JSON object.')
  const type = raw.taskType
  if (typeof type !== 'string' || !(TASK_TYPES as readonly string[]).includes(type)) {
    throw new TaskError('unsupportedTaskType', `Unsupported taskType '${String(type)}'.`, 'taskType')
  }
  const taskUUID = checkTaskUUID(raw)
  switch (type as TaskType) {
    case 'imageInference':
      return acceptInference(ctx, raw, taskUUID)
    case 'getResponse':
      return getResponse(ctx, raw, taskUUID)
    case 'imageUpload':
      return imageUpload(ctx, raw, taskUUID)
    case 'accountManagement':
      return accountManagement(ctx, raw, taskUUID)
  }
}

/** Processes every task of a request body (already known to be a non-empty array). */
export async function runTasks(ctx: RunContext, tasks: unknown[]): Promise<Outcome> {
  const slots: Slot[] = []
  for (const raw of tasks) {
    try {
      slots.push(await acceptTask(ctx, raw))
    } catch (e) {
      if (!(e instanceof TaskError)) throw e
      const { taskType, taskUUID } = ids(raw)
      const entry = { error: e.toApi(taskType, taskUUID), status: e.httpStatus }
      slots.push(() => Promise.resolve({ data: [], errors: [entry] }))
    }
  }
  await ctx.state.sleep(ctx.waitUntil - ctx.state.opts.now())
  const data: unknown[] = []
  const errors: { error: ApiError; status: number }[] = []
  for (const slot of slots) {
    const r = await slot()
    data.push(...r.data)
    errors.push(...r.errors)
  }
  const body: Outcome['body'] = {}
  if (data.length > 0 || errors.length === 0) body.data = data
  if (errors.length > 0) body.errors = errors.map((e) => e.error)
  const statuses = new Set(errors.map((e) => e.status))
  const status = data.length > 0 ? 200 : statuses.size === 1 ? [...statuses][0] ?? 400 : 400
  return { status, body }
}
