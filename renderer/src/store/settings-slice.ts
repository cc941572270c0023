import type { ApiKeyCheck, ApiKeyStatus, PromptDefaults, Settings, SettingsPatch } from '../../../electron/shared/domain'
import { api, type ApiError, call, toApiError } from '../api'
import { initialComposer, type ComposerForm } from './composer-slice'
import type { SliceCreator } from './types'

/** Saving a key: what Runware said of it, or why it was not saved. */
export type SaveKeyOutcome = { ok: true; check: ApiKeyCheck } | { ok: false; error: ApiError }

/** The composer fields a new prompt takes from Settings → Defaults. */
export function composerDefaults(d: PromptDefaults): Pick<ComposerForm, 'aspect' | 'count' | 'outputFormat' | 'outputQuality' | 'safetyCheck'> {
  return { aspect: d.aspect, count: d.count, outputFormat: d.outputFormat, outputQuality: d.outputQuality, safetyCheck: d.safetyCheck }
}

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
   * Checks the key with Runware and saves it. Resolves with how the check went, or
   * the error. A refusal (API_AUTH) and validation errors are left to the caller
   * (shown inline); anything else also gets a toast.
   */
  saveApiKey(apiKey: string): Promise<SaveKeyOutcome>
  clearApiKey(): Promise<boolean>
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get) => ({
  settings: null,
  apiKeyStatus: null,

  async loadSettings() {
    try {
      const settings = await call(() => api.settings.get())
      // A fresh composer (no draft was restored, nothing typed yet) starts from the defaults for new prompts.
      const fresh = get().composer === initialComposer
      set({ settings, sidebarCollapsed: settings.sidebarCollapsed, ...(fresh ? { composer: { ...initialComposer, ...composerDefaults(settings.promptDefaults) } } : {}) })
    } catch (error) {
      get().reportError("Couldn't load settings", error)
    }
  },

  async updateSettings(patch) {
    try {
      const settings = await call(() => api.settings.update(patch))
      set({ settings })
      // New defaults apply at once: the prompt being written takes them too.
      if (patch.promptDefaults) get().updateComposer(composerDefaults(settings.promptDefaults))
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
      const { check, ...apiKeyStatus } = await call(() => api.secrets.setApiKey(apiKey))
      if (check.result === 'accepted') set({ apiKeyStatus, balance: check.balance, balanceProblem: null })
      else {
        set({ apiKeyStatus })
        void get().loadBalance()
      }
      return { ok: true, check }
    } catch (error) {
      const apiError = toApiError(error)
      if (apiError.code !== 'VALIDATION' && apiError.code !== 'API_AUTH') get().reportError("Couldn't save the API key", apiError)
      return { ok: false, error: apiError }
    }
  },

  async clearApiKey() {
    try {
      const apiKeyStatus = await call(() => api.secrets.clearApiKey())
      set({ apiKeyStatus, balance: null, balanceProblem: null })
      return true
    } catch (error) {
      get().reportError("Couldn't remove the API key", error)
      return false
    }
  }
})
