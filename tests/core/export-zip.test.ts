/**
 * Issue 9: "Optional zip instead of a folder". Our STORED zip writer, checked by
 * Debian's unzip (-t tests every CRC, -l lists names), ZIP64 past 65,535 entries,
 * and the export's zip mode: complete or absent, never half.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../electron/core/app-core'
import type { ExportJobOptions } from '../../electron/core/export/export-service'
import { ZipWriter } from '../../electron/core/export/zip-writer'
import { DEFAULT_EXPORT_SETTINGS } from '../../electron/shared/export'
import { tempDir } from '../helpers/db'
import { exportCore, seedFile } from '../helpers/export-library'

let tmp: { dir: string; cleanup: () => void }
beforeEach(() => {
  tmp = tempDir('imagine-zip-')
})
afterEach(() => tmp.cleanup())

const unzip = (...args: string[]): string => execFileSync('unzip', args, { encoding: 'utf8', maxBuffer: 64 << 20 })

/** The names in a zip's central directory, read by our own parser (as a second opinion to unzip). */
function centralNames(buf: Buffer): string[] {
  let eocd = buf.length - 22
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--
  let count = buf.readUInt16LE(eocd + 10)
  let offset = buf.readUInt32LE(eocd + 16)
  if (count === 0xffff || offset === 0xffffffff) {
    const loc = eocd - 20
    expect(buf.readUInt32LE(loc)).toBe(0x07064b50)
    const rec = Number(buf.readBigUInt64LE(loc + 8))
    expect(buf.readUInt32LE(rec)).toBe(0x06064b50)
    count = Number(buf.readBigUInt64LE(rec + 32))
    offset = Number(buf.readBigUInt64LE(rec + 48))
  }
  const names: string[] = []
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(offset)).toBe(0x02014b50)
    const n = buf.readUInt16LE(offset + 28)
    const x = buf.readUInt16LE(offset + 30)
    const c = buf.readUInt16LE(offset + 32)
    names.push(buf.subarray(offset + 46, offset + 46 + n).toString('utf8'))
    offset += 46 + n + x + c
  }
  return names
}

describe('ZipWriter', () => {
  it('writes entries unzip accepts, with UTF-8 names and exact bytes', async () => {
    const file = join(tmp.dir, 'a.zip')
    const fh = await open(file, 'wx')
    const zip = new ZipWriter(fh)
    await zip.add('fox 🦊.png', Buffer.from('fox bytes'))
    await zip.add('2026-01/owl.jpg', Buffer.alloc(100_000, 7))
    await zip.add('empty.txt', Buffer.alloc(0))
    await zip.finish()
    await fh.close()
    expect(unzip('-t', file)).toMatch(/No errors detected/)
    expect(centralNames(readFileSync(file))).toEqual(['fox 🦊.png', '2026-01/owl.jpg', 'empty.txt'])
    expect(execFileSync('unzip', ['-p', file, '2026-01/owl.jpg']).equals(Buffer.alloc(100_000, 7))).toBe(true)
  })

  it('switches to ZIP64 past 65,535 entries', async () => {
    const file = join(tmp.dir, 'many.zip')
    const fh = await open(file, 'wx')
    const zip = new ZipWriter(fh)
    const n = 65_540
    for (let i = 0; i < n; i++) await zip.add(`f${i}.txt`, Buffer.from(String(i)))
    await zip.finish()
    await fh.close()
    const names = centralNames(readFileSync(file))
    expect(names).toHaveLength(n)
    expect(names.at(-1)).toBe(`f${n - 1}.txt`)
    expect(unzip('-t', '-q', file)).toMatch(/No errors detected/)
    expect(unzip('-l', file)).toMatch(new RegExp(`${n} files`))
  }, 60_000)
})

describe('export as a zip', () => {
  let core: Core
  let out: string
  beforeEach(() => {
    core = exportCore(tmp.dir)
    out = join(tmp.dir, 'out')
    mkdirSync(out)
  })
  afterEach(async () => core.close())
  const opts = (over: Partial<ExportJobOptions> = {}): ExportJobOptions => ({ ...DEFAULT_EXPORT_SETTINGS, metadata: 'none', template: '{prompt}', folder: out, zipName: 'export.zip', ...over })

  it('one zip with every image (and sidecar) under its name and subfolder, bytes identical', async () => {
    const a = await seedFile(core, { prompt: 'fox', createdAt: new Date(2026, 0, 2, 12).getTime() })
    const b = await seedFile(core, { prompt: 'fox', createdAt: new Date(2026, 0, 3, 12).getTime(), format: 'jpg' })
    const c = await seedFile(core, { prompt: 'fox', createdAt: new Date(2026, 0, 3, 13).getTime() })
    const r = await core.exports.run({ kind: 'ids', ids: [a.imageId, b.imageId, c.imageId] }, opts({ subfolders: 'month', sidecar: true }))
    expect(r.failed).toEqual([])
    expect(r.zip).toBe('export.zip')
    expect(readdirSync(out)).toEqual(['export.zip'])
    const file = join(out, 'export.zip')
    expect(unzip('-t', file)).toMatch(/No errors detected/)
    // Three images named "fox" in one month, each with a sidecar: six distinct entries, each image beside its .json.
    const names = centralNames(readFileSync(file))
    expect(names).toHaveLength(6)
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(6)
    expect(r.written.map((w) => w.path).sort()).toEqual(names.filter((n) => !n.endsWith('.json')).sort())
    for (const w of r.written) {
      expect(w.path.startsWith('2026-01/fox')).toBe(true)
      expect(names).toContain(w.path.replace(/\.(png|jpg)$/, '.json'))
    }
    const png = r.written.find((w) => w.imageId === a.imageId)!
    expect(execFileSync('unzip', ['-p', file, png.path]).equals(a.bytes)).toBe(true)
  })

  it('never replaces a zip that is there: the new one gets a suffix', async () => {
    const a = await seedFile(core, { prompt: 'fox', createdAt: 1 })
    await core.exports.run({ kind: 'ids', ids: [a.imageId] }, opts())
    const r = await core.exports.run({ kind: 'ids', ids: [a.imageId] }, opts())
    expect(r.zip).toBe('export (2).zip')
    expect(readdirSync(out).sort()).toEqual(['export (2).zip', 'export.zip'])
  })

  it('canceled: no zip and no temp file', async () => {
    const ids: number[] = []
    for (let i = 0; i < 8; i++) ids.push((await seedFile(core, { prompt: `fox ${i}`, createdAt: i + 1 })).imageId)
    const ac = new AbortController()
    const r = await core.exports.run({ kind: 'ids', ids }, opts(), { signal: ac.signal, onProgress: (p) => (p.done === 2 ? ac.abort() : undefined) })
    expect(r.canceled).toBe(true)
    expect(r.zip).toBeNull()
    expect(readdirSync(out)).toEqual([])
  })
})
