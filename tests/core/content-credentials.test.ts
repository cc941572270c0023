/**
 * Issue 9, content credentials: exports signed with a C2PA manifest (made by the model, through this
 * app) with the user's own certificate chain and key, read back with c2pa-rs's own reader
 * (WasmReader, the same wasm) and with Debian's exiftool for our metadata. The credentials are
 * committed test-only PEMs (tests/fixtures/c2pa, made by scripts/c2pa-test-certs.sh): a CA and a
 * leaf with digitalSignature + emailProtection/documentSigning, valid until 2046.
 */
import { execFileSync } from 'node:child_process'
import { createPrivateKey } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../electron/core/app-core'
import { c2paRequested, loadC2pa, loadCredentials, readCredentials, signContentCredentials, TRAINED_ALGORITHMIC_MEDIA, verifyContentCredentials, type SigningCredentials } from '../../electron/core/export/content-credentials'
import { ExportService, type ExportJobOptions } from '../../electron/core/export/export-service'
import type { ImageFormat } from '../../electron/core/export/metadata'
import { nodeFs, TEMP_PREFIX, type ExportFs } from '../../electron/core/export/safe-write'
import { DEFAULT_EXPORT_SETTINGS, type ContentCredentialsInfo, type ExportProgress, type WindowExportOptions } from '../../electron/shared/export'
import type { Result } from '../../electron/shared/result'
import { tempDir } from '../helpers/db'
import { exportCore, seedFile } from '../helpers/export-library'

const FIXTURES = join(__dirname, '..', 'fixtures', 'c2pa')
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8')
const CHAIN = fixture('signer-chain.pem')
const KEY = fixture('signer.key')
const MIME: Record<ImageFormat, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' }

let tmp: { dir: string; cleanup: () => void }
let core: Core
let out: string
let events: ExportProgress[]
let picks: Record<'certificate' | 'key', string | null>

beforeEach(() => {
  tmp = tempDir('imagine-c2pa-')
  out = join(tmp.dir, 'out')
  mkdirSync(out)
  events = []
  picks = { certificate: join(FIXTURES, 'signer-chain.pem'), key: join(FIXTURES, 'signer.key') }
  core = exportCore(tmp.dir, {
    chooseFolder: async () => out,
    chooseFile: async (file) => picks[file],
    emit: (channel, payload) => {
      if (channel === 'export:progress') events.push(payload as ExportProgress)
    }
  })
})
afterEach(async () => {
  await core.close()
  tmp.cleanup()
})

const signer = (): SigningCredentials => loadCredentials(CHAIN, KEY)
const opts = (over: Partial<ExportJobOptions> = {}): ExportJobOptions => ({ ...DEFAULT_EXPORT_SETTINGS, template: '{id}', folder: out, zipName: null, contentCredentials: true, signer: signer(), ...over })

interface ReadBack {
  state: string
  codes: string[]
  manifest: { claim_generator_info?: { name: string; version?: string }[]; assertions?: { label: string; data: { actions?: Record<string, unknown>[] } }[]; signature_info?: Record<string, unknown> }
}

/** c2pa-rs's reading of a file, straight from WasmReader (not through our verify). */
async function readBack(bytes: Buffer, format: ImageFormat): Promise<ReadBack> {
  const c2pa = await loadC2pa()
  const reader = await c2pa.WasmReader.fromBytes(MIME[format], bytes)
  try {
    const store = JSON.parse(reader.json()) as { validation_state: string; validation_status?: { code: string }[] }
    return { state: store.validation_state, codes: (store.validation_status ?? []).map((s) => s.code), manifest: reader.activeManifest() as ReadBack['manifest'] }
  } finally {
    reader.free()
  }
}

function exiftool(file: string): Record<string, unknown> {
  const json = execFileSync('exiftool', ['-j', '-G1', '-struct', '-a', '-charset', 'utf8', file], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 20_000 })
  return (JSON.parse(json) as Record<string, unknown>[])[0]!
}

const leftovers = (): string[] => readdirSync(out).filter((f) => f.startsWith(TEMP_PREFIX))

