/**
 * Reference images: read from a file, a URL or the library; checked before
 * anything is sent (zero bytes, truncated, not an image, SVG, decompression
 * bombs, huge files; URLs only to public hosts, see reference-url.ts);
 * downscaled to ≤ 2048 px; kept locally by content hash; uploaded to Runware once, with the returned id cached and refreshed when the
 * server has forgotten it.
 */
import { createHash, randomUUID } from 'node:crypto'
import { open, readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import sharp, { type Metadata, type OutputInfo } from 'sharp'
import { EMPTY_REFERENCE_MESSAGE, MAX_REFERENCE_FILE_BYTES, referenceTooLargeMessage, type PreparedReferenceInfo, type ReferenceSource } from '../../shared/generation'
import type { WritableDB } from '../db/connection'
import { AppError } from '../errors'
import type { ImageStore } from '../files/image-store'
import { taskError, type RunwareClient } from '../runware/client'
import { referenceLabel, type LinkKind, type ReferenceOrigin } from './reference-label'
import { downloadReference, type LookupAll } from './reference-url'
import { Journal } from '../journal/journal'

export type { LinkKind, ReferenceOrigin }

export { MAX_REFERENCE_FILE_BYTES }
export const MAX_REFERENCE_SIDE = 2048
/** Decoded pixels sharp may allocate for one input: stops decompression bombs. */
export const MAX_INPUT_PIXELS = 100_000_000

const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff'])

export interface PreparedReference extends ReferenceOrigin {
  referenceId: number
  /** Of the stored, normalised image. */
  sha256: string
}

/** Prepared references main remembers the origin of, for `{ kind: 'prepared' }`; the oldest goes first. */
export const MAX_REMEMBERED_REFERENCES = 1000

/** A name a window gave bytes, as a plain file name: no folders, no control characters, not empty. */
export function bytesName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 120)
  return clean === '' || clean === '.' || clean === '..' ? 'Pasted image' : clean
}

const megapixels = (pixels: number): string => String(Math.round((pixels / 1_000_000) * 10) / 10)

/** e.g. "This image is too large: 20000×20000 (400 megapixels); references can be at most 100 megapixels." */
export function tooManyPixels(width: number, height: number): string {
  return `This image is too large: ${width}×${height} (${megapixels(width * height)} megapixels); references can be at most ${megapixels(MAX_INPUT_PIXELS)} megapixels.`
}

const bad = (message: string, cause?: unknown): AppError => new AppError('BAD_IMAGE', message, cause === undefined ? undefined : { cause })

function checkSize(size: number): void {
  if (size === 0) throw bad(EMPTY_REFERENCE_MESSAGE)
  if (size > MAX_REFERENCE_FILE_BYTES) throw bad(referenceTooLargeMessage(size))
}

async function readLimited(path: string): Promise<Buffer> {
  let size: number
  try {
    const s = await stat(path)
    if (s.isDirectory()) throw bad('A folder cannot be a reference image: choose one image file (PNG, JPEG or WebP)')
    if (!s.isFile()) throw bad(`Not a file: ${path}`)
    size = s.size
  } catch (error) {
    if (error instanceof AppError) throw error
    throw bad(`Cannot read the reference image ${path}`, error)
  }
  checkSize(size)
  const fh = await open(path, 'r')
  try {
    return await readFile(fh)
  } finally {
    await fh.close()
  }
}

/** Validates and normalises image bytes: ≤ 2048 px, PNG when it has alpha, else JPEG. */
export async function normaliseReference(input: Buffer): Promise<{ bytes: Buffer; width: number; height: number; format: 'png' | 'jpg' }> {
  if (input.length === 0) throw bad(EMPTY_REFERENCE_MESSAGE)
  const head = input.subarray(0, 512).toString('utf8').trimStart().toLowerCase()
  if (head.startsWith('<svg') || head.startsWith('<?xml') || head.includes('<svg')) throw bad('SVG images cannot be used as references: use PNG, JPEG or WebP')
  let meta: Metadata
  try {
    // Header only, nothing is decoded: without the pixel limit here, a too-large image
    // is named as such below instead of failing as "not an image".
    meta = await sharp(input, { limitInputPixels: false, failOn: 'truncated' }).metadata()
  } catch (error) {
    throw bad('That file is not an image this app can read: use a PNG, JPEG or WebP image.', error)
  }
  if (!meta.format || !ACCEPTED.has(meta.format)) throw bad(`Unsupported image type (${meta.format ?? 'unknown'}): use PNG, JPEG or WebP`)
  if (!meta.width || !meta.height) throw bad('The image has no size')
  if (meta.width * meta.height > MAX_INPUT_PIXELS) throw bad(tooManyPixels(meta.width, meta.height))
  const alpha = meta.hasAlpha === true
  let out: { data: Buffer; info: OutputInfo }
  try {
    const pipeline = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated' })
      .rotate()
      .resize(MAX_REFERENCE_SIDE, MAX_REFERENCE_SIDE, { fit: 'inside', withoutEnlargement: true })
    out = await (alpha ? pipeline.png({ compressionLevel: 6 }) : pipeline.jpeg({ quality: 92, mozjpeg: false })).toBuffer({ resolveWithObject: true })
  } catch (error) {
    throw bad('The image is damaged or truncated', error)
  }
  return { bytes: out.data, width: out.info.width, height: out.info.height, format: alpha ? 'png' : 'jpg' }
}

