import { Component, type ErrorInfo, type ReactNode } from 'react'
import { FullWindowMessage } from './FullWindowMessage'

interface State {
  error: Error | null
}

/** Last line of defence: a render error shows a message and a reload button, not a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode; onError?: (error: unknown, componentStack: string | null) => void }, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Renderer crashed', error, info.componentStack)
    this.props.onError?.(error, info.componentStack ?? null)
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children
    return (
      <FullWindowMessage
        title="Something went wrong"
        detail={this.state.error.message}
        action={{ label: 'Reload window', onClick: () => window.location.reload() }}
      >
        Imagine Studio hit an unexpected problem while drawing this window. Your library is safe on disk.
      </FullWindowMessage>
    )
  }
}
