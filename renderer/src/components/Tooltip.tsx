/**
 * A tooltip on Radix Tooltip for icon-only buttons: the same words as the
 * button's aria-label (which stays its name), shown on hover after a short
 * delay and on keyboard focus, hidden by Esc, a press or leaving.
 *
 * Focus that was not moved by the keyboard (a dialog focusing its first
 * control, a field given back its focus) shows no tooltip: one popping up
 * unasked would also take the next Esc, which the person meant for the dialog.
 * TooltipProvider (once, at App's root) tracks that; a Tooltip rendered
 * without one brings its own Radix provider, so a lone component still works.
 */
import * as RadixTooltip from '@radix-ui/react-tooltip'
import { createContext, type ReactElement, type ReactNode, useContext, useEffect, useRef, useState } from 'react'
import css from './Tooltip.module.css'

/** Keys that move the focus: after one of these a focused trigger shows its tooltip. */
const NAVIGATION_KEYS = new Set(['Tab', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'])

interface Modality {
  /** The last input was a key that moves the focus (no press since). */
  navigatingByKeyboard(): boolean
}

const ModalityContext = createContext<Modality | null>(null)

export function TooltipProvider({ children }: { children: ReactNode }) {
  const keyboard = useRef(false)
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      keyboard.current = NAVIGATION_KEYS.has(event.key)
    }
    const onPointer = (): void => {
      keyboard.current = false
    }
    window.addEventListener('keydown', onKey, true)
    window.addEventListener('pointerdown', onPointer, true)
    return () => {
      window.removeEventListener('keydown', onKey, true)
      window.removeEventListener('pointerdown', onPointer, true)
    }
  }, [])
  const modality = useRef<Modality>({ navigatingByKeyboard: () => keyboard.current })
  return (
    <ModalityContext.Provider value={modality.current}>
      <RadixTooltip.Provider delayDuration={500} skipDelayDuration={300}>
        {children}
      </RadixTooltip.Provider>
    </ModalityContext.Provider>
  )
}

interface TooltipProps {
  /** What the button does: the same words as its aria-label. */
  label: string
  /** Its key, shown beside the label (e.g. "Esc"). */
  shortcut?: string
  side?: 'top' | 'bottom' | 'left' | 'right'
  /** No tooltip for now (the words are on screen, e.g. an expanded sidebar). */
  off?: boolean
  /** One element that takes a ref and forwards its props (a button). */
  children: ReactElement
}

export function Tooltip({ label, shortcut, side = 'top', off = false, children }: TooltipProps) {
  const modality = useContext(ModalityContext)
  const [open, setOpen] = useState(false)
  // Off keeps the same tree (a controlled, closed tooltip), so turning it on or off doesn't remount the button.
  const tooltip = (
    <RadixTooltip.Root open={open && !off} onOpenChange={(next) => setOpen(next && !off)}>
      <RadixTooltip.Trigger
        asChild
        onFocus={(event) => {
          // Radix opens on every focus; only keyboard navigation should (preventDefault skips its handler).
          if (!modality?.navigatingByKeyboard()) event.preventDefault()
        }}
      >
        {children}
      </RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content className={css.content} side={side} sideOffset={6} collisionPadding={8}>
          {label}
          {shortcut ? <kbd className={css.shortcut}>{shortcut}</kbd> : null}
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  )
  return modality ? tooltip : <RadixTooltip.Provider>{tooltip}</RadixTooltip.Provider>
}
