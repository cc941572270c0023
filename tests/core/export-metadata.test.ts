/**
 * Export metadata (electron/core/export/metadata.ts) against real sharp images, read back with
 * Debian's exiftool (the independent reader: `libimage-exiftool-perl`, installed by .ci/run) and
 * with our own reader. Sources carry EXIF, XMP, ICC, PNG text, a JPEG COM and a fake C2PA segment
 * to prove every write strips them; pixels are compared decoded, before and after.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp, { type OutputInfo, type Sharp } from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ExportRecord,
  type ImageFormat,
  type MetadataLevel,
  MetadataError,
  parametersText,
  parseParameters,
  readMetadata,
  writeMetadata
} from '../../electron/core/export/metadata'
import { quoteValue } from '../../electron/core/export/parameters'
import { jpegSegments } from '../../electron/core/export/jpeg'
import { pngChunk, pngChunks, textChunk } from '../../electron/core/export/png'
import { webpChunks } from '../../electron/core/export/webp'

const FORMATS: ImageFormat[] = ['png', 'jpg', 'webp']
const PROMPT = 'A cat astronaut, "floating" in space: 猫の宇宙飛行士 🚀 قطة في الفضاء\nsecond line, with comma'
const MODEL = 'xai:grok-imagine@image'
const SECRET = 'PROVIDER-SECRET-PROMPT-TEXT'
const DIGITAL_SOURCE_TYPE = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia'

function record(prompt = PROMPT, over: Partial<ExportRecord> = {}): ExportRecord {
  return {
    prompt,
    model: MODEL,
    width: 64,
    height: 48,
    seed: 42,
    appVersion: '0.1.0',
    record: { schema: 'imagine.generation/1', prompt, model: MODEL, taskUUID: 'a1b2c3d4-task', cost: 0.02, parents: [7, 9], references: ['sha256:abc'] },
    ...over
  }
}

// --- exiftool, the independent reader ------------------------------------------------------

let dir = ''
let exiftoolVersion: string | null = null

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-metadata-'))
  try {
    exiftoolVersion = execFileSync('exiftool', ['-ver'], { encoding: 'utf8' }).trim()
  } catch {
    exiftoolVersion = null
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let fileNo = 0
/** exiftool's view of `bytes`: `-j -G1 -struct`, so keys are `Group:Tag` and newlines stay `\n`. */
function exiftool(bytes: Buffer, format: ImageFormat): Record<string, unknown> {
  if (exiftoolVersion === null) {
    throw new Error('exiftool is not installed: these tests need it as the independent reader (Debian: apt-get install libimage-exiftool-perl; .ci/run installs it).')
  }
  const file = join(dir, `f${fileNo++}.${format}`)
  writeFileSync(file, bytes)
  const out = execFileSync('exiftool', ['-j', '-G1', '-struct', '-a', '-charset', 'utf8', file], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 20_000 })
  return (JSON.parse(out) as Array<Record<string, unknown>>)[0]!
}

const metadataKeys = (tags: Record<string, unknown>): string[] =>
  Object.keys(tags).filter((k) => /^(PNG:(?!ImageWidth|ImageHeight|BitDepth|ColorType|Compression|Filter|Interlace|Pixels|PixelUnits|ProfileName)|XMP|ExifIFD|IFD0|IPTC|Photoshop|JUMBF|C2PA|File:Comment|Comment)/.test(k))

// --- images ------------------------------------------------------------------------------

/** Noise, so the codecs have real work and no two pixels agree by accident. */
function noise(width: number, height: number, channels: 3 | 4): Buffer {
  const px = Buffer.alloc(width * height * channels)
  let s = 12345
  for (let i = 0; i < px.length; i++) px[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24
  return px
}

function encoder(format: ImageFormat, img: Sharp): Sharp {
  if (format === 'png') return img.png()
  if (format === 'jpg') return img.jpeg({ quality: 90 })
  return img.webp({ quality: 80 })
}

async function plain(format: ImageFormat, channels: 3 | 4 = 3): Promise<Buffer> {
  return encoder(format, sharp(noise(64, 48, channels), { raw: { width: 64, height: 48, channels } })).toBuffer()
}

const SECRET_XMP = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">${SECRET}</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`

function insertAfter(bytes: Buffer, at: number, extra: Buffer): Buffer {
  return Buffer.concat([bytes.subarray(0, at), extra, bytes.subarray(at)])
}

function jpegSegment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0])
  head.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([head, payload])
}

function box(type: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(8 + payload.length)
  head.write(type, 4, 'latin1')
  return Buffer.concat([head, payload])
}

