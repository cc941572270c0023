import type { ReactNode } from 'react'
import { AlertIcon } from './icons'

interface FullWindowMessageProps {
  title: string
  children: ReactNode
  detail?: string
  action?: { label: string; onClick(): void }
  testId?: string
}

/** A calm, centred page for states where the app cannot run at all. */
export function FullWindowMessage({ title, children, detail, action, testId }: FullWindowMessageProps) {
  return (
    <main className="full-window-message" role="alert" data-testid={testId}>
      <div className="full-window-card">
        <span className="full-window-icon">
          <AlertIcon size={22} />
        </span>
        <h1>{title}</h1>
        <p>{children}</p>
        {detail ? <pre className="full-window-detail">{detail}</pre> : null}
        {action ? (
          <button type="button" className="button button-primary" onClick={action.onClick}>
            {action.label}
          </button>
        ) : null}
      </div>
    </main>
  )
}
