import { useId, useRef, useState } from 'react'
import { BookmarkIcon } from '../../components/icons'
import { Popover } from '../../components/Popover'
import { Tooltip } from '../../components/Tooltip'
import { useAppStore } from '../../store'

/** Longest name main keeps for a saved search. */
const MAX_NAME = 120

/**
 * "Save search" in the search field (while something is typed): names the search
 * and keeps it in the library, listed under Saved searches in the sidebar. The
 * same name again replaces that search's query (said before saving).
 */
export function SaveSearchPopover({ query, onSaved }: { query: string; onSaved(): void }) {
  const saveSearch = useAppStore((s) => s.saveSearch)
  const savedSearches = useAppStore((s) => s.savedSearches)
  const [open, setOpen] = useState(false)
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const trigger = useRef<HTMLButtonElement>(null)
  const nameId = useId()
  const noteId = useId()
  const replaces = savedSearches.find((x) => x.name.toLowerCase() === name.trim().replace(/\s+/g, ' ').toLowerCase())

  const show = (next: boolean): void => {
    if (next) {
      // Named after what it finds until the person says otherwise.
      setName(query.trim().slice(0, MAX_NAME))
      setError(null)
    }
    setOpen(next)
  }

  const save = async (): Promise<void> => {
    if (name.trim() === '' || busy) return
    setBusy(true)
    const result = await saveSearch(name, query.trim())
    setBusy(false)
    if (!('id' in result)) {
      setError(result.message)
      return
    }
    setOpen(false)
    onSaved()
    trigger.current?.focus()
  }

  return (
    <Popover
      open={open}
      onOpenChange={show}
      label="Save search"
      testId="save-search"
      className="save-search"
      trigger={
        <Tooltip label="Save search">
          <button
            ref={trigger}
            type="button"
            className="search-save-button"
            data-testid="save-search-button"
            aria-label="Save search"
            aria-haspopup="dialog"
            aria-expanded={open}
            onClick={() => show(!open)}
          >
            <BookmarkIcon size={14} />
          </button>
        </Tooltip>
      }
    >
      <form
        className="popover-form"
        onSubmit={(event) => {
          event.preventDefault()
          void save()
        }}
      >
        <h2 className="popover-title">Save search</h2>
        <label className="field-label" htmlFor={nameId}>
          Name
        </label>
        <div className="popover-row">
          <input
            id={nameId}
            className={`text-input${error ? ' has-error' : ''}`}
            data-testid={nameId}
            autoFocus
            maxLength={MAX_NAME}
            value={name}
            aria-describedby={noteId}
            onFocus={(event) => event.currentTarget.select()}
            onChange={(event) => {
              setName(event.target.value)
              setError(null)
            }}
          />
          <button type="submit" className="button button-primary" data-testid="save-search-submit" disabled={name.trim() === '' || busy}>
            {replaces ? 'Replace' : 'Save'}
          </button>
        </div>
        <p id={noteId} className="popover-note">
          {replaces ? (
            <>
              Replaces the search saved as “{replaces.name}” with <code>{query.trim()}</code>
            </>
          ) : (
            <>
              Finds <code>{query.trim()}</code>
            </>
          )}
        </p>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </Popover>
  )
}
