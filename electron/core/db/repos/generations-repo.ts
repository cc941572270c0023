/**
 * Generation rows and the results Runware returned for them. Every state change
 * is written before the step it announces, so a crash can resume from the row.
 * Each write that changes the history (the row at every status, its results, its
 * images) is journaled in the same transaction (core/journal); claims and
 * heartbeats are not (they say which process runs a job now, nothing more).
 */
import type { WritableDB } from '../connection'
import { Journal } from '../../journal/journal'
import type { GenerationParams } from '../../../shared/generation'
import type { GenerationStatus } from '../../../shared/jobs'

export interface GenerationRow {
  id: number
  task_uuid: string
  prompt: string
  model: string
  params: string
  request: string
  status: GenerationStatus
  number_results: number
  output_type: string
  output_format: string
  delivery: string
  cost: number | null
  attempts: number
  retries: number
  cancel_requested: number
  error_code: string | null
  error_message: string | null
  message: string | null
  created_at: number
  submitted_at: number | null
  accepted_at: number | null
  finished_at: number | null
  owner: string | null
  heartbeat_at: number | null
}

export interface ResultRow {
  generation_id: number
  image_uuid: string
  position: number
  url: string | null
  seed: number | null
  cost: number | null
  nsfw: number | null
  image_id: number | null
  error_code: string | null
}

export interface NewImage {
  generationId: number
  imageUuid: string
  sha256: string
  path: string
  thumbPath: string
  width: number
  height: number
  format: 'png' | 'jpg' | 'webp'
  bytes: number
  /** Average colour, 0xRRGGBB (StoredImage.avgRgb); null leaves it to the backfill. */
  avgRgb: number | null
  seed: number | null
  cost: number | null
  nsfw: boolean | null
  position: number
  createdAt: number
}

export class GenerationsRepo {
  private readonly s

