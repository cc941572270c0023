/**
 * The library search box's query language: free text plus `key:value` filters.
 *
 *   query  := token*                          tokens are separated by whitespace
 *   token  := sign* ( filter | phrase | word )
 *   sign   := '-' (negates) | '+' (ignored)
 *   phrase := '"' ( '\"' | '\\' | any char )* '"'   unclosed → runs to the end (warning)
 *   filter := KEY ':' ( phrase | bare )        KEY known (any case), else the token is a word
 *   word   := bare                             bare = non-whitespace run; quotes inside are literal;
 *                                              trailing '*' → prefix term; a lone '*' is ignored
 *   KEY    := fav | favorite | favourite | tag | collection | col | aspect | size | format | after
 *           | before | on | rating | cost | has | status | sort | in | id      (only -tag: and -has: negate)
 *
 * parseQuery never throws except `QueryError` for input longer than
 * MAX_QUERY_LENGTH; every other problem becomes a warning and the part is
 * ignored or searched literally. toFtsMatch only ever emits FTS5 string
 * literals ("…", optionally followed by *), joined by spaces and `NOT`, so no
 * user text can reach the FTS5 query syntax.
 */
import { GENERATION_STATUSES, type GenerationStatus } from './jobs'
import { GROK_IMAGINE_SIZES } from './model-capabilities'
import { DATE_FORMS, type DateRange, describeRange, formatLocalDay, parseDateRange } from './query-dates'

export const MAX_QUERY_LENGTH = 1000
/** Text terms kept per query. Also keeps the FTS5 expression far below its depth limit (256). */
export const MAX_TEXT_TERMS = 32
const MAX_WARNINGS = 10

/**
 * The one error parseQuery throws (input too long). The message is user-facing;
 * main turns it into a VALIDATION error naming the `query` field.
 */
export class QueryError extends Error {
  readonly code = 'VALIDATION' as const
  readonly field = 'query'
  constructor(message: string) {
    super(message)
    this.name = 'QueryError'
  }
}

export type Comparison = { op: '=' | '>' | '>=' | '<' | '<='; value: number }
export interface TextTerm { kind: 'word' | 'phrase' | 'prefix'; value: string; negated: boolean }
export type ImageFormat = 'png' | 'jpg' | 'webp'
export type QuerySort = 'newest' | 'oldest' | 'rating' | 'cost'

export interface QueryFilters {
  favorite?: boolean
  tags: string[] // all must match
  excludedTags: string[]
  aspect?: { width: number; height: number; label: string }
  size?: { width: number; height: number }
  formats: ImageFormat[] // any of
  after?: number // epoch ms, inclusive
  before?: number // epoch ms, exclusive
  on?: { start: number; end: number } // [start, end) in epoch ms
  rating?: Comparison
  cost?: Comparison // US dollars
  hasReferences?: boolean
  collections: string[]
  statuses: GenerationStatus[] // any of
  sort?: QuerySort
  inTrash?: boolean
  ids?: number[]
}

export interface ParsedQuery { text: TextTerm[]; filters: QueryFilters; warnings: string[] }

const KEY_ALIASES: Readonly<Record<string, string>> = {
  fav: 'fav', favorite: 'fav', favourite: 'fav', tag: 'tag', aspect: 'aspect', size: 'size', format: 'format',
  after: 'after', before: 'before', on: 'on', rating: 'rating', cost: 'cost', has: 'has',
  collection: 'collection', col: 'collection', status: 'status', sort: 'sort', in: 'in', id: 'id'
}
const NEGATABLE = new Set(['tag', 'has'])
const SINGLE = new Set(['fav', 'aspect', 'size', 'after', 'before', 'on', 'rating', 'cost', 'has', 'sort', 'in'])
const SORTS: readonly QuerySort[] = ['newest', 'oldest', 'rating', 'cost']
const FORMATS: Readonly<Record<string, ImageFormat>> = { png: 'png', jpg: 'jpg', jpeg: 'jpg', webp: 'webp' }
const BOOLEANS: Readonly<Record<string, boolean>> = { yes: true, true: true, '1': true, no: false, false: false, '0': false }

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g

