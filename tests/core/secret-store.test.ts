import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileSecretStore, type Cipher } from '../../electron/core/secrets/secret-store'
import { tempDir } from '../helpers/db'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function file(): string {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return join(t.dir, 'secrets.json')
}

/** Stands in for safeStorage: reversible, and visibly not plaintext. */
const cipher: Cipher = {
  isAvailable: () => true,
  encrypt: (s) => Buffer.from(Buffer.from(s.split('').reverse().join(''), 'utf8').map((b) => b ^ 0x5a)),
  decrypt: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8').split('').reverse().join('')
}
const KEY = 'rw-test-key-1234567890abcdef'

describe('file secret store', () => {
  it('stores the key encrypted, never in plain text, and reads it back', () => {
    const f = file()
    const store = createFileSecretStore({ file: f, cipher })
    expect(store.status()).toEqual({ set: false, source: 'none', persistent: true })
    expect(store.setApiKey(`  ${KEY} `)).toEqual({ set: true, source: 'keychain', persistent: true })
    expect(readFileSync(f, 'utf8')).not.toContain(KEY)
    expect(createFileSecretStore({ file: f, cipher }).getApiKey()).toBe(KEY)
  })

  it('falls back to the environment key and prefers a stored one', () => {
    const f = file()
    const store = createFileSecretStore({ file: f, cipher, envKey: 'env-key-123456' })
    expect(store.status()).toEqual({ set: true, source: 'environment', persistent: true })
    expect(store.getApiKey()).toBe('env-key-123456')
    store.setApiKey(KEY)
    expect(store.getApiKey()).toBe(KEY)
    store.clearApiKey()
    expect(existsSync(f)).toBe(false)
    expect(store.getApiKey()).toBe('env-key-123456')
  })

  it('keeps the key for the session only when the OS has no encryption', () => {
    const f = file()
    const store = createFileSecretStore({ file: f, cipher: { ...cipher, isAvailable: () => false } })
    expect(store.setApiKey(KEY)).toEqual({ set: true, source: 'keychain', persistent: false })
    expect(existsSync(f)).toBe(false)
    expect(store.getApiKey()).toBe(KEY)
  })

  it('treats an unreadable file as "not set" instead of failing', () => {
    const f = file()
    writeFileSync(f, '{ not json')
    expect(createFileSecretStore({ file: f, cipher }).status().set).toBe(false)
    writeFileSync(f, JSON.stringify({ apiKey: 'AAAA' }))
    const broken = createFileSecretStore({ file: f, cipher: { ...cipher, decrypt: () => { throw new Error('other machine') } } })
    expect(broken.status().set).toBe(false)
    expect(broken.getApiKey()).toBeNull()
  })
})
