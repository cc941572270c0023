/**
 * Content credentials (issue 9): a C2PA manifest saying the image was made by the model through
 * this app (`c2pa.created`, digitalSourceType trainedAlgorithmicMedia), signed with the user's own
 * certificate chain and private key, offline, by `@contentauth/c2pa-wasm`
 * (shared/reference/metadata.md §5). It is the LAST byte change of an export: anything after it
 * breaks the hard binding, so the engine signs after the metadata splice and verifies the written
 * temp file before it gets its name.
 *
 * - The wasm (8.8 MB) is loaded on the first signing only, so start-up never pays for it.
 * - The wasm signer uses direct COSE handling: our `sign` callback returns a whole COSE_Sign1
 *   (tag 18; protected {alg, x5chain}; unprotected {"pad"}; detached payload; signature), padded
 *   to exactly `reserveSize` bytes. node:crypto signs; a small CBOR encoder builds it.
 * - The builder reads its source through `FileReaderSync` (a browser-worker API): a Blob that
 *   keeps its bytes plus a FileReaderSync for it stand in.
 * - The key never leaves this module's callers in main: it is a KeyObject, never logged, never
 *   sent over IPC; errors name what is wrong, never the key.
 */
import type * as C2paModule from '@contentauth/c2pa-wasm'
import { X509Certificate, createPrivateKey, sign as cryptoSign, type KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename } from 'node:path'
import type { ContentCredentialsInfo } from '../../shared/export'
import { AppError, ValidationError } from '../errors'
import type { ImageFormat } from './metadata'
import { APP_NAME } from './parameters'

export const TRAINED_ALGORITHMIC_MEDIA = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia'
/** Room for the COSE signature: the chain (two P-256 certificates are ~1.2 kB) and a 64-byte signature, with margin. */
const RESERVE_BASE = 2048
const MIME: Record<ImageFormat, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' }
/** A test or self-made chain validates but is not on the C2PA trust list: that, and only that, is expected. */
const ACCEPTED_FAILURES = new Set(['signingCredential.untrusted'])

type Alg = 'es256' | 'es384' | 'es512' | 'ed25519'
const COSE_ALG: Record<Alg, number> = { es256: -7, es384: -35, es512: -36, ed25519: -8 }
const HASH: Record<Alg, string | null> = { es256: 'sha256', es384: 'sha384', es512: 'sha512', ed25519: null }
const CURVES: Record<string, Alg> = { prime256v1: 'es256', secp384r1: 'es384', secp521r1: 'es512' }

/** A loaded, checked signing identity. Lives in main only. */
export interface SigningCredentials {
  alg: Alg
  key: KeyObject
  /** DER, the signing certificate first. */
  chain: Buffer[]
  subject: string
  issuer: string
  /** ISO date. */
  validTo: string
}

/** What the window may see about the chosen credentials: names and dates, never a path or the key. */
export type CredentialsSummary = ContentCredentialsInfo

const problem = (message: string): ValidationError => new ValidationError(message, 'contentCredentials')

function commonName(dn: string): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(dn)
  return (cn?.[1] ?? dn.split('\n')[0] ?? dn).trim()
}

function pemCertificates(pem: string): Buffer[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []
  return blocks.map((b) => Buffer.from(b.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64'))
}

function privateKey(keyPem: string, passphrase: string | undefined): KeyObject {
  if (/-----BEGIN CERTIFICATE-----/.test(keyPem) && !/PRIVATE KEY-----/.test(keyPem)) throw problem('The key file holds a certificate, not a private key.')
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(keyPem)) throw problem('The key file holds no PEM private key ("-----BEGIN PRIVATE KEY-----").')
  const encrypted = /ENCRYPTED/.test(keyPem)
  if (encrypted && !passphrase) throw problem('The private key is protected by a password, and none was given.')
  try {
    return createPrivateKey(passphrase ? { key: keyPem, format: 'pem', passphrase } : { key: keyPem, format: 'pem' })
  } catch (error) {
    const code = (error as { code?: string }).code
    if (encrypted || code === 'ERR_OSSL_BAD_DECRYPT' || /bad decrypt/i.test(String((error as Error).message))) throw problem('The password for the private key is wrong.')
    if (code === 'ERR_MISSING_PASSPHRASE') throw problem('The private key is protected by a password, and none was given.')
    throw problem('The private key could not be read (not a PEM private key).')
  }
}

function algOf(key: KeyObject): Alg {
  const type = key.asymmetricKeyType
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? ''
    const alg = CURVES[curve]
    if (alg) return alg
    throw problem(`The private key is on the curve ${curve || '(unknown)'}; content credentials need P-256 (ES256), P-384 or P-521.`)
  }
  if (type === 'ed25519') return 'ed25519'
  throw problem(`The private key is ${type === 'rsa' || type === 'rsa-pss' ? 'an RSA' : `a ${type ?? 'unknown'}`} key; content credentials need an EC P-256 key (ES256), P-384, P-521 or Ed25519.`)
}

