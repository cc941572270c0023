/**
 * The export engine (issue 9): images leave the library as files in a folder
 * (or one zip), named from a template, converted or resized when asked, with
 * their metadata. Plain Node: the app, the CLI and the tests run this code.
 *
 * Never lose or clobber: every library path read is checked to be inside the
 * library; every file is written whole to a temp name in the target folder,
 * fsynced and given its name without replacing anything (safe-write.ts). One
 * image failing (missing file, disk full, a name too long) is reported with its
 * reason and the rest go on; Cancel stops between files, so only whole files remain.
 */
import { randomUUID } from 'node:crypto'
import { basename, join } from 'node:path'
import sharp from 'sharp'
import type { Database } from 'better-sqlite3'
import { DEFAULT_EXPORT_SETTINGS, MAX_EXPORT_IMAGES, type ExportFailure, type ExportProgress, type ExportSettings, type ExportTarget, type ExportWritten } from '../../shared/export'
import { exportSettingsSchema } from '../../shared/schemas'
import { AppError, NotFoundError, ValidationError } from '../errors'
import { resolveInsideLibrary } from '../files/library-path'
import type { LibraryQueryRunner } from '../library/query-runner'
import { viewTargetIds } from '../library/image-target'
import { signContentCredentials, verifyContentCredentials, type SigningCredentials } from './content-credentials'
import { CHUNK, ExportSource, outputSize, type ExportRow } from './export-source'
import { writeMetadata, type ImageFormat } from './metadata'
import { localDate, localMonth, parseTemplate, renderName, sanitizeFileName, sanitizeFolderName, withSuffix, type NameFields, type TemplatePart } from './names'
import { describeWriteError, errnoOf, nodeFs, placeExclusive, placeFiles, readWhole, removeQuietly, writeTemp, type ExportFs } from './safe-write'
import { ZipWriter } from './zip-writer'

export interface ExportJobOptions extends ExportSettings {
  /** An existing folder (absolute). The CLI creates it; the window chose it. */
  folder: string
  /** Write one zip of this name into `folder` instead of loose files. */
  zipName: string | null
  /** The checked signing identity, when `contentCredentials` is on (main loads it; it never crosses IPC). */
  signer?: SigningCredentials
}

export interface ExportResult {
  written: ExportWritten[]
  skipped: number
  failed: ExportFailure[]
  canceled: boolean
  /** The zip's final name in the folder, when one was written. */
  zip: string | null
  bytes: number
}

export interface ExportServiceDeps {
  db: Database
  dataDir: string
  queries: Pick<LibraryQueryRunner, 'idList'>
  now?: () => number
  fs?: ExportFs
  /** Images in flight at once (2 to 4; default 3). */
  concurrency?: number
  /** The app's version, for the content credentials' software agent. */
  appVersion?: string
}

export interface RunHooks {
  signal?: AbortSignal
  /** Called after every image (throttle it for a UI). */
  onProgress?: (p: Omit<ExportProgress, 'exportId' | 'final'>) => void
}

/** The settings, checked (the CLI does not pass the IPC schema); defaults fill what is missing. */
export function checkSettings(input: Partial<ExportSettings>): ExportSettings {
  const r = exportSettingsSchema.safeParse({ ...DEFAULT_EXPORT_SETTINGS, ...input })
  if (!r.success) {
    const issue = r.error.issues[0]
    throw new ValidationError(issue?.message ?? 'Invalid export options', issue?.path.join('.'))
  }
  parseTemplate(r.data.template)
  return r.data
}

interface Prepared {
  settings: ExportSettings
  parts: TemplatePart[]
  ids: number[]
  collection: string | null | undefined
  signer: SigningCredentials | null
}

const SHARP_FORMAT = { png: 'png', jpg: 'jpeg', webp: 'webp' } as const

export class ExportService {
  private readonly source: ExportSource
  private readonly fs: ExportFs
  private readonly now: () => number
  private readonly concurrency: number
  private readonly running = new Map<string, { ac: AbortController; done: Promise<unknown> }>()

  constructor(private readonly d: ExportServiceDeps) {
    this.source = new ExportSource(d.db)
    this.fs = d.fs ?? nodeFs
    this.now = d.now ?? Date.now
    this.concurrency = Math.min(4, Math.max(2, Math.floor(d.concurrency ?? 3)))
  }

