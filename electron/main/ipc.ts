/**
 * Electron's half of IPC: registers every contract channel on ipcMain through
 * one helper that refuses untrusted senders and hands the raw arguments to the
 * core router (schema check, handler, Result). Also the typed event sender that
 * queues pushes until the renderer says it is listening.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { INVOKE_CHANNELS, RENDERER_READY_CHANNEL } from '../shared/ipc-contract'
import { createEventQueue, type Emit } from '../core/ipc/event-queue'
import { err, type Result } from '../shared/result'
import type { Router } from '../core/ipc/router'
import type { Logger } from '../core/log'
import { isTrustedSender } from '../core/security/trusted-url'

export type { Emit }

export interface WindowRef {
  get(): BrowserWindow | null
  /** The URL our page was loaded from. */
  appUrl(): string
}

function senderInfo(event: IpcMainInvokeEvent, win: BrowserWindow | null): { url: string; isMainFrame: boolean; fromAppWindow: boolean } {
  const frame = event.senderFrame
  return {
    url: frame?.url ?? '',
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
    fromAppWindow: win !== null && !win.isDestroyed() && event.sender === win.webContents
  }
}

export function registerIpc(router: Router, windowRef: WindowRef, log: Logger): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.removeHandler(channel)
    ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<Result<unknown>> => {
      if (!isTrustedSender(senderInfo(event, windowRef.get()), windowRef.appUrl())) {
        log.warn('refused IPC from an untrusted sender', { channel, url: event.senderFrame?.url })
        return err({ code: 'UNTRUSTED_SENDER', message: 'This request did not come from the app window.' })
      }
      return router.dispatch(channel, args)
    })
  }
  return () => INVOKE_CHANNELS.forEach((c) => ipcMain.removeHandler(c))
}

/** Sends typed events to the window, holding them until the renderer is ready. */
export function createEmitter(windowRef: WindowRef): Emit {
  const queue = createEventQueue((channel, payload) => {
    const win = windowRef.get()
    if (!win || win.isDestroyed()) return false
    win.webContents.send(channel, payload)
    return true
  })
  const watched = new WeakSet<WebContents>()
  ipcMain.on(RENDERER_READY_CHANNEL, (event) => {
    const win = windowRef.get()
    if (!win || event.sender !== win.webContents) return
    if (!watched.has(win.webContents)) {
      watched.add(win.webContents)
      // A reload or crash of the page detaches its listeners until it is ready again.
      win.webContents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) queue.markNotReady()
      })
      win.webContents.on('render-process-gone', () => queue.markNotReady())
    }
    queue.markReady()
  })
  return queue.emit
}