  constructor(
    private readonly db: WritableDB,
    private readonly journal: Journal = Journal.off(db)
  ) {
    this.s = {
      insert: db.prepare(`INSERT INTO generations
        (task_uuid, prompt, model, request, params, status, created_at, updated_at, width, height, resolution, aspect,
         output_format, output_type, delivery, number_results, reference_count, safety, owner, heartbeat_at)
        VALUES (@taskUUID, @prompt, @model, '{}', @params, 'queued', @now, @now, @width, @height, @resolution, @aspect,
         @outputFormat, @outputType, @delivery, @numberResults, @referenceCount, @safety, @owner, @now)`),
      get: db.prepare<[number], GenerationRow>('SELECT * FROM generations WHERE id = ?'),
      byStatus: db.prepare<[string], GenerationRow>('SELECT * FROM generations WHERE status = ? ORDER BY id'),
      unfinished: db.prepare<[], GenerationRow>(
        "SELECT * FROM generations WHERE status IN ('submitting', 'running', 'downloading') ORDER BY id"
      ),
      // The newest few hundred rows by id (a rowid range, cheap at any size), finished since a time.
      recentFinished: db.prepare<[number, number], GenerationRow>(
        'SELECT * FROM generations WHERE id > (SELECT ifnull(max(id), 0) - 500 FROM generations) AND finished_at >= ? ORDER BY id DESC LIMIT ?'
      ),
      stoppedByDisk: db.prepare<[], GenerationRow>(
        "SELECT * FROM generations WHERE status = 'failed' AND error_code IN ('DISK_FULL', 'READ_ONLY') ORDER BY id"
      ),
      reopen: db.prepare(`UPDATE generations SET status = @status, updated_at = @now, finished_at = NULL,
        error_code = NULL, error_message = NULL, message = NULL, owner = @me, heartbeat_at = @now
        WHERE id = @id AND status = 'failed' AND error_code IN ('DISK_FULL', 'READ_ONLY')`),
      setStatus: db.prepare(`UPDATE generations SET status = @status, updated_at = @now,
        submitted_at = CASE WHEN @status = 'submitting' THEN @now ELSE submitted_at END,
        accepted_at = CASE WHEN @status IN ('running', 'downloading') AND accepted_at IS NULL THEN @now ELSE accepted_at END,
        finished_at = CASE WHEN @status IN ('succeeded', 'failed', 'canceled', 'interrupted') THEN @now ELSE finished_at END,
        error_code = @errorCode, error_message = @errorMessage, message = @message
        WHERE id = @id`),
      setRequest: db.prepare('UPDATE generations SET request = ?, updated_at = ? WHERE id = ?'),
      bumpAttempts: db.prepare('UPDATE generations SET attempts = attempts + 1 WHERE id = ?'),
      bumpRetries: db.prepare('UPDATE generations SET retries = retries + 1 WHERE id = ?'),
      requestCancel: db.prepare('UPDATE generations SET cancel_requested = 1, updated_at = ? WHERE id = ?'),
      addResult: db.prepare(`INSERT INTO generation_results (generation_id, image_uuid, position, url, seed, cost, nsfw, received_at, error_code, error_message)
        VALUES (@generationId, @imageUuid, @position, @url, @seed, @cost, @nsfw, @now, @errorCode, @errorMessage)
        ON CONFLICT (generation_id, image_uuid) DO UPDATE SET url = COALESCE(excluded.url, url)`),
      results: db.prepare<[number], ResultRow>('SELECT * FROM generation_results WHERE generation_id = ? ORDER BY position'),
      resultError: db.prepare('UPDATE generation_results SET error_code = ?, error_message = ? WHERE generation_id = ? AND image_uuid = ?'),
      insertImage: db.prepare(`INSERT INTO images (generation_id, sha256, path, thumb_path, width, height, format, bytes, avg_rgb, created_at, image_uuid, seed, cost, nsfw, position)
        VALUES (@generationId, @sha256, @path, @thumbPath, @width, @height, @format, @bytes, @avgRgb, @createdAt, @imageUuid, @seed, @cost, @nsfw, @position)`),
      linkResult: db.prepare('UPDATE generation_results SET image_id = ? WHERE generation_id = ? AND image_uuid = ?'),
      sumCost: db.prepare(`UPDATE generations SET cost = (SELECT sum(cost) FROM generation_results WHERE generation_id = @id), updated_at = @now WHERE id = @id`),
      claim: db.prepare(`UPDATE generations SET owner = @me, heartbeat_at = @now
        WHERE id = @id AND (owner IS NULL OR owner = @me OR heartbeat_at < @staleBefore OR owner = @deadOwner)`),
      release: db.prepare(`UPDATE generations SET owner = NULL, heartbeat_at = NULL
        WHERE owner = ? AND status IN ('queued', 'submitting', 'running', 'downloading')`),
      heartbeat: db.prepare(`UPDATE generations SET heartbeat_at = ?
        WHERE owner = ? AND status IN ('queued', 'submitting', 'running', 'downloading')`),
      images: db.prepare<[number], { id: number; sha256: string; path: string; width: number; height: number; format: 'png' | 'jpg' | 'webp'; bytes: number }>(
        'SELECT id, sha256, path, width, height, format, bytes FROM images WHERE generation_id = ? ORDER BY position, id'
      )
    }
  }

  create(input: {
    taskUUID: string
    model: string
    params: GenerationParams
    aspect: string | null
    now: number
    owner: string
  }): number {
    const p = input.params
    return this.journal.tx(() => {
      const id = Number(
      this.s.insert.run({
        taskUUID: input.taskUUID,
        prompt: p.prompt,
        model: input.model,
        params: JSON.stringify(p),
        now: input.now,
        owner: input.owner,
        width: p.width ?? null,
        height: p.height ?? null,
        resolution: p.resolution ?? null,
        aspect: input.aspect,
        outputFormat: p.outputFormat,
        outputType: p.outputType,
        delivery: p.deliveryMethod,
        numberResults: p.numberResults,
        referenceCount: p.references.length,
        safety: p.safety?.checkContent ? 1 : 0
      }).lastInsertRowid
      )
      this.journal.put('generations', { id })
      return id
    })
  }

  get(id: number): GenerationRow | undefined {
    return this.s.get.get(id)
  }

  queued(): GenerationRow[] {
    return this.s.byStatus.all('queued')
  }

  unfinished(): GenerationRow[] {
    return this.s.unfinished.all()
  }

  /** Jobs that ended since `since` (ms), newest first, at most `limit`: the queue after a restart. */
  recentFinished(since: number, limit: number): GenerationRow[] {
    return this.s.recentFinished.all(since, limit)
  }

