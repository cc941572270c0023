/**
 * Wires main's pushed events to store actions, outside React, once at start-up
 * (house style §12). Main queues events until `rendererReady`, so that call
 * comes after every listener is attached; the job list is loaded after that, so
 * no progress event can fall between the snapshot and the subscription.
 */
import type { Api } from '../../../electron/shared/api'
import type { LibraryChanged, MenuCommand } from '../../../electron/shared/domain'
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
    case 'thumbnails-larger':
      s.stepThumbnailSize(1)
      return
    case 'thumbnails-smaller':
      s.stepThumbnailSize(-1)
      return
    default:
      assertNever(command)
  }
}

function assertNever(value: never): void {
  // A newer main may send a command this renderer does not know yet: ignore it.
  console.warn('Unknown menu command', value)
}

/**
 * New images, organise changes and deletions: the push carries the counts and the
 * rows, so the view is patched in place (house style §12: pushes carry data).
 */
export function handleLibraryChanged(change: LibraryChanged): void {
  const s = useAppStore.getState()
  s.setStats(change.stats)
  s.applyLibraryChange(change)
  // New images join no collection and carry no tags; anything else may change collection and tag counts.
  if (change.reason !== 'images-added') {
    void s.loadCollections()
    void s.loadTags()
  }
  // Another process (the CLI) wrote to the library: it may have spent, so the balance and totals are read again.
  if (change.reason === 'external') s.refreshSpend()
  // New uses, costs and ratings (the best result) show in the Prompts view while it is open.
  if (s.mainView === 'prompts') void s.loadPrompts()
  if (s.detailId !== null && (change.reason === 'external' || change.imageIds.includes(s.detailId))) void s.refreshDetail()
}

/** Subscribes to main's events, signals readiness and loads the job list; returns a dispose that unsubscribes. */
export function connectIpc(api: Api): () => void {
  const offs = [
    api.app.onMenuCommand(handleMenuCommand),
    api.library.onChanged(handleLibraryChanged),
    api.generation.onProgress((progress) => useAppStore.getState().applyProgress(progress)),
    api.generation.onReveal((reveal) => useAppStore.getState().revealJob(reveal)),
    api.export.onProgress((progress) => useAppStore.getState().applyExportProgress(progress)),
    api.backup.onProgress((progress) => useAppStore.getState().applyBackupProgress(progress))
  ]
  // The network as the browser sees it: the chrome says Offline at once, and coming back refreshes the balance.
  const online = (): void => useAppStore.getState().setNetworkOnline(true)
  const offline = (): void => useAppStore.getState().setNetworkOnline(false)
  if (typeof window !== 'undefined') {
    window.addEventListener('online', online)
    window.addEventListener('offline', offline)
    offs.push(() => {
      window.removeEventListener('online', online)
      window.removeEventListener('offline', offline)
    })
  }
  api.app.rendererReady()
  void useAppStore.getState().loadJobs()
  let disposed = false
  return () => {
    if (disposed) return
    disposed = true
    for (const off of offs) off()
  }
}
