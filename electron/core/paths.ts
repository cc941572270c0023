import { join } from 'node:path'

export const APP_NAME = 'Imagine Studio'

/** The OS folder Electron calls `appData`, computed without Electron so the CLI agrees with the app. */
export function appDataRoot(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') return env.APPDATA || join(home, 'AppData', 'Roaming')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support')
  return env.XDG_CONFIG_HOME || join(home, '.config')
}

/** Electron's `userData` for this app: window state, the encrypted API key, Chromium caches. */
export function userDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  return join(appDataRoot(platform, env, home), APP_NAME)
}

/**
 * The library folder (database, images, thumbnails). `IMAGINE_DATA_DIR` overrides it,
 * for the CLI, the test host and people who keep their library elsewhere.
 */
export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  const override = env.IMAGINE_DATA_DIR?.trim()
  return override ? override : join(userDataDir(platform, env, home), 'Library')
}

export interface LibraryPaths {
  dataDir: string
  dbFile: string
  imagesDir: string
  thumbsDir: string
  tmpDir: string
  /** main.log (the app), cli.log, host.log, each with its rotated predecessors. */
  logsDir: string
  /** The append-only journal of the library's history (core/journal), what `imagine rebuild` reads. */
  journalDir: string
  /** Where `imagine doctor --fix` moves files no row names (never deleted). */
  lostFoundDir: string
}

export function libraryPaths(dataDir: string): LibraryPaths {
  return {
    dataDir,
    dbFile: join(dataDir, 'library.db'),
    imagesDir: join(dataDir, 'images'),
    thumbsDir: join(dataDir, 'thumbs'),
    tmpDir: join(dataDir, 'tmp'),
    logsDir: join(dataDir, 'logs'),
    journalDir: join(dataDir, 'journal'),
    lostFoundDir: join(dataDir, 'lost+found')
  }
}
