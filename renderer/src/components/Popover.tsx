/**
 * A small non-modal popover on Radix Popover, anchored under (or over) its
 * trigger and kept in the window (it flips and shifts at the edges, and follows
 * its trigger when a scroll container moves it). It closes on Esc (from inside
 * it, focus goes back to the trigger), on a press anywhere outside it and when
 * the focus leaves it. Non-modal, so nothing is injected (our CSP allows no
 * <style>) and the page stays usable; no focus trap.
 *
 * The trigger is the caller's own button (it toggles `open` itself and says
 * aria-haspopup / aria-expanded); a press on it is not "outside".
 */
import * as RadixPopover from '@radix-ui/react-popover'
import { type ReactNode, useRef } from 'react'

interface PopoverProps {
  /** The button that opens it; rendered as is. */
  trigger: ReactNode
  open: boolean
  onOpenChange(open: boolean): void
  label: string
  children: ReactNode
  testId?: string
  align?: 'start' | 'end'
  placement?: 'below' | 'above'
  className?: string
}

export function Popover({ trigger, open, onOpenChange, label, children, testId, align = 'end', placement = 'below', className }: PopoverProps) {
  const anchor = useRef<HTMLDivElement>(null)
  const content = useRef<HTMLDivElement>(null)
  const inAnchor = (target: EventTarget | null): boolean => target instanceof Node && anchor.current?.contains(target) === true

  return (
    <RadixPopover.Root open={open} onOpenChange={onOpenChange}>
      <RadixPopover.Anchor asChild>
        <div className="popover-anchor" ref={anchor}>
          {trigger}
        </div>
      </RadixPopover.Anchor>
      <RadixPopover.Portal container={document.body}>
        <RadixPopover.Content
          ref={content}
          className={`popover${className ? ` ${className}` : ''}`}
          aria-label={label}
          data-testid={testId}
          side={placement === 'above' ? 'top' : 'bottom'}
          align={align}
          sideOffset={placement === 'above' ? 12 : 10}
          alignOffset={-6}
          collisionPadding={8}
          // Focus stays where it is unless a field inside asks for it (autoFocus), as it did before.
          onOpenAutoFocus={(event) => event.preventDefault()}
          // Given back below, at once, only after Esc from inside; a press elsewhere keeps the focus there.
          onCloseAutoFocus={(event) => event.preventDefault()}
          onInteractOutside={(event) => {
            // The trigger toggles it itself.
            if (inAnchor(event.target)) event.preventDefault()
          }}
          onEscapeKeyDown={(event) => {
            if (event.target instanceof Node && content.current?.contains(event.target)) anchor.current?.querySelector<HTMLElement>('[aria-haspopup]')?.focus()
          }}
          onKeyDown={(event) => {
            // Esc was handled above; it is not the gallery's (clear the selection) or a dialog's.
            if (event.key === 'Escape') event.stopPropagation()
          }}
        >
          {children}
        </RadixPopover.Content>
      </RadixPopover.Portal>
    </RadixPopover.Root>
  )
}
