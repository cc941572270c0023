/**
 * Writing export files without ever clobbering one. Each file is written in
 * full to a temp name in the target folder (same file system, so the last step
 * is a metadata operation), fsynced, and only then given its name with
 * link(2), which fails with EEXIST instead of replacing a file that appeared in
 * the meantime (rename(2) would replace it). Where hard links are not supported
 * (FAT, exFAT, some network shares) the fallback is copyFile with COPYFILE_EXCL,
 * which is just as exclusive; a half copy is removed. The temp file always goes.
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import * as fsp from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../errors'
import { withSuffix } from './names'

/** The file operations an export uses; tests swap one to inject a failure. */
export interface ExportFs {
  open: typeof fsp.open
  link: typeof fsp.link
  unlink: typeof fsp.unlink
  copyFile: typeof fsp.copyFile
  mkdir: typeof fsp.mkdir
  stat: typeof fsp.stat
  readFile: typeof fsp.readFile
}

export const nodeFs: ExportFs = { open: fsp.open, link: fsp.link, unlink: fsp.unlink, copyFile: fsp.copyFile, mkdir: fsp.mkdir, stat: fsp.stat, readFile: fsp.readFile }

/** Temp files of an export start with this, so a crash's leftovers are recognisable. */
export const TEMP_PREFIX = '.imagine-export-'
const MAX_SUFFIX = 10_000
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'])

export const errnoOf = (e: unknown): string | undefined => (e as { code?: unknown } | null)?.code as string | undefined

export interface PlacedPart {
  /** Extension without the dot. */
  ext: string
  data: Buffer
}

/** Writes `data` to a fresh temp file in `dir` and fsyncs it; on any failure the temp file is gone. */
export async function writeTemp(fs: ExportFs, dir: string, data: Buffer, tag = ''): Promise<string> {
  const tmp = join(dir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}${tag}.part`)
  const fh = await fs.open(tmp, 'wx')
  try {
    let done = 0
    while (done < data.length) done += (await fh.write(data, done, data.length - done, done)).bytesWritten
    await fh.sync()
    await fh.close()
  } catch (error) {
    await fh.close().catch(() => undefined)
    await removeQuietly(fs, tmp)
    throw error
  }
  return tmp
}

/**
 * A whole file in one read where the OS allows (fs.readFile reads 512 kB at a time: a 3 MB PNG
 * would be nine trips through libuv's pool, each queued behind the encodes running there).
 */
export async function readWhole(fs: ExportFs, path: string): Promise<Buffer> {
  const fh = await fs.open(path, 'r')
  try {
    const { size } = await fh.stat()
    const buffer = Buffer.allocUnsafe(size)
    let done = 0
    while (done < size) {
      const { bytesRead } = await fh.read(buffer, done, size - done, done)
      if (bytesRead === 0) break
      done += bytesRead
    }
    // A file that grew after the stat is read to its size then; one that shrank, to its end.
    return done === size ? buffer : buffer.subarray(0, done)
  } finally {
    await fh.close()
  }
}

export async function removeQuietly(fs: ExportFs, path: string): Promise<void> {
  await fs.unlink(path).catch(() => undefined)
}

/** Gives `tmp` the name `target` unless that name exists: true when placed, false on EEXIST. */
export async function placeExclusive(fs: ExportFs, tmp: string, target: string): Promise<boolean> {
  try {
    await fs.link(tmp, target)
    return true
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false
    if (!NO_LINKS.has(errnoOf(error) ?? '')) throw error
  }
  try {
    await fs.copyFile(tmp, target, constants.COPYFILE_EXCL)
    return true
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false
    await removeQuietly(fs, target)
    throw error
  }
}

export type PlaceOutcome = { placed: true; names: string[] } | { placed: false }

export interface PlaceHooks {
  /** A name is taken: try the next suffix (`name (2).jpg`, …) or give up and skip. */
  onTaken(name: string): 'suffix' | 'skip'
  /** Called with the complete temp files (in part order) before any gets its name: rejects to stop (e.g. a signature that does not verify). */
  verify?(temps: readonly string[]): Promise<void>
  /** Called when the temp files are complete, just before any gets its name (throw to stop). */
  beforePlace?(): void
  /** Called (synchronously) before a name is tried and after, with whether it was placed. */
  claim?(name: string): void
  release?(name: string, placed: boolean): void
}

/**
 * Places files that share a name (an image and its `.json` sidecar) under `baseName`
 * (`name.ext` of the first part; the others swap the extension). Temp files are
 * removed whatever happens.
 */
export async function placeFiles(fs: ExportFs, dir: string, baseName: string, parts: readonly PlacedPart[], hooks: PlaceHooks): Promise<PlaceOutcome> {
  const temps: string[] = []
  try {
    for (const p of parts) temps.push(await writeTemp(fs, dir, p.data))
    await hooks.verify?.(temps)
    hooks.beforePlace?.()
    for (let n = 1; n <= MAX_SUFFIX; n++) {
      const first = n === 1 ? baseName : withSuffix(baseName, n)
      const firstStem = first.slice(0, first.length - parts[0]!.ext.length - 1)
      const names = parts.map((p, i) => (i === 0 ? first : `${firstStem}.${p.ext}`))
      const placed: string[] = []
      let clash: string | null = null
      for (let i = 0; i < parts.length; i++) {
        const name = names[i]!
        hooks.claim?.(name)
        let ok = false
        try {
          ok = await placeExclusive(fs, temps[i]!, join(dir, name))
        } finally {
          hooks.release?.(name, ok)
        }
        if (ok) placed.push(name)
        else {
          clash = name
          break
        }
      }
      if (clash === null) return { placed: true, names }
      // Only names this call just created are removed: they are ours, seconds old.
      for (const p of placed) await removeQuietly(fs, join(dir, p))
      if (hooks.onTaken(clash) === 'skip') return { placed: false }
    }
    throw new AppError('VALIDATION', `Every name from "${baseName}" to "${withSuffix(baseName, MAX_SUFFIX)}" is taken`)
  } finally {
    for (const t of temps) await removeQuietly(fs, t)
  }
}

/** A write failure as an export failure code and a sentence, without the folder's path. */
export function describeWriteError(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message }
  switch (errnoOf(error)) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return { code: 'READ_ONLY', message: 'The folder cannot be written to (read-only or no permission).' }
    case 'ENOSPC':
    case 'EDQUOT':
      return { code: 'DISK_FULL', message: 'The disk is full.' }
    case 'ENAMETOOLONG':
      return { code: 'NAME_TOO_LONG', message: 'The file name or path is too long for this file system.' }
    case 'ENOENT':
    case 'ENOTDIR':
      return { code: 'FOLDER_MISSING', message: 'The folder is gone (removed or unmounted during the export).' }
    default:
      return { code: 'WRITE_FAILED', message: `The file could not be written${errnoOf(error) ? ` (${errnoOf(error)})` : ''}.` }
  }
}
