import type { ErrorCode, IpcError } from '../shared/result'

/** An error with a stable code that survives the trip to the renderer. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly field?: string
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; field?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.field = options?.field
  }
}

export class ValidationError extends AppError {
  constructor(message: string, field?: string) {
    super('VALIDATION', message, { field })
    this.name = 'ValidationError'
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('NOT_FOUND', message)
    this.name = 'NotFoundError'
  }
}

/**
 * Maps anything thrown in main to the data that crosses IPC. Unknown errors keep
 * a generic message: their text may hold paths or secrets, so it goes to the log only.
 */
export function toIpcError(error: unknown): IpcError {
  if (error instanceof AppError) {
    return error.field === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, field: error.field }
  }
  return { code: 'INTERNAL', message: 'Something went wrong in the app. Details are in the log.' }
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`)
}
