/**
 * File names for exported images: a template with tokens, rendered per image,
 * then made safe on every OS. A prompt is text from anyone (and from the API):
 * it may hold path separators, `..`, NUL, a Windows device name, 10 kB, bidi
 * overrides that fake an extension. Whatever it holds, the result is one plain
 * file name of at most 255 bytes (the limit of ext4, APFS and NTFS's UTF-16 for
 * most text) that stays inside the folder it is written to.
 *
 * Tokens: {date} {time} {prompt} {prompt:N} {seed} {index} {id} {w} {h}
 * {collection} {format} {rating} {sha} {sha:N}. Anything else in braces is an error.
 */
import { ValidationError } from '../errors'
import { MAX_TEMPLATE_LENGTH } from '../../shared/export'

export const TEMPLATE_TOKENS = ['date', 'time', 'prompt', 'seed', 'index', 'id', 'w', 'h', 'collection', 'format', 'rating', 'sha'] as const
export type TemplateToken = (typeof TEMPLATE_TOKENS)[number]
/** Tokens that take a length (`{prompt:40}`, `{sha:8}`), and its largest value. */
const TAKES_LENGTH: Partial<Record<TemplateToken, number>> = { prompt: 255, sha: 64 }

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'token'; token: TemplateToken; length: number | null }

/** What a name can say about one image. */
export interface NameFields {
  id: number
  createdAt: number
  prompt: string | null
  seed: number | null
  width: number
  height: number
  sha256: string
  rating: number
  collection: string | null
  /** The file's extension without the dot: jpg, png, webp. */
  format: string
  /** 1-based position in the export. */
  index: number
  total: number
}

export const MAX_NAME_BYTES = 255

