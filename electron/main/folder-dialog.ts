/**
 * The OS folder dialog for export targets (issue 9). The window asks through
 * `export:choose-folder`; main shows the dialog and the core turns the path the
 * user picked into a token, so the window never sends or sees a path.
 */
import { dialog, type BrowserWindow } from 'electron'

export function folderChooser(getWindow: () => BrowserWindow | null): () => Promise<string | null> {
  return async () => {
    const options: Electron.OpenDialogOptions = { title: 'Export to folder', buttonLabel: 'Export here', properties: ['openDirectory', 'createDirectory', 'promptToCreate'] }
    const win = getWindow()
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0]!
  }
}
