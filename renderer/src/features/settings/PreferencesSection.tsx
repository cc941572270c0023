import { type KeyboardEvent, useEffect, useId, useState } from 'react'
import { THUMBNAIL_FITS, type ThemePreference, type ThumbnailSize } from '../../../../electron/shared/domain'
import { FIT_LABELS } from '../gallery/gallery-text'
import { api, call } from '../../api'
import { Select } from '../../components/Select'
import { NumberStepper } from '../../components/NumberStepper'
import { useAppStore } from '../../store'
import { parseBudget } from '../../lib/spend'

const THEMES: { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' }
]

const THUMBNAIL_OPTIONS: { value: ThumbnailSize; label: string }[] = [
  { value: 'small', label: 'Small' },
  { value: 'medium', label: 'Medium' },
  { value: 'large', label: 'Large' }
]

const FIT_OPTIONS = THUMBNAIL_FITS.map((f) => ({ value: f, label: FIT_LABELS[f] }))

/** Limits mirror settingsSchema in electron/shared/schemas.ts, which main enforces. */
export const CONCURRENCY = { min: 1, max: 8 }

export function PreferencesSection() {
  const theme = useAppStore((s) => s.settings?.theme ?? 'system')
  const concurrency = useAppStore((s) => s.settings?.concurrency ?? null)
  const spellcheck = useAppStore((s) => s.settings?.spellcheck ?? false)
  const notifications = useAppStore((s) => s.settings?.notifications ?? true)
  const thumbnailSize = useAppStore((s) => s.settings?.thumbnailSize ?? 'medium')
  const thumbnailFit = useAppStore((s) => s.settings?.thumbnailFit ?? 'square')
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
          <label htmlFor={`${id}-thumbs`} className="field-label">
            Thumbnail size
          </label>
          <p className="field-help">Also Ctrl/⌘ + and − in the gallery.</p>
        </div>
        <Select
          id={`${id}-thumbs`}
          testId="thumbnail-size-select"
          value={thumbnailSize}
          options={THUMBNAIL_OPTIONS}
          disabled={!loaded}
          onValueChange={(value) => void updateSettings({ thumbnailSize: value })}
        />
      </div>

      <div className="settings-row">
        <div className="settings-row-text">
          <label htmlFor={`${id}-fit`} className="field-label">
            Thumbnail shape
          </label>
          <p className="field-help">Square crops, or each whole image in its cell.</p>
        </div>
        <Select
          id={`${id}-fit`}
          testId="thumbnail-fit-select"
          value={thumbnailFit}
          options={FIT_OPTIONS}
          disabled={!loaded}
          onValueChange={(value) => void updateSettings({ thumbnailFit: value })}
        />
      </div>

      <BudgetRow />

      <div className="settings-row">
        <div className="settings-row-text">
          <label htmlFor={`${id}-notifications`} className="field-label">
            Notify when a job ends
          </label>
          <p id={`${id}-notifications-help`} className="field-help">
            A desktop notification when images are ready or a job fails while Imagine Studio is in the background.
          </p>
        </div>
        <input
          id={`${id}-notifications`}
          type="checkbox"
          role="switch"
          className="switch"
          data-testid="notifications-toggle"
          checked={notifications}
          disabled={!loaded}
          aria-describedby={`${id}-notifications-help`}
          onChange={(event) => void updateSettings({ notifications: event.target.checked })}
        />
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

/** "2", "2.50" or '' (no budget). */
function budgetText(budget: number | null | undefined): string {
  if (budget == null) return ''
  return Number.isInteger(budget) ? String(budget) : budget.toFixed(2)
}

/** The daily budget in dollars: empty for none; kept on Enter or when the field loses focus. */
function BudgetRow() {
  const budget = useAppStore((s) => (s.settings ? s.settings.dailyBudgetUsd : undefined))
  const updateSettings = useAppStore((s) => s.updateSettings)
  const [draft, setDraft] = useState(budgetText(budget))
  const [error, setError] = useState<string | null>(null)
  const id = useId()
  useEffect(() => setDraft(budgetText(budget)), [budget])
  if (budget === undefined) return null

  const commit = (): void => {
    const parsed = parseBudget(draft)
    if (!parsed.ok) {
      setError(parsed.message)
      return
    }
    setError(null)
    if (parsed.value !== budget) void updateSettings({ dailyBudgetUsd: parsed.value })
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault()
      commit()
    }
  }

  return (
    <div className="settings-row settings-row-top">
      <div className="settings-row-text">
        <label htmlFor={`${id}-budget`} className="field-label">
          Daily budget
        </label>
        {error ? (
          <p id={`${id}-budget-error`} className="field-error" data-testid="budget-error" role="alert">
            {error}
          </p>
        ) : (
          <p id={`${id}-budget-help`} className="field-help">
            The estimate before Generate turns amber when a generation would take today past it. Empty for none.
          </p>
        )}
      </div>
      <div className="money-input">
        <span className="money-input-prefix" aria-hidden="true">
          $
        </span>
        <input
          id={`${id}-budget`}
          className={`text-input${error ? ' has-error' : ''}`}
          data-testid="budget-input"
          inputMode="decimal"
          autoComplete="off"
          placeholder="None"
          value={draft}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-budget-error` : `${id}-budget-help`}
          onChange={(event) => {
            setDraft(event.target.value)
            setError(null)
          }}
          onBlur={commit}
          onKeyDown={onKeyDown}
        />
      </div>
    </div>
  )
}

/** Where the library lives, with a button that opens it in the file manager. */
export function DataFolderSection() {
  const info = useAppStore((s) => s.info)
  const reportError = useAppStore((s) => s.reportError)
  const id = useId()
  const open = async (what: 'data' | 'logs'): Promise<void> => {
    try {
      await call(() => (what === 'data' ? api.app.openDataFolder() : api.app.openLogsFolder()))
    } catch (error) {
      reportError(what === 'data' ? "Couldn't open the data folder" : "Couldn't open the logs folder", error)
    }
  }
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="settings-section-title">
        Data folder
      </h3>
      <div className="settings-row settings-row-top">
        <div className="settings-row-text">
          <span id={`${id}-folder-label`} className="field-label">
            Data folder
          </span>
          <p className="settings-path" data-testid="data-folder" aria-labelledby={`${id}-folder-label`}>
            {info?.dataDir ?? '…'}
          </p>
        </div>
      </div>
      <div className="settings-actions">
        <button type="button" className="button button-small" data-testid="open-data-folder" disabled={!info} onClick={() => void open('data')}>
          Open in file manager
        </button>
        <button type="button" className="button button-small" data-testid="settings-open-logs" onClick={() => void open('logs')}>
          Open logs folder
        </button>
      </div>
    </section>
  )
}
