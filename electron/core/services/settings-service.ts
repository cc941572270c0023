import type { Settings, SettingsPatch } from '../../shared/domain'
import { settingsSchema } from '../../shared/schemas'
import type { SettingsRepo } from '../db/repos/settings-repo'

import { DEFAULT_MODEL } from '../../shared/model-capabilities'

export { DEFAULT_MODEL }

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  model: DEFAULT_MODEL,
  concurrency: 3,
  sidebarCollapsed: false,
  thumbnailSize: 'medium',
  thumbnailFit: 'square',
  spellcheck: false,
  promptDefaults: { aspect: 'auto', count: 1, outputFormat: 'JPG', outputQuality: 95, safetyCheck: false },
  dailyBudgetUsd: null,
  notifications: true
}

type Listener = (settings: Settings) => void

/** Typed settings with defaults. A stored value that no longer validates falls back to its default. */
export class SettingsService {
  private readonly listeners = new Set<Listener>()

  constructor(private readonly repo: SettingsRepo) {}

  get(): Settings {
    const stored = this.repo.all()
    const out: Record<string, unknown> = { ...DEFAULT_SETTINGS }
    const shape = settingsSchema.shape
    for (const key of Object.keys(shape) as (keyof Settings)[]) {
      if (!(key in stored)) continue
      const parsed = shape[key].safeParse(stored[key])
      if (parsed.success) out[key] = parsed.data
    }
    return out as unknown as Settings
  }

  /** `patch` is already validated at the IPC boundary; it is parsed again for other callers (CLI). */
  update(patch: SettingsPatch): Settings {
    const valid = settingsSchema.partial().strict().parse(patch)
    this.repo.putMany(valid)
    const next = this.get()
    for (const l of this.listeners) l(next)
    return next
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
