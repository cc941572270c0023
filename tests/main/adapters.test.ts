/**
 * The thin Electron adapters, with `electron` mocked: the sender check in front of
 * every IPC channel, the event queue behind the window, the navigation and window
 * guards, and the image protocol handler.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { tempDir } from '../helpers/db'

const m = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  onHandlers: new Map<string, (event: unknown) => void>(),
  appEvents: new Map<string, (...a: unknown[]) => void>(),
  protocolHandlers: new Map<string, (req: Request) => Response | Promise<Response>>(),
  openExternal: vi.fn(async () => undefined),
  permissionHandler: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void)
}))

vi.mock('electron', () => ({
  ipcMain: {
    handle: (c: string, fn: (event: unknown, ...args: unknown[]) => unknown) => m.handlers.set(c, fn),
    removeHandler: (c: string) => m.handlers.delete(c),
    on: (c: string, fn: (event: unknown) => void) => m.onHandlers.set(c, fn)
  },
  app: { on: (e: string, fn: (...a: unknown[]) => void) => m.appEvents.set(e, fn) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof m.permissionHandler) => (m.permissionHandler = fn),
      setPermissionCheckHandler: vi.fn()
    }
  },
  shell: { openExternal: m.openExternal },
  protocol: {
    handle: (scheme: string, fn: (req: Request) => Response) => m.protocolHandlers.set(scheme, fn),
    registerSchemesAsPrivileged: vi.fn()
  }
}))

const { registerIpc, createEmitter } = await import('../../electron/main/ipc')
const { installSecurityHooks } = await import('../../electron/main/security')
const { handleAppProtocol, handleMediaProtocol, registerSchemePrivileges } = await import('../../electron/main/protocol')
const { protocol } = await import('electron')
const { INVOKE_CHANNELS, RENDERER_READY_CHANNEL } = await import('../../electron/shared/ipc-contract')
const { silentLogger } = await import('../../electron/core/log')

const APP_URL = 'app://studio/index.html'

function fakeWindow() {
  const sent: unknown[] = []
  const webContents = { send: (c: string, p: unknown) => sent.push([c, p]), on: vi.fn(), mainFrame: {} as unknown }
  return { win: { webContents, isDestroyed: () => false }, sent }
}

function event(webContents: { mainFrame: unknown }, opts: { url?: string; subframe?: boolean } = {}) {
  const frame = opts.subframe ? { url: opts.url ?? APP_URL } : Object.assign(webContents.mainFrame as object, { url: opts.url ?? APP_URL })
  return { sender: webContents, senderFrame: frame }
}

describe('IPC registration', () => {
  const dispatch = vi.fn(async (channel: unknown, args: unknown[]) => ({ ok: true as const, value: { channel, args } }))
  const { win } = fakeWindow()
  beforeEach(() => {
    dispatch.mockClear()
    registerIpc({ dispatch }, { get: () => win as never, appUrl: () => APP_URL }, silentLogger)
  })

  it('registers exactly the contract channels', () => {
    expect([...m.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  it('passes arguments from our main frame to the router, without the event', async () => {
    const r = await m.handlers.get('settings:update')!(event(win.webContents), { theme: 'dark' })
    expect(dispatch).toHaveBeenCalledWith('settings:update', [{ theme: 'dark' }])
    expect(r).toEqual({ ok: true, value: { channel: 'settings:update', args: [{ theme: 'dark' }] } })
  })

  it.each([
    ['a subframe', { subframe: true }],
    ['a page navigated elsewhere', { url: 'https://evil.example/' }],
    ['a file:// page (no longer the app origin)', { url: 'file:///app/out/renderer/index.html' }],
    ['another app:// host', { url: 'app://evil/index.html' }]
  ])('refuses calls from %s', async (_name, opts) => {
    const r = await m.handlers.get('settings:get')!(event(win.webContents, opts))
    expect(r).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } })
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('refuses calls from another window', async () => {
    const other = fakeWindow().win
    const r = await m.handlers.get('settings:get')!(event(other.webContents))
    expect(r).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } })
  })
})

describe('event emitter', () => {
  it('queues events until our renderer says it is ready', () => {
    const { win, sent } = fakeWindow()
    const emit = createEmitter({ get: () => win as never, appUrl: () => APP_URL })
    emit('menu:command', 'about')
    expect(sent).toEqual([])
    m.onHandlers.get(RENDERER_READY_CHANNEL)!({ sender: fakeWindow().win.webContents })
    expect(sent).toEqual([])
    m.onHandlers.get(RENDERER_READY_CHANNEL)!({ sender: win.webContents })
    expect(sent).toEqual([['menu:command', 'about']])
  })
})

describe('security hooks', () => {
  installSecurityHooks(() => APP_URL, silentLogger)
  const contents = {
    listeners: new Map<string, (...a: unknown[]) => void>(),
    openHandler: null as null | ((d: { url: string }) => { action: string }),
    on(e: string, fn: (...a: unknown[]) => void) {
      this.listeners.set(e, fn)
    },
    setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
      this.openHandler = fn
    }
  }
  m.appEvents.get('web-contents-created')!({}, contents)

  it('denies every new window and sends only allow-listed links to the OS browser', () => {
    m.openExternal.mockClear()
    expect(contents.openHandler!({ url: 'https://runware.ai/docs' })).toEqual({ action: 'deny' })
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(m.openExternal.mock.calls).toEqual([['https://runware.ai/docs']])
    m.openExternal.mockClear()
    expect(contents.openHandler!({ url: 'https://RUNWARE.ai\\@evil.example/' })).toEqual({ action: 'deny' })
    expect(m.openExternal.mock.calls).toEqual([['https://runware.ai/@evil.example/']])
  })

  it('prevents navigation and redirects away from the app, and webviews', () => {
    for (const name of ['will-navigate', 'will-redirect']) {
      const away = { preventDefault: vi.fn() }
      contents.listeners.get(name)!(away, 'https://evil.example/')
      expect(away.preventDefault).toHaveBeenCalled()
      const inside = { preventDefault: vi.fn() }
      contents.listeners.get(name)!(inside, `${APP_URL}#settings`)
      expect(inside.preventDefault).not.toHaveBeenCalled()
    }
    const webview = { preventDefault: vi.fn() }
    contents.listeners.get('will-attach-webview')!(webview)
    expect(webview.preventDefault).toHaveBeenCalled()
  })

  it('denies permission requests', () => {
    const cb = vi.fn()
    m.permissionHandler!({}, 'media', cb)
    expect(cb).toHaveBeenCalledWith(false)
  })
})

describe('image protocol', () => {
  const { dir, cleanup } = tempDir('imagine-proto-')
  afterAll(cleanup)
  mkdirSync(join(dir, 'images'), { recursive: true })
  writeFileSync(join(dir, 'images', 'a.png'), 'PNGDATA')
  const rows: Record<number, string> = { 1: 'images/a.png', 2: '../../etc/passwd.png' }
  handleMediaProtocol({ dataDir: dir, lookup: (_k, id) => rows[id] ?? null }, silentLogger)
  const handler = m.protocolHandlers.get('app-image')!

  it('streams a library file with its type', async () => {
    const res = await handler(new Request('app-image://image/1'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(await res.text()).toBe('PNGDATA')
  })

  it('answers 400/403/404/405 for bad requests', async () => {
    expect((await handler(new Request('app-image://image/%2e%2e'))).status).toBe(400)
    expect((await handler(new Request('app-image://image/2'))).status).toBe(403)
    expect((await handler(new Request('app-image://image/3'))).status).toBe(404)
    expect((await handler(new Request('app-image://image/1', { method: 'POST', body: 'x' }))).status).toBe(405)
  })
})

describe('app protocol (the UI at app://studio)', () => {
  const { dir, cleanup } = tempDir('imagine-app-proto-')
  afterAll(cleanup)
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true })
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>x</title>')
  writeFileSync(join(dir, 'renderer', 'assets', 'index-1.js'), 'console.log(1)')
  writeFileSync(join(dir, 'secret.js'), 'secret')
  symlinkSync(join(dir, 'secret.js'), join(dir, 'renderer', 'assets', 'leak.js'))
  handleAppProtocol(join(dir, 'renderer'), silentLogger)
  const handler = m.protocolHandlers.get('app')!

  it('registers both schemes in one privileged call (a second call would erase the first), neither CORS-enabled nor CSP-bypassing', () => {
    const register = vi.mocked(protocol.registerSchemesAsPrivileged)
    register.mockClear()
    registerSchemePrivileges()
    expect(register).toHaveBeenCalledTimes(1)
    const schemes = register.mock.calls[0]![0]
    expect(schemes.map((s) => s.scheme).sort()).toEqual(['app', 'app-image'])
    for (const s of schemes) {
      expect(s.privileges).toMatchObject({ standard: true, secure: true })
      expect(s.privileges?.corsEnabled).toBeFalsy()
      expect(s.privileges?.bypassCSP).toBeFalsy()
    }
  })

  it('serves the page and its assets with their types, never sniffed', async () => {
    const page = await handler(new Request('app://studio/index.html'))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('<title>x</title>')
    const js = await handler(new Request('app://studio/assets/index-1.js'))
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await js.text()).toBe('console.log(1)')
    const head = await handler(new Request('app://studio/index.html', { method: 'HEAD' }))
    expect(head.status).toBe(200)
  })

  it('refuses what leaves the folder, other hosts and other methods', async () => {
    expect((await handler(new Request('app://studio/assets/leak.js'))).status).toBe(403)
    expect((await handler(new Request('app://studio/%2e%2e/secret.js'))).status).toBe(404)
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404)
    expect((await handler(new Request('app://studio/index.html', { method: 'POST', body: 'x' }))).status).toBe(405)
  })
})
