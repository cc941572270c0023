import { useEffect, useId, useState } from 'react'
import { AlertIcon, CloseIcon, InfoIcon } from '../../components/icons'
import { Tooltip } from '../../components/Tooltip'
import { useAppStore } from '../../store'
import type { Toast } from '../../store/ui-slice'

/** Long enough to read a two-line message; the close button dismisses sooner. */
const TOAST_MS = 7000

function ToastItem({ toast }: { toast: Toast }) {
  const dismissToast = useAppStore((s) => s.dismissToast)
  // While the pointer or the focus is on the toast it stays (time to reach Undo).
  const [hovered, setHovered] = useState(false)
  const [focused, setFocused] = useState(false)
  const paused = hovered || focused
  const titleId = useId()
  useEffect(() => {
    if (paused) return
    const timer = window.setTimeout(() => dismissToast(toast.id), TOAST_MS)
    return () => window.clearTimeout(timer)
  }, [toast.id, dismissToast, paused])

  return (
    <div
      className="toast"
      data-tone={toast.tone}
      data-testid="toast"
      role={toast.tone === 'error' ? 'alert' : 'status'}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocused(false)
      }}
    >
      <span className="toast-icon">{toast.tone === 'error' ? <AlertIcon size={16} /> : <InfoIcon size={16} />}</span>
      <div className="toast-text">
        <p id={titleId} className="toast-title">{toast.title}</p>
        {toast.message ? <p className="toast-message">{toast.message}</p> : null}
      </div>
      {toast.action ? (
        <button
          type="button"
          className="button button-small toast-action"
          data-testid="toast-action"
          aria-describedby={titleId}
          onClick={() => {
            dismissToast(toast.id)
            toast.action?.run()
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <Tooltip label="Dismiss" side="left">
        <button type="button" className="icon-button toast-close" aria-label="Dismiss" onClick={() => dismissToast(toast.id)}>
          <CloseIcon size={14} />
        </button>
      </Tooltip>
    </div>
  )
}

export function Toaster() {
  const toasts = useAppStore((s) => s.toasts)
  return (
    <div className="toaster" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  )
}
