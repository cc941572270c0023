/**
 * Runs one generation through its stages, resuming from whatever its row says:
 * submitting → running (polling) → downloading → a final state. Every retry
 * re-sends the same taskUUID; `conflictTaskUUID` means Runware already has the
 * task, so we poll it. A retry never mints a new taskUUID (that could bill twice).
 */
import type { GenerationParams } from '../../shared/generation'
import type { GenerationsRepo, GenerationRow } from '../db/repos/generations-repo'
import { AppError } from '../errors'
import { DiskWriteError, TempFileVanishedError, type ImageStore, type TempFile } from '../files/image-store'
import type { Logger } from '../log'
import { taskError, type PostResult, type RunwareClient } from '../runware/client'
import { RunwareError } from '../runware/errors'
import type { ResultItem } from '../runware/parse'
import { backoffDelay, CanceledError, sleep, waitUntilOnline, type Connectivity, type RetryPolicy } from '../runware/retry'
import { buildInferenceTask } from './build-task'
import { decodeInline, downloadToTemp, ExpiredUrlError } from './downloader'
import type { ReferenceService } from './references'

export interface PollPolicy {
  firstMs: number
  stepMs: number
  factor: number
  capMs: number
  /** Give up waiting for an accepted task after this long. */
  budgetMs: number
}

export const DEFAULT_POLL: PollPolicy = { firstMs: 1000, stepMs: 500, factor: 1.5, capMs: 10_000, budgetMs: 20 * 60_000 }

export interface RunnerDeps {
  repo: GenerationsRepo
  store: ImageStore
  refs: ReferenceService
  client: RunwareClient
  connectivity: Connectivity
  fetch: typeof fetch
  log: Logger
  now(): number
  retry: RetryPolicy
  poll: PollPolicy
  downloadConcurrency: number
  /** How many downloaded images are checked, thumbnailed and recorded at once. */
  commitConcurrency: number
  /** Timeout of one synchronous imageInference request. */
  syncTimeoutMs: number
  onChange(generationId: number): void
  onImageStored(generationId: number, imageId: number): void
}

/** Mutable state of a running job, shared with the service for snapshots and cancel. */
export interface JobState {
  id: number
  /** Aborts sleeps and network waits when the person cancels. */
  cancel: AbortController
  /** Aborts everything when the app shuts down (the row stays resumable). */
  shutdown: AbortSignal
  retries: number
  waitingForNetwork: boolean
}

type SubmitOutcome = { kind: 'accepted' } | { kind: 'results'; items: ResultItem[]; errors: RunwareError[] }

const hasImage = (d: ResultItem): boolean => Boolean(d.imageUUID && (d.imageURL || d.imageBase64Data || d.imageDataURI))
const isRefParam = (p: string | string[] | undefined): boolean => (Array.isArray(p) ? p.join(',') : p ?? '').includes('referenceImages')

export class JobRunner {
  constructor(private readonly d: RunnerDeps) {}

  async run(job: JobState): Promise<void> {
    let repolled = false
    for (;;) {
      const row = this.row(job.id)
      switch (row.status) {
        case 'queued':
        case 'submitting':
          await this.submit(job, row)
          break
        case 'running':
          await this.poll(job, row)
          break
        case 'downloading': {
          await this.downloadPending(job, row, new Map())
          // Inline (base64) results whose bytes were lost in a crash: ask Runware for them again.
          const lost = this.d.repo.results(job.id).filter((r) => r.image_id === null && r.error_code === null && r.url === null)
          if (lost.length > 0 && !repolled) {
            repolled = true
            this.set(job, 'running')
            break
          }
          for (const r of lost) this.d.repo.markResultFailed(job.id, r.image_uuid, 'inlineDataLost', 'The image data was lost and Runware did not send it again.')
          this.finish(job, this.row(job.id))
          break
        }
        default:
          return
      }
    }
  }

  private row(id: number): GenerationRow {
    const row = this.d.repo.get(id)
    if (!row) throw new AppError('NOT_FOUND', `Generation ${id} disappeared`)
    return row
  }

  private set(job: JobState, status: GenerationRow['status'], extra: Parameters<GenerationsRepo['setStatus']>[3] = {}): void {
    this.d.repo.setStatus(job.id, status, this.d.now(), extra)
    this.d.onChange(job.id)
  }

