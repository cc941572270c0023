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
