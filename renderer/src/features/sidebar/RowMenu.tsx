/**
 * A sidebar row with actions (a saved search, a collection): right-click, the
 * context-menu key or Shift+F10 opens them, and so does the row's "More actions"
 * button, so a keyboard or pointer user never needs to know about right-click.
 * Radix's ContextMenu gives the menu role, roving focus, typeahead and Esc; it
 * has no open prop, so the button opens it the way the OS does, with a
 * contextmenu event at the button. Non-modal: no style element is injected (our
 * CSP allows none).
 */
import * as ContextMenu from '@radix-ui/react-context-menu'
import { type DragEventHandler, type ReactNode, useEffect, useRef, useState } from 'react'
import { MoreIcon } from '../../components/icons'
import { Tooltip } from '../../components/Tooltip'

export interface RowAction {
  label: string
  run(): void
  danger?: boolean
  disabled?: boolean
  /** Shown beside the label (the row's own key for it). */
  shortcut?: string
}

interface RowMenuProps {
  /** The row's name, for the button and the menu ("More actions for Foxes"). */
  name: string
  actions: RowAction[]
  /** The row: its nav-item button, or the rename field while renaming. */
  children: ReactNode
  /** Hides the More button (a collapsed sidebar). */
  quiet?: boolean
  /** A rename field is showing instead of the row's button; when it goes, the focus returns to the button. */
  renaming?: boolean
  testId?: string
  /** Drop-target props for the row (collections take dropped images). */
  drop?: {
    active: boolean
    onDragOver: DragEventHandler<HTMLLIElement>
    onDragLeave: DragEventHandler<HTMLLIElement>
    onDrop: DragEventHandler<HTMLLIElement>
  }
}

export function RowMenu({ name, actions, children, quiet = false, renaming = false, testId, drop }: RowMenuProps) {
  const row = useRef<HTMLLIElement>(null)
  const [open, setOpen] = useState(false)
  const wasRenaming = useRef(renaming)

  useEffect(() => {
    // The field had the focus and is gone: put it on the row, not the page.
    if (wasRenaming.current && !renaming && (document.activeElement === document.body || document.activeElement === null)) {
      row.current?.querySelector<HTMLElement>('.nav-item')?.focus()
    }
    wasRenaming.current = renaming
  }, [renaming])

  const openAtButton = (button: HTMLElement): void => {
    const r = button.getBoundingClientRect()
    row.current?.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: r.left, clientY: r.bottom }))
  }

  return (
    <ContextMenu.Root modal={false} onOpenChange={setOpen}>
      <ContextMenu.Trigger asChild>
        <li
          ref={row}
          className="nav-row"
          data-testid={testId}
          data-menu-open={open || undefined}
          data-drop-zone={drop ? '' : undefined}
          data-drop-active={drop?.active || undefined}
          onDragOver={drop?.onDragOver}
          onDragLeave={drop?.onDragLeave}
          onDrop={drop?.onDrop}
        >
          {children}
          {quiet || renaming ? null : (
            <Tooltip label={`More actions for ${name}`} side="right">
              <button
                type="button"
                className="icon-button nav-more"
                aria-label={`More actions for ${name}`}
                aria-haspopup="menu"
                aria-expanded={open}
                onClick={(event) => openAtButton(event.currentTarget)}
              >
                <MoreIcon size={15} />
              </button>
            </Tooltip>
          )}
        </li>
      </ContextMenu.Trigger>
      <ContextMenu.Portal>
        <ContextMenu.Content
          className="menu-content"
          aria-label={`Actions for ${name}`}
          collisionPadding={8}
          onCloseAutoFocus={(event) => {
            // Radix would focus whatever had it before the menu opened; the row is more useful. Only when the
            // focus was lost with the menu: a rename field, or another menu already open, keeps it.
            event.preventDefault()
            const active = document.activeElement
            if (active === null || active === document.body) row.current?.querySelector<HTMLElement>('.nav-item')?.focus()
          }}
        >
          {actions.map((a) => (
            <ContextMenu.Item key={a.label} className={a.danger ? 'menu-row menu-row-danger' : 'menu-row'} disabled={a.disabled} onSelect={a.run}>
              {a.label}
              {a.shortcut ? <span className="menu-shortcut">{a.shortcut}</span> : null}
            </ContextMenu.Item>
          ))}
        </ContextMenu.Content>
      </ContextMenu.Portal>
    </ContextMenu.Root>
  )
}

interface RenameFieldProps {
  label: string
  initial: string
  /** Resolves null when renamed, else the message to show (the field stays). */
  onCommit(name: string): Promise<string | null>
  onDone(): void
  /** A rename refused as the field was left (no field to show it in any more). */
  onLeftWithError(message: string): void
}

/** Renames in place: Enter or leaving the field saves, Esc cancels. */
export function RenameField({ label, initial, onCommit, onDone, onLeftWithError }: RenameFieldProps) {
  const [value, setValue] = useState(initial)
  const [error, setError] = useState<string | null>(null)
  const busy = useRef(false)
  const finished = useRef(false)

  const finish = (): void => {
    finished.current = true
    onDone()
  }

  const commit = async (leaving: boolean): Promise<void> => {
    if (busy.current || finished.current) return
    const name = value.trim()
    if (name === '' || name === initial) {
      finish()
      return
    }
    busy.current = true
    const failed = await onCommit(name)
    busy.current = false
    if (failed === null) finish()
    else if (leaving) {
      onLeftWithError(failed)
      finish()
    } else setError(failed)
  }

  return (
    <div className="nav-rename">
      <input
        className={`text-input nav-rename-input${error ? ' has-error' : ''}`}
        aria-label={label}
        aria-invalid={error !== null || undefined}
        value={value}
        maxLength={120}
        autoFocus
        onFocus={(event) => event.currentTarget.select()}
        onChange={(event) => {
          setValue(event.target.value)
          setError(null)
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            void commit(false)
          } else if (event.key === 'Escape') {
            event.preventDefault()
            event.stopPropagation()
            finish()
          }
        }}
        onBlur={() => void commit(true)}
      />
      {error ? (
        <p className="field-error nav-rename-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}
