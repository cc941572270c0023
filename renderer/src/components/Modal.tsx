/**
 * An accessible modal: role="dialog", aria-modal, labelled by its title.
 * Focus moves in on open, Tab stays inside, Esc and a backdrop click close it,
 * and focus goes back to where it was on close. The shell behind it is made
 * `inert` by App while a dialog is open.
 */
import { type KeyboardEvent, type ReactNode, type RefObject, useEffect, useId, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { CloseIcon } from './icons'

interface ModalProps {
  title: string
  description?: ReactNode
  onClose(): void
  children: ReactNode
  footer?: ReactNode
  testId?: string
  /** Receives focus on open; else an element marked data-autofocus; else the first focusable one. */
  initialFocus?: RefObject<HTMLElement | null>
  /** `full` fills the window (less a margin), for Compare. */
  size?: 'small' | 'medium' | 'full'
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE))
}

export function Modal({ title, description, onClose, children, footer, testId, initialFocus, size = 'medium' }: ModalProps) {
  const panel = useRef<HTMLDivElement>(null)
  const titleId = useId()
  const descriptionId = useId()
  // Captured during the first render, before the shell turns inert and drops focus.
  const [returnFocusTo] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null))

  useEffect(() => {
    const root = panel.current
    if (!root) return
    const target =
      initialFocus?.current ??
      root.querySelector<HTMLElement>('[data-autofocus]') ??
      focusables(root).find((el) => !el.classList.contains('modal-close')) ??
      root
    target.focus()
    return () => {
      if (returnFocusTo?.isConnected) returnFocusTo.focus()
    }
  }, [initialFocus, returnFocusTo])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      onClose()
      return
    }
    if (event.key !== 'Tab' || !panel.current) return
    const items = focusables(panel.current)
    const first = items[0]
    const last = items[items.length - 1]
    if (!first || !last) {
      event.preventDefault()
      return
    }
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return createPortal(
    <div
      className="modal-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose()
      }}
    >
      <div
        ref={panel}
        className={`modal modal-${size}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="modal-header">
          <div>
            <h2 id={titleId} className="modal-title">
              {title}
            </h2>
            {description ? (
              <p id={descriptionId} className="modal-description">
                {description}
              </p>
            ) : null}
          </div>
          <button type="button" className="icon-button modal-close" aria-label="Close" onClick={onClose}>
            <CloseIcon size={16} />
          </button>
        </header>
        <div className="modal-body">{children}</div>
        {footer ? <footer className="modal-footer">{footer}</footer> : null}
      </div>
    </div>,
    document.body
  )
}
