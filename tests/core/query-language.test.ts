import { prng } from '../helpers/prng'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import {
  describeQuery,
  filterToken,
  MAX_QUERY_LENGTH,
  parseQuery,
  QUERY_HELP,
  QueryError,
  toFtsExclusion,
  toFtsMatch,
  type ParsedQuery,
  type QueryFilters,
  type TextTerm
} from '../../electron/shared/query-language'
import { GROK_IMAGINE_SIZES } from '../../electron/shared/model-capabilities'

/** 15 March 2026, 13:45 local time: the `now` for relative dates. */
const NOW = new Date(2026, 2, 15, 13, 45)
/** Local midnight of a calendar day (month 1–12), whatever TZ the worker runs in. */
const day = (y: number, m: number, d: number): number => new Date(y, m - 1, d).getTime()
const parse = (q: string): ParsedQuery => parseQuery(q, { now: NOW })
const EMPTY: QueryFilters = { tags: [], excludedTags: [], formats: [], collections: [], statuses: [] }
const word = (value: string, negated = false): TextTerm => ({ kind: 'word', value, negated })
const phrase = (value: string, negated = false): TextTerm => ({ kind: 'phrase', value, negated })
const prefix = (value: string, negated = false): TextTerm => ({ kind: 'prefix', value, negated })

// Two FTS5 tables: the one from the brief and one configured like the app's images_fts.
const db = new Database(':memory:')
db.exec(`
  CREATE VIRTUAL TABLE t USING fts5(a, tokenize='unicode61 remove_diacritics 2');
  CREATE VIRTUAL TABLE app USING fts5(prompt, tags, note, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
`)
const ROWS = [
  'a red fox jumps',
  'the fox is red',
  'red panda',
  'crème brûlée with c++ code',
  'AND OR NOT NEAR are just words',
  'say "hi" to the dog',
  'foxglove garden',
  '🦊 emoji fox'
]
ROWS.forEach((text, i) => {
  db.prepare('INSERT INTO t (rowid, a) VALUES (?, ?)').run(i + 1, text)
  db.prepare('INSERT INTO app (rowid, prompt, tags, note) VALUES (?, ?, ?, ?)').run(i + 1, text, 'tag', '')
})
const matchT = db.prepare<[string], { rowid: number }>('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid')
const matchApp = db.prepare<[string], { rowid: number }>('SELECT rowid FROM app WHERE app MATCH ? ORDER BY rowid')
const rows = (expr: string): number[] => matchT.all(expr).map((r) => r.rowid)
afterAll(() => db.close())

