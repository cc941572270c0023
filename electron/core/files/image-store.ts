/**
 * Content-addressed image files. Bytes go to a temp file in the library's tmp/
 * folder, are fsynced, hashed (sha256) on the way, and renamed into place
 * (`images/ab/<sha256>.<ext>`), so a crash leaves a complete file or none:
 * never a half file under a final name. Thumbnails: 256 px WebP, same rule;
 * the thumbnail's average colour comes back with the rest (average-color.ts).
 *
 * Temp files belong to their owner: each store writes under `tmp/<pid>-<process
 * start ms>-<random>/`, because the app and the CLI may run at once on one
 * library. Start-up cleaning removes only folders whose process is gone, never
 * the half-written download of another live process.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs'
import * as fsp from 'node:fs/promises'
import { dirname, join } from 'node:path'
import sharp, { type Metadata } from 'sharp'
import type { LibraryPaths } from '../paths'
import { AppError } from '../errors'
import { resolveInsideLibrary } from './library-path'
import { fsyncDir } from './fsync-dir'
import { averageColor } from './average-color'

export type StoredFormat = 'png' | 'jpg' | 'webp'

export interface TempFile {
  tmpPath: string
  sha256: string
  bytes: number
}

export interface StoredImage {
  sha256: string
  /** Relative to the data folder. */
  path: string
  thumbPath: string
  width: number
  height: number
  format: StoredFormat
  bytes: number
  /** The thumbnail's average colour (0xRRGGBB), the gallery's placeholder; null when it could not be read. */
  avgRgb: number | null
}

const TMP_SUFFIX = '.part'
/** Loose `tmp/*.part` files come from versions before per-process folders; one a day old is nobody's. */
export const LEGACY_TEMP_MAX_AGE_MS = 24 * 60 * 60 * 1000
/** When this process started (ms), so a recycled pid is not mistaken for the process that made a folder. */
const PROCESS_STARTED_MS = Math.round(Date.now() - process.uptime() * 1000)
const OWNER_DIR = /^([1-9][0-9]*)-([0-9]+)-[0-9a-f]+$/

/** A temp file vanished before its commit (e.g. removed by another process): fetch it again, it is not a bad image. */
export class TempFileVanishedError extends Error {
  constructor(tmpPath: string, options?: { cause?: unknown }) {
    super(`The temp file ${tmpPath} vanished before it was stored`, options)
    this.name = 'TempFileVanishedError'
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT'
}

/** Whether the process that made a temp folder still runs. EPERM means it exists (someone else's). */
export function ownerIsAlive(pid: number, startedMs: number): boolean {
  if (pid === process.pid) return Math.abs(startedMs - PROCESS_STARTED_MS) <= 1000
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}
export const THUMB_SIZE = 256
/** A generated image is a few MB; anything past this is not one of ours. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024


/** The file operations that write images; tests swap one to inject ENOSPC or EACCES (as safe-write.ts's ExportFs). */
export interface ImageStoreFs {
  open: typeof fsp.open
  rename: typeof fsp.rename
  rm: typeof fsp.rm
  stat: typeof fsp.stat
}

export const nodeImageFs: ImageStoreFs = { open: fsp.open, rename: fsp.rename, rm: fsp.rm, stat: fsp.stat }

/**
 * The library's disk cannot take a file (full, read-only, no permission). Not a bad
 * image and not the network: the job stops with these words and resumes by its
 * taskUUID once the disk is fixed; the temp file is already gone.
 */
export class DiskWriteError extends AppError {
  constructor(code: 'DISK_FULL' | 'READ_ONLY', message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.name = 'DiskWriteError'
  }
}

/** A disk error in words, or null for any other error. */
export function diskWriteError(error: unknown, dataDir: string): DiskWriteError | null {
  if (error instanceof DiskWriteError) return error
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new DiskWriteError('DISK_FULL', `The disk is full: the library folder ${dataDir} has no room for the image. Free some space, then resume the job.`, { cause: error })
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new DiskWriteError(
        'READ_ONLY',
        `The library folder can't be written: ${dataDir} is read-only or this account lacks permission. Make it writable, then resume the job.`,
        { cause: error }
      )
    default:
      return null
  }
}

export interface ImageStoreOptions {
  /** For tests: whether the owner of a temp folder still runs. */
  isAlive?: (pid: number, startedMs: number) => boolean
  now?: () => number
  /** For tests: the file operations (default node:fs/promises). */
  fs?: ImageStoreFs
}

