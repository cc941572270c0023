import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openFileSecretStore, osProtects, type Cipher } from '../../electron/core/secrets/secret-store'
import { scramble, scramblingCipher, unscramble } from '../helpers/cipher'
import { tempDir } from '../helpers/db'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function file(): string {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return join(t.dir, 'secrets.json')
}

const cipher = scramblingCipher
const KEY = 'rw-test-key-1234567890abcdef'

describe('file secret store', () => {
  it('stores the key encrypted, never in plain text, and reads it back', async () => {
    const f = file()
    const store = await openFileSecretStore({ file: f, cipher })
    expect(store.status()).toEqual({ set: false, source: 'none', persistent: true, osProtected: true })
    expect(await store.setApiKey(`  ${KEY} `)).toEqual({ set: true, source: 'keychain', persistent: true, osProtected: true })
    expect(readFileSync(f, 'utf8')).not.toContain(KEY)
    expect((await openFileSecretStore({ file: f, cipher })).getApiKey()).toBe(KEY)
  })

  it('falls back to the environment key and prefers a stored one', async () => {
    const f = file()
    const store = await openFileSecretStore({ file: f, cipher, envKey: 'env-key-123456' })
    expect(store.status()).toEqual({ set: true, source: 'environment', persistent: true, osProtected: true })
    expect(store.getApiKey()).toBe('env-key-123456')
    await store.setApiKey(KEY)
    expect(store.getApiKey()).toBe(KEY)
    store.clearApiKey()
    expect(existsSync(f)).toBe(false)
    expect(store.getApiKey()).toBe('env-key-123456')
  })

  it('keeps the key for the session only when the OS has no encryption', async () => {
    const f = file()
    const store = await openFileSecretStore({ file: f, cipher: { ...cipher, isAvailable: async () => false } })
    expect(await store.setApiKey(KEY)).toEqual({ set: true, source: 'keychain', persistent: false, osProtected: false })
    expect(existsSync(f)).toBe(false)
    expect(store.getApiKey()).toBe(KEY)
  })

  it('Linux without a keyring (basic_text): the key is saved but the status says the OS does not protect it', async () => {
    const f = file()
    const weak = { ...cipher, isOsProtected: () => osProtects('linux', 'basic_text') }
    const store = await openFileSecretStore({ file: f, cipher: weak })
    expect(store.status()).toEqual({ set: false, source: 'none', persistent: true, osProtected: false })
    expect(await store.setApiKey(KEY)).toEqual({ set: true, source: 'keychain', persistent: true, osProtected: false })
    expect(readFileSync(f, 'utf8')).not.toContain(KEY)
    expect((await openFileSecretStore({ file: f, cipher: weak })).status()).toMatchObject({ set: true, osProtected: false })
  })

  it('re-encrypts a stored key when safeStorage says its key was rotated', async () => {
    const f = file()
    await (await openFileSecretStore({ file: f, cipher })).setApiKey(KEY)
    const before = readFileSync(f, 'utf8')
    const rotated: Cipher = {
      ...cipher,
      encrypt: async (s) => Buffer.concat([Buffer.from('v2:'), scramble(s)]),
      decrypt: async (b) => (b.subarray(0, 3).toString() === 'v2:' ? { result: unscramble(b.subarray(3)), shouldReEncrypt: false } : { result: unscramble(b), shouldReEncrypt: true })
    }
    const store = await openFileSecretStore({ file: f, cipher: rotated })
    expect(store.getApiKey()).toBe(KEY)
    const after = readFileSync(f, 'utf8')
    expect(after).not.toBe(before)
    expect(after).not.toContain(KEY)
    expect((await openFileSecretStore({ file: f, cipher: rotated })).getApiKey()).toBe(KEY)
  })

  it('treats an unreadable file as "not set" instead of failing', async () => {
    const f = file()
    writeFileSync(f, '{ not json')
    expect((await openFileSecretStore({ file: f, cipher })).status().set).toBe(false)
    writeFileSync(f, JSON.stringify({ apiKey: 'AAAA' }))
    const broken = await openFileSecretStore({ file: f, cipher: { ...cipher, decrypt: async () => Promise.reject(new Error('other machine')) } })
    expect(broken.status().set).toBe(false)
    expect(broken.getApiKey()).toBeNull()
  })

  it('a cipher whose availability check fails behaves as "no encryption"', async () => {
    const store = await openFileSecretStore({ file: file(), cipher: { ...cipher, isAvailable: () => Promise.reject(new Error('no dbus')) } })
    expect(store.status()).toEqual({ set: false, source: 'none', persistent: false, osProtected: false })
  })
})

describe('osProtects', () => {
  it.each([
    ['darwin', '', true],
    ['win32', '', true],
    ['linux', 'gnome_libsecret', true],
    ['linux', 'kwallet5', true],
    ['linux', 'kwallet6', true],
    ['linux', 'basic_text', false],
    ['linux', 'unknown', false]
  ] as const)('%s with backend %j → %s', (platform, backend, expected) => {
    expect(osProtects(platform, backend)).toBe(expected)
  })
})