/** An APP11 JUMBF segment shaped like a C2PA manifest store (well-formed: exiftool 12.57 hangs on a broken one). */
function fakeC2pa(): Buffer {
  const jumd = box('jumd', Buffer.concat([Buffer.from('6332706100110010800000aa00389b71', 'hex'), Buffer.from('\x03c2pa\0', 'latin1')]))
  const jumb = box('jumb', Buffer.concat([jumd, box('json', Buffer.from(JSON.stringify({ claim: SECRET })))]))
  const head = Buffer.from([0x4a, 0x50, 0, 1, 0, 0, 0, 1]) // "JP", instance 1, sequence 1
  return Buffer.concat([head, jumb])
}

/** A provider's file: EXIF and XMP through sharp (withExif/withXmp/withIccProfile), plus text, COM and a fake C2PA by hand. */
async function laden(format: ImageFormat): Promise<Buffer> {
  const img = sharp(noise(64, 48, 3), { raw: { width: 64, height: 48, channels: 3 } })
    .withIccProfile('p3')
    .withExif({ IFD0: { ImageDescription: SECRET, Software: 'ProviderCam' } })
    .withXmp(SECRET_XMP)
  const bytes = await encoder(format, img).toBuffer()
  if (format === 'png') {
    // after IHDR (8 + 25 bytes): tEXt, iTXt and an unknown C2PA-like chunk
    const extra = Buffer.concat([
      textChunk({ keyword: 'parameters', text: SECRET }),
      textChunk({ keyword: 'Comment', text: `${SECRET} ü`, itxt: true }),
      pngChunk('caBX', Buffer.from(`c2pa ${SECRET}`))
    ])
    return insertAfter(bytes, 33, extra)
  }
  if (format === 'jpg') {
    return insertAfter(bytes, 2, Buffer.concat([jpegSegment(0xfe, Buffer.from(SECRET)), jpegSegment(0xeb, fakeC2pa())]))
  }
  return bytes
}

async function decoded(bytes: Buffer): Promise<{ data: Buffer; info: OutputInfo }> {
  return sharp(bytes).raw().toBuffer({ resolveWithObject: true })
}

/** The text in every encoding the reference checks: UTF-8, UTF-16LE, UTF-16BE, Latin-1 (where it can be). */
function encodings(text: string): Buffer[] {
  const le = Buffer.from(text, 'utf16le')
  const out = [Buffer.from(text, 'utf8'), le, Buffer.from(le).swap16()]
  if ([...text].every((c) => c.charCodeAt(0) <= 0xff)) out.push(Buffer.from(text, 'latin1'))
  return out
}

function holdsAny(bytes: Buffer, text: string): boolean {
  return encodings(text).some((needle) => bytes.includes(needle))
}

function userCommentBytes(text: string): Buffer {
  return Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), Buffer.from(text, 'utf16le').swap16()])
}

// --- the A1111 text ------------------------------------------------------------------------

describe('parametersText / parseParameters', () => {
  it('writes the prompt, then Size, Model, Seed and Version, with A1111 quoting', () => {
    expect(parametersText(record())).toBe(`${PROMPT}\nSize: 64x48, Model: "xai:grok-imagine@image", Seed: 42, Version: Imagine Studio 0.1.0`)
  })

  it('writes only true values: no seed, no size, never Steps or Sampler', () => {
    const text = parametersText(record('a fox', { seed: null, width: 0, height: 0, appVersion: undefined }))
    expect(text).toBe('a fox\nModel: "xai:grok-imagine@image", Version: Imagine Studio')
    expect(text).not.toMatch(/Steps|Sampler|CFG/)
  })

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['a:b', '"a:b"'],
    ['line\nbreak', '"line\\nbreak"'],
    ['say "hi", ok', '"say \\"hi\\", ok"'],
    ['猫: 🚀', '"猫: 🚀"'],
    ['back\\slash', 'back\\slash']
  ])('quotes %j as %s (A1111 quote(): JSON when , : or a newline)', (value, quoted) => {
    expect(quoteValue(value)).toBe(quoted)
  })

  it('round-trips prompts with commas, colons, newlines, quotes, emoji and RTL text', () => {
    for (const prompt of [PROMPT, 'Key: value, other: thing', 'x, y, z: w\n\nindented  \n  line', 'مرحبا بالعالم 👋🏽', '{"json": [1,2]}']) {
      const r = record(prompt, { model: 'weird, model: "id"\nv2' })
      const parsed = parseParameters(parametersText(r))
      expect(parsed).toEqual({
        prompt,
        negativePrompt: null,
        params: { Size: '64x48', Model: 'weird, model: "id"\nv2', Seed: '42', Version: 'Imagine Studio 0.1.0' }
      })
    }
  })

  it('reads an A1111 text: negative prompt, quoted values, and a last line with < 3 pairs is prompt', () => {
    const a1111 = 'a cat\nin a hat\nNegative prompt: blurry,\nlow quality\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x768, Model: sd15, Lora hashes: "a: 1, b: 2", Version: v1.10.1'
    expect(parseParameters(a1111)).toEqual({
      prompt: 'a cat\nin a hat',
      negativePrompt: 'blurry,\nlow quality',
      params: { Steps: '20', Sampler: 'Euler a', 'CFG scale': '7', Seed: '1', Size: '512x768', Model: 'sd15', 'Lora hashes': 'a: 1, b: 2', Version: 'v1.10.1' }
    })
    expect(parseParameters('just a prompt\nstyle: oil, mood: calm')).toEqual({ prompt: 'just a prompt\nstyle: oil, mood: calm', negativePrompt: null, params: {} })
  })
})