  /** The ordered, de-duplicated image ids of a target; 1 to 100,000 of them. */
  async resolveIds(target: ExportTarget): Promise<number[]> {
    const ids = target.kind === 'ids' ? [...new Set(target.ids)] : viewTargetIds(await this.d.queries.idList(target.view), target)
    if (ids.length === 0) throw new ValidationError(target.kind === 'ids' ? 'No images were given' : 'That view has no images to export', 'target')
    if (ids.length > MAX_EXPORT_IMAGES) throw new ValidationError(`At most ${MAX_EXPORT_IMAGES} images per export (this is ${ids.length})`, 'target')
    if (!ids.every((id) => Number.isInteger(id) && id > 0)) throw new ValidationError('Image ids are positive whole numbers', 'target')
    return ids
  }

  /** The names the first images get (before collisions), for the dialog's live preview. */
  previewNames(ids: readonly number[], settings: Partial<ExportSettings>, collectionId?: number): string[] {
    const s = checkSettings(settings)
    const parts = parseTemplate(s.template)
    const rows = this.source.rows(ids)
    const collection = collectionId === undefined ? undefined : this.source.collection(collectionId)
    return ids.flatMap((id, i) => {
      const row = rows.get(id)
      return row ? [this.relativeName(parts, s, row, i + 1, ids.length, collection)] : []
    })
  }

  /**
   * Checks everything that can be checked up front (settings, ids, the folder) and
   * throws for it; then runs the export in the background. `done` settles with its
   * result and never rejects for one image.
   */
  async start(target: ExportTarget, options: ExportJobOptions, onProgress: (p: ExportProgress) => void): Promise<{ exportId: string; done: Promise<ExportResult> }> {
    const prepared = await this.prepare(target, options)
    const exportId = randomUUID()
    const ac = new AbortController()
    const done = this.execute(prepared, options, { signal: ac.signal, onProgress: (p) => onProgress({ exportId, ...p }) }).finally(() => this.running.delete(exportId))
    this.running.set(exportId, { ac, done: done.catch(() => undefined) })
    return { exportId, done }
  }

  /** Stops an export between files; false when no such export is running. */
  cancel(exportId: string): boolean {
    const job = this.running.get(exportId)
    job?.ac.abort()
    return job !== undefined
  }

  /** Cancels every running export and waits until each has removed its temp files (before the database closes). */
  async shutdown(): Promise<void> {
    const jobs = [...this.running.values()]
    for (const j of jobs) j.ac.abort()
    await Promise.all(jobs.map((j) => j.done))
  }

  /** Runs an export to its end (the CLI); throws only for what `start` would refuse up front. */
  async run(target: ExportTarget, options: ExportJobOptions, hooks: RunHooks = {}): Promise<ExportResult> {
    return this.execute(await this.prepare(target, options), options, hooks)
  }

  private async prepare(target: ExportTarget, options: ExportJobOptions): Promise<Prepared> {
    const { folder: _folder, zipName: _zip, signer, ...given } = options
    const settings = checkSettings(given)
    if (settings.contentCredentials && !signer) throw new ValidationError('Content credentials need a certificate and its private key: choose them first.', 'contentCredentials')
    const parts = parseTemplate(settings.template)
    const ids = await this.resolveIds(target)
    const folderStat = await this.fs.stat(options.folder).catch(() => null)
    if (!folderStat?.isDirectory()) throw new NotFoundError('The export folder does not exist')
    const collection = target.kind === 'view' && target.view.collectionId !== undefined ? this.source.collection(target.view.collectionId) : undefined
    return { settings, parts, ids, collection, signer: settings.contentCredentials ? signer! : null }
  }

