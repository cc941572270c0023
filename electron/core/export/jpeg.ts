/**
 * JPEG segment splicing for export metadata. Stripping is a whitelist: every non-APP marker, APP0
 * JFIF, APP2 ICC_PROFILE and APP14 Adobe (some files decode with the wrong colours without it) are
 * kept; every other APPn (Exif, XMP, IPTC, MPF, C2PA/JUMBF…), COM and anything after EOI is dropped,
 * also between the scans of a progressive file. Entropy-coded data is copied as it is. New APP1
 * segments (Exif, then XMP) go after SOI and the JFIF APP0 (shared/reference/metadata.md §1.4).
 */
import { MetadataError } from './metadata-error'

const SOI = 0xd8
const EOI = 0xd9
const SOS = 0xda
const APP0 = 0xe0
const APP1 = 0xe1
const APP2 = 0xe2
const APP14 = 0xee
const APP15 = 0xef
const COM = 0xfe

export const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1')
export const XMP_HEADER = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1')
/** A segment's length field counts itself: at most 65,535 - 2 bytes of payload. */
export const MAX_SEGMENT_PAYLOAD = 65_533

export interface JpegSegment {
  marker: number
  /** The payload after the length field (empty for standalone markers and entropy data). */
  data: Buffer
  /** The bytes to copy: marker, length and payload; or the entropy-coded data after SOS (marker -1). */
  raw: Buffer
}

export const isJpeg = (b: Buffer): boolean => b.length >= 3 && b[0] === 0xff && b[1] === SOI && b[2] === 0xff

const standalone = (m: number): boolean => m === 0x01 || (m >= 0xd0 && m <= 0xd7)

/** The end of entropy-coded data starting at `p`: the first marker that is not a stuffed 0, an RST or fill. */
function entropyEnd(b: Buffer, p: number): number {
  for (let i = p; i + 1 < b.length; i++) {
    if (b[i] !== 0xff) continue
    const next = b[i + 1]!
    if (next !== 0 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return i
  }
  return b.length
}

/** Every segment after SOI up to and including EOI. A file cut short ends where its bytes do. */
export function jpegSegments(b: Buffer): JpegSegment[] {
  if (!isJpeg(b)) throw new MetadataError('BAD_IMAGE', 'Not a JPEG file.')
  const segments: JpegSegment[] = []
  let p = 2
  while (p + 1 < b.length) {
    if (b[p] !== 0xff) throw new MetadataError('BAD_IMAGE', `The JPEG file is corrupt (no marker at byte ${p}).`)
    while (b[p + 1] === 0xff) p++ // fill bytes
    const marker = b[p + 1]!
    if (marker === EOI || standalone(marker)) {
      segments.push({ marker, data: Buffer.alloc(0), raw: b.subarray(p, p + 2) })
      p += 2
      if (marker === EOI) break
      continue
    }
    if (p + 4 > b.length) break
    const end = p + 2 + b.readUInt16BE(p + 2)
    if (end > b.length) throw new MetadataError('BAD_IMAGE', 'The JPEG file is truncated inside a segment.')
    segments.push({ marker, data: b.subarray(p + 4, end), raw: b.subarray(p, end) })
    p = end
    if (marker === SOS) {
      const stop = entropyEnd(b, p)
      segments.push({ marker: -1, data: Buffer.alloc(0), raw: b.subarray(p, stop) })
      p = stop
    }
  }
  return segments
}

const startsWith = (data: Buffer, id: string): boolean => data.subarray(0, id.length).toString('latin1') === id

export const isJfif = (s: JpegSegment): boolean => s.marker === APP0 && startsWith(s.data, 'JFIF\0')

function keep(s: JpegSegment): boolean {
  if (s.marker === COM) return false
  if (s.marker < APP0 || s.marker > APP15) return true
  return isJfif(s) || (s.marker === APP2 && startsWith(s.data, 'ICC_PROFILE\0')) || (s.marker === APP14 && startsWith(s.data, 'Adobe'))
}

export function app1(header: Buffer, body: Buffer, what: string): Buffer {
  const payload = header.length + body.length
  if (payload > MAX_SEGMENT_PAYLOAD) {
    throw new MetadataError('VALIDATION', `The ${what} (${payload} bytes) does not fit in a JPEG segment (${MAX_SEGMENT_PAYLOAD} bytes at most).`)
  }
  const head = Buffer.from([0xff, APP1, 0, 0])
  head.writeUInt16BE(payload + 2, 2)
  return Buffer.concat([head, header, body])
}

/** `input` stripped to the whitelist, with `inserted` (whole segments) after SOI and the JFIF APP0. */
export function writeJpeg(input: Buffer, inserted: Buffer[]): Buffer {
  const kept = jpegSegments(input).filter(keep)
  const jfif = kept[0] && isJfif(kept[0]) ? 1 : 0
  return Buffer.concat([Buffer.from([0xff, SOI]), ...kept.slice(0, jfif).map((s) => s.raw), ...inserted, ...kept.slice(jfif).map((s) => s.raw)])
}

/** The raw TIFF of the first Exif APP1 and the first XMP packet, if any. */
export function readJpeg(input: Buffer): { exif: Buffer | null; xmp: string | null } {
  let exif: Buffer | null = null
  let xmp: string | null = null
  for (const s of jpegSegments(input)) {
    if (s.marker !== APP1) continue
    if (!exif && s.data.subarray(0, 6).equals(EXIF_HEADER)) exif = s.data.subarray(6)
    else if (xmp === null && s.data.subarray(0, XMP_HEADER.length).equals(XMP_HEADER)) xmp = s.data.subarray(XMP_HEADER.length).toString('utf8')
  }
  return { exif, xmp }
}