describe('the wasm is loaded only for an export that signs', () => {
  it('a core starts, and exports without content credentials, without loading it', async () => {
    const img = await seedFile(core, { prompt: 'fox', createdAt: 1 })
    const r = await core.exports.run({ kind: 'ids', ids: [img.imageId] }, opts({ contentCredentials: false }))
    expect(r.failed).toEqual([])
    expect(c2paRequested()).toBe(false)
    await core.exports.run({ kind: 'ids', ids: [img.imageId] }, opts())
    expect(c2paRequested()).toBe(true)
  })
})

describe('credentials: what can sign, and a sentence for what cannot', () => {
  it('a P-256 leaf and its CA load; the leaf comes first whatever the file order', () => {
    const c = signer()
    expect(c).toMatchObject({ alg: 'es256', subject: 'Imagine Studio Test Signer', issuer: 'Imagine Studio Test CA' })
    expect(c.chain).toHaveLength(2)
    const [leaf, ca] = CHAIN.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)!
    const reversed = loadCredentials(`${ca}\n${leaf}\n`, KEY)
    expect(reversed.chain[0]!.equals(c.chain[0]!)).toBe(true)
    expect(new Date(c.validTo).getFullYear()).toBeGreaterThanOrEqual(2045)
  })

  it('an encrypted key with its password loads; without it or with a wrong one, a clear refusal', () => {
    const enc = fixture('signer-encrypted.key')
    expect(loadCredentials(CHAIN, enc, { passphrase: 'test-password' }).alg).toBe('es256')
    expect(() => loadCredentials(CHAIN, enc)).toThrow('The private key is protected by a password, and none was given.')
    expect(() => loadCredentials(CHAIN, enc, { passphrase: 'not-it' })).toThrow('The password for the private key is wrong.')
  })

  it.each([
    ['an RSA key', () => loadCredentials(CHAIN, fixture('rsa.key')), /is an RSA key; content credentials need an EC P-256 key \(ES256\)/],
    ['a key of another certificate', () => loadCredentials(CHAIN, fixture('other.key')), 'The private key does not belong to the certificate (they are not a pair).'],
    ['an expired certificate', () => loadCredentials(CHAIN, KEY, { now: Date.UTC(2050, 0, 1) }), /^The certificate expired on 2046-\d\d-\d\d\.$/],
    ['a certificate not yet valid', () => loadCredentials(CHAIN, KEY, { now: Date.UTC(2001, 0, 1) }), /^The certificate is not valid before 20\d\d-\d\d-\d\d\.$/],
    ['the files swapped', () => loadCredentials(KEY, CHAIN), 'The certificate file holds a private key, not a certificate.'],
    ['a key file holding a certificate', () => loadCredentials(CHAIN, CHAIN), 'The key file holds a certificate, not a private key.'],
    ['only the CA for its own key', () => loadCredentials(fixture('ca.pem'), KEY), 'The private key does not belong to the certificate (they are not a pair).']
  ])('%s', (_what, load, message) => {
    expect(load).toThrow(message)
  })

  it('a missing file is named by its file name, never its folder', async () => {
    const gone = join(tmp.dir, 'secret-folder', 'gone.pem')
    const e = await readCredentials({ certificatePath: gone, keyPath: join(FIXTURES, 'signer.key') }).catch((x: Error) => x)
    expect((e as Error).message).toBe('The certificate file "gone.pem" cannot be read (moved or deleted?). Choose it again.')
  })
})