describe('filters: valid values', () => {
  const cases: [string, Partial<QueryFilters>][] = [
    ['fav:yes', { favorite: true }],
    ['FAV:No', { favorite: false }],
    ['favorite:true', { favorite: true }],
    ['favourite:0', { favorite: false }],
    ['fav:1', { favorite: true }],
    ['fav:FALSE', { favorite: false }],
    ['tag:cats', { tags: ['cats'] }],
    ['tag:"two words"', { tags: ['two words'] }],
    ['Tag:cats tag:dogs tag:cats', { tags: ['cats', 'dogs'] }],
    ['tag:"  spaced   out "', { tags: ['spaced out'] }],
    ['-tag:dogs', { excludedTags: ['dogs'] }],
    ['-tag:"big dogs" +tag:cats', { excludedTags: ['big dogs'], tags: ['cats'] }],
    ['tag:c++', { tags: ['c++'] }],
    ['aspect:16:9', { aspect: { width: 1408, height: 768, label: '16:9' } }],
    ['aspect:19.5:9', { aspect: { width: 1248, height: 576, label: '19.5:9' } }],
    ['aspect:1:1', { aspect: { width: 1024, height: 1024, label: '1:1' } }],
    ['size:1408x768', { size: { width: 1408, height: 768 } }],
    ['size:1024×1024', { size: { width: 1024, height: 1024 } }],
    ['SIZE:896X1280', { size: { width: 896, height: 1280 } }],
    ['format:png', { formats: ['png'] }],
    ['format:jpeg format:JPG format:webp', { formats: ['jpg', 'webp'] }],
    ['after:2026-01-01', { after: day(2026, 1, 1) }],
    ['before:2026-02-01', { before: day(2026, 2, 1) }],
    ['after:2026-1-5', { after: day(2026, 1, 5) }],
    ['on:2026-01-15', { on: { start: day(2026, 1, 15), end: day(2026, 1, 16) } }],
    ['on:2024-02-29', { on: { start: day(2024, 2, 29), end: day(2024, 3, 1) } }],
    ['on:2026-12-31', { on: { start: day(2026, 12, 31), end: day(2027, 1, 1) } }],
    ['after:2026-01', { after: day(2026, 1, 1) }],
    ['before:2026-02', { before: day(2026, 2, 1) }],
    ['on:2026-01', { on: { start: day(2026, 1, 1), end: day(2026, 2, 1) } }],
    ['on:2026-12', { on: { start: day(2026, 12, 1), end: day(2027, 1, 1) } }],
    ['on:2026', { on: { start: day(2026, 1, 1), end: day(2027, 1, 1) } }],
    ['on:today', { on: { start: day(2026, 3, 15), end: day(2026, 3, 16) } }],
    ['on:Yesterday', { on: { start: day(2026, 3, 14), end: day(2026, 3, 15) } }],
    ['after:7d', { after: day(2026, 3, 8) }],
    ['after:2w', { after: day(2026, 3, 1) }],
    ['after:1m', { after: day(2026, 2, 15) }],
    ['after:1y', { after: day(2025, 3, 15) }],
    ['after:15m', { after: day(2024, 12, 15) }],
    ['rating:5', { rating: { op: '=', value: 5 } }],
    ['rating:>=3', { rating: { op: '>=', value: 3 } }],
    ['rating:<2', { rating: { op: '<', value: 2 } }],
    ['rating:>0', { rating: { op: '>', value: 0 } }],
    ['rating:<=5', { rating: { op: '<=', value: 5 } }],
    ['rating:=1', { rating: { op: '=', value: 1 } }],
    ['rating:≥4', { rating: { op: '>=', value: 4 } }],
    ['cost:>0.02', { cost: { op: '>', value: 0.02 } }],
    ['cost:0', { cost: { op: '=', value: 0 } }],
    ['cost:<=$1.5', { cost: { op: '<=', value: 1.5 } }],
    ['cost:.5', { cost: { op: '=', value: 0.5 } }],
    ['has:refs', { hasReferences: true }],
    ['HAS:References', { hasReferences: true }],
    ['-has:refs', { hasReferences: false }],
    ['collection:"Trip 2026"', { collections: ['Trip 2026'] }],
    ['col:trip COL:work col:trip', { collections: ['trip', 'work'] }],
    ['status:failed', { statuses: ['failed'] }],
    ['status:Failed status:cancelled status:canceled', { statuses: ['failed', 'canceled'] }],
    ['status:queued status:submitting status:running status:downloading', { statuses: ['queued', 'submitting', 'running', 'downloading'] }],
    ['status:succeeded status:interrupted', { statuses: ['succeeded', 'interrupted'] }],
    ['sort:rating', { sort: 'rating' }],
    ['sort:OLDEST', { sort: 'oldest' }],
    ['sort:newest', { sort: 'newest' }],
    ['sort:cost', { sort: 'cost' }],
    ['in:trash', { inTrash: true }],
    ['id:123', { ids: [123] }],
    ['id:1 id:2 id:1', { ids: [1, 2] }],
    ['id:4,5', { ids: [4, 5] }]
  ]
  it.each(cases)('%s', (q, expected) => {
    const r = parse(q)
    expect(r.filters).toEqual({ ...EMPTY, ...expected })
    expect(r.text).toEqual([])
    expect(r.warnings).toEqual([])
  })

  it('accepts every aspect the model offers', () => {
    for (const p of GROK_IMAGINE_SIZES) {
      expect(parse(`aspect:${p.aspect}`).filters.aspect).toEqual({ width: p.width, height: p.height, label: p.aspect })
    }
  })

  it('clamps month and year ages to the end of shorter months', () => {
    expect(parseQuery('after:1m', { now: new Date(2026, 2, 31, 9) }).filters.after).toBe(day(2026, 2, 28))
    expect(parseQuery('on:1y', { now: new Date(2024, 1, 29, 9) }).filters.on).toEqual({ start: day(2023, 2, 28), end: day(2023, 3, 1) })
  })

  it('uses the real clock when no `now` is given', () => {
    const d = new Date()
    expect(parseQuery('on:today').filters.on?.start).toBe(new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime())
  })

  it('keeps the last of a repeated single-valued filter, with a warning', () => {
    const r = parse('rating:2 rating:4')
    expect(r.filters.rating).toEqual({ op: '=', value: 4 })
    expect(r.warnings).toEqual(['rating: was given more than once; the last one counts.'])
  })

  it('does not count an ignored value as the first of a repeat', () => {
    const r = parse('rating:9 rating:4')
    expect(r.filters.rating).toEqual({ op: '=', value: 4 })
    expect(r.warnings).toHaveLength(1)
  })

  it('warns when after: is not before before:', () => {
    expect(parse('after:2026-02-01 before:2026-01-01').warnings).toEqual(['The after: date is not before the before: date, so nothing can match.'])
  })
})