/** NFC; line breaks and tabs become spaces; other control and bidi-control characters and lone surrogates go. */
function cleanText(s: string): string {
  return s
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(/[\t\n\v\f\r\u0085]/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .replace(BIDI_CONTROLS, '')
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim()
/** Keeps warnings short when the user pasted something long. */
const clip = (s: string): string => ([...s].length > 40 ? `${[...s].slice(0, 39).join('')}…` : s)

/**
 * False when every character is punctuation, a symbol or a space from ASCII,
 * Latin-1 or General Punctuation: SQLite's unicode61 tokenizer drops all of
 * those, so the term could never match. Anything else (letters, digits, emoji,
 * scripts newer than SQLite's Unicode tables) is left to the tokenizer.
 */
function isSearchable(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    const oldBlock = cp <= 0xff || (cp >= 0x2000 && cp <= 0x206f)
    if (!oldBlock || !/[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}]/u.test(ch)) return true
  }
  return false
}

interface RawToken { negated: boolean; key: string | null; value: string; quoted: boolean; unclosed: boolean; raw: string }

function readQuoted(s: string, open: number): { value: string; end: number; unclosed: boolean } {
  let value = ''
  for (let i = open + 1; i < s.length; i++) {
    const c = s[i]
    const next = s[i + 1]
    if (c === '\\' && (next === '"' || next === '\\')) {
      value += next
      i++
    } else if (c === '"') {
      return { value, end: i + 1, unclosed: false }
    } else {
      value += c
    }
  }
  return { value, end: s.length, unclosed: true }
}

function tokenize(s: string): RawToken[] {
  const tokens: RawToken[] = []
  const isSpace = (i: number): boolean => /\s/.test(s[i] ?? '')
  let i = 0
  while (i < s.length) {
    if (isSpace(i)) { i++; continue }
    const start = i
    let negated = false
    while (s[i] === '+' || s[i] === '-') negated = s[i++] === '-' || negated
    let key: string | null = null
    let valueStart = i
    let end = i
    while (end < s.length && !isSpace(end)) end++
    const colon = s.slice(i, end).indexOf(':')
    const alias = colon > 0 ? KEY_ALIASES[s.slice(i, i + colon).toLowerCase()] : undefined
    if (alias !== undefined) {
      key = alias
      valueStart = i + colon + 1
    }
    if (s[valueStart] === '"') {
      const q = readQuoted(s, valueStart)
      tokens.push({ negated, key, value: q.value, quoted: true, unclosed: q.unclosed, raw: s.slice(start, q.end) })
      i = q.end
    } else {
      tokens.push({ negated, key, value: s.slice(valueStart, end), quoted: false, unclosed: false, raw: s.slice(start, end) })
      i = end
    }
  }
  return tokens
}

function parseComparison(value: string, min: number, max: number, integer: boolean): Comparison | null {
  const m = /^(>=|<=|=|>|<|≥|≤)?\s*\$?(\d+(?:\.\d+)?|\.\d+)$/.exec(value.trim())
  if (!m) return null
  const op = m[1] === '≥' ? '>=' : m[1] === '≤' ? '<=' : ((m[1] ?? '=') as Comparison['op'])
  const n = Number(m[2])
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) return null
  return { op, value: n }
}

type FilterHandler = (value: string, f: QueryFilters, negated: boolean, now: Date) => string | null

function pushUnique<T>(list: T[], item: T): null {
  if (!list.includes(item)) list.push(item)
  return null
}

function dateHandler(apply: (f: QueryFilters, r: DateRange) => void): FilterHandler {
  return (v, f, _negated, now) => {
    const r = parseDateRange(v, now)
    if (!r) return `dates must be ${DATE_FORMS}`
    apply(f, r)
    return null
  }
}

