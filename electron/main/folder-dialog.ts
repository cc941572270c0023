/**
 * The OS folder dialog for export targets (issue 9) and backup folders (issue 11). The window asks through
 * `export:choose-folder`; main shows the dialog and the core turns the path the
 * user picked into a token, so the window never sends or sees a path.
 */
import { dialog, type BrowserWindow } from 'electron'
import type { ChooseFile, ChooseFolder } from '../core/export/export-handlers'

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

const FILE_TITLES = {
  certificate: { title: 'Choose the signing certificate chain (PEM)', buttonLabel: 'Use certificate' },
  key: { title: 'Choose the private key of the certificate (PEM)', buttonLabel: 'Use key' }
} as const

/** The OS open-file dialog for a content-credentials PEM file; the core keeps the path in main. */
export function pemFileChooser(getWindow: () => BrowserWindow | null): ChooseFile {
  return async (file) => {
    const options: Electron.OpenDialogOptions = {
      ...FILE_TITLES[file],
      properties: ['openFile'],
      filters: [
        { name: 'PEM files', extensions: ['pem', 'crt', 'cer', 'key'] },
        { name: 'All files', extensions: ['*'] }
      ]
    }
    const win = getWindow()
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0]!
  }
}
