import { useId } from 'react'
import type { PromptDefaults } from '../../../../electron/shared/domain'
import { NumberStepper } from '../../components/NumberStepper'
import { Select } from '../../components/Select'
import { useAppStore } from '../../store'
import { COUNT_LIMITS, OUTPUT_FORMATS, QUALITY_LIMITS } from '../../store/composer-slice'
import { SIZE_OPTIONS } from '../composer/size-options'

const FORMAT_OPTIONS = OUTPUT_FORMATS.map((f) => ({ value: f, label: f }))

/** What a new prompt starts with; a change applies to the composer at once and is kept (settings:update). */
export function DefaultsSection() {
  const defaults = useAppStore((s) => s.settings?.promptDefaults ?? null)
  const updateSettings = useAppStore((s) => s.updateSettings)
  const id = useId()
  if (defaults === null) return null
  const change = (patch: Partial<PromptDefaults>): void => void updateSettings({ promptDefaults: { ...defaults, ...patch } })
  const lossy = defaults.outputFormat !== 'PNG'

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`} data-testid="settings-defaults">
      <h3 id={`${id}-title`} className="settings-section-title">
        New prompts start with
      </h3>

      <div className="settings-row">
        <label htmlFor={`${id}-size`} className="field-label">
          Size
        </label>
        <Select id={`${id}-size`} testId="default-size-select" value={defaults.aspect} options={SIZE_OPTIONS} onValueChange={(aspect) => change({ aspect })} />
      </div>

      <div className="settings-row">
        <label htmlFor={`${id}-count`} className="field-label">
          Images per prompt
        </label>
        <NumberStepper
          id={`${id}-count`}
          label="images per prompt"
          testId="default-count-input"
          value={defaults.count}
          min={COUNT_LIMITS.min}
          max={COUNT_LIMITS.max}
          onChange={(count) => change({ count })}
        />
      </div>

      <div className="settings-row">
        <label htmlFor={`${id}-format`} className="field-label">
          Format
        </label>
        <Select id={`${id}-format`} testId="default-format-select" value={defaults.outputFormat} options={FORMAT_OPTIONS} onValueChange={(outputFormat) => change({ outputFormat })} />
      </div>

      <div className="settings-row">
        <div className="settings-row-text">
          <label htmlFor={`${id}-quality`} className="field-label">
            Quality
          </label>
          <p id={`${id}-quality-help`} className="field-help">
            {lossy ? `For JPG and WEBP (${QUALITY_LIMITS.min}–${QUALITY_LIMITS.max}).` : 'PNG is lossless; this applies when you pick JPG or WEBP.'}
          </p>
        </div>
        <NumberStepper
          id={`${id}-quality`}
          label="quality"
          testId="default-quality-input"
          value={defaults.outputQuality}
          min={QUALITY_LIMITS.min}
          max={QUALITY_LIMITS.max}
          describedBy={`${id}-quality-help`}
          onChange={(outputQuality) => change({ outputQuality })}
        />
      </div>

      <div className="settings-row">
        <div className="settings-row-text">
          <label htmlFor={`${id}-safety`} className="field-label">
            Safety check
          </label>
          <p id={`${id}-safety-help`} className="field-help">
            Ask Runware to check each image for unsafe content.
          </p>
        </div>
        <input
          id={`${id}-safety`}
          type="checkbox"
          role="switch"
          className="switch"
          data-testid="default-safety-toggle"
          checked={defaults.safetyCheck}
          aria-describedby={`${id}-safety-help`}
          onChange={(event) => change({ safetyCheck: event.target.checked })}
        />
      </div>
    </section>
  )
}
