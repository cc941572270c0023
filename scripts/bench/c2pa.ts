/**
 * `npm run bench -- c2pa [--images N]`
 * What content credentials cost per exported file: a detailed 1408×768 image (noise over a
 * gradient, not flat) as PNG, JPG q90 and WEBP q90 with full metadata, then C2PA-signed with the
 * test chain (tests/fixtures/c2pa) and verified from the signed bytes, as an export does. Prints
 * the one-off wasm load, the median and p95 of sign and of verify, and the bytes added.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import { loadC2pa, loadCredentials, signContentCredentials, verifyContentCredentials } from '../../electron/core/export/content-credentials'
import { writeMetadata, type ImageFormat } from '../../electron/core/export/metadata'
import { prng } from '../../tests/helpers/prng'
import { fmtMs, median, percentile } from './stats'

const { values } = parseArgs({ args: process.argv.slice(2), options: { images: { type: 'string' } }, allowPositionals: true })
const N = Number(values.images ?? 30)
const W = 1408
const H = 768

async function detailed(format: ImageFormat): Promise<Buffer> {
  const rand = prng(7)
  const raw = Buffer.alloc(W * H * 3)
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3
      raw[i] = (x * 255) / W + rand() * 60
      raw[i + 1] = (y * 255) / H + rand() * 60
      raw[i + 2] = 128 + rand() * 60
    }
  const img = sharp(raw, { raw: { width: W, height: H, channels: 3 } })
  return (format === 'png' ? img.png() : format === 'jpg' ? img.jpeg({ quality: 90 }) : img.webp({ quality: 90 })).toBuffer()
}

async function main(): Promise<void> {
  const fixtures = join(__dirname, '..', '..', 'tests', 'fixtures', 'c2pa')
  const signer = loadCredentials(readFileSync(join(fixtures, 'signer-chain.pem'), 'utf8'), readFileSync(join(fixtures, 'signer.key'), 'utf8'))
  const t0 = performance.now()
  await loadC2pa()
  console.log(`wasm import + init (once per process): ${fmtMs(performance.now() - t0)}`)
  console.log(`${N} files of ${W}×${H} per format, sign then verify:`)
  for (const format of ['png', 'jpg', 'webp'] as const) {
    const record = { prompt: 'a detailed test image', model: 'xai:grok-imagine@image', width: W, height: H, seed: 1, record: { app: 'bench' }, appVersion: '0.1.0' }
    const base = writeMetadata(await detailed(format), format, record, 'full')
    const sign: number[] = []
    const verify: number[] = []
    let signed = base
    for (let i = 0; i < N; i++) {
      const a = performance.now()
      signed = await signContentCredentials(base, format, signer, { model: record.model, appVersion: '0.1.0', title: `bench.${format}` })
      const b = performance.now()
      await verifyContentCredentials(signed, format)
      verify.push(performance.now() - b)
      sign.push(b - a)
    }
    const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`
    console.log(
      `  ${format.padEnd(5)} ${kb(base.length).padStart(9)} → +${signed.length - base.length} bytes   sign median ${fmtMs(median(sign))} p95 ${fmtMs(percentile(sign, 95))}   verify median ${fmtMs(median(verify))} p95 ${fmtMs(percentile(verify, 95))}`
    )
  }
}

void main()