  private async execute({ settings, parts, ids, collection, signer }: Prepared, options: ExportJobOptions, hooks: RunHooks): Promise<ExportResult> {
    const signal = hooks.signal ?? new AbortController().signal
    const started = this.now()
    const result: ExportResult = { written: [], skipped: 0, failed: [], canceled: false, zip: null, bytes: 0 }
    let done = 0
    const report = (): void => {
      const elapsedMs = this.now() - started
      const rate = done > 0 && elapsedMs > 0 ? (done * 1000) / elapsedMs : null
      hooks.onProgress?.({ done, total: ids.length, bytes: result.bytes, elapsedMs, rate, etaMs: rate ? Math.round(((ids.length - done) / rate) * 1000) : null })
    }
    const sink = options.zipName === null ? new FolderSink(this.fs, options.folder, settings) : await ZipSink.open(this.fs, options.folder, options.zipName)

    // Rows are read a chunk at a time; workers move through the list roughly in order.
    let chunk: { n: number; rows: Map<number, ExportRow> } | null = null
    const rowFor = (i: number): ExportRow | undefined => {
      const n = Math.floor(i / CHUNK)
      if (chunk?.n !== n) chunk = { n, rows: this.source.rows(ids.slice(n * CHUNK, (n + 1) * CHUNK)) }
      return chunk.rows.get(ids[i]!)
    }
    let next = 0
    const finish = (id: number, outcome: { path: string; bytes: number } | 'skipped' | 'canceled' | { error: unknown }): void => {
      if (outcome === 'skipped') result.skipped++
      else if (outcome === 'canceled') {
        // Stopped before it got a name: nothing of it is left.
      } else if ('error' in outcome) result.failed.push({ imageId: id, ...describeWriteError(outcome.error) })
      else {
        result.written.push({ imageId: id, path: outcome.path })
        result.bytes += outcome.bytes
      }
      done++
      report()
    }
    const worker = async (): Promise<void> => {
      // Write-behind: an image's files are written, fsynced and named while the worker
      // encodes its next one, so the encodes are not held up by the disk (one write
      // pending per worker, so memory stays bounded).
      let writing: Promise<void> = Promise.resolve()
      while (!signal.aborted) {
        const i = next++
        if (i >= ids.length) break
        const id = ids[i]!
        const row = rowFor(i)
        let made: Awaited<ReturnType<ExportService['makeOne']>>
        try {
          if (!row) throw new NotFoundError(`There is no image #${id}`)
          made = await this.makeOne(row, i + 1, ids.length, settings, parts, collection, sink, signer)
        } catch (error) {
          finish(id, { error })
          continue
        }
        if (made === 'skipped') {
          finish(id, 'skipped')
          continue
        }
        await writing
        if (signal.aborted) {
          finish(id, 'canceled')
          break
        }
        const { rel, files, format } = made
        // What was written is read back and verified before it gets its name; a failure leaves no file.
        const verify = signer ? async (written: Buffer): Promise<void> => void (await verifyContentCredentials(written, format)) : undefined
        writing = sink.put(rel, files, signal, verify).then(
          (placed) => finish(id, placed === null ? 'skipped' : placed === 'canceled' ? 'canceled' : { path: placed, bytes: files[0]!.data.length }),
          (error: unknown) => finish(id, { error })
        )
      }
      await writing
    }
    await Promise.all(Array.from({ length: this.concurrency }, () => worker()))
    result.canceled = signal.aborted
    const zip = await sink.close(result.canceled)
    if (zip.failure) {
      result.failed.push(zip.failure)
      result.written = []
    }
    result.zip = zip.name
    const order = new Map(ids.map((id, i) => [id, i]))
    result.written.sort((a, b) => order.get(a.imageId)! - order.get(b.imageId)!)
    return result
  }

  private relativeName(parts: readonly TemplatePart[], s: ExportSettings, row: ExportRow, index: number, total: number, viewCollection: string | null | undefined): string {
    const out = outputSize(row.width, row.height, s.resize)
    const format = s.format === 'original' ? row.format : s.format
    const collection = viewCollection === undefined ? row.collection : viewCollection
    const fields: NameFields = { id: row.id, createdAt: row.createdAt, prompt: row.prompt, seed: row.seed, width: out.width, height: out.height, sha256: row.sha256, rating: row.rating, collection, format, index, total }
    const name = renderName(parts, fields)
    const sub = s.subfolders === 'day' ? localDate(row.createdAt) : s.subfolders === 'month' ? localMonth(row.createdAt) : s.subfolders === 'collection' ? sanitizeFolderName(collection ?? 'No collection') : null
    return sub === null ? name : `${sub}/${name}`
  }