  /** Jobs stopped by a full or read-only disk: paid results kept by taskUUID, resumed by recover(). */

  stoppedByDisk(): GenerationRow[] {
    return this.s.stoppedByDisk.all()
  }

  /** Takes a job stopped by the disk back to `status` for `me`; false when another process already did. */
  reopen(id: number, status: 'running' | 'downloading', me: string, now: number): boolean {
    return this.journal.tx(() => {
      const changed = this.s.reopen.run({ id, status, me, now }).changes === 1
      if (changed) this.journal.put('generations', { id })
      return changed
    })
  }

  setStatus(id: number, status: GenerationStatus, now: number, extra: { errorCode?: string | null; errorMessage?: string | null; message?: string | null } = {}): void {
    this.journal.tx(() => {
      this.s.setStatus.run({ id, status, now, errorCode: extra.errorCode ?? null, errorMessage: extra.errorMessage ?? null, message: extra.message ?? null })
      this.journal.put('generations', { id })
    })
  }

  /** The exact task sent to Runware (never the key), stored before it is sent; journaled with the next status. */
  setRequest(id: number, task: object, now: number): void {
    this.s.setRequest.run(JSON.stringify(task), now, id)
  }

  bumpAttempts(id: number): void {
    this.s.bumpAttempts.run(id)
  }

  /** An automatic retry after a transient failure (same taskUUID). */
  bumpRetries(id: number): void {
    this.s.bumpRetries.run(id)
  }

  requestCancel(id: number, now: number): void {
    this.journal.tx(() => {
      this.s.requestCancel.run(now, id)
      this.journal.put('generations', { id })
    })
  }

  recordResults(generationId: number, items: { imageUuid: string; url: string | null; seed: number | null; cost: number | null; nsfw: boolean | null; errorCode?: string; errorMessage?: string }[], now: number): void {
    this.journal.tx(() => {
      const existing = this.s.results.all(generationId).length
      items.forEach((it, i) => {
        this.s.addResult.run({
          generationId,
          imageUuid: it.imageUuid,
          position: existing + i,
          url: it.url,
          seed: it.seed === null ? null : Math.trunc(it.seed),
          cost: it.cost,
          nsfw: it.nsfw === null ? null : it.nsfw ? 1 : 0,
          now,
          errorCode: it.errorCode ?? null,
          errorMessage: it.errorMessage ?? null
        })
        this.journal.put('generation_results', { generation_id: generationId, image_uuid: it.imageUuid })
      })
      this.s.sumCost.run({ id: generationId, now })
      this.journal.put('generations', { id: generationId })
    })
  }

  results(generationId: number): ResultRow[] {
    return this.s.results.all(generationId)
  }

  markResultFailed(generationId: number, imageUuid: string, code: string, message: string): void {
    this.journal.tx(() => {
      this.s.resultError.run(code, message, generationId, imageUuid)
      this.journal.put('generation_results', { generation_id: generationId, image_uuid: imageUuid })
    })
  }

  /** The image row and its link to the result, in one transaction: both or neither. */
  addImage(img: NewImage): number {
    return this.journal.tx(() => {
      const id = Number(
        this.s.insertImage.run({ ...img, nsfw: img.nsfw === null ? null : img.nsfw ? 1 : 0, seed: img.seed === null ? null : Math.trunc(img.seed) }).lastInsertRowid
      )
      this.s.linkResult.run(id, img.generationId, img.imageUuid)
      this.journal.put('images', { id })
      this.journal.put('generation_results', { generation_id: img.generationId, image_uuid: img.imageUuid })
      return id
    })
  }

  /**
   * Takes a job for this process unless another live process holds it. `deadOwner`
   * names the current owner when it is known to be gone (its pid no longer exists).
   */
  claim(id: number, me: string, now: number, staleBefore: number, deadOwner: string | null): boolean {
    return this.s.claim.run({ id, me, now, staleBefore, deadOwner }).changes === 1
  }

  /** Lets another process take our unfinished and queued jobs over at once (a clean shutdown). */
  release(me: string): void {
    this.s.release.run(me)
  }

  /** Says our unfinished and queued jobs are alive. */
  heartbeat(me: string, now: number): void {
    this.s.heartbeat.run(now, me)
  }

  images(generationId: number) {
    return this.s.images.all(generationId)
  }
}
