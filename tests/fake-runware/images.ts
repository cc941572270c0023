// Cheap, real, decodable images for the fake server, detailed enough to look like work.
//
// Each picture is drawn from its seed: a two-colour gradient, soft discs and bands, a
// horizon, and fine grain, so thumbnails, encoders and screenshots do real work (a flat
// colour compresses to nothing and flatters every benchmark). Drawing and encoding a
// 1.4-megapixel image costs tens of ms, so each (format, size, look) is encoded once, with
// a 36-character placeholder in its EXIF ImageDescription. Every result is a copy of that
// cached file with the placeholder overwritten by the result's imageUUID (PNG: the eXIf
// chunk CRC is recomputed), so each file has its own sha256 and stays a valid image, at
// the cost of a buffer copy. The look (one of 24) comes from the seed. At most 1024
// templates are kept (24 looks × 13 sizes × 3 formats = 936).
import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import sharp from 'sharp'
import type { OutputFormat } from './types'

const PLACEHOLDER = 'X'.repeat(36)
const HUES = 24
const SMALL_SIDE = 64
const MAX_CACHE = 1024

export const MIME: Record<OutputFormat, string> = { JPG: 'image/jpeg', PNG: 'image/png', WEBP: 'image/webp' }
export const EXT: Record<OutputFormat, string> = { JPG: 'jpg', PNG: 'png', WEBP: 'webp' }

interface Template {
  bytes: Buffer
  offset: number
  /** PNG only: start of the chunk holding the placeholder (its length field). */
  pngChunk?: number
}

const cache = new Map<string, Promise<Template>>()

export function colourForSeed(seed: number): { r: number; g: number; b: number } {
  const h = ((Math.abs(Math.trunc(seed)) % HUES) / HUES) * 6
  const x = 1 - Math.abs((h % 2) - 1)
  const [r, g, b] = h < 1 ? [1, x, 0] : h < 2 ? [x, 1, 0] : h < 3 ? [0, 1, x] : h < 4 ? [0, x, 1] : h < 5 ? [x, 0, 1] : [1, 0, x]
  const scale = (v: number): number => Math.round(40 + v * 190)
  return { r: scale(r), g: scale(g), b: scale(b) }
}

/** Output size: the requested size, or (small mode) the same aspect with the longest side 64 px. */
export function outputSize(width: number, height: number, small: boolean): { width: number; height: number } {
  if (!small) return { width, height }
  const f = SMALL_SIDE / Math.max(width, height)
  return { width: Math.max(1, Math.round(width * f)), height: Math.max(1, Math.round(height * f)) }
}

function findPngChunk(bytes: Buffer, offset: number): number {
  let p = 8
  while (p + 12 <= bytes.length) {
    const len = bytes.readUInt32BE(p)
    if (offset >= p + 8 && offset < p + 8 + len) return p
    p += 12 + len
  }
  throw new Error('fake-runware: placeholder not inside a PNG chunk')
}

/** A small deterministic PRNG (mulberry32), so a look is the same picture on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Disc {
  x: number
  y: number
  r: number
  colour: { r: number; g: number; b: number }
  alpha: number
  hard: boolean
}

const DARK = { r: 24, g: 22, b: 30 }

/**
 * Raw RGB pixels of look `look` (0..23) at width×height: a diagonal gradient between the
 * look's hue and a neighbour, a horizon with a darker ground, six soft discs, diagonal
 * bands and ±10 grain. Shapes are placed in relative units, so every size shows the same
 * picture (a thumbnail of the 64 px small mode matches the full one).
 */
export function drawPixels(width: number, height: number, look: number): Buffer {
  const rand = prng(0x9e3779b9 ^ (look * 7919))
  const a = colourForSeed(look)
  const b = colourForSeed(look + 7)
  const ground = colourForSeed(look + 13)
  const horizon = 0.55 + rand() * 0.25
  const discs: Disc[] = Array.from({ length: 6 }, (_, i) => ({
    x: rand(),
    y: rand() * horizon,
    r: 0.05 + rand() * 0.18,
    colour: colourForSeed(look + 3 + i * 5),
    alpha: 0.45 + rand() * 0.4,
    hard: i % 2 === 1
  }))
  const rects = Array.from({ length: 2 }, (_, i) => {
    const x0 = rand() * 0.8
    const y0 = horizon - 0.05 + rand() * 0.2
    return { x0, y0, x1: x0 + 0.05 + rand() * 0.15, y1: Math.min(1, y0 + 0.05 + rand() * 0.2), colour: colourForSeed(look + 9 + i * 11) }
  })
  const bandFreq = 6 + Math.floor(rand() * 10)
  const grain = prng(look + 1)
  const out = Buffer.allocUnsafe(width * height * 3)
  const unit = Math.min(width, height)
  let p = 0
  for (let y = 0; y < height; y++) {
    const v = y / height
    for (let x = 0; x < width; x++) {
      const u = x / width
      const t = (u + v) / 2
      let r = a.r + (b.r - a.r) * t
      let g = a.g + (b.g - a.g) * t
      let bl = a.b + (b.b - a.b) * t
      if (v > horizon) {
        const k = Math.min(1, (v - horizon) * 4) * 0.7
        r += (ground.r * 0.5 - r) * k
        g += (ground.g * 0.5 - g) * k
        bl += (ground.b * 0.5 - bl) * k
      }
      for (const d of discs) {
        const dx = ((u - d.x) * width) / unit
        const dy = ((v - d.y) * height) / unit
        const dist = Math.sqrt(dx * dx + dy * dy) / d.r
        if (dist < 1) {
          // Even discs are soft glows; odd ones are solid with a crisp dark rim.
          const k = d.hard ? (dist > 0.94 ? 0.85 : d.alpha) : d.alpha * (1 - dist * dist)
          const c = d.hard && dist > 0.94 ? DARK : d.colour
          r += (c.r - r) * k
          g += (c.g - g) * k
          bl += (c.b - bl) * k
        }
      }
      for (const q of rects) {
        if (u >= q.x0 && u < q.x1 && v >= q.y0 && v < q.y1) {
          const stripe = Math.floor((u - q.x0) * width / Math.max(2, unit * 0.012)) % 2 === 0
          const c = stripe ? q.colour : DARK
          r += (c.r - r) * 0.8
          g += (c.g - g) * 0.8
          bl += (c.b - bl) * 0.8
        }
      }
      const band = Math.sin((u * 0.6 + v) * bandFreq * Math.PI) * 9
      const n = (grain() - 0.5) * 20
      out[p++] = clampByte(r + band + n)
      out[p++] = clampByte(g + band + n)
      out[p++] = clampByte(bl + band + n)
    }
  }
  return out
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v | 0
}

