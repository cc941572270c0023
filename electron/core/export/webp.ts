/**
 * WebP (RIFF) chunk splicing for export metadata. Stripping is a whitelist (VP8X, ICCP, ANIM, ANMF,
 * ALPH, VP8, VP8L); EXIF and XMP need the extended format, so a simple file gets a VP8X built from
 * its bitstream's canvas size, and the VP8X flags always say exactly which of EXIF/XMP follow.
 * Order: image data, then EXIF (a raw TIFF, without "Exif\0\0"), then XMP; the RIFF size is
 * rewritten and odd chunks padded (shared/reference/metadata.md §1.4, pitfall 7).
 */
import { MetadataError } from './metadata-error'

const KEEP = new Set(['VP8X', 'ICCP', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L'])
const FLAG_ALPHA = 0x10
const FLAG_EXIF = 0x08
const FLAG_XMP = 0x04

export interface WebpChunk {
  fourcc: string
  data: Buffer
  /** Header, data and padding byte. */
  raw: Buffer
}

export const isWebp = (b: Buffer): boolean =>
  b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP'

export function webpChunks(b: Buffer): WebpChunk[] {
  if (!isWebp(b)) throw new MetadataError('BAD_IMAGE', 'Not a WebP file.')
  const end = Math.min(b.length, 8 + b.readUInt32LE(4))
  const chunks: WebpChunk[] = []
  let p = 12
  while (p + 8 <= end) {
    const size = b.readUInt32LE(p + 4)
    if (p + 8 + size > end) throw new MetadataError('BAD_IMAGE', 'The WebP file is truncated inside a chunk.')
    const next = Math.min(end, p + 8 + size + (size & 1))
    chunks.push({ fourcc: b.toString('latin1', p, p + 4), data: b.subarray(p + 8, p + 8 + size), raw: b.subarray(p, next) })
    p = next
  }
  return chunks
}

export function webpChunk(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.write(fourcc, 0, 'latin1')
  head.writeUInt32LE(data.length, 4)
  return Buffer.concat(data.length & 1 ? [head, data, Buffer.alloc(1)] : [head, data])
}

/** Canvas size and alpha of a simple (VP8 / VP8L) file, from its bitstream header. */
function canvas(chunks: WebpChunk[]): { width: number; height: number; alpha: boolean } {
  const vp8 = chunks.find((c) => c.fourcc === 'VP8 ')
  if (vp8 && vp8.data.length >= 10 && vp8.data[3] === 0x9d && vp8.data[4] === 0x01 && vp8.data[5] === 0x2a) {
    return { width: vp8.data.readUInt16LE(6) & 0x3fff, height: vp8.data.readUInt16LE(8) & 0x3fff, alpha: false }
  }
  const vp8l = chunks.find((c) => c.fourcc === 'VP8L')
  if (vp8l && vp8l.data.length >= 5 && vp8l.data[0] === 0x2f) {
    const bits = vp8l.data.readUInt32LE(1)
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 }
  }
  throw new MetadataError('BAD_IMAGE', 'The WebP file has no VP8/VP8L image data to size a VP8X chunk from.')
}

function vp8x(chunks: WebpChunk[], flags: number): Buffer {
  const existing = chunks.find((c) => c.fourcc === 'VP8X')
  const data = existing ? Buffer.from(existing.data) : Buffer.alloc(10)
  if (!existing) {
    const { width, height, alpha } = canvas(chunks)
    data.writeUIntLE(width - 1, 4, 3)
    data.writeUIntLE(height - 1, 7, 3)
    if (alpha) data[0] = FLAG_ALPHA
  }
  data[0] = (data[0]! & ~(FLAG_EXIF | FLAG_XMP)) | flags
  return webpChunk('VP8X', data)
}

/** `input` stripped to the whitelist, then `exif` (raw TIFF) and `xmp` appended, with VP8X flags to match. */
export function writeWebp(input: Buffer, exif: Buffer | null, xmp: Buffer | null): Buffer {
  const kept = webpChunks(input).filter((c) => KEEP.has(c.fourcc))
  const flags = (exif ? FLAG_EXIF : 0) | (xmp ? FLAG_XMP : 0)
  const hasVp8x = kept.some((c) => c.fourcc === 'VP8X')
  const head = hasVp8x || flags ? [vp8x(kept, flags)] : []
  const body = [...head, ...kept.filter((c) => c.fourcc !== 'VP8X').map((c) => c.raw)]
  if (exif) body.push(webpChunk('EXIF', exif))
  if (xmp) body.push(webpChunk('XMP ', xmp))
  const riff = Buffer.alloc(12)
  riff.write('RIFF', 0, 'latin1')
  riff.writeUInt32LE(4 + body.reduce((n, c) => n + c.length, 0), 4)
  riff.write('WEBP', 8, 'latin1')
  return Buffer.concat([riff, ...body])
}

/** The EXIF TIFF (a stray "Exif\0\0" header, as sharp writes, removed) and the XMP packet, if any. */
export function readWebp(input: Buffer): { exif: Buffer | null; xmp: string | null } {
  const chunks = webpChunks(input)
  let exif = chunks.find((c) => c.fourcc === 'EXIF')?.data ?? null
  if (exif && exif.toString('latin1', 0, 6) === 'Exif\0\0') exif = exif.subarray(6)
  const xmp = chunks.find((c) => c.fourcc === 'XMP ')?.data.toString('utf8') ?? null
  return { exif, xmp }
}
