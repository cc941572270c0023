/** Issue 9: `imagine export` end to end, in-process, against a seeded library. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/imagine'
import { verifyContentCredentials } from '../../electron/core/export/content-credentials'
import { tempDir } from '../helpers/db'
import { exportCore, seedFile, type SeededFile } from '../helpers/export-library'

let tmp: { dir: string; cleanup: () => void }
let seeded: SeededFile[]

beforeEach(async () => {
  tmp = tempDir('imagine-export-cli-')
  const core = exportCore(tmp.dir)
  seeded = [
    await seedFile(core, { prompt: 'a red fox', createdAt: new Date(2026, 0, 2, 12).getTime() }),
    await seedFile(core, { prompt: 'a grey owl', createdAt: new Date(2026, 0, 3, 12).getTime(), format: 'jpg' }),
    await seedFile(core, { prompt: 'a red fox again', createdAt: new Date(2026, 0, 4, 12).getTime() })
  ]
  await core.close()
})
afterEach(() => tmp.cleanup())

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { IMAGINE_DATA_DIR: join(tmp.dir, 'lib'), ...env }, cwd: tmp.dir })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('imagine export', () => {
  it('exports IDs into a folder it creates, one path per line', async () => {
    const r = await cli(['export', String(seeded[0]!.imageId), String(seeded[1]!.imageId), '--to', 'out/new', '--template', '{prompt:20}', '--metadata', 'none'])
    expect(r.code).toBe(0)
    const dir = join(tmp.dir, 'out', 'new')
    expect(r.out.split('\n')).toEqual([join(dir, 'a red fox.png'), join(dir, 'a grey owl.jpg')])
    expect(readFileSync(join(dir, 'a red fox.png')).equals(seeded[0]!.bytes)).toBe(true)
  })

  it('--search exports a whole search result; --json prints paths and failures', async () => {
    const r = await cli(['export', '--search', 'fox', '--to', 'out', '--format', 'webp', '--resize', '32', '--json'])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out) as { written: { imageId: number; path: string }[]; failed: unknown[]; zip: null }
    expect(j.failed).toEqual([])
    expect(j.written.map((w) => w.imageId).sort()).toEqual([seeded[0]!.imageId, seeded[2]!.imageId].sort())
    for (const w of j.written) expect(await sharp(w.path).metadata()).toMatchObject({ format: 'webp', width: 32, height: 24 })
  })

  it('--zip writes one zip; a pre-existing file is never overwritten', async () => {
    writeFileSync(join(tmp.dir, 'all.zip'), 'precious')
    const r = await cli(['export', ...seeded.map((s) => String(s.imageId)), '--zip', 'all.zip', '--sidecar'])
    expect(r.code).toBe(0)
    expect(r.out).toBe(join(tmp.dir, 'all (2).zip'))
    expect(readFileSync(join(tmp.dir, 'all.zip'), 'utf8')).toBe('precious')
  })

  it('an unknown id is exit 2; a failure among others is exit 1 and the rest are exported', async () => {
    const none = await cli(['export', '999', '--to', 'out', '--json'])
    expect(none.code).toBe(2)
    expect(JSON.parse(none.out)).toMatchObject({ written: [], failed: [{ imageId: 999, code: 'NOT_FOUND' }] })
    const some = await cli(['export', String(seeded[0]!.imageId), '998', '--to', 'out2'])
    expect(some.code).toBe(1)
    expect(some.err).toMatch(/image 998: There is no image #998 \(NOT_FOUND\)/)
    expect(readdirSync(join(tmp.dir, 'out2'))).toHaveLength(1)
  })

  it('bad options are exit 2 and create nothing', async () => {
    for (const args of [
      ['export', '1', '--to', 'bad', '--format', 'gif'],
      ['export', '1', '--to', 'bad', '--template', '{nope}'],
      ['export', '1', '--to', 'bad', '--quality', '101'],
      ['export', '1', '--to', 'bad', '--search', 'fox'],
      ['export', '1'],
      ['export', '--to', 'bad']
    ]) {
      const r = await cli(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err).toMatch(/^imagine: /)
    }
    expect(existsSync(join(tmp.dir, 'bad'))).toBe(false)
  })

  describe('content credentials', () => {
    const C2PA = join(__dirname, '..', 'fixtures', 'c2pa')

    it('--c2pa-cert and --c2pa-key sign every file; c2pa-rs reads each back as Valid (an untrusted test signer)', async () => {
      const r = await cli(['export', String(seeded[0]!.imageId), String(seeded[1]!.imageId), '--to', 'signed', '--json', '--c2pa-cert', join(C2PA, 'signer-chain.pem'), '--c2pa-key', join(C2PA, 'signer.key')])
      expect(r.code).toBe(0)
      const j = JSON.parse(r.out) as { written: { path: string }[]; failed: unknown[] }
      expect(j.failed).toEqual([])
      expect(j.written).toHaveLength(2)
      for (const w of j.written) {
        const v = await verifyContentCredentials(readFileSync(w.path), w.path.endsWith('.jpg') ? 'jpg' : 'png')
        expect(v).toMatchObject({ state: 'Valid', codes: ['signingCredential.untrusted'] })
      }
    })

    it('an encrypted key takes its password from IMAGINE_C2PA_KEY_PASSWORD; a wrong one is exit 2 with the reason, and nothing is created', async () => {
      const args = ['export', String(seeded[0]!.imageId), '--to', 'enc', '--c2pa-cert', join(C2PA, 'signer-chain.pem'), '--c2pa-key', join(C2PA, 'signer-encrypted.key')]
      const wrong = await cli(args, { IMAGINE_C2PA_KEY_PASSWORD: 'nope' })
      expect(wrong).toMatchObject({ code: 2, err: 'imagine: The password for the private key is wrong.' })
      const none = await cli(args)
      expect(none).toMatchObject({ code: 2, err: 'imagine: The private key is protected by a password, and none was given.' })
      expect(existsSync(join(tmp.dir, 'enc'))).toBe(false)
      const good = await cli(args, { IMAGINE_C2PA_KEY_PASSWORD: 'test-password' })
      expect(good.code).toBe(0)
      expect(readdirSync(join(tmp.dir, 'enc'))).toHaveLength(1)
    })

    it('a mismatched key, an RSA key or only one of the two flags is exit 2, naming the problem, and nothing is created', async () => {
      const base = ['export', String(seeded[0]!.imageId), '--to', 'bad']
      const cases: [string[], RegExp][] = [
        [['--c2pa-cert', join(C2PA, 'signer-chain.pem'), '--c2pa-key', join(C2PA, 'other.key')], /does not belong to the certificate/],
        [['--c2pa-cert', join(C2PA, 'signer-chain.pem'), '--c2pa-key', join(C2PA, 'rsa.key')], /is an RSA key/],
        [['--c2pa-cert', join(C2PA, 'signer-chain.pem')], /take both --c2pa-cert FILE .* and --c2pa-key FILE/],
        [['--c2pa-cert', 'missing.pem', '--c2pa-key', join(C2PA, 'signer.key')], /The certificate file "missing.pem" cannot be read/]
      ]
      for (const [extra, message] of cases) {
        const r = await cli([...base, ...extra])
        expect(r.code, extra.join(' ')).toBe(2)
        expect(r.err).toMatch(message)
        expect(r.err).not.toContain('PRIVATE KEY')
      }
      expect(existsSync(join(tmp.dir, 'bad'))).toBe(false)
    })
  })
})
