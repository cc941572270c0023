/**
 * The Runware API key. In the app it is encrypted with Electron's safeStorage
 * (injected as a `Cipher`: the OS keychain on macOS, DPAPI on Windows, the
 * Secret Service or KWallet on Linux) and written to a file in userData, never
 * to the library database. Nothing here ever returns the key to the renderer:
 * it only learns `ApiKeyStatus`.
 *
 * On Linux without a keyring Chromium falls back to `basic_text`: it still
 * "encrypts", but with a password built into Chromium, so anyone who can read
 * the file can undo it. The key is then still saved (or the user would paste it
 * every launch), and the status says plainly that the OS does not protect it.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ApiKeyStatus } from '../../shared/domain'
import { AppError } from '../errors'

/** safeStorage's asynchronous API (Electron ≥ 45 deprecates the synchronous one). */
export interface Cipher {
  isAvailable(): Promise<boolean>
  /** False when encryption rests on a built-in password, not the OS (Linux `basic_text`). */
  isOsProtected(): boolean
  encrypt(plain: string): Promise<Buffer>
  decrypt(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>
}

/** Whether safeStorage's key is guarded by the OS, given Linux's selected backend. */
export function osProtects(platform: NodeJS.Platform, linuxBackend: string): boolean {
  if (platform !== 'linux') return true
  return linuxBackend !== 'basic_text' && linuxBackend !== 'unknown'
}

export interface SecretStore {
  /** The key for API calls (main process only). */
  getApiKey(): string | null
  status(): ApiKeyStatus
  setApiKey(key: string): Promise<ApiKeyStatus>
  clearApiKey(): ApiKeyStatus
}

export interface FileSecretStoreOptions {
  file: string
  cipher: Cipher
  /** A key from the environment (RUNWARE_API_KEY), used when none is stored. */
  envKey?: string
}

/** The base64 ciphertext in `file`, or null when there is no file or it is not ours. */
function readStoredCiphertext(file: string): string | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { apiKey?: unknown }
    return typeof parsed.apiKey === 'string' ? parsed.apiKey : null
  } catch {
    return null
  }
}

/** Reads (and decrypts) the stored key once; afterwards every read is from memory. */
export async function openFileSecretStore({ file, cipher, envKey }: FileSecretStoreOptions): Promise<SecretStore> {
  const env = envKey?.trim() || null
  const available = await cipher.isAvailable().catch(() => false)
  const osProtected = available && cipher.isOsProtected()
  // The stored key (persistent) or, without encryption, one kept for this session.
  let key: string | null = null

  const write = async (plain: string): Promise<void> => {
    const encrypted = (await cipher.encrypt(plain)).toString('base64')
    mkdirSync(dirname(file), { recursive: true })
    const tmp = `${file}.tmp`
    writeFileSync(tmp, JSON.stringify({ apiKey: encrypted }), { mode: 0o600 })
    renameSync(tmp, file)
  }

  if (available) {
    const stored = readStoredCiphertext(file)
    if (stored !== null) {
      try {
        const { result, shouldReEncrypt } = await cipher.decrypt(Buffer.from(stored, 'base64'))
        key = result
        // A rotated key or a better backend: store it again under the new one.
        if (shouldReEncrypt) await write(result).catch(() => undefined)
      } catch {
        key = null // unreadable (other machine, other user): behave as "not set"
      }
    }
  }

  const status = (): ApiKeyStatus => {
    if (key !== null) return { set: true, source: 'keychain', persistent: available, osProtected }
    if (env !== null) return { set: true, source: 'environment', persistent: available, osProtected }
    return { set: false, source: 'none', persistent: available, osProtected }
  }

  return {
    getApiKey: () => key ?? env,
    status,
    async setApiKey(raw) {
      const trimmed = raw.trim()
      if (available) {
        try {
          await write(trimmed)
        } catch (error) {
          throw new AppError('SECRET_STORE', 'The API key could not be saved to the system keychain.', { cause: error })
        }
      }
      key = trimmed
      return status()
    },
    clearApiKey() {
      key = null
      rmSync(file, { force: true })
      return status()
    }
  }
}

/** An in-memory store for tests and the browser host. */
export function createMemorySecretStore(initial: string | null = null): SecretStore {
  let key = initial
  const status = (): ApiKeyStatus => ({ set: key !== null, source: key === null ? 'none' : 'keychain', persistent: false, osProtected: false })
  return {
    getApiKey: () => key,
    status,
    setApiKey: async (k) => ((key = k.trim()), status()),
    clearApiKey: () => ((key = null), status())
  }
}