/**
 * Checks a certificate chain and its private key (PEM text) and returns what signs with them.
 * Throws a ValidationError with a sentence for each way they can be unusable: no certificate,
 * no key, a password missing or wrong, a key type C2PA does not sign with here, a key that
 * belongs to none of the certificates, a certificate expired or not yet valid.
 */
export function loadCredentials(certPem: string, keyPem: string, opts: { passphrase?: string; now?: number } = {}): SigningCredentials {
  const ders = pemCertificates(certPem)
  if (ders.length === 0) throw problem(/PRIVATE KEY-----/.test(certPem) ? 'The certificate file holds a private key, not a certificate.' : 'The certificate file holds no PEM certificate ("-----BEGIN CERTIFICATE-----").')
  let certs: X509Certificate[]
  try {
    certs = ders.map((d) => new X509Certificate(d))
  } catch {
    throw problem('A certificate in the certificate file could not be read.')
  }
  const key = privateKey(keyPem, opts.passphrase)
  const alg = algOf(key)
  const leafIndex = certs.findIndex((c) => c.checkPrivateKey(key))
  if (leafIndex < 0) throw problem('The private key does not belong to the certificate (they are not a pair).')
  const leaf = certs[leafIndex]!
  const now = opts.now ?? Date.now()
  const validTo = new Date(leaf.validTo)
  if (now > validTo.getTime()) throw problem(`The certificate expired on ${validTo.toISOString().slice(0, 10)}.`)
  const validFrom = new Date(leaf.validFrom)
  if (now < validFrom.getTime()) throw problem(`The certificate is not valid before ${validFrom.toISOString().slice(0, 10)}.`)
  if (leaf.ca) throw problem('The certificate that matches the key is a CA certificate; sign with an end-entity certificate issued by it.')
  // The signing certificate first, then the rest of the chain as given (C2PA's x5chain order).
  const chain = [ders[leafIndex]!, ...ders.filter((_, i) => i !== leafIndex)]
  return { alg, key, chain, subject: commonName(leaf.subject), issuer: commonName(leaf.issuer), validTo: validTo.toISOString() }
}

export interface CredentialFiles {
  certificatePath: string
  keyPath: string
  passphrase?: string
}

/** Reads and checks the two PEM files; a missing or unreadable file is said by its name (never its content). */
export async function readCredentials(files: CredentialFiles, now?: number): Promise<SigningCredentials> {
  const read = async (path: string, what: string): Promise<string> => {
    try {
      return await readFile(path, 'utf8')
    } catch {
      throw problem(`The ${what} file "${basename(path)}" cannot be read (moved or deleted?). Choose it again.`)
    }
  }
  const [cert, key] = await Promise.all([read(files.certificatePath, 'certificate'), read(files.keyPath, 'private key')])
  return loadCredentials(cert, key, { ...(files.passphrase !== undefined ? { passphrase: files.passphrase } : {}), ...(now !== undefined ? { now } : {}) })
}

/** The summary the window shows; never throws. */
export async function summarizeCredentials(files: Partial<CredentialFiles>, now?: number): Promise<CredentialsSummary> {
  const base: CredentialsSummary = {
    certificateFile: files.certificatePath ? basename(files.certificatePath) : null,
    keyFile: files.keyPath ? basename(files.keyPath) : null,
    subject: null,
    issuer: null,
    validTo: null,
    problem: null
  }
  if (!files.certificatePath || !files.keyPath) return { ...base, problem: !files.certificatePath ? 'No certificate is set.' : 'No private key is set.' }
  try {
    const c = await readCredentials({ certificatePath: files.certificatePath, keyPath: files.keyPath, ...(files.passphrase !== undefined ? { passphrase: files.passphrase } : {}) }, now)
    return { ...base, subject: c.subject, issuer: c.issuer, validTo: c.validTo }
  } catch (error) {
    return { ...base, problem: error instanceof AppError ? error.message : 'The credentials cannot be used.' }
  }
}

// --- COSE_Sign1 ------------------------------------------------------------------------------

type Cbor = number | string | Buffer | null | Cbor[] | Map<number | string, Cbor> | { tag: number; value: Cbor }

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n])
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n])
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff])
  const b = Buffer.alloc(5)
  b[0] = (major << 5) | 26
  b.writeUInt32BE(n, 1)
  return b
}