describe('filters: bad values are ignored with a warning', () => {
  const cases: [string, string][] = [
    ['rating:9', 'rating must be a whole number 0–5'],
    ['rating:2.5', 'rating must be a whole number 0–5'],
    ['rating:-1', 'rating must be a whole number 0–5'],
    ['rating:>>3', 'rating must be a whole number 0–5'],
    ['rating:abc', 'rating must be a whole number 0–5'],
    ['after:2026-13-45', 'dates must be YYYY-MM-DD'],
    ['after:2026-02-30', 'dates must be YYYY-MM-DD'],
    ['before:2026-00', 'dates must be YYYY-MM-DD'],
    ['before:1969-12-31', 'dates must be YYYY-MM-DD'],
    ['on:10000-01-01', 'dates must be YYYY-MM-DD'],
    ['on:2026-01-', 'dates must be YYYY-MM-DD'],
    ['on:tomorrow', 'dates must be YYYY-MM-DD'],
    ['after:9999y', 'dates must be YYYY-MM-DD'],
    ['after:01/02/2026', 'dates must be YYYY-MM-DD'],
    ['aspect:5:4', 'aspect must be one of 1:1, 3:4, 4:3, 9:16, 16:9'],
    ['aspect:16x9', 'aspect must be one of'],
    ['format:gif', 'format must be png, jpg or webp'],
    ['cost:abc', 'cost must be an amount in US dollars'],
    ['cost:-1', 'cost must be an amount in US dollars'],
    ['cost:>>1', 'cost must be an amount in US dollars'],
    ['cost:1e3', 'cost must be an amount in US dollars'],
    ['status:x', 'status must be one of queued, submitting, running, downloading, succeeded, failed, canceled, interrupted'],
    ['size:0x768', 'size must be WIDTHxHEIGHT'],
    ['size:1408', 'size must be WIDTHxHEIGHT'],
    ['size:big', 'size must be WIDTHxHEIGHT'],
    ['has:cats', 'use has:refs'],
    ['in:inbox', 'use in:trash'],
    ['sort:best', 'sort must be one of newest, oldest, rating, cost'],
    ['id:0', 'id must be a positive whole number'],
    ['id:1.5', 'id must be a positive whole number'],
    ['id:1,,2', 'id must be a positive whole number'],
    ['id:99999999999999999999', 'id must be a positive whole number'],
    ['fav:maybe', 'use fav:yes or fav:no'],
    ['tag:', 'it needs a value'],
    ['tag:""', 'it needs a value'],
    ['col:"   "', 'it needs a value'],
    ['-fav:yes', 'only -tag: and -has: can be negated'],
    ['-rating:5', 'only -tag: and -has: can be negated'],
    ['-in:trash', 'only -tag: and -has: can be negated'],
    ['-format:png', 'only -tag: and -has: can be negated']
  ]
  it.each(cases)('%s', (q, problem) => {
    const r = parse(q)
    expect(r.filters).toEqual(EMPTY)
    expect(r.text).toEqual([])
    expect(r.warnings).toHaveLength(1)
    expect(r.warnings[0]).toContain(`Ignored ${q} — `)
    expect(r.warnings[0]).toContain(problem)
  })

  it('keeps the good filters and text around a bad one', () => {
    const r = parse('fox rating:9 tag:cats')
    expect(r.text).toEqual([word('fox')])
    expect(r.filters).toEqual({ ...EMPTY, tags: ['cats'] })
    expect(r.warnings).toEqual(['Ignored rating:9 — rating must be a whole number 0–5, optionally after =, >, >=, < or <=.'])
  })
})