  /** An image's files (encoded, with their metadata) and the name they go under; 'skipped' when the name is taken in skip mode. */
  private async makeOne(
    row: ExportRow,
    index: number,
    total: number,
    s: ExportSettings,
    parts: readonly TemplatePart[],
    viewCollection: string | null | undefined,
    sink: Sink,
    signer: SigningCredentials | null
  ): Promise<{ rel: string; files: { ext: string; data: Buffer }[]; format: ImageFormat } | 'skipped'> {
    const rel = this.relativeName(parts, s, row, index, total, viewCollection)
    if (await sink.exists(rel)) return 'skipped'
    const file = resolveInsideLibrary(this.d.dataDir, row.path)
    const out = outputSize(row.width, row.height, s.resize)
    const format: ImageFormat = s.format === 'original' ? row.format : s.format
    let pixels: Buffer
    if (format === row.format && !out.resized) pixels = await readWhole(this.fs, file)
    else {
      // sharp reads the file itself, inside its job: the bytes never pass through JS, and no
      // file reads wait in libuv's pool behind the encodes that hold most of its threads.
      let img = sharp(file, { failOn: 'error' })
      if (out.resized) img = img.resize(out.width, out.height, { fit: 'fill' })
      if (format === 'jpg') img = img.flatten({ background: '#ffffff' })
      try {
        pixels = await img.toFormat(SHARP_FORMAT[format], format === 'png' ? {} : { quality: s.quality }).toBuffer()
      } catch (error) {
        throw new AppError('BAD_IMAGE', 'The library file could not be decoded', { cause: error })
      }
    }
    const record = this.source.record(row, out)
    let data = writeMetadata(pixels, format, record, s.metadata)
    // Content credentials are the last byte change: the manifest's hash binds the bytes above.
    if (signer) data = await signContentCredentials(data, format, signer, { model: row.model ?? '', ...(this.d.appVersion ? { appVersion: this.d.appVersion } : {}), title: basename(rel) })
    const files: { ext: string; data: Buffer }[] = [{ ext: format, data }]
    if (s.sidecar) files.push({ ext: 'json', data: Buffer.from(`${JSON.stringify(record ?? { imageId: row.id, sha256: row.sha256 }, null, 2)}\n`) })
    return { rel, files, format }
  }
}

interface Sink {
  /** True when this name should be skipped without reading the image (skip mode, name taken before the export). */
  exists(rel: string): Promise<boolean>
  /**
   * The final relative path of the first file; null when skipped. `verify`, when given, checks the
   * first file's bytes as written (read back from its temp file) before anything gets a name.
   */
  put(rel: string, files: { ext: string; data: Buffer }[], signal: AbortSignal, verify?: Verify): Promise<string | null | 'canceled'>
  close(canceled: boolean): Promise<{ name: string | null; failure?: ExportFailure }>
}

type Verify = (written: Buffer) => Promise<void>

const splitRel = (rel: string): { sub: string | null; name: string } => {
  const slash = rel.indexOf('/')
  return slash < 0 ? { sub: null, name: rel } : { sub: rel.slice(0, slash), name: rel.slice(slash + 1) }
}

/** Loose files in the folder (and its day, month or collection subfolders). */
class FolderSink implements Sink {
  /** Names this export created (lower case): a clash with one of ours is suffixed even in skip mode. */
  private readonly ours = new Set<string>()
  /** Names being placed right now, with how many tries hold them. */
  private readonly claiming = new Map<string, number>()
  private readonly subfolders = new Map<string, Promise<void>>()

  constructor(
    private readonly fs: ExportFs,
    private readonly folder: string,
    private readonly s: ExportSettings
  ) {}

  async exists(rel: string): Promise<boolean> {
    if (this.s.existing !== 'skip' || this.ours.has(rel.toLowerCase()) || this.claiming.has(rel.toLowerCase())) return false
    return (await this.fs.stat(join(this.folder, rel)).catch(() => null)) !== null
  }

  /** One level below the chosen folder, never recursive: a removed folder is not silently re-created. */
  private subfolder(sub: string): Promise<void> {
    let p = this.subfolders.get(sub)
    if (!p) {
      p = this.fs.mkdir(join(this.folder, sub)).then(
        () => undefined,
        (error: unknown) => {
          if (errnoOf(error) !== 'EEXIST') {
            this.subfolders.delete(sub)
            throw error
          }
        }
      )
      this.subfolders.set(sub, p)
    }
    return p
  }

  async put(rel: string, files: { ext: string; data: Buffer }[], signal: AbortSignal, verify?: Verify): Promise<string | null | 'canceled'> {
    const { sub, name } = splitRel(rel)
    if (sub !== null) await this.subfolder(sub)
    const dir = sub === null ? this.folder : join(this.folder, sub)
    const prefix = sub === null ? '' : `${sub}/`
    let canceled = false
    const key = (n: string): string => `${prefix}${n}`.toLowerCase()
    const outcome = await placeFiles(this.fs, dir, name, files, {
      // In skip mode a clash with a name this export made (or is making) is two images sharing a name: suffix it.
      ...(verify ? { verify: async (temps: readonly string[]) => verify(await this.fs.readFile(temps[0]!)) } : {}),
      onTaken: (taken) => (this.s.existing === 'skip' && !this.ours.has(key(taken)) && !this.claiming.has(key(taken)) ? 'skip' : 'suffix'),
      beforePlace: () => {
        // The last moment to stop: nothing has a final name yet.
        if (signal.aborted) {
          canceled = true
          throw new AppError('CANCELED', 'Canceled')
        }
      },
      claim: (n) => void this.claiming.set(key(n), (this.claiming.get(key(n)) ?? 0) + 1),
      release: (n, placed) => {
        const left = (this.claiming.get(key(n)) ?? 1) - 1
        if (left > 0) this.claiming.set(key(n), left)
        else this.claiming.delete(key(n))
        if (placed) this.ours.add(key(n))
      }
    }    ).catch((error: unknown) => {
      if (canceled) return 'canceled' as const
      throw error
    })
    if (outcome === 'canceled') return 'canceled'
    if (!outcome.placed) return null
    return `${prefix}${outcome.names[0]!}`
  }

