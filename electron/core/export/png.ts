/**
 * PNG chunk splicing for export metadata. Stripping is a whitelist (chunks needed to show the
 * pixels right), so no text, EXIF, C2PA or unknown chunk survives; text goes right after IHDR.
 * Kept chunks are copied with their CRC, never re-encoded. `tEXt` is Latin-1 and sharp/exifr
 * decode it as UTF-8, so only printable ASCII goes into tEXt, anything else into an uncompressed
 * UTF-8 `iTXt` (A1111 reads both; shared/reference/metadata.md §1.1, §1.4).
 */
import { crc32, inflateSync } from 'node:zlib'
import { MetadataError } from './metadata-error'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** What a PNG needs to decode and show its colours: image data, palette/transparency, colour, size, APNG, HDR. */
const KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'bKGD', 'pHYs', 'acTL', 'fcTL', 'fdAT', 'cICP', 'mDCV', 'cLLI'])

/** zTXt/iTXt inflate no further than this: a text chunk is not a decompression bomb. */
const MAX_INFLATED = 16 * 1024 * 1024

export interface PngChunk {
  type: string
  data: Buffer
  /** The whole chunk: length, type, data and CRC. */
  raw: Buffer
}

export interface PngText {
  keyword: string
  text: string
  /** Always iTXt (our JSON record, XMP), even when the text is ASCII. */
  itxt?: boolean
}

export const isPng = (b: Buffer): boolean => b.length >= 8 && b.subarray(0, 8).equals(SIGNATURE)

/** The chunks up to and including IEND (anything after IEND is dropped). */
export function pngChunks(b: Buffer): PngChunk[] {
  if (!isPng(b)) throw new MetadataError('BAD_IMAGE', 'Not a PNG file.')
  const chunks: PngChunk[] = []
  let p = 8
  while (p + 12 <= b.length) {
    const length = b.readUInt32BE(p)
    const end = p + 12 + length
    if (end > b.length) break
    const type = b.toString('latin1', p + 4, p + 8)
    chunks.push({ type, data: b.subarray(p + 8, p + 8 + length), raw: b.subarray(p, end) })
    p = end
    if (type === 'IEND') return chunks
  }
  throw new MetadataError('BAD_IMAGE', 'The PNG file is truncated (no IEND chunk).')
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))))
  return Buffer.concat([head, data, crc])
}

const PRINTABLE_ASCII = /^[\t\n\r\x20-\x7e]*$/

export function textChunk(t: PngText): Buffer {
  const keyword = Buffer.from(`${t.keyword}\0`, 'latin1')
  if (!t.itxt && PRINTABLE_ASCII.test(t.text)) return pngChunk('tEXt', Buffer.concat([keyword, Buffer.from(t.text, 'latin1')]))
  // keyword\0, compression flag 0, method 0, empty language\0, empty translated keyword\0, UTF-8 text
  return pngChunk('iTXt', Buffer.concat([keyword, Buffer.from([0, 0, 0, 0]), Buffer.from(t.text, 'utf8')]))
}

/** `input` with every chunk outside the whitelist dropped and `texts` inserted right after IHDR. */
export function writePng(input: Buffer, texts: PngText[]): Buffer {
  const kept = pngChunks(input).filter((c) => KEEP.has(c.type))
  const [ihdr, ...rest] = kept
  if (ihdr?.type !== 'IHDR') throw new MetadataError('BAD_IMAGE', 'The PNG file does not start with IHDR.')
  return Buffer.concat([SIGNATURE, ihdr.raw, ...texts.map(textChunk), ...rest.map((c) => c.raw)])
}

function decodeText(c: PngChunk): { keyword: string; text: string } | null {
  const nul = c.data.indexOf(0)
  if (nul < 1) return null
  const keyword = c.data.toString('latin1', 0, nul)
  if (c.type === 'tEXt') return { keyword, text: c.data.toString('latin1', nul + 1) }
  if (c.type === 'zTXt') return { keyword, text: inflateSync(c.data.subarray(nul + 2), { maxOutputLength: MAX_INFLATED }).toString('latin1') }
  // iTXt: flag, method, language\0, translated keyword\0, text
  const compressed = c.data[nul + 1] === 1
  const lang = c.data.indexOf(0, nul + 3)
  const translated = lang < 0 ? -1 : c.data.indexOf(0, lang + 1)
  if (translated < 0) return null
  const body = c.data.subarray(translated + 1)
  return { keyword, text: (compressed ? inflateSync(body, { maxOutputLength: MAX_INFLATED }) : body).toString('utf8') }
}

/** Every text chunk (tEXt, zTXt, iTXt) by keyword, the first one winning; broken ones are skipped. */
export function readPngTexts(input: Buffer): Map<string, string> {
  const texts = new Map<string, string>()
  for (const c of pngChunks(input)) {
    if (c.type !== 'tEXt' && c.type !== 'zTXt' && c.type !== 'iTXt') continue
    try {
      const t = decodeText(c)
      if (t && !texts.has(t.keyword)) texts.set(t.keyword, t.text)
    } catch {
      // a corrupt compressed chunk: the others may still be fine
    }
  }
  return texts
}

/** The eXIf chunk (raw TIFF), for files other tools wrote. */
export function readPngExif(input: Buffer): Buffer | null {
  return pngChunks(input).find((c) => c.type === 'eXIf')?.data ?? null
}
