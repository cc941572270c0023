/**
 * The browser test host's stand-in for the Electron preload: the same
 * `createApi` over HTTP instead of ipcRenderer. Bundled by the host with esbuild
 * and loaded before the app's own scripts.
 */
import { createApi } from '../../electron/shared/api'
import { EVENT_CHANNELS, type EventChannel } from '../../electron/shared/ipc-contract'
import type { Result } from '../../electron/shared/result'
import { bytesFromBase64 } from './base64'

const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>()
let source: EventSource | null = null

function connectEvents(): void {
  if (source) return
  source = new EventSource('/__host/events')
  for (const channel of EVENT_CHANNELS) {
    source.addEventListener(channel, (e) => {
      const payload: unknown = JSON.parse((e as MessageEvent<string>).data)
      listeners.get(channel)?.forEach((cb) => cb(payload))
    })
  }
}

/** Base64 of bytes, in slices (a spread of 50 MB would overflow the call stack). */
function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** Electron's IPC clones typed arrays; JSON needs help: bytes go as { $bytes: base64 } (host.ts decodes them). */
const encodeArgs = (_k: string, v: unknown): unknown => (v instanceof Uint8Array ? { $bytes: toBase64(v) } : v)

async function invoke(channel: string, args: unknown[]): Promise<Result<never>> {
  try {
    const res = await fetch(`/__host/ipc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-imagine-host': '1' },
      body: JSON.stringify(args, encodeArgs)
    })
    return JSON.parse(await res.text(), (_k, v: unknown) => {
      if (v && typeof v === 'object' && '$u32' in v && typeof (v as { $u32: unknown }).$u32 === 'string') {
        return new Uint32Array(bytesFromBase64((v as { $u32: string }).$u32).buffer)
      }
      return v
    }) as Result<never>
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The app host is not reachable.' } }
  }
}

const api = createApi({
  invoke: (channel, ...args) => invoke(channel, args),
  subscribe: (channel, cb) => {
    const set = listeners.get(channel) ?? new Set()
    listeners.set(channel, set)
    const listener = cb as (payload: unknown) => void
    set.add(listener)
    return () => void set.delete(listener)
  },
  rendererReady: connectEvents,
  // A page in a browser cannot see OS paths.
  // A browser exposes no paths: a dropped file goes by its bytes.
  grantFile: async () => ({ ok: false, error: { code: 'NO_PATH', message: 'A browser gives no file paths: the file\'s bytes are needed instead.' } }),
  mediaBase: '/app-image/'
})

Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false, configurable: false })
