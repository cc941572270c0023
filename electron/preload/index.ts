/**
 * The bridge: a small, typed, domain-shaped `window.api`. No raw ipcRenderer
 * crosses it; events are stripped of their Electron event and every
 * subscription returns its unsubscribe.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { createApi, type Api } from '../shared/api'
import { EVENT_CHANNELS, INVOKE_CHANNELS, RENDERER_READY_CHANNEL } from '../shared/ipc-contract'
import { err } from '../shared/result'

const api: Api = createApi({
  invoke: (channel, ...args) =>
    INVOKE_CHANNELS.includes(channel)
      ? ipcRenderer.invoke(channel, ...args)
      : Promise.resolve(err({ code: 'UNKNOWN_CHANNEL', message: `Unknown channel: ${channel}` })),
  subscribe: (channel, cb) => {
    if (!EVENT_CHANNELS.includes(channel)) return () => undefined
    const listener = (_event: Electron.IpcRendererEvent, payload: Parameters<typeof cb>[0]): void => cb(payload)
    ipcRenderer.on(channel, listener)
    return () => void ipcRenderer.removeListener(channel, listener)
  },
  rendererReady: () => ipcRenderer.send(RENDERER_READY_CHANNEL),
  // The path never reaches the page: main trades it for a token (core/files/path-grants.ts).
  // getPathForFile knows only files that really came from the OS (a drop, a file picker).
  grantFile: async (file) => {
    const path = file instanceof File ? webUtils.getPathForFile(file) : ''
    if (!path) return err({ code: 'NO_PATH', message: 'This file has no path on disk (an image from a web page or the clipboard): its bytes are needed instead.' })
    return ipcRenderer.invoke('files:grant-path', path)
  },
  mediaBase: 'app-image://'
})

contextBridge.exposeInMainWorld('api', api)