  /** Retries transient failures with backoff; waits out a dead network without spending attempts. */
  private async withRetry<T>(job: JobState, op: () => Promise<T>, opts: { cancelable: boolean }): Promise<T> {
    let attempt = 0
    const waitSignal = opts.cancelable ? AbortSignal.any([job.cancel.signal, job.shutdown]) : job.shutdown
    for (;;) {
      try {
        return await op()
      } catch (error) {
        if (!(error instanceof RunwareError) || !error.retryable || job.shutdown.aborted) throw error
        if (error.category === 'network' && !(await this.d.connectivity.isOnline())) {
          job.waitingForNetwork = true
          this.d.onChange(job.id)
          try {
            await waitUntilOnline(this.d.connectivity, waitSignal)
          } finally {
            job.waitingForNetwork = false
            this.d.onChange(job.id)
          }
          continue
        }
        attempt++
        if (attempt >= this.d.retry.maxAttempts) {
          error.gaveUp = true
          throw error
        }
        job.retries++
        this.d.repo.bumpRetries(job.id)
        this.d.log.warn('transient failure, retrying', { generationId: job.id, code: error.apiCode, attempt })
        this.d.onChange(job.id)
        await sleep(backoffDelay(attempt, this.d.retry, error.retryAfterMs), waitSignal)
      }
    }
  }

  private async submit(job: JobState, row: GenerationRow): Promise<void> {
    if (row.cancel_requested) {
      // Still queued: nothing was sent. Caught mid-submit (a restart after a cancel): ask Runware.
      if (row.status === 'queued') this.set(job, 'canceled', { message: 'Canceled before anything was sent.' })
      else await this.canceledBeforeAcceptance(job, row)
      return
    }
    this.set(job, 'submitting')
    const params = JSON.parse(row.params) as GenerationParams
    let forceUpload = false
    let outcome: SubmitOutcome
    try {
      outcome = await this.withRetry(
        job,
        async () => {
          for (;;) {
            const refIds = await this.d.refs.remoteIds(job.id, { force: forceUpload, signal: job.shutdown })
            const task = buildInferenceTask(params, row.model, row.task_uuid, refIds)
            this.d.repo.setRequest(job.id, task, this.d.now())
            this.d.repo.bumpAttempts(job.id)
            const sync = params.deliveryMethod === 'sync'
            const result = await this.d.client.post([task], { signal: job.shutdown, timeoutMs: sync ? this.d.syncTimeoutMs : 30_000 })
            const items = result.envelope.data.filter((d) => d.taskUUID === row.task_uuid)
            const images = items.filter(hasImage)
            const err = taskError(result, row.task_uuid)
            if (images.length > 0) return { kind: 'results', items: images, errors: this.itemErrors(result, row.task_uuid) } as const
            if (!err) return { kind: 'accepted' } as const
            if (err.category === 'conflict') return { kind: 'accepted' } as const
            // Runware forgot an uploaded reference (30 days unused): upload again, once.
            if (err.category === 'notFound' && isRefParam(err.parameter) && !forceUpload) {
              forceUpload = true
              continue
            }
            throw err
          }
        },
        { cancelable: true }
      )
    } catch (error) {
      if (error instanceof CanceledError && !job.shutdown.aborted) return this.canceledBeforeAcceptance(job, row)
      throw error
    }
    if (outcome.kind === 'accepted') {
      this.set(job, 'running')
      return
    }
    this.set(job, 'running')
    await this.ingest(job, row, outcome.items, outcome.errors)
    this.set(job, 'downloading')
  }

  /** Per-result errors that came with some successes (a partial batch). */
  private itemErrors(result: PostResult, taskUUID: string): RunwareError[] {
    return result.envelope.errors
      .filter((e) => e.taskUUID === taskUUID)
      .map((e) => new RunwareError({ category: 'provider', apiCode: e.code, detail: e.message, taskUUID }))
  }

  /**
   * Cancelled while retrying a submit: did Runware get it? Ask by taskUUID. If it
   * has the task, we collect its (paid) images anyway; if not, nothing was billed.
   */
  private async canceledBeforeAcceptance(job: JobState, row: GenerationRow): Promise<void> {
    try {
      const r = await this.withRetry(job, () => this.d.client.post([{ taskType: 'getResponse', taskUUID: row.task_uuid }], { signal: job.shutdown }), { cancelable: false })
      const err = taskError(r, row.task_uuid)
      if (err && err.category === 'notFound') {
        this.set(job, 'canceled', { message: 'Canceled before Runware accepted it: nothing was billed.' })
        return
      }
      this.set(job, 'running')
    } catch (error) {
      if (job.shutdown.aborted) throw error
      this.set(job, 'canceled', { message: 'Canceled. The app could not confirm whether Runware had accepted the task.' })
    }
  }

