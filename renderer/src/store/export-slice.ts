/**
 * The export dialog's state: what is being exported, the folder the user chose
 * (a token from main and the folder's name; never a path), the settings
 * (remembered by main as the last used), and a running export's progress.
 */
import type { ChosenFolder, ExportProgress, ExportSettings, ExportTarget } from '../../../electron/shared/export'
import { DEFAULT_EXPORT_SETTINGS } from '../../../electron/shared/export'
import { api, call, toApiError } from '../api'
import type { SliceCreator } from './types'

export interface ExportSlice {
  exportTarget: ExportTarget | null
  /** How many images the target holds (for the dialog's title). */
  exportCount: number
  exportFolder: ChosenFolder | null
  exportSettings: ExportSettings
  /** Write one zip of this name into the folder instead of loose files; null for loose files. */
  exportZipName: string | null
  exportRunning: { exportId: string } | null
  exportProgress: ExportProgress | null
  exportError: string | null
  /** Opens the dialog for these images (the selection, one image, a whole view). */
  openExport(target: ExportTarget, count: number): Promise<void>
  updateExportSettings(patch: Partial<ExportSettings>): void
  setExportZipName(name: string | null): void
  chooseExportFolder(): Promise<void>
  startExport(): Promise<void>
  cancelExport(): Promise<void>
  applyExportProgress(progress: ExportProgress): void
  closeExport(): void
}

export const createExportSlice: SliceCreator<ExportSlice> = (set, get) => ({
  exportTarget: null,
  exportCount: 0,
  exportFolder: null,
  exportSettings: DEFAULT_EXPORT_SETTINGS,
  exportZipName: null,
  exportRunning: null,
  exportProgress: null,
  exportError: null,

  async openExport(target, count) {
    set({ exportTarget: target, exportCount: count, exportProgress: null, exportError: null, exportRunning: null })
    get().openDialog('export')
    try {
      const settings = await call(() => api.export.lastSettings())
      set({ exportSettings: settings })
    } catch {
      // The defaults do; the last settings are a convenience.
    }
  },

  updateExportSettings: (patch) => set((s) => ({ exportSettings: { ...s.exportSettings, ...patch }, exportError: null })),
  setExportZipName: (exportZipName) => set({ exportZipName }),

  async chooseExportFolder() {
    try {
      const folder = await call(() => api.export.chooseFolder())
      if (folder) set({ exportFolder: folder, exportError: null })
    } catch (error) {
      set({ exportError: toApiError(error).message })
    }
  },

  async startExport() {
    const s = get()
    if (!s.exportTarget || s.exportRunning) return
    if (!s.exportFolder) return set({ exportError: 'Choose a folder to export to.' })
    set({ exportProgress: null, exportError: null })
    try {
      const started = await call(() => api.export.start(s.exportTarget!, { ...s.exportSettings, folderToken: s.exportFolder!.token, zipName: s.exportZipName }))
      // Main's progress can arrive before this answer (a small export may even have finished):
      // keep what already came for this export instead of wiping its summary.
      set((st) => {
        const early = st.exportProgress?.exportId === started.exportId ? st.exportProgress : null
        return { exportRunning: early?.final ? null : started, exportProgress: early, exportError: null }
      })
    } catch (error) {
      set({ exportError: toApiError(error).message })
    }
  },

  async cancelExport() {
    const running = get().exportRunning
    if (!running) return
    try {
      await call(() => api.export.cancel(running.exportId))
    } catch (error) {
      get().reportError("Couldn't cancel the export", error)
    }
  },

  applyExportProgress(progress) {
    const running = get().exportRunning
    if (running && running.exportId !== progress.exportId) return
    // Once an export's summary is in, nothing later about it replaces the summary.
    const shown = get().exportProgress
    if (shown?.final && shown.exportId === progress.exportId) return
    set({ exportProgress: progress, exportRunning: progress.final ? null : running })
  },

  closeExport() {
    if (get().exportRunning) return // a running export keeps its dialog: cancel first
    set({ exportTarget: null, exportProgress: null, exportError: null })
    get().closeDialog()
  }
})