describe('signed exports read back with c2pa-rs', () => {
  it.each(['png', 'jpg', 'webp'] as const)('%s: Valid (only signingCredential.untrusted), created by the model through the app; our metadata still there', async (format) => {
    const img = await seedFile(core, { prompt: 'a red fox, "in snow"', createdAt: 1, format })
    const r = await core.exports.run({ kind: 'ids', ids: [img.imageId] }, opts())
    expect(r.failed).toEqual([])
    const file = join(out, r.written[0]!.path)
    const bytes = readFileSync(file)
    expect(r.bytes).toBe(bytes.length)

    const back = await readBack(bytes, format)
    expect(back.state).toBe('Valid')
    expect(back.codes).toEqual(['signingCredential.untrusted'])
    expect(back.manifest.claim_generator_info?.[0]).toMatchObject({ name: 'Imagine Studio', version: 'test' })
    const actions = back.manifest.assertions?.find((a) => a.label === 'c2pa.actions.v2')?.data.actions
    expect(actions).toEqual([
      {
        action: 'c2pa.created',
        digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
        softwareAgent: { name: 'Imagine Studio', version: 'test' },
        description: 'Generated by the AI model xai:grok-imagine@image through Imagine Studio',
        parameters: { 'ai.model': 'xai:grok-imagine@image' }
      }
    ])
    expect(back.manifest.signature_info).toMatchObject({ alg: 'Es256', common_name: 'Imagine Studio Test Signer', issuer: 'Imagine Studio tests' })

    // The metadata splice came first and survives (exiftool, the independent reader).
    const tags = exiftool(file)
    if (format === 'png') expect(tags['PNG:Parameters']).toMatch(/^a red fox, "in snow"\nSize: 64x48, .*xai:grok-imagine@image/s)
    else expect(tags['ExifIFD:UserComment']).toMatch(/^a red fox, "in snow"\n/)
    expect(tags['XMP-iptcExt:DigitalSourceType']).toBe(TRAINED_ALGORITHMIC_MEDIA)
    expect(tags['XMP-dc:Description']).toBe('a red fox, "in snow"')
    // exiftool sees the manifest too (12.57 lists JUMBF in PNG and JPEG, not yet in WebP).
    if (format !== 'webp') expect(JSON.stringify(tags)).toContain('c2pa.created')
    expect(leftovers()).toEqual([])
  })

  it('converted and resized, into a zip: the signed bytes are the ones in the zip', async () => {
    const img = await seedFile(core, { prompt: 'owl', createdAt: 2, format: 'png', width: 96, height: 64 })
    const r = await core.exports.run({ kind: 'ids', ids: [img.imageId] }, opts({ format: 'jpg', resize: 48, folder: out, zipName: 'signed.zip' }))
    expect(r.failed).toEqual([])
    const zip = join(out, r.zip!)
    execFileSync('unzip', ['-q', zip, '-d', join(out, 'x')])
    const back = await readBack(readFileSync(join(out, 'x', r.written[0]!.path)), 'jpg')
    expect(back.state).toBe('Valid')
  })

  it('a key that is not the certificate\'s fails that image with the reason and leaves no file; the others are exported', async () => {
    const good = await seedFile(core, { prompt: 'good', createdAt: 3, format: 'png' })
    const bad = await seedFile(core, { prompt: 'bad', createdAt: 4, format: 'jpg' })
    // loadCredentials refuses such a pair up front; past that check, signing itself refuses it.
    const wrongKey: SigningCredentials = { ...signer(), key: createPrivateKey(fixture('other.key')) }
    const r1 = await core.exports.run({ kind: 'ids', ids: [good.imageId] }, opts({ template: '{prompt}' }))
    const r2 = await core.exports.run({ kind: 'ids', ids: [bad.imageId] }, opts({ signer: wrongKey, template: '{prompt}' }))
    expect(r1.failed).toEqual([])
    expect(r2.written).toEqual([])
    expect(r2.failed).toEqual([{ imageId: bad.imageId, code: 'CONTENT_CREDENTIALS', message: "Content credentials could not be signed: the signature did not verify (claimSignature.mismatch). Is the key the certificate's?" }])
    expect(readdirSync(out)).toEqual(['good.png'])
  })

  it('the written temp file is verified before it gets its name: bytes that changed on the way to disk leave no file', async () => {
    const a = await seedFile(core, { prompt: 'one', createdAt: 3, format: 'png' })
    const b = await seedFile(core, { prompt: 'two', createdAt: 4, format: 'webp' })
    // A disk that hands back one flipped byte of image two's temp file (as a failing disk or a meddling filter would).
    const fs: ExportFs = {
      ...nodeFs,
      readFile: (async (path: Parameters<typeof nodeFs.readFile>[0]) => {
        const bytes = (await nodeFs.readFile(path)) as Buffer
        const at = bytes.indexOf('VP8 ') + 20
        if (String(path).includes(TEMP_PREFIX) && at > 20) bytes[at] = bytes[at]! ^ 0xff
        return bytes
      }) as ExportFs['readFile']
    }
    const service = new ExportService({ db: core.db, dataDir: core.paths.dataDir, queries: { idList: async () => new Uint32Array() }, fs, appVersion: '9.9.9' })
    const r = await service.run({ kind: 'ids', ids: [a.imageId, b.imageId] }, opts({ template: '{prompt}' }))
    expect(r.written.map((w) => w.path)).toEqual(['one.png'])
    expect(r.failed).toEqual([{ imageId: b.imageId, code: 'CONTENT_CREDENTIALS', message: expect.stringMatching(/^The written file's content credentials did not verify \(Invalid: .*mismatch/) }])
    expect(readdirSync(out)).toEqual(['one.png'])
  })

  it('verify refuses a file changed after signing', async () => {
    const img = await seedFile(core, { prompt: 'fox', createdAt: 5, format: 'png' })
    const r = await core.exports.run({ kind: 'ids', ids: [img.imageId] }, opts())
    const bytes = readFileSync(join(out, r.written[0]!.path))
    await expect(verifyContentCredentials(bytes, 'png')).resolves.toMatchObject({ state: 'Valid' })
    // Flip a byte in the pixel data (the IDAT chunk): the hard binding no longer matches.
    const idat = bytes.indexOf('IDAT') + 10
    const changed = Buffer.from(bytes)
    changed[idat] = changed[idat]! ^ 0xff
    await expect(verifyContentCredentials(changed, 'png')).rejects.toThrow(/did not verify \(Invalid: .*assertion\.dataHash\.mismatch/)
  })

  it('a file that is not what its format says fails to sign with a reason', async () => {
    await expect(signContentCredentials(Buffer.from('not an image'), 'png', signer(), { model: 'm' })).rejects.toMatchObject({ code: 'CONTENT_CREDENTIALS', message: expect.stringMatching(/^Content credentials could not be signed: /) })
  })

  it('contentCredentials without a signer is refused before anything is written', async () => {
    const img = await seedFile(core, { prompt: 'fox', createdAt: 6 })
    const { signer: _s, ...rest } = opts()
    await expect(core.exports.run({ kind: 'ids', ids: [img.imageId] }, rest)).rejects.toMatchObject({ code: 'VALIDATION', message: 'Content credentials need a certificate and its private key: choose them first.' })
    expect(readdirSync(out)).toEqual([])
  })

  it('without contentCredentials nothing is signed (and no signer is needed)', async () => {
    const img = await seedFile(core, { prompt: 'fox', createdAt: 7, format: 'jpg' })
    const r = await core.exports.run({ kind: 'ids', ids: [img.imageId] }, opts({ contentCredentials: false }))
    await expect(verifyContentCredentials(readFileSync(join(out, r.written[0]!.path)), 'jpg')).rejects.toThrow(/could not be read back/)
  })
})

describe('content credentials over IPC', () => {
  const dispatch = <T>(channel: string, ...args: unknown[]): Promise<Result<T>> => core.router.dispatch(channel, args) as Promise<Result<T>>
  const value = <T>(r: Result<T>): T => {
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
    return r.value
  }
  const windowOptions = (folderToken: string, over: Partial<WindowExportOptions> = {}): WindowExportOptions => ({ ...DEFAULT_EXPORT_SETTINGS, template: '{prompt}', folderToken, zipName: null, ...over })
  async function finalEvent(exportId: string): Promise<ExportProgress> {
    for (let i = 0; i < 1000; i++) {
      const f = events.find((e) => e.exportId === exportId && e.final)
      if (f) return f
      await new Promise((r) => setTimeout(r, 10))
    }
    throw new Error('no final export:progress event')
  }

  it('none set: the window is told so, and a signing export is refused up front', async () => {
    expect(value(await dispatch<ContentCredentialsInfo>('export:get-credentials'))).toEqual({ certificateFile: null, keyFile: null, subject: null, issuer: null, validTo: null, problem: 'No certificate is set.' })
    const img = await seedFile(core, { prompt: 'fox', createdAt: 1 })
    const folder = value(await dispatch<{ token: string }>('export:choose-folder'))
    const r = await dispatch('export:start', { kind: 'ids', ids: [img.imageId] }, windowOptions(folder.token, { contentCredentials: true }))
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Content credentials need a certificate and its private key: choose them first.' } })
  })

  it('choose the chain and the key in main: the window sees names, subject and expiry, never a path or the key; the export is signed', async () => {
    const afterCert = value(await dispatch<ContentCredentialsInfo>('export:choose-credentials-file', 'certificate'))
    expect(afterCert).toMatchObject({ certificateFile: 'signer-chain.pem', keyFile: null, problem: 'No private key is set.' })
    const info = value(await dispatch<ContentCredentialsInfo>('export:choose-credentials-file', 'key'))
    expect(info).toEqual({ certificateFile: 'signer-chain.pem', keyFile: 'signer.key', subject: 'Imagine Studio Test Signer', issuer: 'Imagine Studio Test CA', validTo: expect.stringMatching(/^2046-/), problem: null })
    expect(value(await dispatch('export:get-credentials'))).toEqual(info)
    const seen = JSON.stringify(info)
    expect(seen).not.toContain(FIXTURES)
    expect(seen).not.toContain('PRIVATE KEY')

    const img = await seedFile(core, { prompt: 'fox', createdAt: 1, format: 'webp' })
    const folder = value(await dispatch<{ token: string }>('export:choose-folder'))
    const { exportId } = value(await dispatch<{ exportId: string }>('export:start', { kind: 'ids', ids: [img.imageId] }, windowOptions(folder.token, { contentCredentials: true })))
    const final = await finalEvent(exportId)
    expect(final.final).toMatchObject({ written: 1, failed: [] })
    expect((await readBack(readFileSync(join(out, 'fox.webp')), 'webp')).state).toBe('Valid')
    expect(JSON.stringify(events)).not.toContain('PRIVATE KEY')
  })

  it('a mismatched key is reported when chosen and refuses the export; a dismissed dialog changes nothing; clear forgets both', async () => {
    picks.key = join(FIXTURES, 'other.key')
    await dispatch('export:choose-credentials-file', 'certificate')
    const info = value(await dispatch<ContentCredentialsInfo>('export:choose-credentials-file', 'key'))
    expect(info).toMatchObject({ keyFile: 'other.key', subject: null, problem: 'The private key does not belong to the certificate (they are not a pair).' })
    picks.key = null
    expect(value(await dispatch('export:choose-credentials-file', 'key'))).toBeNull()
    expect(value(await dispatch<ContentCredentialsInfo>('export:get-credentials')).keyFile).toBe('other.key')

    const img = await seedFile(core, { prompt: 'fox', createdAt: 1 })
    const folder = value(await dispatch<{ token: string }>('export:choose-folder'))
    const r = await dispatch('export:start', { kind: 'ids', ids: [img.imageId] }, windowOptions(folder.token, { contentCredentials: true }))
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'The private key does not belong to the certificate (they are not a pair).' } })
    expect(readdirSync(out)).toEqual([])

    expect(value(await dispatch<ContentCredentialsInfo>('export:clear-credentials'))).toMatchObject({ certificateFile: null, keyFile: null, problem: 'No certificate is set.' })
  })

  it('the certificate file moved away after choosing: said when the export starts', async () => {
    const copy = join(tmp.dir, 'chain-copy.pem')
    writeFileSync(copy, CHAIN)
    picks.certificate = copy
    await dispatch('export:choose-credentials-file', 'certificate')
    await dispatch('export:choose-credentials-file', 'key')
    execFileSync('rm', [copy])
    expect(existsSync(copy)).toBe(false)
    const img = await seedFile(core, { prompt: 'fox', createdAt: 1 })
    const folder = value(await dispatch<{ token: string }>('export:choose-folder'))
    const r = await dispatch('export:start', { kind: 'ids', ids: [img.imageId] }, windowOptions(folder.token, { contentCredentials: true }))
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'The certificate file "chain-copy.pem" cannot be read (moved or deleted?). Choose it again.' } })
  })
})
