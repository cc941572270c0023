/**
 * The export dialog's state: what is being exported, the folder the user chose
 * (a token from main and the folder's name; never a path), the settings
 * (remembered by main as the last used), the named presets, a running
 * export's progress, and the content credentials main signs with (file names,
 * subject, expiry; never a path or the key). "Export again" repeats this
 * session's last export (its settings, folder and zip) on other images without the options.
 */
import type { ChosenFolder, ContentCredentialsInfo, CredentialFile, ExportPreset, ExportProgress, ExportSettings, ExportTarget, LastExport } from '../../../electron/shared/export'
import { DEFAULT_EXPORT_SETTINGS, presetKey, presetNameError } from '../../../electron/shared/export'
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
  /** The named presets (from main), sorted by name. */
  exportPresets: ExportPreset[]
  /** The last started export (this session's, or main's memory of an earlier one): what "Export again" repeats. */
  exportLast: LastExport | null
  exportLastAsked: boolean
  /** The dialog shows an "Export again": its progress and summary, not the options. */
  exportRepeat: boolean
  /** The certificate and key chosen for content credentials, as main describes them; null until loaded. */
  exportCredentials: ContentCredentialsInfo | null
  /** Opens the dialog for these images (the selection, one image, a whole view). */
  openExport(target: ExportTarget, count: number): Promise<void>
  /** Asks main once per session for the last export of an earlier session (its folder gets a fresh token), so Export again is offered after a restart. */
  loadLastExport(): Promise<void>
  /** Exports these images with the last export's settings to its folder at once; the dialog shows progress, Cancel and the summary. */
  exportAgain(target: ExportTarget, count: number): Promise<void>
  /** Fills the options from a named preset. */
  applyExportPreset(name: string): void
  /** Saves the current options under a new name; resolves to why not (empty, too long, taken), or null when saved. */
  saveExportPreset(name: string): Promise<string | null>
  deleteExportPreset(name: string): Promise<void>
  updateExportSettings(patch: Partial<ExportSettings>): void
  setExportZipName(name: string | null): void
  chooseExportFolder(): Promise<void>
  /** Main's file dialog for the certificate chain or the private key; main keeps the path. */
  chooseExportCredentialsFile(file: CredentialFile): Promise<void>
  clearExportCredentials(): Promise<void>
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
  exportPresets: [],
  exportLast: null,
  exportLastAsked: false,
  exportRepeat: false,
  exportCredentials: null,

  async openExport(target, count) {
    set({ exportTarget: target, exportCount: count, exportProgress: null, exportError: null, exportRunning: null, exportRepeat: false })
    get().openDialog('export')
    void call(() => api.export.credentials()).then(
      (exportCredentials) => set({ exportCredentials }),
      () => undefined // Shown as not loaded; main checks again when an export that signs starts.
    )
    const [last, presets] = await Promise.allSettled([call(() => api.export.lastSettings()), call(() => api.export.presets())])
    // The defaults do, and no presets: the last settings and presets are a convenience.
    if (last.status === 'fulfilled') set({ exportSettings: last.value })
    if (presets.status === 'fulfilled') set({ exportPresets: presets.value })
  },

  async loadLastExport() {
    // Once per window: main grants a folder token each time it is asked.
    if (get().exportLastAsked) return
    set({ exportLastAsked: true })
    try {
      const last = await call(() => api.export.lastExport())
      // An export started meanwhile is the newer one.
      if (last && get().exportLast === null) set({ exportLast: last })
    } catch {
      // Export again is a convenience: without it the dialog still works.
    }
  },

  async exportAgain(target, count) {
    const last = get().exportLast
    if (!last || get().exportRunning) return
    set({
      exportTarget: target,
      exportCount: count,
      exportSettings: last.settings,
      exportFolder: last.folder,
      exportZipName: last.zipName,
      exportProgress: null,
      exportError: null,
      exportRunning: null,
      exportRepeat: true
    })
    get().openDialog('export')
    await get().startExport()
  },

  applyExportPreset(name) {
    const preset = get().exportPresets.find((p) => p.name === name)
    if (preset) set({ exportSettings: preset.settings, exportError: null })
  },

  async saveExportPreset(name) {
    const problem = presetNameError(name, get().exportPresets)
    if (problem) return problem
    try {
      const presets = await call(() => api.export.savePreset(name.normalize('NFC').trim(), get().exportSettings))
      set({ exportPresets: presets })
      return null
    } catch (error) {
      return toApiError(error).message
    }
  },

  async deleteExportPreset(name) {
    try {
      const presets = await call(() => api.export.deletePreset(name))
      set({ exportPresets: presets })
    } catch (error) {
      // Already gone (another window): show the list as main has it.
      set((s) => ({ exportPresets: s.exportPresets.filter((p) => presetKey(p.name) !== presetKey(name)), exportError: toApiError(error).message }))
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

  async chooseExportCredentialsFile(file) {
    try {
      const info = await call(() => api.export.chooseCredentialsFile(file))
      if (info) set({ exportCredentials: info, exportError: null })
    } catch (error) {
      set({ exportError: toApiError(error).message })
    }
  },

  async clearExportCredentials() {
    try {
      set({ exportCredentials: await call(() => api.export.clearCredentials()) })
    } catch (error) {
      set({ exportError: toApiError(error).message })
    }
  },

  async startExport() {
    const s = get()
    if (!s.exportTarget || s.exportRunning) return
    if (!s.exportFolder) return set({ exportError: 'Choose a folder to export to.' })
    const credentialsProblem = s.exportCredentials?.problem
    if (s.exportSettings.contentCredentials && credentialsProblem) return set({ exportError: `Content credentials: ${credentialsProblem}` })
    set({ exportProgress: null, exportError: null })
    try {
      const started = await call(() => api.export.start(s.exportTarget!, { ...s.exportSettings, folderToken: s.exportFolder!.token, zipName: s.exportZipName }))
      const exportLast = { settings: s.exportSettings, folder: s.exportFolder, zipName: s.exportZipName }
      // Main's progress can arrive before this answer (a small export may even have finished):
      // keep what already came for this export instead of wiping its summary.
      set((st) => {
        const early = st.exportProgress?.exportId === started.exportId ? st.exportProgress : null
        return { exportRunning: early?.final ? null : started, exportProgress: early, exportError: null, exportLast }
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
    set({ exportTarget: null, exportProgress: null, exportError: null, exportRepeat: false })
    get().closeDialog()
  }
})