/** Each handler applies its filter and returns null, or returns why the value was rejected. */
const HANDLERS: Readonly<Record<string, FilterHandler>> = {
  fav: (v, f) => {
    const b = BOOLEANS[v.toLowerCase()]
    if (b === undefined) return 'use fav:yes or fav:no'
    f.favorite = b
    return null
  },
  tag: (v, f, negated) => pushUnique(negated ? f.excludedTags : f.tags, v),
  collection: (v, f) => pushUnique(f.collections, v),
  aspect: (v, f) => {
    const preset = GROK_IMAGINE_SIZES.find((p) => p.aspect === v)
    if (!preset) return `aspect must be one of ${GROK_IMAGINE_SIZES.map((p) => p.aspect).join(', ')}`
    f.aspect = { width: preset.width, height: preset.height, label: preset.aspect }
    return null
  },
  size: (v, f) => {
    const m = /^(\d{1,5})\s*[x×]\s*(\d{1,5})$/i.exec(v)
    const width = Number(m?.[1])
    const height = Number(m?.[2])
    if (!m || width < 1 || height < 1) return 'size must be WIDTHxHEIGHT in pixels, for example 1408x768'
    f.size = { width, height }
    return null
  },
  format: (v, f) => {
    const format = FORMATS[v.toLowerCase()]
    if (!format) return 'format must be png, jpg or webp'
    pushUnique(f.formats, format)
    return null
  },
  after: dateHandler((f, r) => (f.after = r.start)),
  before: dateHandler((f, r) => (f.before = r.start)),
  on: dateHandler((f, r) => (f.on = r)),
  rating: (v, f) => {
    const c = parseComparison(v, 0, 5, true)
    if (!c) return 'rating must be a whole number 0–5, optionally after =, >, >=, < or <='
    f.rating = c
    return null
  },
  cost: (v, f) => {
    const c = parseComparison(v, 0, Number.MAX_SAFE_INTEGER, false)
    if (!c) return 'cost must be an amount in US dollars (≥ 0), optionally after =, >, >=, < or <='
    f.cost = c
    return null
  },
  has: (v, f, negated) => {
    if (!/^(refs?|references?)$/i.test(v)) return 'use has:refs'
    f.hasReferences = !negated
    return null
  },
  status: (v, f) => {
    const s = v.toLowerCase() === 'cancelled' ? 'canceled' : v.toLowerCase()
    const status = GENERATION_STATUSES.find((x) => x === s)
    if (!status) return `status must be one of ${GENERATION_STATUSES.join(', ')}`
    pushUnique(f.statuses, status)
    return null
  },
  sort: (v, f) => {
    const sort = SORTS.find((x) => x === v.toLowerCase())
    if (!sort) return `sort must be one of ${SORTS.join(', ')}`
    f.sort = sort
    return null
  },
  in: (v, f) => {
    if (v.toLowerCase() !== 'trash') return 'use in:trash'
    f.inTrash = true
    return null
  },
  id: (v, f) => {
    const ids = v.split(',').map((x) => (/^\d{1,15}$/.test(x.trim()) ? Number(x) : NaN))
    if (ids.some((n) => !Number.isSafeInteger(n) || n < 1)) return 'id must be a positive whole number'
    for (const n of ids) pushUnique((f.ids ??= []), n)
    return null
  }
}

function textTerm(t: RawToken, warnings: string[]): TextTerm | null {
  let value = collapse(t.value)
  let kind: TextTerm['kind'] = t.quoted ? 'phrase' : 'word'
  if (!t.quoted && value.endsWith('*')) {
    value = value.replace(/\*+$/, '')
    if (value === '') {
      warnings.push('A lone * was ignored: put it right after a word, as in fox*.')
      return null
    }
    kind = 'prefix'
  }
  if (value === '') return null
  if (!isSearchable(value)) {
    warnings.push(`Ignored "${clip(value)}": it has no letters or digits to search for.`)
    return null
  }
  if (!t.quoted && /^[a-z]{2,}:[^/]/i.test(value)) {
    warnings.push(`"${value.slice(0, value.indexOf(':') + 1)}" is not a filter, so "${clip(value)}" was searched as text.`)
  }
  return { kind, value, negated: t.negated }
}

/**
 * Parses what the user typed. Throws QueryError only when the trimmed input is
 * longer than MAX_QUERY_LENGTH; everything else yields a result plus warnings.
 */
