/**
 * The EXIF block of our JPEG (APP1) and WebP (EXIF chunk) exports, and the UserComment reader for
 * recall. We write what A1111 writes through piexif, byte for byte: a big-endian ("MM") TIFF whose
 * Exif IFD holds ExifVersion 0232 and UserComment = "UNICODE\0" + UTF-16BE text. UTF-16BE because
 * A1111, Infinite Image Browsing and piexif always decode UNICODE as big-endian, whatever the TIFF
 * byte order (shared/reference/metadata.md §1.1). No other tag: nothing about the camera is true.
 */

const TAG_SOFTWARE = 0x0131
const TAG_EXIF_IFD = 0x8769
const TAG_EXIF_VERSION = 0x9000
const TAG_USER_COMMENT = 0x9286
const TYPE_ASCII = 2
const TYPE_LONG = 4
const TYPE_UNDEFINED = 7

const UNICODE_PREFIX = Buffer.from('UNICODE\0', 'latin1')

interface Entry {
  tag: number
  type: number
  count: number
  value: Buffer
}

/** UserComment's value: the 8-byte charset prefix, then the text as UTF-16BE. */
export function userCommentBytes(text: string): Buffer {
  return Buffer.concat([UNICODE_PREFIX, Buffer.from(text, 'utf16le').swap16()])
}

const even = (n: number): number => n + (n & 1)

/** One IFD's size in bytes: its entries, its next-IFD link and the values that do not fit inline. */
function ifdSize(entries: Entry[]): { table: number; data: number } {
  const data = entries.reduce((sum, e) => sum + (e.value.length > 4 ? even(e.value.length) : 0), 0)
  return { table: 2 + 12 * entries.length + 4, data }
}

/** Writes one IFD (entries sorted by tag, as TIFF wants) at `at`, its large values right after it. */
function writeIfd(out: Buffer, at: number, entries: Entry[]): void {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag)
  let p = at
  let data = at + ifdSize(sorted).table
  out.writeUInt16BE(sorted.length, p)
  p += 2
  for (const e of sorted) {
    out.writeUInt16BE(e.tag, p)
    out.writeUInt16BE(e.type, p + 2)
    out.writeUInt32BE(e.count, p + 4)
    if (e.value.length <= 4) {
      e.value.copy(out, p + 8)
    } else {
      out.writeUInt32BE(data, p + 8)
      e.value.copy(out, data)
      data += even(e.value.length)
    }
    p += 12
  }
  out.writeUInt32BE(0, p)
}

function long(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n)
  return b
}

/**
 * The TIFF: IFD0 (the Exif IFD pointer, and `Software` if given), then the Exif IFD
 * (ExifVersion, UserComment). Without the "Exif\0\0" header: JPEG adds it, WebP does not want it.
 */
export function buildExif(userComment: string, software: string | null): Buffer {
  const uc = userCommentBytes(userComment)
  const exif: Entry[] = [
    { tag: TAG_EXIF_VERSION, type: TYPE_UNDEFINED, count: 4, value: Buffer.from('0232', 'latin1') },
    { tag: TAG_USER_COMMENT, type: TYPE_UNDEFINED, count: uc.length, value: uc }
  ]
  const sw = software === null ? null : Buffer.from(`${software.replace(/[^\x20-\x7e]/g, '?')}\0`, 'latin1')
  const ifd0: Entry[] = [{ tag: TAG_EXIF_IFD, type: TYPE_LONG, count: 1, value: long(0) }]
  if (sw) ifd0.push({ tag: TAG_SOFTWARE, type: TYPE_ASCII, count: sw.length, value: sw })
  const size0 = ifdSize(ifd0)
  const exifAt = 8 + size0.table + size0.data
  ifd0[0]!.value = long(exifAt)
  const sizeExif = ifdSize(exif)
  const out = Buffer.alloc(exifAt + sizeExif.table + sizeExif.data)
  out.write('MM', 0, 'latin1')
  out.writeUInt16BE(42, 2)
  out.writeUInt32BE(8, 4)
  writeIfd(out, 8, ifd0)
  writeIfd(out, exifAt, exif)
  return out
}

/** UTF-16 with no declared order: a BOM, else the zero byte of a Latin first character, else the TIFF's order. */
function decodeUtf16(body: Buffer, tiffLittleEndian: boolean): string {
  let bytes = body.subarray(0, body.length & ~1)
  let littleEndian = tiffLittleEndian
  if (bytes[0] === 0xfe && bytes[1] === 0xff) [bytes, littleEndian] = [bytes.subarray(2), false]
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [bytes, littleEndian] = [bytes.subarray(2), true]
  else if (bytes[0] === 0 && bytes[1] !== 0) littleEndian = false
  else if (bytes[0] !== 0 && bytes[1] === 0) littleEndian = true
  return littleEndian ? bytes.toString('utf16le') : Buffer.from(bytes).swap16().toString('utf16le')
}

/** A UserComment value as text: UNICODE as UTF-16 (see decodeUtf16), anything else as UTF-8. */
export function decodeUserComment(value: Buffer, tiffLittleEndian: boolean): string {
  const prefix = value.subarray(0, 8).toString('latin1')
  const body = value.subarray(8)
  const text = prefix === 'UNICODE\0' ? decodeUtf16(body, tiffLittleEndian) : body.toString('utf8')
  return text.replace(/\0+$/, '')
}

/** The UserComment of a TIFF (either byte order), or null if it has none or the TIFF is broken. */
export function readUserComment(tiff: Buffer): string | null {
  const order = tiff.subarray(0, 2).toString('latin1')
  if (order !== 'II' && order !== 'MM') return null
  const le = order === 'II'
  const u16 = (o: number): number => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o))
  const u32 = (o: number): number => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o))
  const find = (ifd: number, tag: number): number | null => {
    if (ifd + 2 > tiff.length) return null
    const n = u16(ifd)
    for (let i = 0; i < n; i++) {
      const e = ifd + 2 + 12 * i
      if (e + 12 > tiff.length) return null
      if (u16(e) === tag) return e
    }
    return null
  }
  try {
    if (u16(2) !== 42) return null
    const pointer = find(u32(4), TAG_EXIF_IFD)
    if (pointer === null) return null
    const entry = find(u32(pointer + 8), TAG_USER_COMMENT)
    if (entry === null) return null
    const count = u32(entry + 4)
    const at = count <= 4 ? entry + 8 : u32(entry + 8)
    if (at + count > tiff.length) return null
    return decodeUserComment(tiff.subarray(at, at + count), le)
  } catch {
    return null
  }
}
