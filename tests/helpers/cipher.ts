/** A stand-in for safeStorage's async API in tests: reversible, and visibly not plain text. */
import type { Cipher } from '../../electron/core/secrets/secret-store'

export const scramble = (s: string): Buffer => Buffer.from(Buffer.from(s.split('').reverse().join(''), 'utf8').map((b) => b ^ 0x5a))
export const unscramble = (b: Buffer): string => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8').split('').reverse().join('')

export const scramblingCipher: Cipher = {
  isAvailable: async () => true,
  isOsProtected: () => true,
  encrypt: async (s) => scramble(s),
  decrypt: async (b) => ({ result: unscramble(b), shouldReEncrypt: false })
}
