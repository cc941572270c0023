/**
 * The generation queue: validates a request, writes its row (with its taskUUID)
 * before anything is sent, runs up to `concurrency` jobs, cancels, recovers
 * unfinished jobs at start-up, and publishes typed progress snapshots.
 */
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { checkGenerationParams, type GenerationParams, type GenerationRecipe } from '../../shared/generation'
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
import { serializeError } from '../logging/serialize-error'
import { Journal } from '../journal/journal'

/** The queue after a restart: jobs that ended this long ago at most, and this many at most. */
const RECENT_JOBS_MS = 24 * 60 * 60 * 1000
const RECENT_JOBS = 50

/** What a job canceled while the network is down says until Runware can be asked about it. */
export const CANCELED_OFFLINE = 'Canceled. When the network is back, the app checks with Runware whether anything was billed.'

export interface GenerationServiceDeps {
  db: WritableDB
  /** Where the row and its references are journaled (default: none). */
  journal?: Journal
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
  /**
   * Run jobs another process started and abandoned (crashed, quit). The app does;
   * the CLI runs only its own, so it never takes over the app's queue.
   */
  adoptOrphans?: boolean
  /** A job whose owner has not written a heartbeat for this long may be taken over. */
  staleMs?: number
  /**
   * Clear finished, kept across restarts: jobs that ended at or before this time (ms) are
   * not listed. Held in the settings table (journaled); default: nothing cleared, in memory.
   */
  queueClearedAt?: { get(): number; set(ms: number): void }
}

/** `host:pid:nonce` of this process's generation service. */
export function makeInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
}

