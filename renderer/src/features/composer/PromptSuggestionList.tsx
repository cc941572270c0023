/**
 * The listbox of past prompts under the composer's prompt (it opens above the
 * composer, over the gallery). Focus stays in the prompt: the textbox points at
 * the highlighted option with aria-activedescendant, and a press on an option
 * does not take focus from it.
 */
import { useEffect, useRef } from 'react'
import type { PromptStat } from '../../../../electron/shared/library'
import { api } from '../../api'
import css from './PromptSuggestions.module.css'

export function usesText(uses: number): string {
  return `${uses.toLocaleString()} ${uses === 1 ? 'use' : 'uses'}`
}

export function PromptSuggestionList({
  id,
  optionId,
  prompt,
  suggestions,
  active,
  onHighlight,
  onAccept
}: {
  id: string
  optionId: (index: number) => string
  prompt: string
  suggestions: readonly PromptStat[]
  active: number
  onHighlight: (index: number) => void
  onAccept: (index: number) => void
}) {
  const listRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (active < 0) return
    const el = listRef.current?.querySelector(`[data-index="${active}"]`)
    // jsdom has no layout (and no scrollIntoView).
    if (el && 'scrollIntoView' in el && typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'nearest' })
  }, [active])

  return (
    <div ref={listRef} id={id} role="listbox" aria-label="Prompt suggestions" className={css.list} data-testid="prompt-suggestions">
      {suggestions.map((s, i) => (
        <div
          key={s.prompt}
          id={optionId(i)}
          role="option"
          aria-selected={i === active}
          data-index={i}
          className={css.option}
          onMouseDown={(event) => event.preventDefault()}
          onMouseMove={() => {
            if (i !== active) onHighlight(i)
          }}
          onClick={() => onAccept(i)}
        >
          <span className={css.thumb} aria-hidden="true">
            {s.bestImageId !== null ? <img src={api.media.thumbUrl(s.bestImageId)} alt="" loading="lazy" decoding="async" draggable={false} /> : null}
          </span>
          <span className={css.text}>
            <span className={css.typed}>{prompt}</span>
            {s.prompt.slice(prompt.length)}
          </span>
          <span className={css.uses}>{usesText(s.uses)}</span>
        </div>
      ))}
    </div>
  )
}