  private async poll(job: JobState, row: GenerationRow): Promise<void> {
    const start = row.accepted_at ?? this.d.now()
    let delay = this.d.poll.firstMs
    for (;;) {
      // Polling goes on after a cancel: images still arriving were paid for.
      await sleep(delay, job.shutdown)
      delay = delay === this.d.poll.firstMs ? delay + this.d.poll.stepMs : Math.min(this.d.poll.capMs, delay * this.d.poll.factor)
      const r = await this.withRetry(job, () => this.d.client.post([{ taskType: 'getResponse', taskUUID: row.task_uuid }], { signal: job.shutdown }), { cancelable: false })
      const items = r.envelope.data.filter((d) => d.taskUUID === row.task_uuid)
      const images = items.filter(hasImage)
      const errors = this.itemErrors(r, row.task_uuid)
      const err = images.length === 0 && items.length === 0 ? taskError(r, row.task_uuid) : null
      if (err) {
        if (err.category === 'notFound') {
          this.set(job, 'interrupted', { errorCode: err.code, errorMessage: 'Runware no longer has this task, so its results cannot be collected.' })
          return
        }
        if (!err.retryable) throw err
      }
      await this.ingest(job, this.row(job.id), images, errors)
      const results = this.d.repo.results(job.id)
      const current = this.row(job.id)
      if (results.length >= current.number_results) {
        this.set(job, 'downloading')
        return
      }
      if (this.d.now() - start > this.d.poll.budgetMs) {
        if (current.cancel_requested) this.finish(job, current)
        else this.set(job, 'failed', { errorCode: 'API_TIMEOUT', errorMessage: `Runware did not finish within ${Math.round(this.d.poll.budgetMs / 60000)} minutes.` })
        return
      }
    }
  }

  /** Records results (before fetching, so a crash can resume) and stores their files. */
  private async ingest(job: JobState, row: GenerationRow, items: ResultItem[], errors: RunwareError[]): Promise<void> {
    const recorded = this.d.repo.results(job.id)
    const known = new Set(recorded.map((r) => r.image_uuid))
    const fresh = items.filter((it) => !known.has(it.imageUUID!))
    // Failed results carry no image id, and every poll repeats all failures so far: record
    // only those beyond the ones already recorded, under stable ids (failed-0, failed-1, …).
    const alreadyFailed = recorded.filter((r) => r.image_uuid.startsWith('failed-')).length
    const failed = errors.slice(alreadyFailed).map((e, i) => ({ imageUuid: `failed-${alreadyFailed + i}`, url: null, seed: null, cost: null, nsfw: null, errorCode: e.apiCode, errorMessage: e.detail ?? e.message }))
    if (fresh.length > 0 || failed.length > 0) {
      this.d.repo.recordResults(
        job.id,
        [...fresh.map((it) => ({ imageUuid: it.imageUUID!, url: it.imageURL ?? null, seed: it.seed ?? null, cost: it.cost ?? null, nsfw: it.NSFWContent ?? null })), ...failed],
        this.d.now()
      )
      this.d.onChange(job.id)
    }
    const inline = new Map(items.filter((it) => !it.imageURL).map((it) => [it.imageUUID!, it]))
    await this.downloadPending(job, row, inline)
  }

  /**
   * Fetches every recorded result that has no file yet, a few at a time. Fetching
   * (network) and committing (hash check, thumbnail, row: CPU and disk) overlap:
   * a download slot is freed as soon as its bytes are on disk.
   */
  private async downloadPending(job: JobState, row: GenerationRow, inline: Map<string, ResultItem>): Promise<void> {
    const pending = this.d.repo.results(job.id).filter((r) => r.image_id === null && r.error_code === null)
    const commits: Promise<void>[] = []
    const commitSlots = limiter(this.d.commitConcurrency)
    let next = 0
    // A full or read-only disk stops the job: no further image is fetched, those in flight end first.
    let diskFailure: DiskWriteError | null = null
    const worker = async (): Promise<void> => {
      while (next < pending.length && !diskFailure) {
        const r = pending[next++]!
        const refetch = (): Promise<TempFile | null> => this.fetchOne(job, r.image_uuid, r.url, inline.get(r.image_uuid))
        let fetched: TempFile | null
        try {
          fetched = await refetch()
        } catch (error) {
          if (error instanceof DiskWriteError) diskFailure ??= error
          throw error
        }
        const tmp = fetched
        if (tmp) {
          if (diskFailure) await this.d.store.discardTemp(tmp).catch(() => undefined)
          else {
            const commit = commitSlots(() => (diskFailure ? this.d.store.discardTemp(tmp) : this.commitOne(job, row, tmp, r, refetch))).catch((error: unknown) => {
              if (error instanceof DiskWriteError) diskFailure ??= error
              throw error
            })
            // Read by allSettled below, once the fetches end; until then a failed commit must not
            // count as an unhandled rejection (it may fail long before the last download is done).
            commit.catch(() => undefined)
            commits.push(commit)
          }
        }
      }
    }
    // Every worker and every commit settles before this returns: a failure must not orphan a write still going on.
    const fetched = await Promise.allSettled(Array.from({ length: Math.min(this.d.downloadConcurrency, pending.length) }, worker))
    const committed = await Promise.allSettled(commits)
    if (diskFailure) throw diskFailure
    const failure = [...fetched, ...committed].find((s) => s.status === 'rejected')
    if (failure) throw failure.reason
  }

