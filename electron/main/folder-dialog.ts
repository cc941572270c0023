/**
 * The OS folder dialog for export targets (issue 9) and backup folders (issue 11). The window asks through
 * `export:choose-folder`; main shows the dialog and the core turns the path the
 * user picked into a token, so the window never sends or sees a path.
 */
import { dialog, type BrowserWindow } from 'electron'
import type { ChooseFolder } from '../core/export/export-handlers'

const TITLES = {
  export: { title: 'Export to folder', buttonLabel: 'Export here' },
  backup: { title: 'Back up the library to folder', buttonLabel: 'Back up here' }
} as const

export function folderChooser(getWindow: () => BrowserWindow | null): ChooseFolder {
  return async (purpose = 'export') => {
    const options: Electron.OpenDialogOptions = { ...TITLES[purpose], properties: ['openDirectory', 'createDirectory', 'promptToCreate'] }
    const win = getWindow()
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0]!
  }
}
