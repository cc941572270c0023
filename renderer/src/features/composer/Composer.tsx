import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef } from 'react'
import { ChevronIcon, InfoIcon, SettingsIcon, SparklesIcon } from '../../components/icons'
import { Select } from '../../components/Select'
import { NumberStepper } from '../../components/NumberStepper'
import { useAppStore } from '../../store'
import { changedOptionCount, COUNT_LIMITS, OUTPUT_FORMATS } from '../../store/composer-slice'
import { estimateCostUsd, FALLBACK_MODEL } from '../../store/build-params'
import { ComposerFieldError, type ErrorSlot, errorSlot } from './ComposerFieldError'
import { budgetText, budgetTitle, estimateText, generateBlocker } from './generate-status'
import { budgetCheck } from '../../lib/spend'
import { OptionsPanel } from './OptionsPanel'
import { PromptSuggestionList } from './PromptSuggestionList'
import { usePromptSuggestions } from './use-prompt-suggestions'
import { ReferenceTray } from './ReferenceTray'
import { SIZE_OPTIONS } from './size-options'

function shortcutLabel(platform: string | undefined): string {
  return platform === 'darwin' ? '⌘↵' : 'Ctrl+↵'
}

export function Composer() {
  const prompt = useAppStore((s) => s.composer.prompt)
  const aspect = useAppStore((s) => s.composer.aspect)
  const count = useAppStore((s) => s.composer.count)
  const outputFormat = useAppStore((s) => s.composer.outputFormat)
  const changedOptions = useAppStore((s) => changedOptionCount(s.composer))
  const optionsOpen = useAppStore((s) => s.composerOptionsOpen)
  const error = useAppStore((s) => s.composerError)
  const generating = useAppStore((s) => s.generating)
  const model = useAppStore((s) => s.settings?.model ?? FALLBACK_MODEL)
  const platform = useAppStore((s) => s.info?.platform)
  const updateComposer = useAppStore((s) => s.updateComposer)
  const setOptionsOpen = useAppStore((s) => s.setComposerOptionsOpen)
  const generate = useAppStore((s) => s.generate)
  const hasReference = useAppStore((s) => s.tray.length > 0)
  const apiKeyStatus = useAppStore((s) => s.apiKeyStatus)
  const budget = useAppStore((s) => s.settings?.dailyBudgetUsd ?? null)
  const spentToday = useAppStore((s) => s.spendToday)
  const focusRequest = useAppStore((s) => s.promptFocusRequest)
  const openDialog = useAppStore((s) => s.openDialog)
  const promptRef = useRef<HTMLTextAreaElement>(null)
  const id = useId()
  const suggestions = usePromptSuggestions(prompt, (next) => updateComposer({ prompt: next }))
  const listId = `${id}-suggestions`
  const optionId = (i: number): string => `${id}-suggestion-${i}`

  useEffect(() => {
    if (focusRequest > 0) promptRef.current?.focus()
  }, [focusRequest])

  const blocker = generateBlocker(apiKeyStatus, prompt)
  const estimate = estimateCostUsd(model, count)
  const overBudget = budget !== null && budgetCheck(budget, spentToday, estimate)?.over === true
  const canGenerate = blocker === null && !generating
  const slot = error ? errorSlot(error.field) : null
  const errorId = `${id}-error`
  const invalid = (s: ErrorSlot) => (slot === s ? { 'aria-invalid': true, 'aria-describedby': errorId } : {})

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault()
    if (canGenerate) void generate()
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>): void {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey) && !event.shiftKey && !event.altKey) {
      event.preventDefault()
      event.currentTarget.requestSubmit()
    }
  }

  return (
    <form className="composer" data-testid="composer" aria-label="Prompt" noValidate onSubmit={onSubmit} onKeyDown={onKeyDown}>
      <ReferenceTray />
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
        {...invalid('prompt')}
        aria-autocomplete="list"
        aria-controls={suggestions.shown.length > 0 ? listId : undefined}
        aria-activedescendant={suggestions.active >= 0 ? optionId(suggestions.active) : undefined}
        onChange={(event) => {
          updateComposer({ prompt: event.target.value })
          suggestions.onTyped()
        }}
        onKeyDown={suggestions.onKeyDown}
        onBlur={suggestions.onBlur}
      />
      {suggestions.shown.length > 0 ? (
        <PromptSuggestionList id={listId} optionId={optionId} prompt={prompt} suggestions={suggestions.shown} active={suggestions.active} onHighlight={suggestions.highlight} onAccept={suggestions.accept} />
      ) : null}
      {error && slot === 'prompt' ? <ComposerFieldError id={errorId} message={error.message} /> : null}

      <div className="composer-bar">
        <div className="composer-controls">
          <div className="field-inline">
            <label htmlFor={`${id}-aspect`} className="field-inline-label">
              Size
            </label>
            <Select
                id={`${id}-aspect`}
                className="select-size"
                testId="aspect-select"
                value={aspect}
                options={hasReference ? SIZE_OPTIONS.map((o) => (o.value === 'auto' ? { ...o, label: 'Match reference' } : o)) : SIZE_OPTIONS}
                {...invalid('size')}
                onValueChange={(value) => updateComposer({ aspect: value })}
              />
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
              describedBy={slot === 'count' ? errorId : undefined}
              invalid={slot === 'count'}
              onChange={(n) => updateComposer({ count: n })}
            />
          </div>

          <div className="field-inline">
            <label htmlFor={`${id}-format`} className="field-inline-label">
              Format
            </label>
            <Select
                id={`${id}-format`}
                className="select-narrow"
                testId="format-select"
                value={outputFormat}
                options={OUTPUT_FORMATS.map((f) => ({ value: f, label: f }))}
                {...invalid('format')}
                onValueChange={(value) => updateComposer({ outputFormat: value })}
              />
          </div>

        </div>

        <button
          type="submit"
          className="button button-primary generate-button"
          data-testid="generate-button"
          disabled={!canGenerate}
          aria-busy={generating}
          aria-describedby={`${id}-hint`}
        >
          {generating ? <span className="spinner" aria-hidden="true" /> : <SparklesIcon size={16} />}
          {generating ? 'Starting…' : 'Generate'}
        </button>
      </div>

      {error && slot !== 'prompt' && slot !== 'options' ? (
        <div className="composer-error-row">
          <ComposerFieldError id={errorId} message={error.message} />
        </div>
      ) : null}

      <div className="composer-status">
        <button
          type="button"
          className="options-toggle"
          data-testid="options-toggle"
          aria-expanded={optionsOpen}
          aria-controls={`${id}-options`}
          onClick={() => setOptionsOpen(!optionsOpen)}
        >
          <SettingsIcon size={14} />
          Options
          {changedOptions > 0 ? (
            <span className="options-badge" aria-label={`${changedOptions} changed`}>
              {changedOptions}
            </span>
          ) : null}
          <ChevronIcon size={13} className="options-chevron" />
        </button>
        <p
          id={`${id}-hint`}
          className={overBudget && blocker === null ? 'generate-hint is-over-budget' : 'generate-hint'}
          data-testid="generate-hint"
          data-over-budget={(overBudget && blocker === null) || undefined}
          aria-live="polite"
        >
          {blocker === null ? (
            <>
              <span className="cost-estimate" data-testid="cost-estimate">
                {estimateText(estimate, count)}
              </span>
              {overBudget && budget !== null ? (
                <span className="budget-warning" data-testid="budget-warning" title={budgetTitle(budget, spentToday ?? 0, estimate ?? 0)}>
                  {budgetText(budget)}
                </span>
              ) : null}
              <kbd className="shortcut" aria-label={platform === 'darwin' ? 'Command Enter' : 'Control Enter'}>
                {shortcutLabel(platform)}
              </kbd>
            </>
          ) : (
            <>
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
            </>
          )}
        </p>
      </div>

      {optionsOpen ? <OptionsPanel id={`${id}-options`} errorId={errorId} /> : null}
    </form>
  )
}
