/**
 * The only module that reads `window.api` (house style §12). Everything else
 * imports `api` from here, so tests can swap in a fake with `setApiForTests`.
 * Main sends errors as data (`Result`); `unwrap` turns a failed Result into a
 * renderer-side `ApiError` that keeps the same `code`.
 */
import type { Api } from '../../electron/shared/api'
import type { ErrorCode, IpcError, Result } from '../../electron/shared/result'

export type { Api }

export class ApiError extends Error {
  readonly code: ErrorCode
  readonly field: string | undefined

  constructor(error: IpcError, options?: { cause?: unknown }) {
    super(error.message, options)
    this.name = 'ApiError'
    this.code = error.code
    this.field = error.field
  }
}

/** The value of a successful Result; throws `ApiError` for a failed one. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value
  throw new ApiError(result.error)
}

/** Any thrown value as an `ApiError` (a rejected promise becomes INTERNAL). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new ApiError({ code: 'INTERNAL', message: message || 'Something went wrong.' }, { cause: error })
}

/** Awaits an api call and unwraps it; a rejection or a failed Result throws `ApiError`. */
export async function call<T>(request: () => Promise<Result<T>>): Promise<T> {
  let result: Result<T>
  try {
    result = await request()
  } catch (error) {
    throw toApiError(error)
  }
  return unwrap(result)
}

let override: Api | undefined

function readWindowApi(): Api | undefined {
  if (typeof window === 'undefined') return undefined
  // The preload may be missing (broken build, opened in a plain browser).
  return (window as { api?: Api }).api
}

function current(): Api {
  const found = override ?? readWindowApi()
  if (!found) throw new ApiError({ code: 'INTERNAL', message: 'The app bridge (window.api) is not available.' })
  return found
}

/** True when a bridge is present; main.tsx shows a full-window message otherwise. */
export function hasApi(): boolean {
  return (override ?? readWindowApi()) !== undefined
}

/** Replaces the bridge for tests; `undefined` goes back to `window.api`. */
export function setApiForTests(fake: Api | undefined): void {
  override = fake
}

/**
 * Delegates to the current bridge on every access, so a swap in tests takes
 * effect for modules that imported `api` earlier.
 */
export const api: Api = {
  get app() {
    return current().app
  },
  get settings() {
    return current().settings
  },
  get secrets() {
    return current().secrets
  },
  get shell() {
    return current().shell
  },
  get library() {
    return current().library
  },
  get generation() {
    return current().generation
  },
  get account() {
    return current().account
  },
  get references() {
    return current().references
  },
  get files() {
    return current().files
  },
  get desktop() {
    return current().desktop
  },
  get export() {
    return current().export
  },
  get backup() {
    return current().backup
  },
  get media() {
    return current().media
  }
}
