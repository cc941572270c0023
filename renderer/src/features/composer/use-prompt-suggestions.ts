/**
 * The composer's autocomplete from past prompts (`library:prompts`): asked a
 * moment after typing stops, an answer to an older prompt dropped, narrowed at
 * once to what still starts with the prompt while the next answer is on its way.
 * It opens only for typing (not when Remix or Use sets the prompt), never for an
 * empty prompt, and closes when the prompt is exactly a past one. Keys: ↓/↑ move,
 * Enter or Tab take the highlighted one (without one they do what they always do),
 * Escape closes and keeps the prompt.
 */
import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import type { PromptStat } from '../../../../electron/shared/library'
import { api, call } from '../../api'

/** How long typing must pause before the library is asked. */
export const SUGGEST_DEBOUNCE_MS = 150
/** Suggestions shown at most. */
export const SUGGESTION_LIMIT = 6

export interface PromptSuggestions {
  /** What the listbox shows; empty when it is closed. */
  shown: PromptStat[]
  /** Index into `shown` of the highlighted option, -1 for none. */
  active: number
  /** The prompt changed by typing. */
  onTyped(): void
  onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void
  onBlur(): void
  accept(index: number): void
  highlight(index: number): void
}

export function usePromptSuggestions(prompt: string, setPrompt: (prompt: string) => void): PromptSuggestions {
  const [answer, setAnswer] = useState<PromptStat[]>([])
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  // Only the latest ask may land (the effect's cleanup invalidates the one before).
  const latest = useRef(0)

  useEffect(() => {
    if (!open || prompt.trim() === '') return
    const ask = ++latest.current
    const timer = setTimeout(() => {
      call(() => api.library.prompts(prompt, SUGGESTION_LIMIT + 1))
        .then((rows) => {
          if (latest.current === ask) setAnswer(rows)
        })
        .catch((error: unknown) => {
          // Suggestions are a convenience: a failed ask shows none and says so in the log only.
          if (latest.current === ask) setAnswer([])
          console.warn("Couldn't read past prompts", error)
        })
    }, SUGGEST_DEBOUNCE_MS)
    return () => {
      clearTimeout(timer)
      latest.current++
    }
  }, [prompt, open])

  const matching = open && prompt.trim() !== '' ? answer.filter((s) => s.prompt.startsWith(prompt)) : []
  const shown = matching.some((s) => s.prompt === prompt) ? [] : matching.slice(0, SUGGESTION_LIMIT)
  const current = active < shown.length ? active : -1

  function close(): void {
    setOpen(false)
    setActive(-1)
  }

  function accept(index: number): void {
    const chosen = shown[index]
    if (!chosen) return
    close()
    setPrompt(chosen.prompt)
  }

  return {
    shown,
    active: current,
    onTyped() {
      setOpen(true)
      setActive(-1)
    },
    onKeyDown(event) {
      if (shown.length === 0 || event.nativeEvent.isComposing) return
      const plain = !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey
      if (event.key === 'ArrowDown' && plain) {
        event.preventDefault()
        setActive(current + 1 >= shown.length ? 0 : current + 1)
      } else if (event.key === 'ArrowUp' && plain) {
        event.preventDefault()
        setActive(current <= 0 ? shown.length - 1 : current - 1)
      } else if ((event.key === 'Enter' || event.key === 'Tab') && plain && current >= 0) {
        event.preventDefault()
        accept(current)
      } else if (event.key === 'Escape') {
        // Closing the list is all Escape does here (the gallery keeps its selection).
        event.preventDefault()
        event.stopPropagation()
        close()
      }
    },
    onBlur: close,
    accept,
    highlight: setActive
  }
}
