/**
 * Electron's half of drag out, Copy image and Show in folder (issue 9). The core
 * resolves the window's image ids to checked files inside the library
 * (core/media/library-files.ts); these calls only hand them to the OS.
 */
import { ClipboardItem, clipboard, nativeImage, shell, type BrowserWindow } from 'electron'
import { AppError } from '../core/errors'
import { DRAG_ICON_SIZE, type DesktopShell } from '../core/media/library-files'

export function desktopShell(getWindow: () => BrowserWindow | null, appIconPath: string): DesktopShell {
  return {
    startDrag(files, icon) {
      const win = getWindow()
      if (!win || win.isDestroyed()) throw new AppError('NOT_FOUND', 'The window is closed.')
      // The core's small PNG of the first thumbnail, else the app's icon (macOS refuses a drag without one).
      let image = icon ? nativeImage.createFromBuffer(icon) : nativeImage.createEmpty()
      if (image.isEmpty()) image = nativeImage.createFromPath(appIconPath).resize({ width: DRAG_ICON_SIZE })
      win.webContents.startDrag({ file: files[0]!, files, icon: image })
    },
    // Electron's clipboard takes W3C ClipboardItems: image/png is the image type every OS reads.
    async copyImage(png) {
      await clipboard.write([new ClipboardItem({ 'image/png': new Blob([new Uint8Array(png)], { type: 'image/png' }) })])
    },
    async copyText(text) {
      await clipboard.writeText(text)
    },
    showInFolder(file) {
      shell.showItemInFolder(file)
    }
  }
}