export class ImageStore {
  /** This store's own temp folder; made on demand, removed again when empty. */
  readonly ownTmpDir: string
  /** Temp paths handed out and not yet renamed or removed. */
  private readonly live = new Set<string>()
  private readonly fs: ImageStoreFs

  constructor(
    private readonly paths: LibraryPaths,
    private readonly opts: ImageStoreOptions = {}
  ) {
    this.fs = opts.fs ?? nodeImageFs
    mkdirSync(paths.tmpDir, { recursive: true })
    this.ownTmpDir = join(paths.tmpDir, `${process.pid}-${PROCESS_STARTED_MS}-${randomBytes(4).toString('hex')}`)
  }

  private tmpName(): string {
    mkdirSync(this.ownTmpDir, { recursive: true })
    const name = join(this.ownTmpDir, `${Date.now()}-${randomBytes(6).toString('hex')}${TMP_SUFFIX}`)
    this.live.add(name)
    return name
  }

  /** A temp path was renamed or removed: drop the own folder once nothing is in flight. */
  private released(tmpPath: string): void {
    this.live.delete(tmpPath)
    if (this.live.size > 0) return
    try {
      rmdirSync(this.ownTmpDir)
    } catch {
      /* not empty or already gone */
    }
  }

  /** Removes a temp file that will not be committed. */
  async discardTemp(tmp: TempFile): Promise<void> {
    await this.discard(tmp.tmpPath)
  }

  private async discard(tmpPath: string): Promise<void> {
    await this.fs.rm(tmpPath, { force: true })
    this.released(tmpPath)
  }

  /** Streams bytes to a temp file, hashing as they pass, then fsyncs it. A full or read-only disk: DiskWriteError, no temp file left. */
  async writeTemp(source: AsyncIterable<Uint8Array>, maxBytes = MAX_IMAGE_BYTES): Promise<TempFile> {
    try {
      return await this.writeTempFile(source, maxBytes)
    } catch (error) {
      throw diskWriteError(error, this.paths.dataDir) ?? error
    }
  }

