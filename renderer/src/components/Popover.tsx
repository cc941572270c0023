/**
 * A small non-modal popover anchored under (or over) its trigger. It closes on
 * Esc (from inside it, focus goes back to the trigger) and on a press anywhere
 * outside it.
 */
import { type ReactNode, useEffect, useRef } from 'react'

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
  const root = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open) return
    const onDown = (event: MouseEvent): void => {
      if (event.target instanceof Node && !root.current?.contains(event.target)) onOpenChange(false)
    }
    // Esc from the trigger or elsewhere; Esc inside is handled below, and a field that uses Esc itself prevents this.
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !event.defaultPrevented) onOpenChange(false)
    }
    document.addEventListener('mousedown', onDown)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('mousedown', onDown)
      document.removeEventListener('keydown', onKey)
    }
  }, [open, onOpenChange])

  return (
    <div className="popover-anchor" ref={root}>
      {trigger}
      {open ? (
        <div
          className={`popover popover-${align} popover-${placement}${className ? ` ${className}` : ''}`}
          role="dialog"
          aria-label={label}
          data-testid={testId}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return
            event.stopPropagation()
            onOpenChange(false)
            root.current?.querySelector<HTMLElement>('[aria-haspopup]')?.focus()
          }}
        >
          {children}
        </div>
      ) : null}
    </div>
  )
}