/** True when `owner` names a process on this machine that no longer exists. */
export function ownerIsDead(owner: string): boolean {
  const [host, pidText] = owner.split(':')
  const pid = Number(pidText)
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
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
  private readonly doneWaiters = new Map<number, ((p: JobProgress) => void)[]>()
  private readonly idleWaiters: (() => void)[] = []
  /** Every job this process has run, in launch order (what `imagine resume` reports on). */
  private readonly launched: number[] = []
  private heartbeatTimer: NodeJS.Timeout | null = null
  /** When Clear finished last ran (read once from `queueClearedAt`). */
  private clearedMs: number | null = null
  readonly instanceId = makeInstanceId()

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
      commitConcurrency: 4,
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
    const keyProblem = this.d.client.keyProblem()
    if (keyProblem) throw new AppError('VALIDATION', keyProblem)
    const prepared: PreparedReference[] = []
    for (const ref of check.params.references) prepared.push(await this.d.refs.prepare(ref))
    // The stored request names bytes by the reference they became, not by up to 50 MB of JSON.
    const params: GenerationParams = {
      ...check.params,
      references: check.params.references.map((r, i) => (r.kind === 'bytes' ? { kind: 'prepared', referenceId: prepared[i]!.referenceId } : r))
    }
    const taskUUID = randomUUID()
    const generationId = (this.d.journal ?? Journal.off(this.d.db)).tx(() => {
      const id = this.d.repo.create({ taskUUID, model, params, aspect: aspectOf(model, params.width, params.height), now: this.now(), owner: this.instanceId })
      this.d.refs.link(id, prepared)
      return id
    })
    this.publish(generationId)
    this.pump()
    return { generationId, taskUUID }
  }

  /** Every setting generation `generationId` was sent with; its references by stored id. */
  recipe(generationId: number): GenerationRecipe {
    const row = this.d.repo.get(generationId)
    if (!row) throw new AppError('NOT_FOUND', `There is no generation #${generationId}`)
    const { references: _refs, webhookURL: _hook, uploadEndpoint: _upload, includeCost: _cost, ...settings } = JSON.parse(row.params) as GenerationParams
    return { ...settings, model: row.model, taskUUID: row.task_uuid, referenceIds: this.d.refs.idsFor(generationId) }
  }

  /**
   * The same request again (Vary, Retry, Run again): the stored settings, the same
   * references by id (nothing is read from where they first came from), a new taskUUID.
   * It runs with the model in Settings now; the recipe says which model made the original.
   */
  async runAgain(generationId: number): Promise<{ generationId: number; taskUUID: string }> {
    const row = this.d.repo.get(generationId)
    if (!row) throw new AppError('NOT_FOUND', `There is no generation #${generationId}`)
    const params = JSON.parse(row.params) as GenerationParams
    const references = this.d.refs.idsFor(generationId).map((referenceId) => ({ kind: 'prepared' as const, referenceId }))
    return this.start({ ...params, references })
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
    const snap = this.publish(generationId)
    this.pump()
    return snap
  }

  /** Resumes unfinished jobs after a restart and removes temp files a crash left behind. */
  recover(): { resumed: number; queued: number; tempFilesRemoved: number } {
    const tempFilesRemoved = this.d.store.cleanTemp()
    this.reopenStoppedByDisk()
    const unfinished = this.d.repo.unfinished()
    const queued = this.d.repo.queued()
    for (const row of queued) if (row.cancel_requested) this.d.repo.setStatus(row.id, 'canceled', this.now(), { message: 'Canceled before anything was sent.' })
    this.d.log.info('recovering generations', { resumed: unfinished.length, queued: queued.length, tempFilesRemoved })
    this.pump()
    return { resumed: unfinished.length, queued: queued.length, tempFilesRemoved }
  }

  /**
   * Jobs a full or read-only disk stopped go on where they were: Runware keeps their
   * results by taskUUID, so the images are fetched again and nothing is billed twice.
   * Polled again when some results were never recorded, otherwise just downloaded.
   * Only at recover() (start-up, `imagine resume`): pump() must not retry a disk that is still full.
   */
  /**
   * The person asks to go on with one job the disk stopped (space is back): reopened as at
   * recover(), then started. Any other job is refused: Retry makes a new, billed request.
   */
  resumeStopped(generationId: number): JobProgress {
    const row = this.d.repo.stoppedByDisk().find((r) => r.id === generationId)
    if (!row) throw new ValidationError('Only a job a full or read-only disk stopped can be resumed', 'generationId')
    if (!this.active.has(row.id)) {
      const recorded = this.d.repo.results(row.id).length
      this.d.repo.reopen(row.id, recorded >= row.number_results ? 'downloading' : 'running', this.instanceId, this.now())
    }
    this.pump()
    return this.get(generationId)
  }

  private reopenStoppedByDisk(): void {
    for (const row of this.d.repo.stoppedByDisk()) {
      if (this.active.has(row.id)) continue
      const recorded = this.d.repo.results(row.id).length
      if (this.d.repo.reopen(row.id, recorded >= row.number_results ? 'downloading' : 'running', this.instanceId, this.now())) {
        this.d.log.info('resuming a job the disk stopped', { generationId: row.id, code: row.error_code })
      }
    }
  }

  /** Starts jobs while there is room: unfinished ones first, then the oldest queued. */
  pump(): void {
    if (this.shutdownCtl.signal.aborted) return
    const limit = Math.max(1, this.d.settings().concurrency)
    // A canceled job still collecting its paid images does not hold a slot.
    const busy = (): number => [...this.active.values()].filter((j) => !j.cancel.signal.aborted).length
    const now = this.now()
    const staleBefore = now - (this.d.staleMs ?? 30_000)
    const candidates = [...this.d.repo.unfinished(), ...this.d.repo.queued()]
    for (const row of candidates) {
      if (busy() >= limit) break
      if (this.active.has(row.id)) continue
      const mine = row.owner === this.instanceId
      if (!mine && this.d.adoptOrphans === false) continue
      const dead = row.owner !== null && !mine && ownerIsDead(row.owner) ? row.owner : null
      if (!this.d.repo.claim(row.id, this.instanceId, now, staleBefore, dead)) continue
      this.launch(row)
    }
    this.ensureHeartbeat()
  }

  /** Tells other processes sharing the library that our jobs are alive. */
  private ensureHeartbeat(): void {
    if (this.active.size === 0 && this.d.repo.queued().every((r) => r.owner !== this.instanceId)) {
      if (this.heartbeatTimer) clearInterval(this.heartbeatTimer)
      this.heartbeatTimer = null
      return
    }
    if (this.heartbeatTimer) return
    this.heartbeatTimer = setInterval(() => this.d.repo.heartbeat(this.instanceId, this.now()), 10_000)
    this.heartbeatTimer.unref()
  }

  private launch(row: GenerationRow): void {
    const job = {
      id: row.id,
      cancel: new AbortController(),
      shutdown: this.shutdownCtl.signal,
      retries: 0,
      waitingForNetwork: false
    } as Active
    if (row.cancel_requested) job.cancel.abort()
    this.active.set(row.id, job)
    this.launched.push(row.id)
    job.done = this.runner
      .run(job)
      .catch((error: unknown) => {
        if (this.shutdownCtl.signal.aborted) return // the row stays resumable
        const appError = error instanceof AppError ? error : null
        // Expected failures (Runware refused, retries given up) are warnings; anything else is a bug.
        if (appError) this.d.log.warn('generation failed', { generationId: row.id, code: appError.code, error: serializeError(error) })
        else this.d.log.error('generation failed unexpectedly', { generationId: row.id, error: serializeError(error) })
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
        if (this.active.size === 0) this.idleWaiters.splice(0).forEach((w) => w())
      })
  }

  /**
   * Resolves once this process runs no job and found none more to take: the
   * headless `imagine resume` waits here after recover(), which adopts as at start-up.
   */
  whenIdle(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Every job not yet final (queued ones too, and those a full or read-only disk stopped) and the process that holds it (`host:pid:nonce`, null when released). */
  openJobs(): { generationId: number; taskUUID: string; status: GenerationRow['status']; owner: string | null }[] {
    // A job the disk stopped is open too: recover() takes it up again.
    return [...this.d.repo.unfinished(), ...this.d.repo.queued(), ...this.d.repo.stoppedByDisk()]
      .sort((a, b) => a.id - b.id)
      .map((r) => ({ generationId: r.id, taskUUID: r.task_uuid, status: r.status, owner: r.owner }))
  }

  /** The ids of every job this process has run so far, in the order it started them. */
  ran(): number[] {
    return [...this.launched]
  }

  /** Resolves with the final snapshot of a job once it has ended. */
  whenDone(generationId: number): Promise<JobProgress> {
    const snap = this.get(generationId)
    if (FINAL_STATUSES.includes(this.d.repo.get(generationId)!.status)) return Promise.resolve(snap)
    return new Promise((resolve) => {
      const list = this.doneWaiters.get(generationId) ?? []
      list.push(resolve)
      this.doneWaiters.set(generationId, list)
    })
  }

  /** Stops all jobs where they are; their rows let the next start resume them. */
  async shutdown(): Promise<void> {
    this.shutdownCtl.abort(new AppError('CANCELED', 'Shutting down'))
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer)
    this.heartbeatTimer = null
    await Promise.all([...this.active.values()].map((j) => j.done))
    this.d.repo.release(this.instanceId)
  }

  get(generationId: number): JobProgress {
    const row = this.d.repo.get(generationId)
    if (!row) throw new NotFoundError(`There is no generation #${generationId}`)
    return this.snapshot(row)
  }

  /** Unfinished jobs, those finished in this session and those that ended in the last day, newest first, less those cleared. */
  list(): JobProgress[] {
    return this.listedRows().map((r) => this.snapshot(r))
  }

  /**
   * Clear finished: every listed job that has ended leaves the queue, for good (a restart
   * does not bring it back). A job still collecting paid images after a cancel has not ended
   * and stays. Answers the ids that left.
   */
  clearFinished(): number[] {
    const ended = this.listedRows().filter((r) => FINAL_STATUSES.includes(r.status) && r.finished_at !== null && !this.active.has(r.id))
    if (ended.length === 0) return []
    const through = Math.max(this.clearedAt(), ...ended.map((r) => r.finished_at!))
    this.clearedMs = through
    this.d.queueClearedAt?.set(through)
    return ended.map((r) => r.id)
  }

  /** Jobs that ended at or before this time were cleared from the queue. */
  private clearedAt(): number {
    return this.clearedMs ?? (this.clearedMs = this.d.queueClearedAt?.get() ?? 0)
  }

  private listedRows(): GenerationRow[] {
    const ids = new Set<number>([...this.d.repo.unfinished(), ...this.d.repo.queued()].map((r) => r.id))
    for (const id of this.recent) ids.add(id)
    // The queue remembers: jobs that ended in the last day (at most 50) show after a restart too.
    for (const r of this.d.repo.recentFinished(this.now() - RECENT_JOBS_MS, RECENT_JOBS)) ids.add(r.id)
    const cleared = this.clearedAt()
    return [...ids]
      .sort((a, b) => b - a)
      .map((id) => this.d.repo.get(id))
      .filter((r): r is GenerationRow => r !== undefined)
      .filter((r) => !(FINAL_STATUSES.includes(r.status) && r.finished_at !== null && r.finished_at <= cleared))
  }

  images(generationId: number): JobImage[] {
    return this.d.repo.images(generationId).map((i) => ({ imageId: i.id, sha256: i.sha256, path: i.path, width: i.width, height: i.height, format: i.format, bytes: i.bytes }))
  }

  private publish(generationId: number): JobProgress {
    const row = this.d.repo.get(generationId)!
    const snap = this.snapshot(row)
    this.d.emit(snap)
    if (FINAL_STATUSES.includes(row.status) && !this.active.has(generationId)) {
      const waiters = this.doneWaiters.get(generationId)
      this.doneWaiters.delete(generationId)
      waiters?.forEach((w) => w(snap))
    }
    return snap
  }

  private snapshot(row: GenerationRow): JobProgress {
    const job = this.active.get(row.id)
    const results = this.d.repo.results(row.id)
    const final = FINAL_STATUSES.includes(row.status)
    const status = row.cancel_requested && !final ? 'canceled' : row.status
    // Canceled while offline: the app still asks Runware, once it can, whether the request got there,
    // but the person canceled: the job says so, not "waiting for network".
    const canceledOffline = status === 'canceled' && !final && (job?.waitingForNetwork ?? false)
    const snap: JobProgress = {
      generationId: row.id,
      taskUUID: row.task_uuid,
      prompt: row.prompt,
      status,
      imagesDone: results.filter((r) => r.image_id !== null).length,
      imagesTotal: row.number_results,
      elapsedMs: (row.finished_at ?? this.now()) - row.created_at,
      costUsd: row.cost,
      waitingForNetwork: !canceledOffline && (job?.waitingForNetwork ?? false),
      retries: row.retries
    }
    const referenceIds = this.d.refs.idsFor(row.id)
    if (referenceIds.length > 0) snap.referenceIds = referenceIds
    if (row.message) snap.message = row.message
    else if (canceledOffline) snap.message = CANCELED_OFFLINE
    if (row.error_code) snap.error = { code: row.error_code, message: row.error_message ?? row.error_code }
    return snap
  }
}