// --- writing and reading back ---------------------------------------------------------------

describe.each(FORMATS)('writeMetadata %s', (format) => {
  it('full: exiftool reads the parameters, the XMP description and DigitalSourceType; our reader the record', async () => {
    for (const source of [await plain(format), await laden(format)]) {
      const r = record()
      const out = writeMetadata(source, format, r, 'full')
      const tags = exiftool(out, format)
      if (format === 'png') {
        expect(tags['PNG:Parameters']).toBe(parametersText(r))
        expect(JSON.parse(tags['PNG:Imagine_metadata'] as string)).toEqual(r.record)
      } else {
        expect(tags['ExifIFD:UserComment']).toBe(parametersText(r))
        expect(tags['File:ExifByteOrder']).toBe('Big-endian (Motorola, MM)')
        expect(tags['IFD0:Software']).toBe('Imagine Studio 0.1.0')
        expect(JSON.parse(tags['XMP-imagine:Generation'] as string)).toEqual(r.record)
        expect(out.includes(userCommentBytes(parametersText(r)))).toBe(true) // UNICODE\0 + UTF-16BE, as A1111 writes
      }
      expect(tags['XMP-dc:Description']).toBe(PROMPT)
      expect(tags['XMP-iptcExt:DigitalSourceType']).toBe(DIGITAL_SOURCE_TYPE)
      expect(tags['XMP-iptcExt:AISystemUsed']).toBe(MODEL)
      expect(tags['XMP-xmp:CreatorTool']).toBe('Imagine Studio 0.1.0')
      expect(JSON.stringify(tags)).not.toContain(SECRET)
      expect(holdsAny(out, SECRET)).toBe(false)
      expect(tags['ExifTool:Warning']).toBeUndefined()
      expect(readMetadata(out)).toEqual({ parameters: parametersText(r), record: r.record, format })
    }
  })

  it('minimal: the parameters and DigitalSourceType only; no record, description or tool', async () => {
    const r = record()
    const out = writeMetadata(await laden(format), format, r, 'minimal')
    const tags = exiftool(out, format)
    expect(tags[format === 'png' ? 'PNG:Parameters' : 'ExifIFD:UserComment']).toBe(parametersText(r))
    expect(tags['XMP-iptcExt:DigitalSourceType']).toBe(DIGITAL_SOURCE_TYPE)
    const keys = metadataKeys(tags).filter((k) => !/^(ExifIFD:(UserComment|ExifVersion)|XMP-iptcExt:DigitalSourceType|XMP-x:XMPToolkit)$/.test(k))
    expect(keys.filter((k) => k !== 'PNG:Parameters')).toEqual([])
    expect(holdsAny(out, 'a1b2c3d4-task')).toBe(false)
    expect(readMetadata(out)).toEqual({ parameters: parametersText(r), record: null, format })
  })

  it('none: no prompt bytes in any encoding, no provider metadata, no text tag', async () => {
    const provider = await laden(format)
    expect(holdsAny(provider, SECRET)).toBe(true)
    expect(JSON.stringify(exiftool(provider, format))).toContain(SECRET)
    for (const source of [await plain(format), provider, writeMetadata(await plain(format), format, record(), 'full')]) {
      const out = writeMetadata(source, format, record(), 'none')
      for (const text of [PROMPT, '猫の宇宙飛行士', 'قطة في الفضاء', 'A cat astronaut', SECRET, 'a1b2c3d4-task', MODEL, 'Imagine Studio']) {
        expect(holdsAny(out, text), text).toBe(false)
      }
      expect(metadataKeys(exiftool(out, format))).toEqual([])
      expect(readMetadata(out)).toEqual({ parameters: null, record: null, format })
    }
  })

  it.each<MetadataLevel>(['full', 'minimal', 'none'])('%s leaves the pixels (and the ICC profile) exactly as they were', async (level) => {
    for (const source of [await plain(format), await laden(format)]) {
      const before = await decoded(source)
      const out = writeMetadata(source, format, record(), level)
      const after = await decoded(out)
      expect(after.info).toEqual(before.info)
      expect(after.data.equals(before.data)).toBe(true)
      const icc = async (b: Buffer): Promise<string | undefined> => (await sharp(b).metadata()).icc?.toString('base64')
      expect(await icc(out)).toBe(await icc(source))
    }
  })

  it('survives a 10 kB prompt in every reader', async () => {
    const prompt = `${'a long, winding: prompt 🚀 مرحبا\n'.repeat(320)}end`.slice(0, 10_240)
    const r = record(prompt)
    const out = writeMetadata(await plain(format), format, r, 'full')
    const tags = exiftool(out, format)
    expect(tags[format === 'png' ? 'PNG:Parameters' : 'ExifIFD:UserComment']).toBe(parametersText(r))
    expect(tags['XMP-dc:Description']).toBe(prompt.trim())
    expect(readMetadata(out).record).toEqual(r.record)
    expect(parseParameters(readMetadata(out).parameters!).prompt).toBe(prompt.trimEnd())
    await expect(sharp(out).raw().toBuffer()).resolves.toBeInstanceOf(Buffer)
  })

  it('writes twice without duplicating anything (the second write replaces the first)', async () => {
    const once = writeMetadata(await laden(format), format, record(), 'full')
    const twice = writeMetadata(once, format, record(), 'full')
    expect(twice.equals(once)).toBe(true)
  })

  it('refuses bytes of another format', async () => {
    const other = format === 'png' ? 'jpg' : 'png'
    expect(() => writeMetadata(Buffer.from('not an image'), format, record(), 'full')).toThrow(MetadataError)
    expect(() => writeMetadata(Buffer.alloc(0), format, null, 'none')).toThrow(MetadataError)
    expect(() => writeMetadata(Buffer.from('x'), other, null, 'none')).toThrow(/Expected a/)
  })

  it('writes nothing for a null record', async () => {
    const out = writeMetadata(await laden(format), format, null, 'full')
    expect(readMetadata(out)).toEqual({ parameters: null, record: null, format })
    expect(metadataKeys(exiftool(out, format))).toEqual([])
  })
})

