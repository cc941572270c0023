/**
 * An in-memory `Api` for renderer tests. It behaves like main where it matters
 * (validates arguments with the real zod schemas, keeps state between calls),
 * records every call, lets a test push menu commands and library events, and
 * can make any call fail with a given error.
 */
import type { Api } from '../../electron/shared/api'
import type { ApiKeyStatus, AppInfo, LibraryChanged, LibraryStats, MenuCommand, Settings } from '../../electron/shared/domain'
import type { IpcError, Result } from '../../electron/shared/result'
import { invokeArgSchemas } from '../../electron/shared/schemas'

export type FakeMethod =
  | 'app.getInfo'
  | 'settings.get'
  | 'settings.update'
  | 'secrets.apiKeyStatus'
  | 'secrets.setApiKey'
  | 'secrets.clearApiKey'
  | 'shell.openExternal'
  | 'library.stats'

export interface FakeCall {
  method: FakeMethod | 'app.rendererReady'
  args: unknown[]
}

export interface FakeApiOptions {
  info?: Partial<AppInfo>
  settings?: Partial<Settings>
  apiKeyStatus?: ApiKeyStatus
  stats?: Partial<LibraryStats>
}

export const NO_KEY: ApiKeyStatus = { set: false, source: 'none', persistent: true }
export const KEYCHAIN_KEY: ApiKeyStatus = { set: true, source: 'keychain', persistent: true }
export const ENV_KEY: ApiKeyStatus = { set: true, source: 'environment', persistent: true }

const DEFAULT_INFO: AppInfo = {
  name: 'Imagine Studio',
  version: '0.1.0',
  dataDir: '/tmp/imagine-studio-test',
  platform: 'linux',
  versions: { app: '0.1.0', electron: '41.7.1', chrome: '146.0.0.0', node: '22.20.0', sqlite: '3.50.4' },
  shell: 'electron'
}

const DEFAULT_SETTINGS: Settings = { theme: 'system', model: 'xai:grok-imagine@image', concurrency: 2, sidebarCollapsed: false }

function validationError(issue: { message: string; path: PropertyKey[] } | undefined): IpcError {
  return { code: 'VALIDATION', message: issue?.message ?? 'Invalid input', field: issue?.path.map(String).join('.') }
}

export class FakeApi {
  info: AppInfo
  settings: Settings
  apiKeyStatus: ApiKeyStatus
  stats: LibraryStats
  /** The last key main accepted; tests check it never leaks into the DOM. */
  storedKey: string | null = null
  readonly calls: FakeCall[] = []
  unsubscribeCount = 0
  private readonly failures = new Map<FakeMethod, IpcError[]>()
  private readonly menuListeners = new Set<(c: MenuCommand) => void>()
  private readonly libraryListeners = new Set<(c: LibraryChanged) => void>()
  readonly api: Api

  constructor(options: FakeApiOptions = {}) {
    this.info = { ...DEFAULT_INFO, ...options.info }
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings }
    this.apiKeyStatus = options.apiKeyStatus ?? NO_KEY
    this.stats = { images: 0, generations: 0, trashed: 0, favourites: 0, ...options.stats }
    this.api = this.build()
  }

  /** Makes the next call to `method` fail with `error` (queue several for several calls). */
  failNext(method: FakeMethod, error: IpcError): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error])
  }

  emitMenuCommand(command: MenuCommand): void {
    for (const cb of this.menuListeners) cb(command)
  }

  emitLibraryChanged(change: LibraryChanged): void {
    for (const cb of this.libraryListeners) cb(change)
  }

  listenerCount(): number {
    return this.menuListeners.size + this.libraryListeners.size
  }

  /** Arguments of every call to `method`, oldest first. */
  callsTo(method: FakeCall['method']): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args)
  }

  private respond<T>(method: FakeMethod, args: unknown[], produce: () => Result<T>): Promise<Result<T>> {
    this.calls.push({ method, args })
    const queued = this.failures.get(method)
    const failure = queued?.shift()
    // Copy like contextBridge does, so the renderer cannot mutate fake state by reference.
    return Promise.resolve(failure ? { ok: false, error: failure } : structuredClone(produce()))
  }

  private subscribe<T>(set: Set<(v: T) => void>, cb: (v: T) => void): () => void {
    set.add(cb)
    return () => {
      if (set.delete(cb)) this.unsubscribeCount++
    }
  }

  private build(): Api {
    return {
      app: {
        getInfo: () => this.respond('app.getInfo', [], () => ({ ok: true, value: this.info })),
        rendererReady: () => void this.calls.push({ method: 'app.rendererReady', args: [] }),
        onMenuCommand: (cb) => this.subscribe(this.menuListeners, cb)
      },
      settings: {
        get: () => this.respond('settings.get', [], () => ({ ok: true, value: this.settings })),
        update: (patch) =>
          this.respond('settings.update', [patch], () => {
            const parsed = invokeArgSchemas['settings:update'].safeParse([patch])
            if (!parsed.success) return { ok: false, error: validationError(parsed.error.issues[0]) }
            this.settings = { ...this.settings, ...parsed.data[0] }
            return { ok: true, value: this.settings }
          })
      },
      secrets: {
        apiKeyStatus: () => this.respond('secrets.apiKeyStatus', [], () => ({ ok: true, value: this.apiKeyStatus })),
        setApiKey: (key) =>
          this.respond('secrets.setApiKey', [key], () => {
            const parsed = invokeArgSchemas['secrets:set-api-key'].safeParse([key])
            if (!parsed.success) return { ok: false, error: validationError(parsed.error.issues[0]) }
            this.storedKey = parsed.data[0]
            this.apiKeyStatus = KEYCHAIN_KEY
            return { ok: true, value: this.apiKeyStatus }
          }),
        clearApiKey: () =>
          this.respond('secrets.clearApiKey', [], () => {
            this.storedKey = null
            this.apiKeyStatus = NO_KEY
            return { ok: true, value: this.apiKeyStatus }
          })
      },
      shell: {
        openExternal: (url) => this.respond('shell.openExternal', [url], () => ({ ok: true, value: { opened: true } }))
      },
      library: {
        stats: () => this.respond('library.stats', [], () => ({ ok: true, value: this.stats })),
        onChanged: (cb) => this.subscribe(this.libraryListeners, cb)
      },
      files: { pathForFile: () => '' },
      media: {
        imageUrl: (id) => `app-image://image/${id}`,
        thumbUrl: (id) => `app-image://thumb/${id}`
      }
    }
  }
}