describe('text terms', () => {
  const cases: [string, TextTerm[], number][] = [
    // query, terms, number of warnings
    ['red fox', [word('red'), word('fox')], 0],
    ['  red\t\nfox  ', [word('red'), word('fox')], 0],
    ['"red fox"', [phrase('red fox')], 0],
    ['"  red   fox "', [phrase('red fox')], 0],
    ['fox*', [prefix('fox')], 0],
    ['fox**', [prefix('fox')], 0],
    ['a*b', [word('a*b')], 0],
    ['*fox', [word('*fox')], 0],
    ['*', [], 1],
    ['red *** fox', [word('red'), word('fox')], 1],
    ['-dog', [word('dog', true)], 0],
    ['-"dog park"', [phrase('dog park', true)], 0],
    ['-fox*', [prefix('fox', true)], 0],
    ['+cat', [word('cat')], 0],
    ['+-cat', [word('cat', true)], 0],
    ['- + --', [], 0],
    ['e-mail', [word('e-mail')], 0],
    ['"say \\"hi\\""', [phrase('say "hi"')], 0],
    ['"back\\\\slash"', [phrase('back\\slash')], 0],
    ['"a\\b"', [phrase('a\\b')], 0],
    ['don"t', [word('don"t')], 0],
    ['"red"fox', [phrase('red'), word('fox')], 0],
    ['""', [], 0],
    ['red "fox tail', [word('red'), phrase('fox tail')], 1],
    ['"', [], 1],
    ['AND OR NOT NEAR', [word('AND'), word('OR'), word('NOT'), word('NEAR')], 0],
    ['NEAR(a b)', [word('NEAR(a'), word('b)')], 0],
    ['c++', [word('c++')], 0],
    ['—', [], 1],
    ['red — fox', [word('red'), word('fox')], 1],
    ['🦊', [word('🦊')], 0],
    ['cafe\u0301', [word('café')], 0],
    ['red\u0000fox\u0007', [word('redfox')], 0],
    ['\u202Eevil\u202C', [word('evil')], 0],
    ['bad\uD800surrogate', [word('badsurrogate')], 0],
    // Unknown keys are text.
    ['http://example.com/a', [word('http://example.com/a')], 0],
    ['12:30', [word('12:30')], 0],
    ['foo:bar', [word('foo:bar')], 1],
    ['"tag:cats"', [phrase('tag:cats')], 0],
    ['tags:cats', [word('tags:cats')], 1],
    [':tag', [word(':tag')], 0]
  ]
  it.each(cases)('%j', (q, terms, warnings) => {
    const r = parse(q)
    expect(r.text).toEqual(terms)
    expect(r.filters).toEqual(EMPTY)
    expect(r.warnings).toHaveLength(warnings)
  })

  it('explains each warning in words', () => {
    expect(parse('red "fox').warnings).toEqual(['A quote was not closed, so it was read to the end of the search.'])
    expect(parse('*').warnings).toEqual(['A lone * was ignored: put it right after a word, as in fox*.'])
    expect(parse('foo:bar').warnings).toEqual(['"foo:" is not a filter, so "foo:bar" was searched as text.'])
    expect(parse('(—)').warnings).toEqual(['Ignored "(—)": it has no letters or digits to search for.'])
  })

  it('keeps warnings few and short', () => {
    const r = parse(`${'* '.repeat(20)}${Array.from({ length: 20 }, (_x, i) => `rating:${10 + i}`).join(' ')} tag:"${'long '.repeat(50)}`)
    expect(r.warnings).toHaveLength(10)
    expect(r.warnings[0]).toBe('A lone * was ignored: put it right after a word, as in fox*.')
    expect(r.warnings[9]).toBe('…and 13 more problems.')
    expect(parse('foo:' + 'x'.repeat(500)).warnings[0]).toBe(`"foo:" is not a filter, so "foo:${'x'.repeat(35)}…" was searched as text.`)
    for (const w of parse(`rating:${'9'.repeat(500)}`).warnings) expect(w.length).toBeLessThan(150)
  })

  it('reads a filter with an unclosed quoted value to the end, with a warning', () => {
    const r = parse('fox tag:"two words')
    expect(r.filters.tags).toEqual(['two words'])
    expect(r.text).toEqual([word('fox')])
    expect(r.warnings).toHaveLength(1)
  })

  it('mixes text and filters in any order', () => {
    const r = parse('red tag:cats "big fox" fav:yes -dog after:2026-01-01 fox*')
    expect(r.text).toEqual([word('red'), phrase('big fox'), word('dog', true), prefix('fox')])
    expect(r.filters).toEqual({ ...EMPTY, tags: ['cats'], favorite: true, after: day(2026, 1, 1) })
    expect(r.warnings).toEqual([])
  })

  it('keeps the first 32 terms', () => {
    const words = Array.from({ length: 40 }, (_x, i) => `w${i}`)
    const r = parse(words.join(' '))
    expect(r.text.map((t) => t.value)).toEqual(words.slice(0, 32))
    expect(r.warnings).toEqual(['Only the first 32 search words are used.'])
  })
})

