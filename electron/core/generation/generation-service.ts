/**
 * The generation queue: validates a request, writes its row (with its taskUUID)
 * before anything is sent, runs up to `concurrency` jobs, cancels, recovers
 * unfinished jobs at start-up, and publishes typed progress snapshots.
 */
import { randomUUID } from 'node:crypto'
import { checkGenerationParams } from '../../shared/generation'
import { FINAL_STATUSES, type JobImage, type JobProgress } from '../../shared/jobs'
import type { WritableDB } from '../db/connection'
import type { GenerationRow, GenerationsRepo } from '../db/repos/generations-repo'
import { AppError, NotFoundError, ValidationError } from '../errors'
import type { ImageStore } from '../files/image-store'
import type { Logger } from '../log'
import type { RunwareClient } from '../runware/client'
import { DEFAULT_RETRY, type Connectivity, type RetryPolicy } from '../runware/retry'
import { aspectOf } from './build-task'
import { DEFAULT_POLL, JobRunner, type JobState, type PollPolicy } from './job-runner'
import type { PreparedReference, ReferenceService } from './references'

export interface GenerationServiceDeps {
  db: WritableDB
  repo: GenerationsRepo
  store: ImageStore
  refs: ReferenceService
  client: RunwareClient
  connectivity: Connectivity
  settings(): { model: string; concurrency: number }
  log: Logger
  emit(progress: JobProgress): void
  onImagesAdded?(imageIds: number[]): void
  fetch?: typeof fetch
  now?(): number
  retry?: RetryPolicy
  poll?: PollPolicy
  downloadConcurrency?: number
  syncTimeoutMs?: number
}

interface Active extends JobState {
  done: Promise<void>
}

export class GenerationService {
  private readonly active = new Map<number, Active>()
  private readonly shutdownCtl = new AbortController()
  private readonly runner: JobRunner
  private readonly now: () => number
  /** Finished in this session: still shown by list() so a reloaded UI sees the outcome. */
  private readonly recent: number[] = []
  private idleWaiters: (() => void)[] = []

  constructor(private readonly d: GenerationServiceDeps) {
    this.now = d.now ?? Date.now
    this.runner = new JobRunner({
      repo: d.repo,
      store: d.store,
      refs: d.refs,
      client: d.client,
      connectivity: d.connectivity,
      fetch: d.fetch ?? fetch,
      log: d.log,
      now: this.now,
      retry: d.retry ?? DEFAULT_RETRY,
      poll: d.poll ?? DEFAULT_POLL,
      downloadConcurrency: d.downloadConcurrency ?? 4,
      syncTimeoutMs: d.syncTimeoutMs ?? 180_000,
      onChange: (id) => this.publish(id),
      onImageStored: (_gen, imageId) => d.onImagesAdded?.([imageId])
    })
  }

  /** Validates, prepares references (nothing is sent yet), writes the row, queues it. */
  async start(input: unknown): Promise<{ generationId: number; taskUUID: string }> {
    if (this.shutdownCtl.signal.aborted) throw new AppError('INTERNAL', 'The app is shutting down')
    const { model } = this.d.settings()
    const check = checkGenerationParams(model, input)
    if (!check.ok) throw new ValidationError(check.message, check.field)
    if (!this.d.client.hasKey()) throw new AppError('NO_API_KEY', 'Add your Runware API key in Settings (or set RUNWARE_API_KEY) to generate.')
    const params = check.params
    const prepared: PreparedReference[] = []
    for (const ref of params.references) prepared.push(await this.d.refs.prepare(ref))
    const taskUUID = randomUUID()
    const generationId = this.d.db.transaction(() => {
      const id = this.d.repo.create({ taskUUID, model, params, aspect: aspectOf(model, params.width, params.height), now: this.now() })
      this.d.refs.link(id, prepared)
      return id
    })()
    this.publish(generationId)
    this.pump()
    return { generationId, taskUUID }
  }

  /**
   * Queued: canceled, nothing sent. Accepted: we stop waiting for the person, but
   * keep collecting what Runware already makes (it is billed) and say so.
   */
  cancel(generationId: number): JobProgress {
    const row = this.d.repo.get(generationId)
    if (!row) throw new NotFoundError(`There is no generation #${generationId}`)
    if (FINAL_STATUSES.includes(row.status)) return this.snapshot(row)
    this.d.repo.requestCancel(generationId, this.now())
    const job = this.active.get(generationId)
    if (!job) {
      this.d.repo.setStatus(generationId, 'canceled', this.now(), { message: 'Canceled before anything was sent.' })
    } else {
      job.cancel.abort()
      const after = this.d.repo.get(generationId)!
      if (after.status === 'running' || after.status === 'downloading') {
        this.d.repo.setStatus(generationId, after.status, this.now(), {
          message: 'Canceled. Runware had already accepted this request, so images it still delivers are kept (they are paid for).'
        })
      }
    }
    return this.publish(generationId)
  }