async function encode(format: OutputFormat, width: number, height: number, hue: number): Promise<Template> {
  const base = sharp(drawPixels(width, height, hue), { raw: { width, height, channels: 3 } }).withExif({
    IFD0: { ImageDescription: PLACEHOLDER }
  })
  const out =
    format === 'JPG' ? base.jpeg({ quality: 80 }) : format === 'PNG' ? base.png({ compressionLevel: 1 }) : base.webp({ quality: 80, effort: 0 })
  const bytes = await out.toBuffer()
  const offset = bytes.indexOf(PLACEHOLDER, 0, 'latin1')
  if (offset < 0 || bytes.indexOf(PLACEHOLDER, offset + 1, 'latin1') >= 0) throw new Error(`fake-runware: ${format} placeholder not found exactly once`)
  return { bytes, offset, pngChunk: format === 'PNG' ? findPngChunk(bytes, offset) : undefined }
}

function template(format: OutputFormat, width: number, height: number, hue: number): Promise<Template> {
  const key = `${format}:${width}x${height}:${hue}`
  let t = cache.get(key)
  if (!t) {
    if (cache.size >= MAX_CACHE) {
      const oldest = cache.keys().next().value
      if (oldest !== undefined) cache.delete(oldest)
    }
    t = encode(format, width, height, hue)
    t.catch(() => cache.delete(key))
    cache.set(key, t)
  }
  return t
}

export interface RenderRequest {
  format: OutputFormat
  width: number
  height: number
  seed: number
  imageUUID: string
  small: boolean
}

/** A valid image file of the requested format and size, unique to imageUUID. */
export async function renderImage(req: RenderRequest): Promise<Buffer> {
  if (req.imageUUID.length !== PLACEHOLDER.length) throw new Error('fake-runware: imageUUID must be 36 characters')
  const size = outputSize(req.width, req.height, req.small)
  const t = await template(req.format, size.width, size.height, Math.abs(Math.trunc(req.seed)) % HUES)
  const bytes = Buffer.from(t.bytes)
  bytes.write(req.imageUUID, t.offset, 'latin1')
  if (t.pngChunk !== undefined) {
    const len = bytes.readUInt32BE(t.pngChunk)
    const crc = crc32(bytes.subarray(t.pngChunk + 4, t.pngChunk + 8 + len))
    bytes.writeUInt32BE(crc >>> 0, t.pngChunk + 8 + len)
  }
  return bytes
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export type SniffedFormat = 'png' | 'jpeg' | 'webp'

/** Magic-number check (synchronous, cheap). */
export function sniff(bytes: Buffer): SniffedFormat | null {
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a) return 'png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp'
  return null
}

/** Full decode of the header with sharp: the format if it is a readable PNG/JPEG/WEBP, else null. */
export async function inspectImage(bytes: Buffer): Promise<{ format: SniffedFormat; width: number; height: number } | null> {
  if (!sniff(bytes)) return null
  try {
    const md = await sharp(bytes).metadata()
    const format = md.format === 'png' || md.format === 'jpeg' || md.format === 'webp' ? md.format : null
    if (!format || !md.width || !md.height) return null
    return { format, width: md.width, height: md.height }
  } catch {
    return null
  }
}

const DATA_URI = /^data:image\/(png|jpeg|webp);base64,([A-Za-z0-9+/]+={0,2})$/
const RAW_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** Decode a `data:image/...;base64,` URI or raw base64 into bytes; null if it is neither. */
export function decodeInlineImage(value: string): { bytes: Buffer; declared?: SniffedFormat } | null {
  const m = DATA_URI.exec(value)
  if (m) return { bytes: Buffer.from(m[2] ?? '', 'base64'), declared: m[1] as SniffedFormat }
  if (value.length >= 16 && value.length % 4 === 0 && RAW_BASE64.test(value)) return { bytes: Buffer.from(value, 'base64') }
  return null
}
