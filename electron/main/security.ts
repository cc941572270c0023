/**
 * Hooks on every web contents: no webviews, no new windows, no navigation away
 * from our page, no permissions. Allow-listed https links go to the OS browser.
 */
import { app, session, shell, type WebContents } from 'electron'
import type { Logger } from '../core/log'
import { externalHref, isInternalNavigation } from '../core/security/trusted-url'

export function installSecurityHooks(appUrl: () => string, log: Logger): void {
  // Deny every permission request (camera, notifications, geolocation, …) and check.
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => {
    log.warn('denied permission request', { permission })
    callback(false)
  })
  session.defaultSession.setPermissionCheckHandler(() => false)

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-attach-webview', (event) => {
      event.preventDefault()
      log.warn('blocked a webview')
    })
    contents.setWindowOpenHandler(({ url }) => {
      const href = externalHref(url)
      if (href !== null) void shell.openExternal(href) // fire-and-forget: the OS browser takes it from here
      else log.warn('blocked window.open', { url })
      return { action: 'deny' }
    })
    const guard = (event: { preventDefault(): void }, url: string): void => {
      if (isInternalNavigation(url, appUrl())) return
      event.preventDefault()
      log.warn('blocked navigation', { url })
    }
    contents.on('will-navigate', guard)
    contents.on('will-redirect', guard)
  })
}
