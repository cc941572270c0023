/**
 * A number field with − and + buttons. Typing keeps a draft so a half-typed
 * value is not forced; a valid in-range integer is committed at once, anything
 * else is clamped on blur.
 */
import { useState } from 'react'
import { MinusIcon, PlusIcon } from './icons'

interface NumberStepperProps {
  id: string
  value: number
  min: number
  max: number
  onChange(value: number): void
  label: string
  testId?: string
  /** Extra ids for aria-describedby (hints, errors). */
  describedBy?: string
  /** Marks the value as rejected (red border, aria-invalid). */
  invalid?: boolean
}

export function NumberStepper({ id, value, min, max, onChange, label, testId, describedBy, invalid }: NumberStepperProps) {
  const [draft, setDraft] = useState(String(value))
  // A value set from outside (Use all settings, a preset) replaces the draft in the same render, not in
  // an effect after it: a blur in between (focus moving on in another effect) would commit the stale draft.
  const [synced, setSynced] = useState(value)
  if (synced !== value) {
    setSynced(value)
    setDraft(String(value))
  }

  const clamp = (n: number): number => Math.min(max, Math.max(min, Math.round(n)))
  const commit = (n: number): void => {
    const next = clamp(n)
    setDraft(String(next))
    if (next !== value) onChange(next)
  }

  return (
    <div className="stepper">
      <button type="button" className="stepper-button" aria-label={`Decrease ${label}`} disabled={value <= min} onClick={() => commit(value - 1)}>
        <MinusIcon size={14} />
      </button>
      <input
        id={id}
        className="stepper-input"
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={draft}
        data-testid={testId}
        aria-describedby={describedBy}
        aria-invalid={invalid ? true : undefined}
        onChange={(event) => {
          setDraft(event.target.value)
          const n = Number(event.target.value)
          if (event.target.value.trim() !== '' && Number.isInteger(n) && n >= min && n <= max && n !== value) onChange(n)
        }}
        onBlur={() => {
          const n = Number(draft)
          commit(draft.trim() === '' || !Number.isFinite(n) ? value : n)
        }}
      />
      <button type="button" className="stepper-button" aria-label={`Increase ${label}`} disabled={value >= max} onClick={() => commit(value + 1)}>
        <PlusIcon size={14} />
      </button>
    </div>
  )
}