export function parseQuery(input: string, options: { now?: Date } = {}): ParsedQuery {
  if (input.trim().length > MAX_QUERY_LENGTH) throw new QueryError(`Search is too long (at most ${MAX_QUERY_LENGTH} characters)`)
  const now = options.now ?? new Date()
  const warnings: string[] = []
  const filters: QueryFilters = { tags: [], excludedTags: [], formats: [], collections: [], statuses: [] }
  const text: TextTerm[] = []
  const seen = new Set<string>()
  for (const t of tokenize(cleanText(input))) {
    if (t.unclosed) warnings.push('A quote was not closed, so it was read to the end of the search.')
    if (t.key === null) {
      const term = textTerm(t, warnings)
      if (term) text.push(term)
      continue
    }
    const value = collapse(t.value)
    const problem = t.negated && !NEGATABLE.has(t.key)
      ? `only -tag: and -has: can be negated`
      : value === '' ? 'it needs a value' : (HANDLERS[t.key]?.(value, filters, t.negated, now) ?? null)
    if (problem !== null) warnings.push(`Ignored ${clip(t.raw)} — ${problem}.`)
    else if (SINGLE.has(t.key) && seen.has(t.key)) warnings.push(`${t.key}: was given more than once; the last one counts.`)
    if (problem === null) seen.add(t.key)
  }
  if (filters.after !== undefined && filters.before !== undefined && filters.after >= filters.before) {
    warnings.push('The after: date is not before the before: date, so nothing can match.')
  }
  if (text.length > MAX_TEXT_TERMS) {
    warnings.push(`Only the first ${MAX_TEXT_TERMS} search words are used.`)
    text.length = MAX_TEXT_TERMS
  }
  const unique = [...new Set(warnings)]
  if (unique.length > MAX_WARNINGS) unique.splice(MAX_WARNINGS - 1, Infinity, `…and ${unique.length - MAX_WARNINGS + 1} more problems.`)
  return { text, filters, warnings: unique }
}

/** FTS5 string literals for the terms: cleaned again, unsearchable ones dropped, at most MAX_TEXT_TERMS. */
function ftsLiterals(text: readonly TextTerm[]): { positive: string[]; negative: string[] } {
  const positive: string[] = []
  const negative: string[] = []
  for (const term of text) {
    if (positive.length + negative.length >= MAX_TEXT_TERMS) break
    const value = collapse(cleanText(term.value))
    if (!isSearchable(value)) continue
    const literal = `"${value.replaceAll('"', '""')}"${term.kind === 'prefix' ? '*' : ''}`
    ;(term.negated ? negative : positive).push(literal)
  }
  return { positive, negative }
}

/**
 * The FTS5 MATCH expression for the text terms, to be bound as a parameter.
 * Every term is a string literal ("…" with " doubled; prefix terms add *);
 * positive terms are ANDed, negated ones follow as `NOT "…"`. Returns null
 * when no term is left, and also when every term is negated: FTS5 needs a
 * positive term before NOT, so the SQL builder must then exclude the rows
 * matching toFtsExclusion(text) itself (`rowid NOT IN (… MATCH …)`).
 */
export function toFtsMatch(text: readonly TextTerm[]): string | null {
  const { positive, negative } = ftsLiterals(text)
  if (positive.length === 0) return null
  return [positive.join(' '), ...negative.map((n) => `NOT ${n}`)].join(' ')
}

/** Matches rows containing ANY negated term (`"a" OR "b"*`), or null when no term is negated. */
export function toFtsExclusion(text: readonly TextTerm[]): string | null {
  const { negative } = ftsLiterals(text)
  return negative.length > 0 ? negative.join(' OR ') : null
}

const quoteIfSpaced = (s: string): string => (/\s/.test(s) ? `"${s}"` : s)
const termLabel = (t: TextTerm): string => (t.kind === 'phrase' ? `"${t.value}"` : t.kind === 'prefix' ? `${t.value}*` : t.value)
const opLabel = (c: Comparison, unit = ''): string => `${c.op === '=' ? '' : `${c.op} `}${unit}${c.value}`