export class ReferenceService {
  private readonly s
  private readonly origins = new Map<number, ReferenceOrigin>()
  /** The stored reference each raw input (by its sha256) became in this session; bounded. */
  private readonly byRawSha = new Map<string, number>()
  /** Uploads on the way, by reference id, so a background upload and a Generate share one. */
  private readonly uploads = new Map<number, Promise<string>>()
  private readonly journal: Journal

  constructor(
    private readonly deps: {
      db: WritableDB
      store: ImageStore
      client: RunwareClient
      fetch?: typeof fetch
      /** Resolves URL references' host names before they are checked (reference-url.ts). */
      lookup?: LookupAll
      /** Time cap of one URL reference download, redirects and body included. Default 60 s. */
      downloadTimeoutMs?: number
      imagePath(imageId: number): string | null
      now(): number
      /** Stored references and their links to generations are journaled here (default: nowhere). */
      journal?: Journal
    }
  ) {
    const db = deps.db
    this.journal = deps.journal ?? Journal.off(db)
    this.s = {
      bySha: db.prepare<[string], { id: number }>('SELECT id FROM reference_images WHERE sha256 = ?'),
      insert: db.prepare('INSERT INTO reference_images (sha256, path, width, height, format, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING'),
      get: db.prepare<[number], { id: number; path: string; format: string; remote_uuid: string | null }>('SELECT id, path, format, remote_uuid FROM reference_images WHERE id = ?'),
      shaOf: db.prepare<[number], { sha256: string }>('SELECT sha256 FROM reference_images WHERE id = ?'),
      stored: db.prepare<[number], { sha256: string; path: string; width: number; height: number; format: string; bytes: number }>(
        'SELECT sha256, path, width, height, format, bytes FROM reference_images WHERE id = ?'
      ),
      // Images are content-addressed: the same bytes are the same image (recall by content).
      liveImageBySha: db.prepare<[string], { id: number }>('SELECT id FROM images WHERE sha256 = ? AND trashed_at IS NULL ORDER BY id LIMIT 1'),
      lastOrigin: db.prepare<[number], { source_kind: LinkKind; source: string; source_image_id: number | null }>(
        'SELECT source_kind, source, source_image_id FROM generation_references WHERE reference_id = ? ORDER BY generation_id DESC LIMIT 1'
      ),
      imageExists: db.prepare<[number], { id: number }>('SELECT id FROM images WHERE id = ?'),
      prompt: db.prepare<[number], { prompt: string | null }>('SELECT g.prompt FROM images i LEFT JOIN generations g ON g.id = i.generation_id WHERE i.id = ?'),
      setRemote: db.prepare('UPDATE reference_images SET remote_uuid = ?, remote_uploaded_at = ? WHERE id = ?'),
      forGeneration: db.prepare<[number], { reference_id: number }>('SELECT reference_id FROM generation_references WHERE generation_id = ? ORDER BY position'),
      link: db.prepare('INSERT INTO generation_references (generation_id, position, reference_id, source_kind, source, source_image_id) VALUES (?, ?, ?, ?, ?, ?)')
    }
  }

