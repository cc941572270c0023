import { useEffect, useId, useRef } from 'react'
import { ChevronIcon, InfoIcon, SparklesIcon } from '../../components/icons'
import { NumberStepper } from '../../components/NumberStepper'
import { useAppStore } from '../../store'
import { COUNT_LIMITS, OUTPUT_FORMATS, type OutputFormat } from '../../store/composer-slice'
import { generateBlocker } from './generate-status'
import { SIZE_OPTIONS } from './size-options'

export function Composer() {
  const prompt = useAppStore((s) => s.composer.prompt)
  const aspect = useAppStore((s) => s.composer.aspect)
  const count = useAppStore((s) => s.composer.count)
  const outputFormat = useAppStore((s) => s.composer.outputFormat)
  const updateComposer = useAppStore((s) => s.updateComposer)
  const apiKeyStatus = useAppStore((s) => s.apiKeyStatus)
  const focusRequest = useAppStore((s) => s.promptFocusRequest)
  const openDialog = useAppStore((s) => s.openDialog)
  const promptRef = useRef<HTMLTextAreaElement>(null)
  const id = useId()

  useEffect(() => {
    if (focusRequest > 0) promptRef.current?.focus()
  }, [focusRequest])

  const blocker = generateBlocker(apiKeyStatus, prompt)
  // Always disabled until the generation engine is wired (next issue).
  const canGenerate = false

  return (
    <form className="composer" data-testid="composer" aria-label="Prompt" onSubmit={(event) => event.preventDefault()}>
      <label htmlFor={`${id}-prompt`} className="visually-hidden">
        Prompt
      </label>
      <textarea
        id={`${id}-prompt`}
        ref={promptRef}
        className="prompt-input"
        data-testid="prompt-input"
        placeholder="Describe the image you want…"
        rows={3}
        autoFocus
        spellCheck
        value={prompt}
        onChange={(event) => updateComposer({ prompt: event.target.value })}
      />

      <div className="composer-bar">
        <div className="composer-controls">
          <div className="field-inline">
            <label htmlFor={`${id}-aspect`} className="field-inline-label">
              Size
            </label>
            <div className="select-wrap">
              <select
                id={`${id}-aspect`}
                className="select"
                data-testid="aspect-select"
                value={aspect}
                onChange={(event) => updateComposer({ aspect: event.target.value })}
              >
                {SIZE_OPTIONS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
              <ChevronIcon size={14} className="select-chevron" />
            </div>
          </div>

          <div className="field-inline">
            <label htmlFor={`${id}-count`} className="field-inline-label">
              Images
            </label>
            <NumberStepper
              id={`${id}-count`}
              label="number of images"
              testId="count-input"
              value={count}
              min={COUNT_LIMITS.min}
              max={COUNT_LIMITS.max}
              onChange={(n) => updateComposer({ count: n })}
            />
          </div>

          <div className="field-inline">
            <label htmlFor={`${id}-format`} className="field-inline-label">
              Format
            </label>
            <div className="select-wrap">
              <select
                id={`${id}-format`}
                className="select select-narrow"
                data-testid="format-select"
                value={outputFormat}
                onChange={(event) => updateComposer({ outputFormat: event.target.value as OutputFormat })}
              >
                {OUTPUT_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
              <ChevronIcon size={14} className="select-chevron" />
            </div>
          </div>
        </div>

        <button type="submit" className="button button-primary generate-button" data-testid="generate-button" disabled={!canGenerate} aria-describedby={`${id}-hint`}>
          <SparklesIcon size={16} />
          Generate
        </button>
      </div>

      <p id={`${id}-hint`} className="generate-hint" data-testid="generate-hint" aria-live="polite">
        <InfoIcon size={13} className="generate-hint-icon" />
        <span>
          {blocker.reason === 'no-key' ? (
            <>
              Add your Runware API key in{' '}
              <button type="button" className="link-button" onClick={() => openDialog('settings')}>
                Settings
              </button>{' '}
              to generate.
            </>
          ) : (
            blocker.message
          )}
        </span>
      </p>
    </form>
  )
}