/** Parses a template; a ValidationError names every unknown or malformed token at once. */
export function parseTemplate(template: string): TemplatePart[] {
  if (typeof template !== 'string' || template.trim() === '') throw new ValidationError('A file name template is needed, e.g. {date}_{prompt:40}', 'template')
  if (template.length > MAX_TEMPLATE_LENGTH) throw new ValidationError(`A template has at most ${MAX_TEMPLATE_LENGTH} characters`, 'template')
  const parts: TemplatePart[] = []
  const bad: string[] = []
  const re = /\{([^{}]*)\}/g
  let last = 0
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    if (m.index > last) parts.push({ kind: 'text', text: template.slice(last, m.index) })
    last = m.index + m[0].length
    const [, name = '', arg] = /^([a-z0-9]*)(?::(.*))?$/i.exec(m[1]!) ?? []
    const token = TEMPLATE_TOKENS.find((t) => t === name.toLowerCase())
    const max = token === undefined ? undefined : TAKES_LENGTH[token]
    if (token === undefined || (arg !== undefined && (max === undefined || !/^\d{1,3}$/.test(arg) || Number(arg) < 1 || Number(arg) > max))) {
      bad.push(m[0])
      continue
    }
    parts.push({ kind: 'token', token, length: arg === undefined ? null : Number(arg) })
  }
  if (last < template.length) parts.push({ kind: 'text', text: template.slice(last) })
  for (const p of parts) if (p.kind === 'text' && /[{}]/.test(p.text)) bad.push(p.text.includes('{') ? '{' : '}')
  if (bad.length > 0) {
    const list = [...new Set(bad)].join(', ')
    throw new ValidationError(`Unknown template token${bad.length > 1 ? 's' : ''}: ${list}. Known: ${TEMPLATE_TOKENS.map((t) => `{${t}}`).join(' ')} ({prompt:N} and {sha:N} take a length)`, 'template')
  }
  return parts
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
export const localDate = (ms: number): string => {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
export const localMonth = (ms: number): string => localDate(ms).slice(0, 7)
const localTime = (ms: number): string => {
  const d = new Date(ms)
  return `${pad(d.getHours())}-${pad(d.getMinutes())}-${pad(d.getSeconds())}`
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const graphemes = (s: string): string[] => Array.from(segmenter.segment(s), (g) => g.segment)

/** The first `n` characters (graphemes, so an emoji is one) of a prompt, cut before a word rather than inside it. */
export function promptHead(prompt: string, n: number): string {
  const flat = prompt.replace(/\s+/g, ' ').trim()
  const chars = graphemes(flat)
  if (chars.length <= n) return flat
  const head = chars.slice(0, n).join('')
  if (chars[n] === ' ') return head.trimEnd()
  const lastSpace = head.lastIndexOf(' ')
  // One long word: cut it rather than return nothing.
  return lastSpace > 0 ? head.slice(0, lastSpace).trimEnd() : head
}

function tokenValue(part: Extract<TemplatePart, { kind: 'token' }>, f: NameFields): string {
  switch (part.token) {
    case 'date':
      return localDate(f.createdAt)
    case 'time':
      return localTime(f.createdAt)
    case 'prompt':
      return part.length === null ? (f.prompt ?? '') : promptHead(f.prompt ?? '', part.length)
    case 'seed':
      return f.seed === null ? '' : String(f.seed)
    case 'index':
      return pad(f.index, String(f.total).length)
    case 'id':
      return String(f.id)
    case 'w':
      return String(f.width)
    case 'h':
      return String(f.height)
    case 'collection':
      return f.collection ?? ''
    case 'format':
      return f.format
    case 'rating':
      return String(f.rating)
    case 'sha':
      return f.sha256.slice(0, part.length ?? 64)
  }
}

/** The file name (with extension) one image gets from a parsed template. */
export function renderName(parts: readonly TemplatePart[], f: NameFields): string {
  const stem = parts.map((p) => (p.kind === 'text' ? p.text : tokenValue(p, f))).join('')
  return sanitizeFileName(stem, f.format)
}

/** The names the first images of an export get, for the dialog's live preview (before collisions). */
export function previewNames(template: string, fields: readonly NameFields[]): string[] {
  const parts = parseTemplate(template)
  return fields.map((f) => renderName(parts, f))
}

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8')
// Bidi controls can make "photo‮gpj.exe" look like a .jpg: they have no place in a file name.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g
const FORBIDDEN = /[<>:"/\\|?*]/g
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i
const FALLBACK = 'image'

const trimEnds = (s: string): string => s.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '')

/** The longest prefix of `s` (whole graphemes, else whole code points) of at most `max` UTF-8 bytes. */
export function cutToBytes(s: string, max: number): string {
  if (utf8Bytes(s) <= max) return s
  let out = ''
  let used = 0
  for (const g of graphemes(s)) {
    const b = utf8Bytes(g)
    if (used + b > max) {
      // A grapheme larger than what is left (a long run of combining marks): take its code points.
      if (out === '') for (const cp of g) {
        const c = utf8Bytes(cp)
        if (used + c > max) break
        out += cp
        used += c
      }
      break
    }
    out += g
    used += b
  }
  return out
}

/**
 * `stem` made into a safe file name with `.ext` appended (no extension when `ext` is ''):
 * NFC; control and bidi characters gone; `<>:"/\|?*` become `_`; runs of dots become one;
 * no leading or trailing dots or spaces; a Windows device name (CON, NUL.txt, COM1…) gets a
 * leading `_`; at most 255 bytes in UTF-8, cut on a character boundary with the extension kept;
 * never empty. `reserveBytes` leaves room for a suffix such as ` (12)`.
 */
export function sanitizeFileName(stem: string, ext: string, reserveBytes = 0): string {
  const dotExt = ext === '' ? '' : `.${ext}`
  let s = String(stem)
    .normalize('NFC')
    .replace(BIDI, '')
    .replace(CONTROL, ' ')
    .replace(FORBIDDEN, '_')
    .replace(/\s+/g, ' ')
    .replace(/\.{2,}/g, '.')
  s = trimEnds(s)
  if (RESERVED.test(s.split('.')[0]!.trimEnd())) s = `_${s}`
  s = trimEnds(cutToBytes(s, MAX_NAME_BYTES - utf8Bytes(dotExt) - reserveBytes))
  if (s === '') s = FALLBACK
  return s + dotExt
}

/** `name.ext` → `name (n).ext`, still within 255 bytes (the stem is shortened, never the suffix). */
export function withSuffix(fileName: string, n: number): string {
  const dot = fileName.lastIndexOf('.')
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName
  const ext = dot > 0 ? fileName.slice(dot + 1) : ''
  const suffix = ` (${n})`
  return sanitizeFileName(stem, '', utf8Bytes(suffix) + (ext === '' ? 0 : utf8Bytes(ext) + 1)) + suffix + (ext === '' ? '' : `.${ext}`)
}

/** A folder name (day, month or collection) made safe the same way. */
export function sanitizeFolderName(name: string): string {
  return sanitizeFileName(name, '')
}
