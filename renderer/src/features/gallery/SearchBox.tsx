import { useCallback, useEffect, useRef, useState } from 'react'
import { CloseIcon, SearchIcon } from '../../components/icons'
import { Tooltip } from '../../components/Tooltip'
import { useAppStore } from '../../store'
import { SaveSearchPopover } from './SaveSearchPopover'
import { SearchHelp } from './SearchHelp'

/** Typing pauses this long before the gallery searches. */
export const SEARCH_DEBOUNCE_MS = 150

/** Short enough to show whole in the header at 1440 px (the longer one was cut after "e.g. fox tag"); the ? beside it explains the rest. */
export const SEARCH_PLACEHOLDER = 'Search, e.g. fox tag:cats fav:yes'

/**
 * The gallery's search field. Keeps what is typed locally and commits it to the
 * store after a pause (Enter commits at once); Esc clears; ⌘/Ctrl+F focuses it.
 */
export function SearchBox({ describedBy }: { describedBy?: string }) {
  const committed = useAppStore((s) => s.galleryQuery)
  const setGalleryQuery = useAppStore((s) => s.setGalleryQuery)
  const invalid = useAppStore((s) => s.galleryQueryError !== null)
  const [text, setText] = useState(committed)
  const [helpOpen, setHelpOpen] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const sent = useRef(committed)

  // Changed elsewhere (e.g. "Clear search" in the empty state): show it.
  useEffect(() => {
    if (committed === sent.current) return
    sent.current = committed
    setText(committed)
  }, [committed])

  const commit = useCallback(
    (value: string) => {
      setText(value)
      sent.current = value
      setGalleryQuery(value)
    },
    [setGalleryQuery]
  )

  useEffect(() => {
    if (text === sent.current) return
    const timer = window.setTimeout(() => commit(text), SEARCH_DEBOUNCE_MS)
    return () => window.clearTimeout(timer)
  }, [text, commit])

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!(event.metaKey || event.ctrlKey) || event.altKey || event.key.toLowerCase() !== 'f') return
      const s = useAppStore.getState()
      if (s.dialog !== null || s.detailId !== null) return
      event.preventDefault()
      input.current?.focus()
      input.current?.select()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const insert = (example: string): void => {
    commit(text.trim() === '' ? example : `${text.trimEnd()} ${example}`)
    setHelpOpen(false)
    input.current?.focus()
  }

  return (
    <div className="search" role="search">
      <SearchIcon size={15} className="search-icon" />
      <input
        ref={input}
        className="search-input"
        data-testid="search-input"
        type="text"
        placeholder={SEARCH_PLACEHOLDER}
        aria-label="Search the library"
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        spellCheck={false}
        autoComplete="off"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit(text)
          // An Esc a popover over the field (Search syntax) took to close itself leaves the text alone.
          if (event.key !== 'Escape' || event.nativeEvent.defaultPrevented) return
          event.preventDefault()
          if (text !== '') commit('')
          else input.current?.blur()
        }}
      />
      {text !== '' ? (
        <Tooltip label="Clear search">
          <button type="button" className="search-clear" data-testid="search-clear" aria-label="Clear search" onClick={() => commit('')}>
            <CloseIcon size={13} />
          </button>
        </Tooltip>
      ) : null}
      {text.trim() !== '' ? <SaveSearchPopover query={text} onSaved={() => commit(text)} /> : null}
      <SearchHelp open={helpOpen} onOpenChange={setHelpOpen} onInsert={insert} />
    </div>
  )
}
