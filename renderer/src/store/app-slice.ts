import type { AppInfo } from '../../../electron/shared/domain'
import { api, call } from '../api'
import type { SliceCreator } from './types'

export interface AppSlice {
  /** Name, version, runtime versions and data folder; null until loaded. */
  info: AppInfo | null
  /** Why `info` could not be loaded, for the About box. */
  infoError: string | null
  loadInfo(): Promise<void>
  /**
   * Loads everything the shell shows at start-up, in parallel, then the balance
   * (it needs the key status). Never throws. The job list is loaded by the IPC
   * bridge, right after it subscribes to progress events.
   */
  bootstrap(): Promise<void>
}

export const createAppSlice: SliceCreator<AppSlice> = (set, get) => ({
  info: null,
  infoError: null,

  async loadInfo() {
    try {
      const info = await call(() => api.app.getInfo())
      set({ info, infoError: null })
    } catch (error) {
      const reported = get().reportError("Couldn't load app information", error)
      set({ infoError: reported.message })
    }
  },

  async bootstrap() {
    const s = get()
    await Promise.all([s.loadInfo(), s.loadSettings(), s.loadApiKeyStatus(), s.loadStats(), s.loadCollections(), s.loadSavedSearches(), s.loadTags()])
    await Promise.all([get().loadBalance(), get().loadSpendSummary()])
  }
})
