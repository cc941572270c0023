import { useId } from 'react'
import type { ThemePreference } from '../../../../electron/shared/domain'
import { Select } from '../../components/Select'
import { NumberStepper } from '../../components/NumberStepper'
import { useAppStore } from '../../store'

const THEMES: { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' }
]

/** Limits mirror settingsSchema in electron/shared/schemas.ts, which main enforces. */
export const CONCURRENCY = { min: 1, max: 8 }

export function PreferencesSection() {
  const theme = useAppStore((s) => s.settings?.theme ?? 'system')
  const concurrency = useAppStore((s) => s.settings?.concurrency ?? null)
  const spellcheck = useAppStore((s) => s.settings?.spellcheck ?? false)
  const loaded = useAppStore((s) => s.settings !== null)
  const updateSettings = useAppStore((s) => s.updateSettings)
  const id = useId()

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="settings-section-title">
        Preferences
      </h3>

      <div className="settings-row">
        <div className="settings-row-text">
          <label htmlFor={`${id}-theme`} className="field-label">
            Appearance
          </label>
          <p className="field-help">System follows your operating system.</p>
        </div>
        <Select
          id={`${id}-theme`}
          testId="theme-select"
          value={theme}
          options={THEMES}
          disabled={!loaded}
          onValueChange={(value) => void updateSettings({ theme: value })}
        />
      </div>

      <div className="settings-row">
        <div className="settings-row-text">
          <label htmlFor={`${id}-concurrency`} className="field-label">
            Parallel jobs
          </label>
          <p id={`${id}-concurrency-help`} className="field-help">
            How many generations may run at once ({CONCURRENCY.min}–{CONCURRENCY.max}).
          </p>
        </div>
        {concurrency === null ? null : (
          <NumberStepper
            id={`${id}-concurrency`}
            label="parallel jobs"
            testId="concurrency-input"
            value={concurrency}
            min={CONCURRENCY.min}
            max={CONCURRENCY.max}
            describedBy={`${id}-concurrency-help`}
            onChange={(n) => void updateSettings({ concurrency: n })}
          />
        )}
      </div>

      <div className="settings-row">
        <div className="settings-row-text">
          <label htmlFor={`${id}-spellcheck`} className="field-label">
            Check spelling
          </label>
          <p id={`${id}-spellcheck-help`} className="field-help">
            Underlines misspelled words in the prompt. On Windows and Linux it downloads dictionaries from Google.
          </p>
        </div>
        <input
          id={`${id}-spellcheck`}
          type="checkbox"
          role="switch"
          className="switch"
          data-testid="spellcheck-toggle"
          checked={spellcheck}
          disabled={!loaded}
          aria-describedby={`${id}-spellcheck-help`}
          onChange={(event) => void updateSettings({ spellcheck: event.target.checked })}
        />
      </div>
    </section>
  )
}