  /**
   * Reads, checks and stores one reference locally. Sends nothing, and on any
   * problem writes nothing to refs/. A file, URL or bytes whose content is a live
   * library image is linked to that image (recall by content). `inspect` sees the bytes
   * as given (before any downscaling) and the library image they are, if any: recall
   * from files reads their metadata (core/export/recall.ts).
   */
  async prepare(source: ReferenceSource, signal?: AbortSignal, inspect?: (raw: Buffer, libraryImageId: number | null) => void): Promise<PreparedReference> {
    if (source.kind === 'prepared') return this.recall(source.referenceId)
    let raw: Buffer
    let origin: ReferenceOrigin
    if (source.kind === 'path') {
      raw = await readLimited(source.path)
      origin = { sourceKind: 'path', source: source.path, sourceImageId: null }
    } else if (source.kind === 'bytes') {
      checkSize(source.data.byteLength)
      raw = Buffer.from(source.data.buffer, source.data.byteOffset, source.data.byteLength)
      origin = { sourceKind: 'bytes', source: bytesName(source.name), sourceImageId: null }
    } else if (source.kind === 'url') {
      raw = await downloadReference(source.url, {
        maxBytes: MAX_REFERENCE_FILE_BYTES,
        ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
        ...(this.deps.lookup ? { lookup: this.deps.lookup } : {}),
        ...(this.deps.downloadTimeoutMs !== undefined ? { timeoutMs: this.deps.downloadTimeoutMs } : {}),
        ...(signal ? { signal } : {})
      })
      origin = { sourceKind: 'url', source: source.url, sourceImageId: null }
    } else {
      const rel = this.deps.imagePath(source.imageId)
      if (!rel) throw new AppError('NOT_FOUND', `There is no library image #${source.imageId}`)
      raw = await readLimited(this.deps.store.insideLibrary(rel))
      origin = { sourceKind: 'image', source: String(source.imageId), sourceImageId: source.imageId }
    }
    const rawSha = createHash('sha256').update(raw).digest('hex')
    if (origin.sourceImageId === null) {
      const same = this.s.liveImageBySha.get(rawSha)
      if (same) origin.sourceImageId = same.id
    }
    inspect?.(raw, origin.sourceImageId)
    // The same bytes prepared before in this session: their stored copy is still there, so
    // nothing is decoded again (a second drop of one image is ready at once).
    const known = this.byRawSha.get(rawSha)
    if (known !== undefined) {
      const row = this.s.get.get(known)
      if (row && this.storedCopyExists(row.path)) {
        this.remember(known, origin)
        return { referenceId: known, sha256: this.s.shaOf.get(known)!.sha256, ...origin }
      }
      this.byRawSha.delete(rawSha)
    }
    const norm = await normaliseReference(raw)
    const tmp = await this.deps.store.writeTempBuffer(norm.bytes)
    // Idempotent: same content, same file. Two drops of one image may store it at
    // once (nothing awaits between the insert and the read), so a row already
    // there is kept and its id used.
    const stored = await this.deps.store.commit(tmp, 'refs')
    const referenceId = this.journal.tx(() => {
      const fresh = this.s.insert.run(stored.sha256, stored.path, stored.width, stored.height, stored.format, stored.bytes, this.deps.now()).changes > 0
      const id = this.s.bySha.get(stored.sha256)!.id
      if (fresh) this.journal.put('reference_images', { id })
      return id
    })
    this.remember(referenceId, origin)
    this.byRawSha.set(rawSha, referenceId)
    while (this.byRawSha.size > 1000) this.byRawSha.delete(this.byRawSha.keys().next().value as string)
    return { referenceId, sha256: tmp.sha256, ...origin }
  }

  /** Whether a stored copy is still in the library (the containment check throws when missing or outside). */
  private storedCopyExists(rel: string): boolean {
    try {
      this.deps.store.insideLibrary(rel)
      return true
    } catch {
      return false
    }
  }

  /**
   * A reference prepared earlier, with the origin main remembered. After a restart
   * (or once forgotten) the origin of its last use stands in, else "bytes" with a
   * neutral name: a window can name only the id, never where the image came from.
   */
  private recall(referenceId: number): PreparedReference {
    const row = this.s.stored.get(referenceId)
    if (!row) throw new AppError('NOT_FOUND', 'That reference image is no longer stored: add it again.')
    const last = { ...(this.origins.get(referenceId) ?? this.lastOrigin(referenceId)) }
    // The library image may have been deleted since (its lineage link goes with it).
    if (last.sourceImageId !== null && !this.s.imageExists.get(last.sourceImageId)) last.sourceImageId = null
    return { referenceId, sha256: row.sha256, ...last }
  }

  private lastOrigin(referenceId: number): ReferenceOrigin {
    const row = this.s.lastOrigin.get(referenceId)
    if (row) return { sourceKind: row.source_kind, source: row.source, sourceImageId: row.source_image_id }
    return { sourceKind: 'bytes', source: 'Reference image', sourceImageId: null }
  }

