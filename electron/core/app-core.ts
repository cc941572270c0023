/**
 * Builds the plain-Node core of the app: database, services and the IPC
 * handlers. Electron's composition root, the browser test host and the tests
 * all call this, so they run the same handlers against the same code.
 */
import { mkdirSync } from 'node:fs'
import type { AppInfo } from '../shared/domain'
import type { WritableDB } from './db/connection'
import { openLibraryDb } from './db/open-library-db'
import { ImagesRepo } from './db/repos/images-repo'
import { SettingsRepo } from './db/repos/settings-repo'
import { AppError } from './errors'
import { createRouter, type Handlers, type Router } from './ipc/router'
import type { Logger } from './log'
import type { MediaDeps } from './media/media-request'
import { libraryPaths, type LibraryPaths } from './paths'
import type { SecretStore } from './secrets/secret-store'
import { isExternalAllowed } from './security/trusted-url'
import { SettingsService } from './services/settings-service'

export interface CoreOptions {
  dataDir: string
  secrets: SecretStore
  log: Logger
  /** Opens a URL in the OS browser (Electron's shell.openExternal; a recorder in tests). */
  openExternal(url: string): Promise<void>
  /** Static facts about the running shell for the About box. */
  info: Omit<AppInfo, 'dataDir' | 'versions'> & { versions: Omit<AppInfo['versions'], 'sqlite'> }
  /** better-sqlite3 binary to load (the desktop app's Electron-ABI build). */
  nativeBinding?: string
}

export interface Core {
  paths: LibraryPaths
  db: WritableDB
  settings: SettingsService
  images: ImagesRepo
  handlers: Handlers
  router: Router
  /** What the image protocol (Electron) and the /app-image route (test host) resolve against. */
  media: MediaDeps
  close(): void
}

export function createCore(options: CoreOptions): Core {
  const paths = libraryPaths(options.dataDir)
  for (const dir of [paths.dataDir, paths.imagesDir, paths.thumbsDir, paths.tmpDir]) mkdirSync(dir, { recursive: true })
  const db = openLibraryDb(paths.dbFile, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  const settings = new SettingsService(new SettingsRepo(db))
  const images = new ImagesRepo(db)
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v

  const handlers: Handlers = {
    'app:get-info': () => ({ ...options.info, dataDir: paths.dataDir, versions: { ...options.info.versions, sqlite } }),
    'settings:get': () => settings.get(),
    'settings:update': (patch) => settings.update(patch),
    'secrets:get-api-key-status': () => options.secrets.status(),
    'secrets:set-api-key': (key) => options.secrets.setApiKey(key),
    'secrets:clear-api-key': () => options.secrets.clearApiKey(),
    'shell:open-external': async (url) => {
      if (!isExternalAllowed(url)) throw new AppError('FORBIDDEN', 'That link is not on the list of sites the app may open.')
      await options.openExternal(url)
      return { opened: true }
    },
    'library:get-stats': () => images.stats()
  }

  return {
    paths,
    db,
    settings,
    images,
    handlers,
    router: createRouter(handlers, options.log.child('ipc')),
    media: { dataDir: paths.dataDir, lookup: (k, i) => images.mediaPath(k, i) },
    close: () => db.close()
  }
}
