/**
 * Library images leaving the window as real files (issue 9): drag out, Copy image,
 * Show in folder. The window names images by id; main turns each id into the real
 * path of its original file through the same containment check as the image
 * protocol (media-request.ts), so a tampered library.db cannot make the OS drag,
 * copy or reveal a file outside the data folder. Pure but for `realpath`; the
 * Electron calls sit behind `DesktopShell` (electron/main/desktop.ts; the test
 * host records them).
 */
import { AppError } from '../errors'
import { resolveMedia, type MediaDeps } from './media-request'

/** The OS side of these actions: Electron in the app, a recorder in the test host. */
export interface DesktopShell {
  /** Starts an OS drag of these files from the window; `icon` is a small PNG to show under the pointer (null: the app's icon). */
  startDrag(files: string[], icon: Buffer | null): void
  /** Puts an image on the clipboard, as PNG bytes (the image type every OS clipboard reads). */
  copyImage(png: Buffer): void | Promise<void>
  /** Puts plain text on the clipboard. */
  copyText(text: string): void | Promise<void>
  /** Shows the file selected in the OS file manager. */
  showInFolder(file: string): void
}

export interface LibraryFile {
  imageId: number
  /** Real absolute path, inside the data folder. */
  file: string
  contentType: string
}

export interface LibraryFileProblem {
  imageId: number
  status: 400 | 403 | 404
  reason: string
}

/** Each id's original file (each id once, in order), or why it is refused. */
export function libraryFiles(ids: readonly number[], deps: MediaDeps): { files: LibraryFile[]; problems: LibraryFileProblem[] } {
  const files: LibraryFile[] = []
  const problems: LibraryFileProblem[] = []
  for (const imageId of new Set(ids)) {
    const r = resolveMedia('image', String(imageId), deps)
    if (r.status === 200) files.push({ imageId, file: r.file, contentType: r.contentType })
    else problems.push({ imageId, status: r.status, reason: r.reason })
  }
  return { files, problems }
}

/** The error for a refused image: outside the library (or not an image) is a refusal, else it is missing. */
export function problemError(p: LibraryFileProblem): AppError {
  if (p.status === 403) return new AppError('PATH_OUTSIDE_LIBRARY', `Refused: the library names a file for image #${p.imageId} that is outside the library or not an image (${p.reason}).`)
  return new AppError('NOT_FOUND', `The file of image #${p.imageId} is missing from the library.`)
}

/** One image's original file; throws when it is refused or missing. */
export function libraryFile(imageId: number, deps: MediaDeps): LibraryFile {
  const { files, problems } = libraryFiles([imageId], deps)
  if (problems[0]) throw problemError(problems[0])
  return files[0]!
}

/** Long edge of the drag icon, px (thumbnails are 256 px WebP, which Electron's nativeImage cannot read: it gets a PNG). */
export const DRAG_ICON_SIZE = 96

/** The thumbnail to drag with (checked like the original), or null when it has none or it is refused. */
export function dragIcon(imageId: number, deps: MediaDeps): string | null {
  const r = resolveMedia('thumb', String(imageId), deps)
  return r.status === 200 ? r.file : null
}