  private async writeTempFile(source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<TempFile> {
    const tmpPath = this.tmpName()
    const hash = createHash('sha256')
    let fh: fsp.FileHandle
    try {
      fh = await this.fs.open(tmpPath, 'wx', 0o644)
    } catch (error) {
      await this.discard(tmpPath).catch(() => undefined)
      throw error
    }
    let bytes = 0
    try {
      for await (const chunk of source) {
        bytes += chunk.byteLength
        if (bytes > maxBytes) throw new AppError('BAD_IMAGE', `The image is larger than ${Math.round(maxBytes / 1048576)} MB`)
        hash.update(chunk)
        await fh.write(chunk)
      }
      await fh.sync()
      await fh.close()
    } catch (error) {
      await fh.close().catch(() => undefined)
      await this.discard(tmpPath)
      throw error
    }
    return { tmpPath, sha256: hash.digest('hex'), bytes }
  }

  async writeTempBuffer(buf: Uint8Array): Promise<TempFile> {
    return this.writeTemp((async function* () {
      yield buf
    })())
  }

  /**
   * Checks the temp file is a real image, moves it to its content address and
   * makes its thumbnail. Returns what the image row needs.
   */
  async commit(tmp: TempFile, folder: 'images' | 'refs' = 'images'): Promise<StoredImage> {
    try {
      return await this.commitFile(tmp, folder)
    } catch (error) {
      const disk = diskWriteError(error, this.paths.dataDir)
      if (!disk) throw error
      // The temp file is not kept: its bytes are fetched again by taskUUID when the job resumes.
      await this.discard(tmp.tmpPath).catch(() => undefined)
      throw disk
    }
  }

  private async commitFile(tmp: TempFile, folder: 'images' | 'refs'): Promise<StoredImage> {
    let meta: Metadata
    try {
      meta = await sharp(tmp.tmpPath, { failOn: 'truncated' }).metadata()
    } catch (error) {
      // A file that is gone is not a bad image: the caller fetches it again.
      if (await this.fs.stat(tmp.tmpPath).then(() => false, isMissing)) {
        this.released(tmp.tmpPath)
        throw new TempFileVanishedError(tmp.tmpPath, { cause: error })
      }
      await this.discard(tmp.tmpPath)
      throw new AppError('BAD_IMAGE', 'The downloaded file is not a readable image', { cause: error })
    }
    const format: StoredFormat | null = meta.format === 'jpeg' ? 'jpg' : meta.format === 'png' ? 'png' : meta.format === 'webp' ? 'webp' : null
    if (!format || !meta.width || !meta.height) {
      await this.discard(tmp.tmpPath)
      throw new AppError('BAD_IMAGE', `Unexpected image format: ${meta.format ?? 'unknown'}`)
    }
    const rel = join(folder, tmp.sha256.slice(0, 2), `${tmp.sha256}.${format}`)
    const abs = join(this.paths.dataDir, rel)
    mkdirSync(dirname(abs), { recursive: true })
    const exists = await this.fs.stat(abs).then((s) => s.size === tmp.bytes, () => false)
    if (exists) await this.discard(tmp.tmpPath)
    else {
      try {
        await this.fs.rename(tmp.tmpPath, abs)
      } catch (error) {
        if (!isMissing(error)) throw error
        this.released(tmp.tmpPath)
        throw new TempFileVanishedError(tmp.tmpPath, { cause: error })
      }
      this.released(tmp.tmpPath)
      await fsyncDir(dirname(abs))
    }
    const thumbPath = await this.thumbnail(abs, tmp.sha256)
    // From the small thumbnail just written (in the page cache): about a tenth of the thumbnail's own cost.
    // A colour is a nicety: one that cannot be read never fails the image (the backfill tries again).
    // References are never tiles: no colour.
    const avgRgb = folder === 'images' ? await averageColor(join(this.paths.dataDir, thumbPath)).catch(() => null) : null
    return { sha256: tmp.sha256, path: rel, thumbPath, width: meta.width, height: meta.height, format, bytes: tmp.bytes, avgRgb }
  }

  /** A 256 px (longest side) WebP, written through a temp file as well. */
  async thumbnail(absSource: string, sha256: string): Promise<string> {
    const rel = join('thumbs', sha256.slice(0, 2), `${sha256}.webp`)
    const abs = join(this.paths.dataDir, rel)
    if (await this.fs.stat(abs).then(() => true, () => false)) return rel
    mkdirSync(dirname(abs), { recursive: true })
    const webp = await sharp(absSource).resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 78, effort: 0 }).toBuffer()
    const tmp = this.tmpName()
    try {
      // No fsync here: a thumbnail is derived data, made again from its image if a
      // power loss ever leaves it short. The image itself is fsynced before its row.
      const fh = await this.fs.open(tmp, 'wx', 0o644)
      try {
        let done = 0
        while (done < webp.length) done += (await fh.write(webp, done, webp.length - done)).bytesWritten
      } finally {
        await fh.close()
      }
      await this.fs.rename(tmp, abs)
      this.released(tmp)
    } catch (error) {
      await this.discard(tmp).catch(() => undefined)
      throw diskWriteError(error, this.paths.dataDir) ?? error
    }
    return rel
  }

  absolute(rel: string): string {
    return join(this.paths.dataDir, rel)
  }

  /** `absolute` for a path read from library.db: refuses (OutsideLibraryError) one leading outside the library. */
  insideLibrary(rel: string): string {
    return resolveInsideLibrary(this.paths.dataDir, rel)
  }

  /**
   * Removes temp files left by a crash. Run at start-up, before any job. Removes the
   * folders of processes that are gone (and of an earlier process that had our pid),
   * and loose `tmp/*.part` files older than a day (from versions before per-process
   * folders); never a folder whose process still runs, such as a CLI downloading now.
   */
  cleanTemp(): number {
    const isAlive = this.opts.isAlive ?? ownerIsAlive
    const now = (this.opts.now ?? Date.now)()
    let removed = 0
    for (const entry of readdirSync(this.paths.tmpDir, { withFileTypes: true })) {
      const abs = join(this.paths.tmpDir, entry.name)
      if (entry.isDirectory()) {
        const owner = OWNER_DIR.exec(entry.name)
        if (!owner || abs === this.ownTmpDir || isAlive(Number(owner[1]), Number(owner[2]))) continue
        removed += readdirSync(abs).filter((n) => n.endsWith(TMP_SUFFIX)).length
        rmSync(abs, { recursive: true, force: true })
      } else if (entry.isFile() && entry.name.endsWith(TMP_SUFFIX)) {
        const st = statSync(abs, { throwIfNoEntry: false })
        if (!st || now - st.mtimeMs <= LEGACY_TEMP_MAX_AGE_MS) continue
        rmSync(abs, { force: true })
        removed++
      }
    }
    return removed
  }
}