describe('length limit', () => {
  it('rejects more than MAX_QUERY_LENGTH characters with a clear QueryError', () => {
    const run = () => parse('a'.repeat(10_000))
    expect(run).toThrow(QueryError)
    expect(run).toThrow('Search is too long (at most 1000 characters)')
    const err = (() => {
      try {
        parse('x '.repeat(600))
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(QueryError)
    expect(err).toMatchObject({ code: 'VALIDATION', name: 'QueryError' })
  })

  it('counts after trimming', () => {
    expect(MAX_QUERY_LENGTH).toBe(1000)
    expect(() => parse(`   ${'a'.repeat(1000)}   `)).not.toThrow()
    expect(() => parse('a'.repeat(1001))).toThrow(QueryError)
  })

  it('parses and runs 999 characters of FTS5 syntax soup', () => {
    const soup = '"*():^-+{} NEAR/2 AND OR NOT \\\' a:b -x* ^"c" '.repeat(30).slice(0, 999)
    expect(soup).toHaveLength(999)
    const r = parse(soup)
    expect(r.text.length).toBeGreaterThan(0)
    const expr = toFtsMatch(r.text)
    expect(expr).not.toBeNull()
    expect(() => matchT.all(expr ?? '')).not.toThrow()
    expect(() => matchApp.all(expr ?? '')).not.toThrow()
  })
})

describe('toFtsMatch', () => {
  it('quotes every term and doubles quotes', () => {
    expect(toFtsMatch([word('red'), phrase('red fox'), prefix('fox'), word('dog', true), phrase('say "hi"', true)])).toBe(
      '"red" "red fox" "fox"* NOT "dog" NOT "say ""hi"""'
    )
    expect(toFtsMatch([word('AND'), word('NEAR(a'), word('b)*')])).toBe('"AND" "NEAR(a" "b)*"')
  })

  it('returns null when nothing positive is left', () => {
    expect(toFtsMatch([])).toBeNull()
    expect(toFtsMatch([word('dog', true)])).toBeNull()
    expect(toFtsMatch([word('   '), phrase(''), word('—'), word('()')])).toBeNull()
    expect(toFtsMatch([word('—'), word('dog', true)])).toBeNull()
  })

  it('cleans values it did not parse itself', () => {
    expect(toFtsMatch([word('a\u0000b'), phrase(' x \n y ')])).toBe('"ab" "x y"')
  })

  it('uses at most 32 terms (FTS5 rejects expression trees deeper than 256)', () => {
    const many = Array.from({ length: 400 }, (_x, i) => word(`w${i}`, i % 2 === 1))
    const expr = toFtsMatch(many) ?? ''
    expect(expr.match(/"/g)).toHaveLength(64)
    expect(() => rows(expr)).not.toThrow()
  })

  it('toFtsExclusion ORs the negated terms', () => {
    expect(toFtsExclusion([word('red'), word('dog', true), prefix('pan', true)])).toBe('"dog" OR "pan"*')
    expect(toFtsExclusion([word('red')])).toBeNull()
  })

  it('finds what the user meant in a real FTS5 table', () => {
    const cases: [string, number[]][] = [
      ['red fox', [1, 2]],
      ['"red fox"', [1]],
      ['fox*', [1, 2, 7, 8]],
      ['red -panda', [1, 2]],
      ['red -"red fox"', [2, 3]],
      ['fox -red -fox*', []],
      ['creme brulee', [4]],
      ['c++', [4]],
      ['AND OR NOT NEAR', [5]],
      ['"say \\"hi\\""', [6]],
      ['red — fox', [1, 2]],
      ['🦊', [8]],
      ['tag:x RED', [1, 2, 3]]
    ]
    for (const [q, expected] of cases) expect([q, rows(toFtsMatch(parse(q).text) ?? '')]).toEqual([q, expected])
    // Only negated terms: the SQL builder excludes the rows the exclusion matches.
    const neg = parse('-panda -dog').text
    expect(toFtsMatch(neg)).toBeNull()
    expect(rows(toFtsExclusion(neg) ?? '')).toEqual([3, 6])
  })

  it('drops exactly the characters the unicode61 tokenizer ignores (ASCII, Latin-1, General Punctuation)', () => {
    db.exec(`CREATE VIRTUAL TABLE probe USING fts5(a, tokenize='unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE probe_vocab USING fts5vocab(probe, 'instance');`)
    const insert = db.prepare('INSERT INTO probe (rowid, a) VALUES (?, ?)')
    const codePoints = [...Array.from({ length: 0x100 }, (_x, i) => i), ...Array.from({ length: 0x70 }, (_x, i) => 0x2000 + i)]
    for (const cp of codePoints) insert.run(cp + 1, `x${String.fromCodePoint(cp)}x`)
    const tokens = new Map<number, number>()
    for (const r of db.prepare<[], { doc: number; n: number }>('SELECT doc, count(*) AS n FROM probe_vocab GROUP BY doc').all()) tokens.set(r.doc - 1, r.n)
    let dropped = 0
    const mismatches: string[] = []
    for (const cp of codePoints) {
      const ch = String.fromCodePoint(cp)
      if (toFtsMatch([word(`a${ch}b`)]) === '"ab"') continue // control and bidi characters: removed while cleaning
      const kept = toFtsMatch([word(ch)]) !== null
      // `xCx` is one token when C is a token character, two ("x", "x") when it is a separator.
      if (kept !== (tokens.get(cp) === 1)) mismatches.push(cp.toString(16))
      if (!kept) dropped++
    }
    expect(mismatches).toEqual([])
    expect(dropped).toBeGreaterThan(150)
  })
})

describe('describeQuery', () => {
  const cases: [string, string][] = [
    ['', 'all images'],
    ['red fox', 'words red fox'],
    ['"red fox" tag:cats fav:yes after:2026-01-01', 'words "red fox", tag cats, favourites, after 2026-01-01'],
    [
      'fox* -dog -"dog park" tag:a tag:"b c" -tag:x -tag:y fav:no col:"Trip 2026" aspect:16:9 size:1024x1024 format:png format:webp before:2026-02-01 on:2026-01',
      'words fox*, without dog "dog park", tags a, "b c", not tagged x or y, not favourites, collection "Trip 2026", aspect 16:9, size 1024×1024, format png or webp, before 2026-02-01, in 2026-01'
    ],
    ['on:2026-01-15 rating:>=3 cost:>0.02 has:refs', 'on 2026-01-15, rating >= 3, cost > $0.02, with references'],
    ['on:2026 rating:5 cost:0 -has:refs status:failed status:canceled', 'in 2026, rating 5, cost $0, without references, status failed or canceled'],
    ['id:7 in:trash sort:oldest', 'id 7, in trash, oldest first'],
    ['id:7,8 sort:rating col:a col:b', 'collections a, b, ids 7, 8, sorted by rating']
  ]
  it.each(cases)('%s', (q, summary) => expect(describeQuery(parse(q))).toBe(summary))

  it('describes ranges the parser did not make', () => {
    const q: ParsedQuery = { text: [], filters: { ...EMPTY, on: { start: day(2026, 1, 10), end: day(2026, 1, 20) } }, warnings: [] }
    expect(describeQuery(q)).toBe('from 2026-01-10 until 2026-01-20')
  })
})

describe('QUERY_HELP', () => {
  it('has examples (alternatives two spaces apart) that all parse cleanly to something', () => {
    expect(QUERY_HELP.length).toBeGreaterThanOrEqual(15)
    for (const { example, meaning } of QUERY_HELP) {
      for (const alternative of example.split(/ {2,}/)) {
        const r = parse(alternative)
        expect([alternative, r.warnings]).toEqual([alternative, []])
        expect(describeQuery(r)).not.toBe('all images')
      }
      expect(meaning.length).toBeGreaterThan(5)
    }
  })
})


const PIECES = [
  '"', '"', '"', '*', '*', '(', ')', ':', '^', '-', '-', '+', '{', '}', '\\', '\\"', "'", '.', ',', '/', '|', '&', '=', '>', '<', '>=', '$', '#', '%', '@', '!', '?', '[', ']', ';', '`', '~',
  'NEAR', 'NEAR/3', 'NEAR(', 'AND', 'OR', 'NOT', 'and', 'not', 'a', 'x', 'fox', 'red', 'c++', '0', '9', '2026-01-01', '16:9', '1408x768', '_',
  ' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u3000',
  'é', 'e\u0301', 'ß', 'İ', '日本', 'ق', 'Ω', '—', '…', '“', '”', '«', '\u00ad', '\u200b', '\u200d', '\ufeff', '\ufe0f',
  '🦊', '👩‍👩‍👧', '🇫🇷', '\ud83e', '\udd8a', '\ud800', '\udfff', '\uffff', '\ue000',
  '\u0000', '\u0001', '\u0008', '\u001b', '\u001f', '\u007f', '\u0085', '\u202e', '\u2066',
  'tag:', 'tag:"', '-tag:', 'fav:', 'fav:yes', 'rating:', 'rating:>=', 'after:', 'on:', 'aspect:', 'col:"', 'has:refs', '-has:', 'id:', 'size:', 'format:', 'sort:', 'in:', 'status:', 'cost:>', 'foo:', 'http://'
]

function randomQuery(next: () => number): string {
  const pick = (): string => PIECES[Math.floor(next() * PIECES.length)] ?? ''
  const r = next()
  if (r < 0.05) return pick().repeat(Math.floor(next() * 600) + 100) // long runs, often past the limit
  let s = ''
  const pieces = Math.floor(next() * (r < 0.15 ? 300 : 40))
  for (let i = 0; i < pieces; i++) s += next() < 0.08 ? pick().repeat(Math.floor(next() * 30) + 2) : pick()
  return s
}

describe('hostile input', () => {
  it('never throws except QueryError for length, and every FTS5 expression runs', () => {
    const next = prng(0x5eed)
    let expressions = 0
    let tooLong = 0
    for (let n = 0; n < 4000; n++) {
      const input = randomQuery(next)
      let parsed: ParsedQuery
      try {
        parsed = parseQuery(input, { now: NOW })
      } catch (e) {
        expect(e).toBeInstanceOf(QueryError)
        expect(input.trim().length).toBeGreaterThan(MAX_QUERY_LENGTH)
        tooLong++
        continue
      }
      expect(input.trim().length).toBeLessThanOrEqual(MAX_QUERY_LENGTH)
      expect(parsed.text.length).toBeLessThanOrEqual(32)
      for (const t of parsed.text) {
        expect(t.value).toBe(t.value.trim())
        expect(t.value).not.toBe('')
        expect(t.value).toBe(t.value.normalize('NFC'))
        expect(t.value).not.toMatch(/\p{Cc}/u)
        expect(t.value).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
      }
      expect(typeof describeQuery(parsed)).toBe('string')
      for (const expr of [toFtsMatch(parsed.text), toFtsExclusion(parsed.text)]) {
        if (expr === null) continue
        expressions++
        try {
          matchT.all(expr)
          matchApp.all(expr)
        } catch (e) {
          throw new Error(`FTS5 rejected ${JSON.stringify(expr)} from ${JSON.stringify(input)}: ${String(e)}`, { cause: e })
        }
      }
    }
    // The generator must actually exercise both paths.
    expect(expressions).toBeGreaterThan(3000)
    expect(tooLong).toBeGreaterThan(50)
  })

  it('toFtsMatch is safe for terms it did not parse', () => {
    const next = prng(42)
    const kinds = ['word', 'phrase', 'prefix'] as const
    let expressions = 0
    for (let n = 0; n < 1500; n++) {
      const terms: TextTerm[] = Array.from({ length: Math.floor(next() * 40) }, () => ({
        kind: kinds[Math.floor(next() * 3)] ?? 'word',
        value: randomQuery(next).slice(0, 200),
        negated: next() < 0.3
      }))
      for (const expr of [toFtsMatch(terms), toFtsExclusion(terms)]) {
        if (expr === null) continue
        expressions++
        expect(() => matchT.all(expr), `${JSON.stringify(expr)}`).not.toThrow()
      }
    }
    expect(expressions).toBeGreaterThan(1000)
  })
})

describe('filterToken', () => {
  it('writes a tag or collection so the parser reads back exactly that value', () => {
    expect(filterToken('tag', 'cats')).toBe('tag:cats')
    expect(filterToken('tag', 'two words')).toBe('tag:"two words"')
    expect(filterToken('collection', 'say "hi"')).toBe('collection:"say \\"hi\\""')
    const values = ['cats', 'two words', 'say "hi"', 'back\\slash', 'end\\', '"', 'a:b', '-x', 'ünïcode 🦊', 'fox*']
    for (const value of values) {
      expect(parseQuery(filterToken('tag', value)).filters.tags).toEqual([value])
      expect(parseQuery(filterToken('collection', value)).filters.collections).toEqual([value])
      expect(parseQuery(`${filterToken('tag', value)} fav:yes`).filters.favorite).toBe(true)
    }
  })
})
