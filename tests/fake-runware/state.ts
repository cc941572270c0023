// Server state: accepted tasks, results and their readiness, uploads, the billing ledger.
import { randomInt, randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { FaultQueue } from './faults'
import { EXT, renderImage, sha256 } from './images'
import type { FakeOptions, ResultRecord, TaskRecord, UploadRecord } from './types'
import { roundUsd } from './validate'

/** Task record plus the fault-driven readiness rules (not part of the public shape). */
export interface InternalTask extends TaskRecord {
  /** getResponse polls that must pass before any result is reported done (asyncProcessingPolls). */
  minPolls: number
  /** partialBatch: results with index >= partialReady wait 2 polls after the first partial answer. */
  partialReady?: number
  partialShownAtPoll?: number
}

export interface UploadTask {
  taskUUID: string
  imageUUID?: string
}

export type ResultState = 'processing' | 'success' | 'error'

export interface ResolvedOptions {
  apiKey: string
  latencyMs: number
  perImageLatencyMs: number
  maxReferenceImages: number
  small: boolean
  now: () => number
  seed: () => number
}

export class FakeState {
  readonly opts: ResolvedOptions
  readonly faults = new FaultQueue()
  readonly tasks = new Map<string, InternalTask>()
  readonly uploadTasks = new Map<string, UploadTask>()
  readonly uploads = new Map<string, UploadRecord>()
  readonly images = new Map<string, { task: InternalTask; result: ResultRecord }>()
  readonly charges: { taskUUID: string; amount: number }[] = []
  /** imageInference tasks received per taskUUID (lower-cased): the accepted one and every conflicting resend. */
  readonly submissions = new Map<string, number>()
  /** Generated imageUUIDs that may be used as reference images. */
  private readonly referenceable = new Set<string>()
  private balanceMicros: number
  private readonly closing = new AbortController()
  origin = ''

  constructor(options: FakeOptions) {
    this.opts = {
      apiKey: options.apiKey ?? 'test-key',
      latencyMs: options.latencyMs ?? 0,
      perImageLatencyMs: options.perImageLatencyMs ?? 0,
      maxReferenceImages: options.maxReferenceImages ?? 1,
      small: options.imageBytes === 'small',
      now: options.now ?? Date.now,
      seed: options.seed ?? (() => randomInt(1, 2 ** 31 - 1))
    }
    this.balanceMicros = Math.round((options.balance ?? 100) * 1e6)
  }

  get balance(): number {
    return this.balanceMicros / 1e6
  }

  setBalance(usd: number): void {
    this.balanceMicros = Math.round(usd * 1e6)
  }

  /** Deducts `amount` if the balance covers it. */
  charge(taskUUID: string, amount: number): boolean {
    const micros = Math.round(amount * 1e6)
    if (micros > this.balanceMicros) return false
    this.balanceMicros -= micros
    this.charges.push({ taskUUID, amount: roundUsd(amount) })
    return true
  }

  get signal(): AbortSignal {
    return this.closing.signal
  }

  abortAll(): void {
    this.closing.abort()
  }

  /** Sleeps, but rejects as soon as the server closes (so no handler outlives close()). */
  async sleep(ms: number): Promise<void> {
    if (ms <= 0) return
    await delay(ms, undefined, { signal: this.closing.signal })
  }

  /** A taskUUID that already names accepted work (inference or upload). */
  isTaken(taskUUID: string): boolean {
    const key = taskUUID.toLowerCase()
    return this.tasks.has(key) || this.uploadTasks.has(key)
  }

  knowsImage(imageUUID: string): boolean {
    return this.uploads.has(imageUUID) || this.referenceable.has(imageUUID)
  }

  forgetUploads(): void {
    this.uploads.clear()
    this.referenceable.clear()
  }

  findUploadBySha(hash: string): UploadRecord | undefined {
    for (const u of this.uploads.values()) if (u.sha256 === hash) return u
    return undefined
  }

  addUpload(bytes: Buffer): UploadRecord {
    const hash = sha256(bytes)
    const existing = this.findUploadBySha(hash)
    if (existing) return existing
    const record = { imageUUID: randomUUID(), bytes: bytes.length, sha256: hash }
    this.uploads.set(record.imageUUID, record)
    return record
  }

  /** Creates the results of a newly accepted task; readiness is measured from now. */
  makeResults(n: number, p: { format: ResultRecord['format']; width: number; height: number; cost: number }): ResultRecord[] {
    const now = this.opts.now()
    return Array.from({ length: n }, (_, index) => ({
      index,
      imageUUID: randomUUID(),
      seed: this.opts.seed(),
      format: p.format,
      width: p.width,
      height: p.height,
      cost: roundUsd(p.cost / n),
      readyAt: now + this.opts.latencyMs + (index + 1) * this.opts.perImageLatencyMs
    }))
  }

  addTask(task: InternalTask): void {
    this.tasks.set(task.taskUUID.toLowerCase(), task)
    for (const result of task.results) {
      this.images.set(result.imageUUID, { task, result })
      if (!result.error) this.referenceable.add(result.imageUUID)
    }
  }

  private baseReady(task: InternalTask, r: ResultRecord, now: number): boolean {
    return now >= r.readyAt && (task.deliveryMethod === 'sync' || task.polls > task.minPolls)
  }

  /** Counts one getResponse poll and applies the partialBatch rule. */
  poll(task: InternalTask): void {
    task.polls += 1
    if (task.partialReady === undefined || task.partialShownAtPoll !== undefined) return
    const now = this.opts.now()
    const group = task.results.slice(0, Math.max(task.partialReady, 1))
    if (group.every((r) => this.baseReady(task, r, now))) task.partialShownAtPoll = task.polls
  }

  state(task: InternalTask, r: ResultRecord): ResultState {
    if (!this.baseReady(task, r, this.opts.now())) return 'processing'
    if (task.partialReady !== undefined && r.index >= task.partialReady) {
      if (task.partialShownAtPoll === undefined || task.polls < task.partialShownAtPoll + 2) return 'processing'
    }
    return r.error ? 'error' : 'success'
  }

  async bytesOf(r: ResultRecord): Promise<Buffer> {
    if (!r.bytes) {
      const bytes = await renderImage({ format: r.format, width: r.width, height: r.height, seed: r.seed, imageUUID: r.imageUUID, small: this.opts.small })
      r.bytes ??= bytes
      r.sha256 ??= sha256(r.bytes)
    }
    return r.bytes
  }

  imageURL(r: ResultRecord): string {
    return `${this.origin}/images/${r.imageUUID}.${EXT[r.format]}`
  }

  /** The success item for a result (without status). */
  async successItem(task: InternalTask, r: ResultRecord): Promise<Record<string, unknown>> {
    const item: Record<string, unknown> = { taskType: 'imageInference', taskUUID: task.taskUUID, imageUUID: r.imageUUID, seed: r.seed }
    if (task.includeCost) item.cost = r.cost
    if (task.checkContent) item.NSFWContent = false
    const bytes = await this.bytesOf(r)
    if (task.outputType === 'URL') item.imageURL = this.imageURL(r)
    else if (task.outputType === 'base64Data') item.imageBase64Data = bytes.toString('base64')
    else item.imageDataURI = `data:${r.format === 'JPG' ? 'image/jpeg' : r.format === 'PNG' ? 'image/png' : 'image/webp'};base64,${bytes.toString('base64')}`
    return item
  }

  errorOf(task: InternalTask, r: ResultRecord): { code: string; message: string } {
    return r.error ?? { code: 'taskFailed', message: `result ${r.index} of task ${task.taskUUID} failed` }
  }

  /** True if the image may be served (known, done, not failed, ttl not elapsed). */
  servable(imageUUID: string, ext: string): ResultRecord | undefined {
    const entry = this.images.get(imageUUID)
    if (!entry) return undefined
    const { task, result } = entry
    if (EXT[result.format] !== ext || result.error) return undefined
    const now = this.opts.now()
    if (now < result.readyAt) return undefined
    if (task.ttlSeconds !== undefined && now - result.readyAt > task.ttlSeconds * 1000) return undefined
    return result
  }
}
