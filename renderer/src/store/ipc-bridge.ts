/**
 * Wires main's pushed events to store actions, outside React, once at start-up
 * (house style §12). Main queues events until `rendererReady`, so that call
 * comes after every listener is attached; the job list is loaded after that, so
 * no progress event can fall between the snapshot and the subscription.
 */
import type { Api } from '../../../electron/shared/api'
import type { MenuCommand } from '../../../electron/shared/domain'
import { useAppStore } from './index'

export function handleMenuCommand(command: MenuCommand): void {
  const s = useAppStore.getState()
  switch (command) {
    case 'about':
      s.openDialog('about')
      return
    case 'open-settings':
      s.openDialog('settings')
      return
    case 'focus-prompt':
      s.requestPromptFocus()
      return
    case 'toggle-sidebar':
      s.toggleSidebar()
      return
    default:
      assertNever(command)
  }
}

function assertNever(value: never): void {
  // A newer main may send a command this renderer does not know yet: ignore it.
  console.warn('Unknown menu command', value)
}

/** Subscribes to main's events, signals readiness and loads the job list; returns a dispose that unsubscribes. */
export function connectIpc(api: Api): () => void {
  const offs = [
    api.app.onMenuCommand(handleMenuCommand),
    api.library.onChanged(() => void useAppStore.getState().loadStats()),
    api.generation.onProgress((progress) => useAppStore.getState().applyProgress(progress))
  ]
  api.app.rendererReady()
  void useAppStore.getState().loadJobs()
  let disposed = false
  return () => {
    if (disposed) return
    disposed = true
    for (const off of offs) off()
  }
}
