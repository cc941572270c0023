/**
 * Electron's half of job notifications (issue 10): the OS notification and the
 * window's focus. The core decides when and what to say (core/notify); these
 * only show it and bring the window forward.
 */
import { Notification, type BrowserWindow } from 'electron'
import type { Notifier, WindowFocus } from '../core/notify/job-notifications'

/** Notifications not yet clicked or closed: a collected Notification drops its click handler. */
const MAX_LIVE = 20

export function desktopNotifier(): Notifier {
  const live = new Set<Notification>()
  return {
    show(notification, onClick) {
      if (!Notification.isSupported()) return
      const shown = new Notification({ title: notification.title, body: notification.body })
      const forget = (): void => void live.delete(shown)
      live.add(shown)
      if (live.size > MAX_LIVE) live.delete(live.values().next().value!)
      shown.on('click', () => {
        forget()
        onClick()
      })
      shown.on('close', forget)
      shown.on('failed', forget)
      shown.show()
    }
  }
}

export function windowFocus(getWindow: () => BrowserWindow | null): WindowFocus {
  const open = (): BrowserWindow | null => {
    const win = getWindow()
    return win && !win.isDestroyed() ? win : null
  }
  return {
    // Minimised or hidden counts as not focused; a closed window (macOS keeps the app) too.
    isFocused: () => open()?.isFocused() ?? false,
    focus() {
      const win = open()
      if (!win) return
      if (win.isMinimized()) win.restore()
      win.show()
      win.focus()
    }
  }
}