  async close(): Promise<{ name: string | null; failure?: ExportFailure }> {
    return { name: null }
  }
}

/** One zip, written to a temp file in the folder and named only once it is complete. */
class ZipSink implements Sink {
  private readonly names = new Set<string>()
  private queue: Promise<unknown> = Promise.resolve()
  private broken: unknown = null

  private constructor(
    private readonly fs: ExportFs,
    private readonly folder: string,
    private readonly zipName: string,
    private readonly tmp: string,
    private readonly fh: Awaited<ReturnType<ExportFs['open']>>,
    private readonly zip: ZipWriter
  ) {}

  static async open(fs: ExportFs, folder: string, zipName: string): Promise<ZipSink> {
    const name = sanitizeFileName(zipName.replace(/\.zip$/i, ''), 'zip')
    const tmp = await writeTemp(fs, folder, Buffer.alloc(0), '.zip')
    const fh = await fs.open(tmp, 'r+')
    return new ZipSink(fs, folder, name, tmp, fh, new ZipWriter(fh))
  }

  async exists(): Promise<boolean> {
    return false
  }

  put(rel: string, files: { ext: string; data: Buffer }[], _signal: AbortSignal, verify?: Verify): Promise<string | null> {
    // A zip entry is not a file of its own: the bytes that go into the zip are the ones verified.
    const checked: Promise<unknown> = verify ? verify(files[0]!.data).then(() => null, (error: unknown) => error ?? new Error('verification failed')) : Promise.resolve(null)
    const run = async (): Promise<string | null> => {
      const failed = await checked
      if (failed) throw failed
      if (this.broken) throw this.broken
      const { sub, name } = splitRel(rel)
      const prefix = sub === null ? '' : `${sub}/`
      for (let n = 1; ; n++) {
        const first = n === 1 ? name : withSuffix(name, n)
        const stem = first.slice(0, first.length - files[0]!.ext.length - 1)
        const paths = files.map((f, i) => `${prefix}${i === 0 ? first : `${stem}.${f.ext}`}`)
        if (paths.some((p) => this.names.has(p.toLowerCase()))) continue
        try {
          for (let i = 0; i < files.length; i++) await this.zip.add(paths[i]!, files[i]!.data)
        } catch (error) {
          this.broken = error
          throw error
        }
        for (const p of paths) this.names.add(p.toLowerCase())
        return paths[0]!
      }
    }
    const p = this.queue.then(run)
    this.queue = p.catch(() => undefined)
    return p
  }

  async close(canceled: boolean): Promise<{ name: string | null; failure?: ExportFailure }> {
    await this.queue
    let failure: ExportFailure | undefined
    try {
      if (!canceled && !this.broken) {
        await this.zip.finish()
        await this.fh.close()
        return { name: await this.placeZip() }
      }
      if (this.broken) failure = { imageId: null, ...describeWriteError(this.broken), message: `The zip could not be written: ${describeWriteError(this.broken).message} Nothing was exported.` }
    } catch (error) {
      failure = { imageId: null, ...describeWriteError(error), message: `The zip could not be written: ${describeWriteError(error).message} Nothing was exported.` }
    } finally {
      await this.fh.close().catch(() => undefined)
      await removeQuietly(this.fs, this.tmp)
    }
    return failure ? { name: null, failure } : { name: null }
  }

  /** Links the finished temp zip to its name (a suffix when taken; never replacing a file). */
  private async placeZip(): Promise<string> {
    for (let n = 1; n <= 10_000; n++) {
      const name = n === 1 ? this.zipName : withSuffix(this.zipName, n)
      if (await placeExclusive(this.fs, this.tmp, join(this.folder, name))) return name
    }
    throw new AppError('VALIDATION', 'Every name for the zip is taken')
  }
}