  /** Resumes unfinished jobs after a restart and removes temp files a crash left behind. */
  recover(): { resumed: number; queued: number; tempFilesRemoved: number } {
    const tempFilesRemoved = this.d.store.cleanTemp()
    const unfinished = this.d.repo.unfinished()
    const queued = this.d.repo.queued()
    for (const row of queued) if (row.cancel_requested) this.d.repo.setStatus(row.id, 'canceled', this.now(), { message: 'Canceled before anything was sent.' })
    this.d.log.info('recovering generations', { resumed: unfinished.length, queued: queued.length, tempFilesRemoved })
    this.pump()
    return { resumed: unfinished.length, queued: queued.length, tempFilesRemoved }
  }

  /** Starts jobs while there is room: unfinished ones first, then the oldest queued. */
  pump(): void {
    if (this.shutdownCtl.signal.aborted) return
    const limit = Math.max(1, this.d.settings().concurrency)
    const candidates = [...this.d.repo.unfinished(), ...this.d.repo.queued()]
    for (const row of candidates) {
      if (this.active.size >= limit) break
      if (this.active.has(row.id)) continue
      this.launch(row)
    }
    if (this.active.size === 0) this.idleWaiters.splice(0).forEach((w) => w())
  }

  private launch(row: GenerationRow): void {
    const job = {
      id: row.id,
      cancel: new AbortController(),
      shutdown: this.shutdownCtl.signal,
      retries: 0,
      waitingForNetwork: false
    } as Active
    this.active.set(row.id, job)
    job.done = this.runner
      .run(job)
      .catch((error: unknown) => {
        if (this.shutdownCtl.signal.aborted) return // the row stays resumable
        const appError = error instanceof AppError ? error : null
        if (!appError) this.d.log.error('generation failed unexpectedly', { generationId: row.id, error: String(error) })
        this.d.repo.setStatus(row.id, 'failed', this.now(), {
          errorCode: appError?.code ?? 'INTERNAL',
          errorMessage: appError?.message ?? 'Something went wrong in the app. Details are in the log.'
        })
      })
      .finally(() => {
        this.active.delete(row.id)
        if (!this.shutdownCtl.signal.aborted) {
          this.recent.push(row.id)
          if (this.recent.length > 50) this.recent.shift()
          this.publish(row.id)
        }
        this.pump()
      })
  }

  /** Resolves when no job runs and none is queued. */
  idle(): Promise<void> {
    if (this.active.size === 0 && this.d.repo.queued().length === 0) return Promise.resolve()
    return new Promise((r) => this.idleWaiters.push(r))
  }

  /** Stops all jobs where they are; their rows let the next start resume them. */
  async shutdown(): Promise<void> {
    this.shutdownCtl.abort(new AppError('CANCELED', 'Shutting down'))
    await Promise.all([...this.active.values()].map((j) => j.done))
  }

  get(generationId: number): JobProgress {
    const row = this.d.repo.get(generationId)
    if (!row) throw new NotFoundError(`There is no generation #${generationId}`)
    return this.snapshot(row)
  }

  /** Unfinished jobs and those finished in this session, newest first. */
  list(): JobProgress[] {
    const ids = new Set<number>([...this.d.repo.unfinished(), ...this.d.repo.queued()].map((r) => r.id))
    for (const id of this.recent) ids.add(id)
    return [...ids]
      .sort((a, b) => b - a)
      .map((id) => this.d.repo.get(id))
      .filter((r): r is GenerationRow => r !== undefined)
      .map((r) => this.snapshot(r))
  }

  images(generationId: number): JobImage[] {
    return this.d.repo.images(generationId).map((i) => ({ imageId: i.id, sha256: i.sha256, path: i.path, width: i.width, height: i.height, format: i.format, bytes: i.bytes }))
  }

  private publish(generationId: number): JobProgress {
    const row = this.d.repo.get(generationId)!
    const snap = this.snapshot(row)
    this.d.emit(snap)
    return snap
  }

  private snapshot(row: GenerationRow): JobProgress {
    const job = this.active.get(row.id)
    const results = this.d.repo.results(row.id)
    const final = FINAL_STATUSES.includes(row.status)
    const snap: JobProgress = {
      generationId: row.id,
      taskUUID: row.task_uuid,
      prompt: row.prompt,
      status: row.cancel_requested && !final ? 'canceled' : row.status,
      imagesDone: results.filter((r) => r.image_id !== null).length,
      imagesTotal: row.number_results,
      elapsedMs: (row.finished_at ?? this.now()) - row.created_at,
      costUsd: row.cost,
      waitingForNetwork: job?.waitingForNetwork ?? false,
      retries: job?.retries ?? Math.max(0, row.attempts - 1)
    }
    if (row.message) snap.message = row.message
    if (row.error_code) snap.error = { code: row.error_code, message: row.error_message ?? row.error_code }
    return snap
  }
}