  private remember(referenceId: number, origin: ReferenceOrigin): void {
    this.origins.delete(referenceId)
    this.origins.set(referenceId, { ...origin })
    while (this.origins.size > MAX_REMEMBERED_REFERENCES) this.origins.delete(this.origins.keys().next().value as number)
  }

  /** What the tray shows of a prepared reference: never a full path. */
  describe(ref: PreparedReference): PreparedReferenceInfo {
    const row = this.s.stored.get(ref.referenceId)
    if (!row) throw new AppError('NOT_FOUND', 'That reference image is no longer stored: add it again.')
    return {
      referenceId: ref.referenceId,
      sha256: row.sha256,
      width: row.width,
      height: row.height,
      format: row.format === 'png' ? 'png' : 'jpg',
      bytes: row.bytes,
      ...referenceLabel(ref, (id) => this.s.prompt.get(id)?.prompt ?? null),
      libraryImageId: ref.sourceImageId
    }
  }

  /** A generation's stored references, in order. */
  idsFor(generationId: number): number[] {
    return this.s.forGeneration.all(generationId).map((r) => r.reference_id)
  }

  link(generationId: number, refs: readonly PreparedReference[]): void {
    this.journal.tx(() =>
      refs.forEach((r, i) => {
        this.s.link.run(generationId, i, r.referenceId, r.sourceKind, r.source, r.sourceImageId)
        this.journal.put('generation_references', { generation_id: generationId, position: i })
      })
    )
  }

  /**
   * Runware ids for a generation's references, uploading those not yet uploaded
   * (or all of them with `force`, after the server said it forgot them).
   */
  async remoteIds(generationId: number, opts: { force?: boolean; signal?: AbortSignal } = {}): Promise<string[]> {
    const ids: string[] = []
    for (const { reference_id } of this.s.forGeneration.all(generationId)) ids.push(await this.uploaded(reference_id, opts))
    return ids
  }

  /**
   * Uploads a prepared reference in the background as soon as it is ready (when a
   * key is set), so the Generate that uses it does not wait for the upload. A
   * failure here is only logged: Generate uploads it again and reports properly.
   */
  preupload(referenceId: number, onError: (error: unknown) => void = () => undefined): void {
    if (!this.deps.client.hasKey() || this.deps.client.keyProblem()) return
    const row = this.s.get.get(referenceId)
    if (!row || row.remote_uuid) return
    this.uploaded(referenceId).catch(onError)
  }

  /** The Runware id of a stored reference, uploading it unless known; one upload at a time per reference. */
  private async uploaded(referenceId: number, opts: { force?: boolean; signal?: AbortSignal } = {}): Promise<string> {
    const row = this.s.get.get(referenceId)
    if (!row) throw new AppError('NOT_FOUND', 'A reference image of this generation is missing')
    if (row.remote_uuid && !opts.force) return row.remote_uuid
    let upload = opts.force ? undefined : this.uploads.get(referenceId)
    if (!upload) {
      upload = this.upload(referenceId, row).finally(() => {
        if (this.uploads.get(referenceId) === upload) this.uploads.delete(referenceId)
      })
      this.uploads.set(referenceId, upload)
    }
    if (!opts.signal) return upload
    // A canceled job stops waiting; a shared upload goes on for whoever else needs it.
    const signal = opts.signal
    signal.throwIfAborted()
    return Promise.race([
      upload,
      new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }))
    ])
  }

  private async upload(referenceId: number, row: { path: string; format: string }): Promise<string> {
    const bytes = await readFile(this.deps.store.insideLibrary(row.path))
    const mime = row.format === 'png' ? 'image/png' : row.format === 'webp' ? 'image/webp' : 'image/jpeg'
    const taskUUID = randomUUID()
    const result = await this.deps.client.post([{ taskType: 'imageUpload', taskUUID, image: `data:${mime};base64,${bytes.toString('base64')}` }], { timeoutMs: 120_000 })
    const err = taskError(result, taskUUID)
    if (err) throw err
    const item = result.envelope.data.find((d) => d.taskUUID === taskUUID && d.imageUUID)
    if (!item?.imageUUID) throw new AppError('API_SERVER', 'Runware did not return an id for the uploaded reference image')
    this.journal.tx(() => {
      this.s.setRemote.run(item.imageUUID, this.deps.now(), referenceId)
      this.journal.put('reference_images', { id: referenceId })
    })
    return item.imageUUID
  }
}