describe('format details', () => {
  it('PNG: ASCII parameters in tEXt, anything else in iTXt, all right after IHDR', async () => {
    const ascii = writeMetadata(await plain('png'), 'png', record('a plain prompt'), 'full')
    expect(pngChunks(ascii).map((c) => c.type).slice(0, 4)).toEqual(['IHDR', 'tEXt', 'iTXt', 'iTXt'])
    const unicode = writeMetadata(await plain('png'), 'png', record('café 猫'), 'full')
    expect(pngChunks(unicode).map((c) => c.type).slice(0, 4)).toEqual(['IHDR', 'iTXt', 'iTXt', 'iTXt'])
    expect(exiftool(unicode, 'png')['PNG:Parameters']).toBe(parametersText(record('café 猫')))
  })

  it('JPEG: Exif then XMP right after SOI (and JFIF); the provider APPn and COM are gone, ICC kept', async () => {
    const appAndCom = (b: Buffer): string[] => jpegSegments(b).map((s) => s.marker.toString(16)).filter((m) => /^e[0-9a-f]$|^fe$/.test(m))
    const jfif = jpegSegment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])) // sharp writes none
    const withJfif = insertAfter(await plain('jpg'), 2, jfif)
    expect(appAndCom(withJfif)).toEqual(['e0'])
    expect(appAndCom(writeMetadata(withJfif, 'jpg', record(), 'full'))).toEqual(['e0', 'e1', 'e1'])
    const provider = await laden('jpg')
    expect(appAndCom(provider)).toEqual(['fe', 'eb', 'e1', 'e1', 'e2'])
    const out = writeMetadata(provider, 'jpg', record(), 'full')
    expect(appAndCom(out)).toEqual(['e1', 'e1', 'e2'])
    expect(jpegSegments(out).slice(0, 2).map((s) => s.data.subarray(0, 4).toString('latin1'))).toEqual(['Exif', 'http'])
  })

  it.each([
    ['lossy, simple (VP8)', { quality: 80 }, 3],
    ['lossless with alpha, simple (VP8L)', { lossless: true }, 4]
  ] as const)('WebP %s gets a VP8X whose flags and canvas match', async (_, options, channels) => {
    const source = await sharp(noise(64, 48, channels), { raw: { width: 64, height: 48, channels } }).webp(options).toBuffer()
    expect(webpChunks(source).map((c) => c.fourcc)).not.toContain('VP8X')
    const out = writeMetadata(source, 'webp', record(), 'full')
    const chunks = webpChunks(out)
    expect(chunks.map((c) => c.fourcc)).toEqual(['VP8X', channels === 4 ? 'VP8L' : 'VP8 ', 'EXIF', 'XMP '])
    const vp8x = chunks[0]!.data
    expect(vp8x[0]).toBe(0x08 | 0x04 | (channels === 4 ? 0x10 : 0))
    expect([vp8x.readUIntLE(4, 3) + 1, vp8x.readUIntLE(7, 3) + 1]).toEqual([64, 48])
    expect(out.readUInt32LE(4)).toBe(out.length - 8)
    expect((await decoded(out)).data.equals((await decoded(source)).data)).toBe(true)
    const tags = exiftool(out, 'webp')
    expect(tags['RIFF:WebP_Flags']).toMatch(/XMP, EXIF/)
    expect(tags['ExifIFD:UserComment']).toBe(parametersText(record()))
  })

  it('XMP: &, <, ]]> and XML-forbidden control characters come back as written (minus the forbidden ones)', async () => {
    const prompt = 'cats & dogs <b>bold</b> ]]> "q" \u0001\u0008bell\ttab'
    const r = record(prompt, { record: { note: 'a < b && c ]]> d \ufffe' } })
    for (const format of FORMATS) {
      const out = writeMetadata(await plain(format), format, r, 'full')
      const tags = exiftool(out, format)
      expect(tags['XMP-dc:Description']).toBe('cats & dogs <b>bold</b> ]]> "q" bell\ttab')
      expect(readMetadata(out).record).toEqual(r.record)
      if (format !== 'png') expect(JSON.parse(tags['XMP-imagine:Generation'] as string)).toEqual(r.record)
    }
  })

  it('JPEG: metadata too large for a 64 kB segment is refused, never cut; PNG and WebP take it', async () => {
    const r = record('x'.repeat(40_000))
    const jpg = await plain('jpg')
    expect(() => writeMetadata(jpg, 'jpg', r, 'full')).toThrow(MetadataError)
    expect(() => writeMetadata(jpg, 'jpg', r, 'minimal')).toThrow(/EXIF block .* does not fit in a JPEG segment/)
    for (const format of ['png', 'webp'] as const) {
      const out = writeMetadata(await plain(format), format, r, 'full')
      expect(readMetadata(out).parameters).toBe(parametersText(r))
    }
  })

  it('JPEG: a progressive file keeps every scan; a COM between scans is dropped', async () => {
    const progressive = await sharp(noise(64, 48, 3), { raw: { width: 64, height: 48, channels: 3 } }).jpeg({ progressive: true }).toBuffer()
    const segments = jpegSegments(progressive)
    const secondScan = segments.filter((s) => s.marker === 0xda)[1]!
    const at = progressive.indexOf(secondScan.raw)
    const source = insertAfter(progressive, at, jpegSegment(0xfe, Buffer.from(SECRET)))
    expect((await decoded(source)).data.equals((await decoded(progressive)).data)).toBe(true)
    const out = writeMetadata(source, 'jpg', record(), 'none')
    expect(holdsAny(out, SECRET)).toBe(false)
    expect(out.equals(progressive)).toBe(true)
    expect(jpegSegments(out).filter((s) => s.marker === 0xda).length).toBe(segments.filter((s) => s.marker === 0xda).length)
  })

  it('readMetadata never throws on broken or foreign bytes', async () => {
    const full = writeMetadata(await plain('png'), 'png', record(), 'full')
    expect(readMetadata(Buffer.from('hello'))).toEqual({ parameters: null, record: null, format: null })
    expect(readMetadata(full.subarray(0, 60))).toEqual({ parameters: null, record: null, format: 'png' })
    expect(readMetadata(Buffer.from([0xff, 0xd8, 0xff, 0x00]))).toEqual({ parameters: null, record: null, format: 'jpg' })
  })
})
