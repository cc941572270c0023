/**
 * Errors cross the IPC boundary as data: `ipcMain.handle` rejections keep only
 * `message`, so every invoke resolves to a Result and the renderer re-creates
 * a typed error from `code`.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNTRUSTED_SENDER',
  'UNKNOWN_CHANNEL',
  'NATIVE_MODULE',
  'DB_FROM_FUTURE',
  'SECRET_STORE',
  'API_AUTH',
  'API_CREDITS',
  'API_SAFETY',
  'API_VALIDATION',
  'API_RATE_LIMIT',
  'API_TIMEOUT',
  'API_PROVIDER',
  'API_SERVER',
  'API_NOT_FOUND',
  'NETWORK',
  'NO_API_KEY',
  'BAD_IMAGE',
  'PATH_OUTSIDE_LIBRARY',
  /** A file without a path on disk (a browser drop, a pasted image) was offered as a file. */
  'NO_PATH',
  'CANCELED',
  /** The library's disk is full (ENOSPC): nothing half-written is kept, the job resumes once there is room. */
  'DISK_FULL',
  /** The library folder cannot be written (EACCES, EPERM, EROFS). */
  'READ_ONLY',
  /** An export's content credentials (C2PA) could not be signed, or did not verify once written. */
  'CONTENT_CREDENTIALS',
  'INTERNAL'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface IpcError {
  code: ErrorCode
  message: string
  /** Which argument field was wrong, for validation errors (e.g. "0.numberResults"). */
  field?: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const err = (error: IpcError): Result<never> => ({ ok: false, error })
