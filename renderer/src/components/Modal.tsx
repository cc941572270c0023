/**
 * An accessible modal on Radix Dialog: role="dialog", aria-modal, labelled by
 * its title and described by its description. Radix traps the focus (Tab and
 * Shift+Tab cycle inside), hides the rest of the page from assistive tech
 * (live regions such as the toasts stay), stacks nested dialogs as layers (Esc
 * closes only the top one) and blocks pointer events outside it. A press on the
 * backdrop closes it. Focus moves in on open (see `initialFocus`) and goes back
 * to where it was on close. App also makes the shell `inert` while a dialog is
 * open.
 *
 * No Dialog.Overlay: its scroll lock injects a <style> element, which our CSP
 * (style-src 'self') refuses; the backdrop is our own element instead and the
 * window has no page scroll to lock.
 */
import * as Dialog from '@radix-ui/react-dialog'
import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react'
import { CloseIcon } from './icons'

interface ModalProps {
  title: string
  description?: ReactNode
  onClose(): void
  children: ReactNode
  footer?: ReactNode
  testId?: string
  /** Receives focus on open; else an element marked data-autofocus; else the first focusable one (not Close). */
  initialFocus?: RefObject<HTMLElement | null>
  /** `full` fills the window (less a margin), for Compare. */
  size?: 'small' | 'medium' | 'full'
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/** initialFocus, else [data-autofocus], else the first focusable element that is not Close, else the panel. */
function focusInitial(root: HTMLElement, initialFocus: RefObject<HTMLElement | null> | undefined): void {
  const target =
    initialFocus?.current ??
    root.querySelector<HTMLElement>('[data-autofocus]') ??
    Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).find((el) => !el.classList.contains('modal-close')) ??
    root
  target.focus()
}

export function Modal({ title, description, onClose, children, footer, testId, initialFocus, size = 'medium' }: ModalProps) {
  const panel = useRef<HTMLDivElement>(null)
  // Captured during the first render, before the shell turns inert and drops focus.
  const [returnFocusTo] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null))

  useEffect(() => {
    if (panel.current) focusInitial(panel.current, initialFocus)
    // Given back at once as the dialog goes (Radix would do it a tick later, and only to a Dialog.Trigger).
    return () => {
      if (returnFocusTo?.isConnected) returnFocusTo.focus()
    }
  }, [initialFocus, returnFocusTo])

  return (
    <Dialog.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
      {/* Rendered in the first commit (Radix's default container waits a render), so the effect above finds the panel. */}
      <Dialog.Portal container={document.body}>
        <div
          className="modal-backdrop"
          data-testid={testId ? `${testId}-backdrop` : undefined}
          onMouseDown={(event) => {
            if (event.target === event.currentTarget) onClose()
          }}
        >
          <Dialog.Content
            ref={panel}
            className={`modal modal-${size}`}
            aria-modal="true"
            aria-describedby={undefined}
            data-testid={testId}
            // Radix's focus trap starts a render later. On top of another dialog, that one's trap took the focus
            // back meanwhile: the trap starting finds it outside and asks, so the rules are applied again.
            onOpenAutoFocus={(event) => {
              event.preventDefault()
              if (panel.current) focusInitial(panel.current, initialFocus)
            }}
            onCloseAutoFocus={(event) => event.preventDefault()}
            // The backdrop closes it (above); a press elsewhere outside (a toast) leaves it open.
            onPointerDownOutside={(event) => event.preventDefault()}
            onKeyDown={(event) => {
              // Radix closed the top dialog already; the window's own shortcuts don't see this Esc.
              if (event.key === 'Escape') event.stopPropagation()
            }}
          >
            <header className="modal-header">
              <div>
                <Dialog.Title className="modal-title">{title}</Dialog.Title>
                {description ? <Dialog.Description className="modal-description">{description}</Dialog.Description> : null}
              </div>
              {/* No tooltip: the trap's Tab wrap focuses this button first, and a tooltip it showed
                  stayed up while focus moved on, taking the next Esc meant for the dialog. */}
              <button type="button" className="icon-button modal-close" aria-label="Close" onClick={onClose}>
                <CloseIcon size={16} />
              </button>
            </header>
            <div className="modal-body">{children}</div>
            {footer ? <footer className="modal-footer">{footer}</footer> : null}
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
