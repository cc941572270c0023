/**
 * The one containment check for a path that library.db names (images.path,
 * thumb_path, reference_images.path). library.db is data, not code: a tampered
 * or hostile row ('../victim.txt', '/etc/passwd', a symlink leading out) must
 * never make us read, upload or delete a file outside the data folder.
 * Containment is by `path.relative` (not string prefix) plus `realpath`, so a
 * symlinked file or folder inside the library cannot lead outside it.
 */
import { realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { AppError } from '../errors'

/** True when `child` is strictly inside `parent` (by path.relative, not by string prefix). */
export function isPathInside(child: string, parent: string): boolean {
  const rel = relative(parent, child)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

export type LibraryPathCheck =
  | { ok: true; file: string }
  | { ok: false; problem: 'not-relative' | 'outside' | 'link-outside'; reason: string }
  | { ok: false; problem: 'missing'; reason: string; file: string }

/**
 * Checks a stored relative path. `file` (when ok) is the real path of the file.
 * A missing file is reported as such (with its lexical path), not as outside.
 */
export function checkLibraryPath(dataDir: string, stored: string, realpath: (p: string) => string = realpathSync): LibraryPathCheck {
  if (stored.includes('\0') || isAbsolute(stored)) return { ok: false, problem: 'not-relative', reason: 'stored path is not relative' }
  const root = resolve(dataDir)
  const file = resolve(root, stored)
  if (!isPathInside(file, root)) return { ok: false, problem: 'outside', reason: 'path leaves the data folder' }
  let realFile: string
  let realRoot: string
  try {
    realRoot = realpath(root)
    realFile = realpath(file)
  } catch {
    return { ok: false, problem: 'missing', reason: 'file missing', file }
  }
  if (!isPathInside(realFile, realRoot)) return { ok: false, problem: 'link-outside', reason: 'link leaves the data folder' }
  return { ok: true, file: realFile }
}

/** Thrown when library.db names a path outside the library; nothing was read or deleted. */
export class OutsideLibraryError extends AppError {
  readonly storedPath: string
  constructor(storedPath: string, reason: string) {
    super('PATH_OUTSIDE_LIBRARY', `Refused: the library database names a file outside the library (${JSON.stringify(storedPath)}: ${reason}). Nothing was read or deleted there.`)
    this.name = 'OutsideLibraryError'
    this.storedPath = storedPath
  }
}

/**
 * The real absolute path of a stored library path, for reading or uploading.
 * Throws OutsideLibraryError when it leaves the library; `NOT_FOUND` when it is missing.
 */
export function resolveInsideLibrary(dataDir: string, stored: string, realpath?: (p: string) => string): string {
  const check = checkLibraryPath(dataDir, stored, realpath)
  if (check.ok) return check.file
  if (check.problem === 'missing') throw new AppError('NOT_FOUND', `A library file is missing: ${stored}`)
  throw new OutsideLibraryError(stored, check.reason)
}

/**
 * The path to delete for a stored library path (the link itself, not what a link
 * inside the library points at), or null when there is nothing there. Throws
 * OutsideLibraryError when it, or what it links to, leaves the library.
 */
export function deletableInsideLibrary(dataDir: string, stored: string, realpath?: (p: string) => string): string | null {
  const check = checkLibraryPath(dataDir, stored, realpath)
  if (check.ok) return resolve(dataDir, stored)
  if (check.problem === 'missing') return null
  throw new OutsideLibraryError(stored, check.reason)
}
