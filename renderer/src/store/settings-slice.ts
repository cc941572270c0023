import type { ApiKeyStatus, Settings, SettingsPatch } from '../../../electron/shared/domain'
import { api, type ApiError, call, toApiError } from '../api'
import type { SliceCreator } from './types'

export interface SettingsSlice {
  /** Settings as main last confirmed them; null until loaded. */
  settings: Settings | null
  /** Whether a Runware key is set and where it comes from. The key itself never reaches the renderer. */
  apiKeyStatus: ApiKeyStatus | null
  loadSettings(): Promise<void>
  /** Sends a patch to main; resolves false (after a toast) when main refuses it. */
  updateSettings(patch: SettingsPatch): Promise<boolean>
  loadApiKeyStatus(): Promise<void>
  /**
   * Saves the key. Resolves null on success; otherwise the error. Validation
   * errors are left to the caller (shown inline), anything else also gets a toast.
   */
  saveApiKey(apiKey: string): Promise<ApiError | null>
  clearApiKey(): Promise<boolean>
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get) => ({
  settings: null,
  apiKeyStatus: null,

  async loadSettings() {
    try {
      const settings = await call(() => api.settings.get())
      set({ settings, sidebarCollapsed: settings.sidebarCollapsed })
    } catch (error) {
      get().reportError("Couldn't load settings", error)
    }
  },

  async updateSettings(patch) {
    try {
      const settings = await call(() => api.settings.update(patch))
      set({ settings })
      return true
    } catch (error) {
      get().reportError("Couldn't save settings", error)
      return false
    }
  },

  async loadApiKeyStatus() {
    try {
      const apiKeyStatus = await call(() => api.secrets.apiKeyStatus())
      set({ apiKeyStatus })
    } catch (error) {
      get().reportError("Couldn't check the API key", error)
    }
  },

  async saveApiKey(apiKey) {
    try {
      const apiKeyStatus = await call(() => api.secrets.setApiKey(apiKey))
      set({ apiKeyStatus })
      void get().loadBalance()
      return null
    } catch (error) {
      const apiError = toApiError(error)
      if (apiError.code !== 'VALIDATION') get().reportError("Couldn't save the API key", apiError)
      return apiError
    }
  },

  async clearApiKey() {
    try {
      const apiKeyStatus = await call(() => api.secrets.clearApiKey())
      set({ apiKeyStatus, balance: null })
      return true
    } catch (error) {
      get().reportError("Couldn't remove the API key", error)
      return false
    }
  }
})
