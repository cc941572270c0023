/**
 * Content-addressed image files. Bytes go to a temp file in the library's tmp/
 * folder, are fsynced, hashed (sha256) on the way, and renamed into place
 * (`images/ab/<sha256>.<ext>`), so a crash leaves a complete file or none:
 * never a half file under a final name. Thumbnails: 256 px WebP, same rule.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { open, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import sharp, { type Metadata } from 'sharp'
import type { LibraryPaths } from '../paths'
import { AppError } from '../errors'

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
}

const TMP_SUFFIX = '.part'
export const THUMB_SIZE = 256
/** A generated image is a few MB; anything past this is not one of ours. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024

async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename itself durable. Not supported on every platform (Windows): best effort.
  try {
    const h = await open(dir, 'r')
    try {
      await h.sync()
    } finally {
      await h.close()
    }
  } catch {
    /* ignore */
  }
}

export class ImageStore {
  constructor(private readonly paths: LibraryPaths) {
    mkdirSync(paths.tmpDir, { recursive: true })
  }

  private tmpName(): string {
    return join(this.paths.tmpDir, `${Date.now()}-${randomBytes(6).toString('hex')}${TMP_SUFFIX}`)
  }

  /** Streams bytes to a temp file, hashing as they pass, then fsyncs it. */
  async writeTemp(source: AsyncIterable<Uint8Array>, maxBytes = MAX_IMAGE_BYTES): Promise<TempFile> {
    const tmpPath = this.tmpName()
    const hash = createHash('sha256')
    const fh = await open(tmpPath, 'wx', 0o644)
    let bytes = 0
    try {
      for await (const chunk of source) {
        bytes += chunk.byteLength
        if (bytes > maxBytes) throw new AppError('BAD_IMAGE', `The image is larger than ${Math.round(maxBytes / 1048576)} MB`)
        hash.update(chunk)
        await fh.write(chunk)
      }
      await fh.sync()
    } catch (error) {
      await fh.close().catch(() => undefined)
      await rm(tmpPath, { force: true })
      throw error
    }
    await fh.close()
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
    let meta: Metadata
    try {
      meta = await sharp(tmp.tmpPath, { failOn: 'truncated' }).metadata()
    } catch (error) {
      await rm(tmp.tmpPath, { force: true })
      throw new AppError('BAD_IMAGE', 'The downloaded file is not a readable image', { cause: error })
    }
    const format: StoredFormat | null = meta.format === 'jpeg' ? 'jpg' : meta.format === 'png' ? 'png' : meta.format === 'webp' ? 'webp' : null
    if (!format || !meta.width || !meta.height) {
      await rm(tmp.tmpPath, { force: true })
      throw new AppError('BAD_IMAGE', `Unexpected image format: ${meta.format ?? 'unknown'}`)
    }
    const rel = join(folder, tmp.sha256.slice(0, 2), `${tmp.sha256}.${format}`)
    const abs = join(this.paths.dataDir, rel)
    mkdirSync(dirname(abs), { recursive: true })
    const exists = await stat(abs).then((s) => s.size === tmp.bytes, () => false)
    if (exists) await rm(tmp.tmpPath, { force: true })
    else {
      await rename(tmp.tmpPath, abs)
      await fsyncDir(dirname(abs))
    }
    const thumbPath = await this.thumbnail(abs, tmp.sha256)
    return { sha256: tmp.sha256, path: rel, thumbPath, width: meta.width, height: meta.height, format, bytes: tmp.bytes }
  }

  /** A 256 px (longest side) WebP, written through a temp file as well. */
  async thumbnail(absSource: string, sha256: string): Promise<string> {
    const rel = join('thumbs', sha256.slice(0, 2), `${sha256}.webp`)
    const abs = join(this.paths.dataDir, rel)
    if (await stat(abs).then(() => true, () => false)) return rel
    mkdirSync(dirname(abs), { recursive: true })
    const tmp = this.tmpName()
    try {
      // No fsync here: a thumbnail is derived data, made again from its image if a
      // power loss ever leaves it short. The image itself is fsynced before its row.
      await sharp(absSource).resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 78, effort: 0 }).toFile(tmp)
      await rename(tmp, abs)
    } catch (error) {
      await rm(tmp, { force: true })
      throw error
    }
    return rel
  }

  absolute(rel: string): string {
    return join(this.paths.dataDir, rel)
  }

  /** Removes temp files left by a crash. Run at start-up, before any job. */
  cleanTemp(): number {
    let removed = 0
    for (const name of readdirSync(this.paths.tmpDir)) {
      if (!name.endsWith(TMP_SUFFIX)) continue
      rmSync(join(this.paths.tmpDir, name), { force: true })
      removed++
    }
    return removed
  }
}
