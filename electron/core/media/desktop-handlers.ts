/**
 * The desktop channels (issue 9): drag out, Copy image, Show in folder. Each id is
 * resolved to its original file through the library containment check
 * (library-files.ts) before the desktop adapter sees anything; without an adapter
 * (the CLI) they are refused.
 */
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { AppError } from '../errors'
import { MAX_INPUT_PIXELS } from '../generation/references'
import type { Handlers } from '../ipc/router'
import type { Logger } from '../log'
import { DRAG_ICON_SIZE, dragIcon, libraryFile, libraryFiles, problemError, type DesktopShell } from './library-files'
import type { MediaDeps } from './media-request'

type DesktopChannels = 'desktop:start-drag' | 'desktop:copy-image' | 'desktop:copy-text' | 'desktop:show-in-folder'

export function desktopHandlers(d: { media: MediaDeps; log: Logger; desktop?: DesktopShell }): Pick<Handlers, DesktopChannels> {
  const desktop = (): DesktopShell => {
    if (!d.desktop) throw new AppError('FORBIDDEN', 'This shell cannot hand files to the desktop.')
    return d.desktop
  }
  return {
    'desktop:start-drag': async (ids) => {
      const shell = desktop()
      const { files, problems } = libraryFiles(ids, d.media)
      for (const p of problems) if (p.status === 403) d.log.warn('refused to drag a file outside the library', { imageId: p.imageId, reason: p.reason })
      if (files.length === 0) throw problemError(problems[0]!)
      const thumb = dragIcon(files[0]!.imageId, d.media)
      // The first image's thumbnail, small, as PNG; a thumbnail that cannot be read leaves the app's icon.
      const icon = thumb === null ? null : await sharp(thumb).resize(DRAG_ICON_SIZE, DRAG_ICON_SIZE, { fit: 'inside', withoutEnlargement: true }).png().toBuffer().catch(() => null)
      shell.startDrag(
        files.map((f) => f.file),
        icon
      )
      return { files: files.length, skipped: problems.length }
    },
    'desktop:copy-image': async (imageId) => {
      const shell = desktop()
      const { file, contentType } = libraryFile(imageId, d.media)
      // The clipboard takes PNG: a PNG original goes as it is, a JPEG or WebP is converted.
      await shell.copyImage(contentType === 'image/png' ? await readFile(file) : await sharp(file, { limitInputPixels: MAX_INPUT_PIXELS }).png().toBuffer())
    },
    'desktop:copy-text': async (text) => {
      await desktop().copyText(text)
    },
    'desktop:show-in-folder': (imageId) => {
      const shell = desktop()
      shell.showInFolder(libraryFile(imageId, d.media).file)
    }
  }
}