/** A short human summary, e.g. `words "red fox", tag cats, favourites, after 2026-01-01`. */
export function describeQuery(q: ParsedQuery): string {
  const f = q.filters
  const parts: string[] = []
  const list = (label: string, items: readonly string[], joiner = ', '): void => {
    if (items.length > 0) parts.push(`${label} ${items.map(quoteIfSpaced).join(joiner)}`)
  }
  const pos = q.text.filter((t) => !t.negated).map(termLabel)
  const neg = q.text.filter((t) => t.negated).map(termLabel)
  if (pos.length > 0) parts.push(`words ${pos.join(' ')}`)
  if (neg.length > 0) parts.push(`without ${neg.join(' ')}`)
  list(f.tags.length > 1 ? 'tags' : 'tag', f.tags)
  list('not tagged', f.excludedTags, ' or ')
  if (f.favorite !== undefined) parts.push(f.favorite ? 'favourites' : 'not favourites')
  list(f.collections.length > 1 ? 'collections' : 'collection', f.collections)
  if (f.aspect) parts.push(`aspect ${f.aspect.label}`)
  if (f.size) parts.push(`size ${f.size.width}×${f.size.height}`)
  list('format', f.formats, ' or ')
  if (f.after !== undefined) parts.push(`after ${formatLocalDay(f.after)}`)
  if (f.before !== undefined) parts.push(`before ${formatLocalDay(f.before)}`)
  if (f.on) parts.push(describeRange(f.on))
  if (f.rating) parts.push(`rating ${opLabel(f.rating)}`)
  if (f.cost) parts.push(`cost ${opLabel(f.cost, '$')}`)
  if (f.hasReferences !== undefined) parts.push(f.hasReferences ? 'with references' : 'without references')
  list('status', f.statuses, ' or ')
  if (f.ids) list(f.ids.length > 1 ? 'ids' : 'id', f.ids.map(String))
  if (f.inTrash) parts.push('in trash')
  if (f.sort) parts.push(f.sort === 'newest' || f.sort === 'oldest' ? `${f.sort} first` : `sorted by ${f.sort}`)
  return parts.length > 0 ? parts.join(', ') : 'all images'
}

/**
 * A filter as the search box would write it, e.g. `tag:cats` or `tag:"two words"`:
 * quoted (with \\ and \" escaped) whenever a bare value would not read back whole.
 * parseQuery(filterToken(k, v)) gives back exactly v.
 */
export function filterToken(key: 'tag' | 'collection', value: string): string {
  const bare = value !== '' && !/[\s"\\]/.test(value)
  return bare ? `${key}:${value}` : `${key}:"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`
}

export const QUERY_HELP: readonly { example: string; meaning: string }[] = [
  { example: 'red fox', meaning: 'Prompts containing both words (any order)' },
  { example: '"red fox"', meaning: 'The exact phrase; write \\" for a quote inside it' },
  { example: 'fox*', meaning: 'Words starting with fox' },
  { example: '-dog  -"dog park"', meaning: 'Leave out prompts with this word or phrase' },
  { example: 'fav:yes  fav:no', meaning: 'Only favourites / only non-favourites' },
  { example: 'tag:cats  tag:"two words"', meaning: 'Tagged (repeat to require every tag)' },
  { example: '-tag:dogs', meaning: 'Not tagged' },
  { example: 'collection:"Trip 2026"  col:trip', meaning: 'In the collection' },
  { example: 'aspect:16:9', meaning: `Aspect ratio: ${GROK_IMAGINE_SIZES.map((p) => p.aspect).join(', ')}` },
  { example: 'size:1408x768', meaning: 'Exact size in pixels' },
  { example: 'format:png', meaning: 'png, jpg (or jpeg) or webp; repeat for any of several' },
  { example: 'after:2026-01-01  before:2026-02', meaning: 'Created on/after, or before, a day or month (local time)' },
  { example: 'on:2026-01-15  on:2026-01', meaning: 'Created that day or month; also today, yesterday, 7d, 2w, 3m, 1y' },
  { example: 'rating:5  rating:>=3', meaning: 'Rating 0–5 with =, >, >=, <, <=' },
  { example: 'cost:>0.02', meaning: 'Cost in US dollars with =, >, >=, <, <=' },
  { example: 'has:refs  -has:refs', meaning: 'Made with / without reference images' },
  { example: 'status:failed', meaning: `Job status: ${GENERATION_STATUSES.join(', ')}` },
  { example: 'in:trash', meaning: 'Look in the trash' },
  { example: 'id:123', meaning: 'The image with this id (repeat, or id:1,2,3)' },
  { example: 'sort:rating', meaning: 'Order: newest, oldest, rating or cost' }
]
