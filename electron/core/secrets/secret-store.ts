/**
 * The Runware API key. In the app it is encrypted with the OS keychain
 * (Electron's safeStorage, injected as a `Cipher`) and written to a file in
 * userData, never to the library database. Nothing here ever returns the key
 * to the renderer: it only learns `ApiKeyStatus`.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ApiKeyStatus } from '../../shared/domain'
import { AppError } from '../errors'

export interface Cipher {
  isAvailable(): boolean
  encrypt(plain: string): Buffer
  decrypt(encrypted: Buffer): string
}

export interface SecretStore {
  /** The key for API calls (main process only). */
  getApiKey(): string | null
  status(): ApiKeyStatus
  setApiKey(key: string): ApiKeyStatus
  clearApiKey(): ApiKeyStatus
}

export interface FileSecretStoreOptions {
  file: string
  cipher: Cipher
  /** A key from the environment (RUNWARE_API_KEY), used when none is stored. */
  envKey?: string
}

export function createFileSecretStore({ file, cipher, envKey }: FileSecretStoreOptions): SecretStore {
  let sessionKey: string | null = null // used only when the OS offers no encryption
  const env = envKey?.trim() || null

  const readStored = (): string | null => {
    if (!cipher.isAvailable()) return null
    let raw: string
    try {
      raw = readFileSync(file, 'utf8')
    } catch {
      return null
    }
    try {
      const parsed = JSON.parse(raw) as { apiKey?: unknown }
      return typeof parsed.apiKey === 'string' ? cipher.decrypt(Buffer.from(parsed.apiKey, 'base64')) : null
    } catch {
      return null // unreadable (other machine, other user): behave as "not set"
    }
  }

  const status = (): ApiKeyStatus => {
    const persistent = cipher.isAvailable()
    if (sessionKey !== null || readStored() !== null) return { set: true, source: 'keychain', persistent }
    if (env !== null) return { set: true, source: 'environment', persistent }
    return { set: false, source: 'none', persistent }
  }

  return {
    getApiKey: () => sessionKey ?? readStored() ?? env,
    status,
    setApiKey(key) {
      const trimmed = key.trim()
      if (!cipher.isAvailable()) {
        sessionKey = trimmed
        return status()
      }
      try {
        const encrypted = cipher.encrypt(trimmed).toString('base64')
        mkdirSync(dirname(file), { recursive: true })
        const tmp = `${file}.tmp`
        writeFileSync(tmp, JSON.stringify({ apiKey: encrypted }), { mode: 0o600 })
        renameSync(tmp, file)
      } catch (error) {
        throw new AppError('SECRET_STORE', 'The API key could not be saved to the system keychain.', { cause: error })
      }
      return status()
    },
    clearApiKey() {
      sessionKey = null
      rmSync(file, { force: true })
      return status()
    }
  }
}

/** An in-memory store for tests and the browser host. */
export function createMemorySecretStore(initial: string | null = null): SecretStore {
  let key = initial
  const status = (): ApiKeyStatus => ({ set: key !== null, source: key === null ? 'none' : 'keychain', persistent: false })
  return {
    getApiKey: () => key,
    status,
    setApiKey: (k) => ((key = k.trim()), status()),
    clearApiKey: () => ((key = null), status())
  }
}
