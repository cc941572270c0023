import { describe, expect, it, vi } from 'vitest'
import { SettingsRepo } from '../../electron/core/db/repos/settings-repo'
import { DEFAULT_SETTINGS, SettingsService } from '../../electron/core/services/settings-service'
import { createTestDb } from '../helpers/db'

describe('settings service', () => {
  it('returns defaults for an empty library', () => {
    expect(new SettingsService(new SettingsRepo(createTestDb())).get()).toEqual(DEFAULT_SETTINGS)
  })

  it('persists updates in SQLite and notifies listeners', () => {
    const db = createTestDb()
    const svc = new SettingsService(new SettingsRepo(db))
    const listener = vi.fn()
    svc.onChange(listener)
    svc.update({ theme: 'dark', concurrency: 2 })
    expect(new SettingsService(new SettingsRepo(db)).get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', concurrency: 2 })
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ theme: 'dark' }))
  })

  it('falls back to the default for a stored value that no longer validates', () => {
    const db = createTestDb()
    db.prepare("INSERT INTO settings (key, value) VALUES ('concurrency', '500'), ('theme', '\"neon\"'), ('model', 'not json')").run()
    expect(new SettingsService(new SettingsRepo(db)).get()).toEqual(DEFAULT_SETTINGS)
  })

  it('refuses invalid updates from non-IPC callers too', () => {
    const svc = new SettingsService(new SettingsRepo(createTestDb()))
    expect(() => svc.update({ concurrency: 0 })).toThrow()
    expect(svc.get().concurrency).toBe(DEFAULT_SETTINGS.concurrency)
  })

  it('keeps the defaults for new prompts and the daily budget, refusing sizes and budgets that make no sense', () => {
    const db = createTestDb()
    const svc = new SettingsService(new SettingsRepo(db))
    const promptDefaults = { aspect: '16:9', count: 4, outputFormat: 'WEBP' as const, outputQuality: 80, safetyCheck: true }
    svc.update({ promptDefaults, dailyBudgetUsd: 2.5 })
    expect(new SettingsService(new SettingsRepo(db)).get()).toMatchObject({ promptDefaults, dailyBudgetUsd: 2.5 })
    expect(() => svc.update({ promptDefaults: { ...promptDefaults, aspect: '5:7' } })).toThrow()
    expect(() => svc.update({ promptDefaults: { ...promptDefaults, count: 21 } })).toThrow()
    expect(() => svc.update({ dailyBudgetUsd: 0 })).toThrow()
    svc.update({ dailyBudgetUsd: null })
    expect(svc.get()).toMatchObject({ promptDefaults, dailyBudgetUsd: null })
  })
})