/** Just enough CBOR (RFC 8949) for COSE: small integers, text, bytes, arrays, maps, null, tags. */
export function cbor(v: Cbor): Buffer {
  if (v === null) return Buffer.from([0xf6])
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v)
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8')
    return Buffer.concat([head(3, b.length), b])
  }
  if (Buffer.isBuffer(v)) return Buffer.concat([head(2, v.length), v])
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)])
  if (v instanceof Map) return Buffer.concat([head(5, v.size), ...[...v].flatMap(([k, x]) => [cbor(k), cbor(x)])])
  return Buffer.concat([head(6, v.tag), cbor(v.value)])
}

/** A complete COSE_Sign1 over `payload` (detached), padded to exactly `size` bytes. */
export function coseSign1(payload: Buffer, c: SigningCredentials, size: number): Buffer {
  const x5chain: Cbor = c.chain.length === 1 ? c.chain[0]! : c.chain
  const protectedHeader = cbor(new Map<number, Cbor>([[1, COSE_ALG[c.alg]], [33, x5chain]]))
  const toBeSigned = cbor(['Signature1', protectedHeader, Buffer.alloc(0), payload])
  const hash = HASH[c.alg]
  const signature = hash === null ? cryptoSign(null, toBeSigned, c.key) : cryptoSign(hash, toBeSigned, { key: c.key, dsaEncoding: 'ieee-p1363' })
  const build = (pad: number): Buffer => cbor({ tag: 18, value: [protectedHeader, new Map<string, Cbor>([['pad', Buffer.alloc(pad)]]), null, signature] })
  const bare = build(0).length
  if (bare > size) throw new AppError('INTERNAL', 'The signature does not fit the space reserved for it.')
  // The pad's own length header grows by 1, 2 or 4 bytes as it grows: find the pad that lands exactly on size.
  for (let pad = size - bare; pad >= Math.max(0, size - bare - 5); pad--) {
    const out = build(pad)
    if (out.length === size) return out
  }
  throw new AppError('INTERNAL', 'The signature could not be padded to its reserved size.')
}

// --- the wasm, loaded on first use -----------------------------------------------------------

type C2pa = typeof C2paModule
let loading: Promise<C2pa> | null = null

/** A Blob that keeps its bytes, so the FileReaderSync below can hand them back synchronously. */
class BytesBlob extends Blob {
  constructor(
    readonly held: Uint8Array,
    type = ''
  ) {
    super([held as Uint8Array<ArrayBuffer>], { type })
  }

  override slice(start = 0, end = this.held.length, type = ''): BytesBlob {
    const n = this.held.length
    const s = start < 0 ? Math.max(n + start, 0) : Math.min(start, n)
    const e = end < 0 ? Math.max(n + end, 0) : Math.min(end, n)
    return new BytesBlob(this.held.subarray(s, Math.max(s, e)), type)
  }
}

/** The one FileReaderSync call the builder makes, for BytesBlob only (Node has no FileReaderSync). */
class BytesFileReaderSync {
  readAsArrayBuffer(blob: Blob): ArrayBuffer {
    if (!(blob instanceof BytesBlob)) throw new TypeError('Only in-memory blobs can be read here')
    // A copy of exactly these bytes (a Node Buffer's .buffer is its whole pool, and Buffer#slice does not copy).
    const copy = new Uint8Array(blob.held.byteLength)
    copy.set(blob.held)
    return copy.buffer
  }
}

function wasmPath(): string {
  const from = typeof __filename === 'string' ? __filename : import.meta.url
  return createRequire(from).resolve('@contentauth/c2pa-wasm/c2pa.wasm')
}

/** Whether the wasm has been asked for in this process (start-up and exports without credentials never do). */
export const c2paRequested = (): boolean => loading !== null

/** Imports and instantiates the wasm once (about 9 MB; a few hundred ms), on the first export that signs. */
export function loadC2pa(): Promise<C2pa> {
  loading ??= (async () => {
    const g = globalThis as { FileReaderSync?: unknown }
    g.FileReaderSync ??= BytesFileReaderSync
    const mod = await import('@contentauth/c2pa-wasm')
    mod.initSync({ module: await readFile(wasmPath()) })
    return mod
  })().catch((error: unknown) => {
    loading = null
    throw new AppError('INTERNAL', 'The content credentials module could not be loaded.', { cause: error })
  })
  return loading
}

export interface ManifestFacts {
  /** The model id, e.g. `xai:grok-imagine@image`; empty when unknown. */
  model: string
  appVersion?: string
  /** The exported file's name, for the manifest's title. */
  title?: string
}