  /** The bytes of one result in a temp file, or null when it failed (recorded) or has no data here. */
  private async fetchOne(job: JobState, imageUuid: string, url: string | null, item: ResultItem | undefined): Promise<TempFile | null> {
    try {
      if (url) return await this.withRetry(job, () => downloadToTemp(this.d.store, url, this.d.fetch, { signal: job.shutdown }), { cancelable: false })
      const bytes = item ? decodeInline(item) : null
      // Inline data lost (e.g. after a crash): a later poll brings it again.
      return bytes ? await this.d.store.writeTempBuffer(bytes) : null
    } catch (error) {
      if (error instanceof ExpiredUrlError || (error instanceof RunwareError && !job.shutdown.aborted)) {
        this.d.repo.markResultFailed(job.id, imageUuid, error instanceof RunwareError ? error.apiCode : 'urlExpired', error.message)
        this.d.onChange(job.id)
        return null
      }
      throw error
    }
  }

  private async commitOne(
    job: JobState,
    row: GenerationRow,
    tmp: TempFile,
    r: { image_uuid: string; position: number; seed: number | null; cost: number | null; nsfw: number | null },
    refetch: () => Promise<TempFile | null>
  ): Promise<void> {
    let stored
    try {
      stored = await this.commitFetchingAgain(job, tmp, r.image_uuid, refetch)
      if (!stored) return
    } catch (error) {
      // A full or read-only disk is not this image's fault: the job stops and resumes later.
      if (!(error instanceof AppError) || error instanceof DiskWriteError) throw error
      this.d.repo.markResultFailed(job.id, r.image_uuid, error.code, error.message)
      this.d.onChange(job.id)
      return
    }
    const imageId = this.d.repo.addImage({
      generationId: job.id,
      imageUuid: r.image_uuid,
      ...stored,
      seed: r.seed,
      cost: r.cost,
      nsfw: r.nsfw === null ? null : r.nsfw === 1,
      position: r.position,
      createdAt: this.d.now()
    })
    this.d.onImageStored(row.id, imageId)
    this.d.onChange(job.id)
  }

  /**
   * Commits a temp file; one that vanished first (not a bad image: e.g. removed by
   * another process) is fetched again, up to twice. Null when the refetch has
   * nothing (recorded as failed, or inline data a later poll brings again).
   */
  private async commitFetchingAgain(job: JobState, tmp: TempFile, imageUuid: string, refetch: () => Promise<TempFile | null>) {
    let current: TempFile | null = tmp
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.d.store.commit(current)
      } catch (error) {
        if (!(error instanceof TempFileVanishedError) || attempt > 2) throw error
        this.d.log.warn('temp file vanished before commit, fetching again', { generationId: job.id, imageUuid, attempt })
        current = await refetch()
        if (!current) return null
      }
    }
  }

  private finish(job: JobState, row: GenerationRow): void {
    const results = this.d.repo.results(job.id)
    const stored = results.filter((r) => r.image_id !== null).length
    const failed = results.filter((r) => r.error_code !== null)
    const total = row.number_results
    const plural = (n: number): string => `${n} image${n === 1 ? '' : 's'}`
    if (row.cancel_requested) {
      this.set(job, 'canceled', {
        message: stored > 0 ? `Canceled. ${plural(stored)} Runware had already made ${stored === 1 ? 'was' : 'were'} kept: ${stored === 1 ? 'it was' : 'they were'} paid for.` : 'Canceled.'
      })
    } else if (stored === total) {
      this.set(job, 'succeeded')
    } else if (stored > 0) {
      this.set(job, 'succeeded', { message: `${stored} of ${total} images arrived; ${failed.length || total - stored} failed${failed[0] ? `: ${failed[0].error_code}` : ''}.` })
    } else {
      this.set(job, 'failed', { errorCode: failed[0]?.error_code ?? 'API_PROVIDER', errorMessage: failed.length > 0 ? `No image could be saved (${failed[0]!.error_code}).` : 'Runware returned no images.' })
    }
  }
}

/** Runs at most `n` of the given tasks at once. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0
  const waiting: (() => void)[] = []
  return async (task) => {
    if (running >= n) await new Promise<void>((r) => waiting.push(r))
    running++
    try {
      return await task()
    } finally {
      running--
      waiting.shift()?.()
    }
  }
}
