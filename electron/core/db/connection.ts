/**
 * The one place that opens SQLite. Everything else receives the handle.
 */
import Database from 'better-sqlite3'
import { AppError } from '../errors'

declare const writable: unique symbol
declare const readable: unique symbol
/** A connection that may write. Repositories that write take this brand. */
export type WritableDB = Database.Database & { readonly [writable]: true }
/** A read-only connection (workers, query helpers). */
export type ReadableDB = Database.Database & { readonly [readable]: true }

export interface OpenOptions {
  readonly?: boolean
  /**
   * Path of a better-sqlite3 `.node` file. The desktop app passes its Electron-ABI
   * build here; tests and the CLI leave it unset and get the Node build that
   * `npm install` compiled. See scripts/native.mjs.
   */
  nativeBinding?: string
  busyTimeoutMs?: number
}

/** The command that repairs a native build for the runtime we are in. */
export function nativeFixCommand(versions: NodeJS.ProcessVersions = process.versions): string {
  return 'electron' in versions && versions.electron
    ? 'npm run native:electron'
    : 'npm rebuild better-sqlite3'
}

export function isAbiMismatch(error: unknown): boolean {
  if ((error as { code?: unknown } | null)?.code === 'ERR_DLOPEN_FAILED') return true
  const text = error instanceof Error ? error.message : String(error)
  return /NODE_MODULE_VERSION|compiled against a different Node\.js version|invalid ELF header|wrong ELF class|Module did not self-register/.test(text)
}

export function openDatabase(file: string, options: OpenOptions & { readonly: true }): ReadableDB
export function openDatabase(file: string, options?: OpenOptions): WritableDB
export function openDatabase(file: string, options: OpenOptions = {}): WritableDB | ReadableDB {
  let db: Database.Database
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
    })
  } catch (error) {
    if (isAbiMismatch(error)) {
      throw new AppError(
        'NATIVE_MODULE',
        `better-sqlite3 was built for a different runtime than this one (${process.versions.electron ? `Electron ${process.versions.electron}` : `Node ${process.versions.node}`}). Run \`${nativeFixCommand()}\` and start again.`,
        { cause: error }
      )
    }
    throw error
  }
  // WAL lets the app and the CLI read while the other writes.
  if (!options.readonly && file !== ':memory:') db.pragma('journal_mode = WAL')
  // SQLite leaves foreign keys off unless every connection turns them on.
  db.pragma('foreign_keys = ON')
  // A second writer (the CLI beside the app) waits instead of failing with SQLITE_BUSY.
  // Write transactions use BEGIN IMMEDIATE (`.immediate()`): a deferred one that reads
  // first cannot wait for the lock when it upgrades to a write, and fails at once.
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`)
  // NORMAL under WAL: a committed transaction survives an application crash; only a
  // power loss or OS crash can roll back the newest commits, and it can never corrupt
  // the file. Image files are fsynced before their rows are written, so such a loss
  // leaves at worst an orphan file, never a row without its file. FULL would add an
  // fsync to every commit for no gain in that guarantee.
  db.pragma('synchronous = NORMAL')
  // Reads of a large library (search, id lists) stay in memory instead of re-reading pages
  // from the OS after every scan: a 32 MB page cache and memory-mapped reads of up to 256 MB.
  db.pragma('cache_size = -32768')
  db.pragma('mmap_size = 268435456')
  return db as WritableDB
}