/** The manifest definition: created by the model through this app. Only true statements. */
export function manifestDefinition(format: ImageFormat, facts: ManifestFacts): Record<string, unknown> {
  const agent = facts.appVersion ? { name: APP_NAME, version: facts.appVersion } : { name: APP_NAME }
  const created: Record<string, unknown> = {
    action: 'c2pa.created',
    digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
    softwareAgent: agent,
    description: facts.model ? `Generated by the AI model ${facts.model} through ${APP_NAME}` : `Generated by an AI model through ${APP_NAME}`
  }
  if (facts.model) created.parameters = { 'ai.model': facts.model }
  return {
    claim_generator_info: [agent],
    format: MIME[format],
    ...(facts.title ? { title: facts.title } : {}),
    assertions: [{ label: 'c2pa.actions.v2', data: { actions: [created] } }]
  }
}

/** Signs `bytes` (a finished PNG/JPEG/WebP) with a manifest; returns the new file's bytes. */
export async function signContentCredentials(bytes: Buffer, format: ImageFormat, credentials: SigningCredentials, facts: ManifestFacts): Promise<Buffer> {
  const c2pa = await loadC2pa()
  const reserveSize = RESERVE_BASE + credentials.chain.reduce((n, d) => n + d.length + 8, 0)
  const builder = c2pa.WasmBuilder.fromJson(JSON.stringify(manifestDefinition(format, facts)))
  try {
    const signer = {
      alg: credentials.alg,
      reserveSize,
      sign: async (claim: Uint8Array): Promise<Uint8Array<ArrayBuffer>> => new Uint8Array(coseSign1(Buffer.from(claim), credentials, reserveSize))
    }
    const signed = await builder.sign(signer, [], MIME[format], new BytesBlob(bytes, MIME[format]))
    return Buffer.from(signed.buffer, signed.byteOffset, signed.byteLength)
  } catch (error) {
    throw new AppError('CONTENT_CREDENTIALS', `Content credentials could not be signed: ${errorText(error)}`, { cause: error })
  } finally {
    builder.free()
  }
}

/** The wasm's error as a short sentence: its own validation's failure codes when it refused what it just signed. */
function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  const failures = text.indexOf('failure: [')
  if (failures >= 0) {
    const codes = [...new Set([...text.slice(failures).matchAll(/code: "([\w.]+)"/g)].map((m) => m[1]!))].filter((c) => !ACCEPTED_FAILURES.has(c))
    if (codes.length > 0) return `the signature did not verify (${codes.join(', ')}). Is the key the certificate's?`
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 200) || 'unknown error'
}

export interface VerifiedManifest {
  /** 'Valid' (a chain not on the trust list) or 'Trusted'. */
  state: string
  /** The validation codes reported, e.g. `signingCredential.untrusted`. */
  codes: string[]
  /** The active manifest as the reader gives it (assertions, signature info). */
  manifest: Record<string, unknown>
}

interface StatusEntry {
  code?: string
}

/**
 * Reads the manifest back from `bytes` and checks it: valid, with no failure but the
 * untrusted signer. Throws AppError('CONTENT_CREDENTIALS') with the reader's codes otherwise.
 */
export async function verifyContentCredentials(bytes: Buffer, format: ImageFormat): Promise<VerifiedManifest> {
  const c2pa = await loadC2pa()
  let store: { validation_state?: string; validation_status?: StatusEntry[]; validation_results?: { activeManifest?: { failure?: StatusEntry[] } } }
  let manifest: Record<string, unknown>
  try {
    const reader = await c2pa.WasmReader.fromBytes(MIME[format], bytes)
    try {
      store = JSON.parse(reader.json()) as typeof store
      manifest = (reader.activeManifest() ?? {}) as Record<string, unknown>
    } finally {
      reader.free()
    }
  } catch (error) {
    throw new AppError('CONTENT_CREDENTIALS', `The written file's content credentials could not be read back: ${errorText(error)}`, { cause: error })
  }
  const failures = [...(store.validation_status ?? []), ...(store.validation_results?.activeManifest?.failure ?? [])].map((s) => s.code ?? '?')
  const codes = [...new Set(failures)]
  const state = store.validation_state ?? 'Invalid'
  const bad = codes.filter((c) => !ACCEPTED_FAILURES.has(c))
  if ((state !== 'Valid' && state !== 'Trusted') || bad.length > 0) {
    throw new AppError('CONTENT_CREDENTIALS', `The written file's content credentials did not verify (${state}${bad.length ? `: ${bad.join(', ')}` : ''}).`)
  }
  return { state, codes, manifest }
}
