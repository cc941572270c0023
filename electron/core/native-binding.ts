/**
 * Two builds of better-sqlite3 live side by side: the Node-ABI one that
 * `npm install` compiles into node_modules (tests, CLI) and an Electron-ABI one
 * that `npm run native:electron` compiles once into `.native/` (the app). The
 * app picks its build with better-sqlite3's `nativeBinding` option, so switching
 * between `npm test` and `npm start` never recompiles anything.
 */
import { join } from 'node:path'

export const NATIVE_DIR = '.native'

export function electronBindingFileName(betterSqliteVersion: string, electronVersion: string): string {
  return `better-sqlite3-${betterSqliteVersion}-electron-${electronVersion}.node`
}

/** Where the Electron-ABI build is, in development (project folder) or packaged (resources). */
export function electronBindingPath(opts: {
  isPackaged: boolean
  resourcesPath: string
  appPath: string
  betterSqliteVersion: string
  electronVersion: string
}): string {
  return opts.isPackaged
    ? join(opts.resourcesPath, 'native', 'better_sqlite3.node')
    : join(opts.appPath, NATIVE_DIR, electronBindingFileName(opts.betterSqliteVersion, opts.electronVersion))
}

/**
 * Reads `node_module_version` from node-gyp's `build/config.gypi`. electron-builder's
 * rebuild can claim success while building against Node's headers (see
 * docs in scripts/native.ts); this catches that before the file is used.
 */
export function moduleVersionFromConfigGypi(text: string): number | null {
  const m = /"node_module_version"\s*:\s*(\d+)/.exec(text)
  return m ? Number(m[1]) : null
}
