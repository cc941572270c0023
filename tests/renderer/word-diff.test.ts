import { describe, expect, it } from 'vitest'
import { type DiffSegment, diffWords, markPrompts, tokenize } from '../../renderer/src/lib/word-diff'

/** The changed runs, trimmed, in order. */
const marked = (segments: DiffSegment[]): string[] => segments.filter((s) => s.changed).map((s) => s.text.trim())
const joined = (segments: DiffSegment[]): string => segments.map((s) => s.text).join('')

describe('tokenize', () => {
  it('splits words, punctuation and whitespace, keeping inner apostrophes and hyphens in a word', () => {
    expect(tokenize("a fox's  well-lit den, at 4k!").map((t) => t.text)).toEqual(['a', ' ', "fox's", '  ', 'well-lit', ' ', 'den', ',', ' ', 'at', ' ', '4k', '!'])
    expect(tokenize('  ').map((t) => t.space)).toEqual([true])
    expect(tokenize('')).toEqual([])
  })

  it('keeps letters with accents and other scripts together', () => {
    expect(tokenize('café 東京 naïve').filter((t) => !t.space).map((t) => t.text)).toEqual(['café', '東京', 'naïve'])
  })
})

describe('diffWords', () => {
  it('finds nothing between equal prompts, and whitespace alone is no difference', () => {
    const d = diffWords('a red fox in the snow', 'a  red fox\nin the snow')
    expect(marked(d.a)).toEqual([])
    expect(marked(d.b)).toEqual([])
    expect(d.exact).toBe(true)
  })

  it('marks an inserted word in the second prompt only', () => {
    const d = diffWords('a fox in the snow', 'a red fox in the snow')
    expect(marked(d.a)).toEqual([])
    expect(marked(d.b)).toEqual(['red'])
  })

  it('marks a deleted word in the first prompt only', () => {
    const d = diffWords('a red fox in the snow', 'a fox in the snow')
    expect(marked(d.a)).toEqual(['red'])
    expect(marked(d.b)).toEqual([])
  })

  it('marks a replacement on both sides, joining neighbouring changed words into one run', () => {
    const d = diffWords('a red fox in the snow', 'a big grey fox in the rain')
    expect(marked(d.a)).toEqual(['red', 'snow'])
    expect(marked(d.b)).toEqual(['big grey', 'rain'])
  })

  it('a reordered word is deleted where it was and inserted where it went; the rest stays common', () => {
    const d = diffWords('red fox, snowy forest', 'fox, snowy red forest')
    expect(marked(d.a)).toEqual(['red'])
    expect(marked(d.b)).toEqual(['red'])
  })

  it('compares punctuation as its own token, so a comma is a difference and the word beside it is not', () => {
    const d = diffWords('a fox, in the snow', 'a fox in the snow.')
    expect(marked(d.a)).toEqual([','])
    expect(marked(d.b)).toEqual(['.'])
  })

  it('is case-sensitive (the prompt was sent as written)', () => {
    expect(marked(diffWords('A fox', 'a fox').b)).toEqual(['a'])
  })

  it('keeps every character of both prompts in their runs', () => {
    const a = ' leading, and  trailing  '
    const b = 'leading and trailing; more\n'
    const d = diffWords(a, b)
    expect(joined(d.a)).toBe(a)
    expect(joined(d.b)).toBe(b)
  })

  it('handles empty prompts', () => {
    expect(marked(diffWords('', 'a fox').b)).toEqual(['a fox'])
    expect(marked(diffWords('a fox', '').a)).toEqual(['a fox'])
    expect(diffWords('', '')).toEqual({ a: [], b: [], exact: true })
  })

  it('aligns long prompts that differ in the middle exactly within the default bound', () => {
    const words = Array.from({ length: 700 }, (_, i) => `w${i}`)
    const a = words.join(' ')
    const b = [...words.slice(0, 300), 'inserted', ...words.slice(300, 500), ...words.slice(501)].join(' ')
    const d = diffWords(a, b)
    expect(d.exact).toBe(true)
    expect(marked(d.a)).toEqual(['w500'])
    expect(marked(d.b)).toEqual(['inserted'])
  })

  it('past the cell bound, matches the common head and tail and marks the whole middle (inexact)', () => {
    const a = ['start', 'here', ...Array.from({ length: 200 }, (_, i) => `a${i}`), 'same', 'end'].join(' ')
    const b = ['start', 'here', ...Array.from({ length: 200 }, (_, i) => `b${i}`), 'same', 'end'].join(' ')
    const d = diffWords(a, b, { maxCells: 1000 })
    expect(d.exact).toBe(false)
    expect(marked(d.a)).toHaveLength(1)
    expect(marked(d.a)[0]).toMatch(/^a0 a1 .* a199$/)
    expect(joined(d.a).startsWith('start here ')).toBe(true)
    expect(d.a.at(-1)).toEqual({ text: ' same end', changed: false })
  })

  it('two maximum-length prompts (4000 characters each) with nothing in common stay inside the bound', () => {
    const a = 'ab '.repeat(1333)
    const b = 'cd '.repeat(1333)
    // 1333 × 1333 words is ~1.8 M cells: over the default bound, so not aligned.
    const d = diffWords(a, b)
    expect(d.exact).toBe(false)
    expect(marked(d.a)).toHaveLength(1)
  })
})

describe('markPrompts', () => {
  it('for two prompts marks what diffWords marks', () => {
    const [a, b] = markPrompts(['a red fox in the snow', 'a big fox in the rain'])
    expect(marked(a!.segments)).toEqual(['red', 'snow'])
    expect(marked(b!.segments)).toEqual(['big', 'rain'])
  })

  it('leaves unmarked only the words every prompt shares', () => {
    const out = markPrompts(['a red fox at dawn', 'a red fox at dusk', 'a grey fox at dawn'])
    expect(out.map((o) => marked(o.segments))).toEqual([['red', 'dawn'], ['red', 'dusk'], ['grey', 'dawn']])
  })

  it('marks nothing when all prompts are equal', () => {
    const out = markPrompts(['same words', 'same words', 'same words', 'same words'])
    expect(out.every((o) => marked(o.segments).length === 0)).toBe(true)
  })

  it('a missing prompt has no runs and does not mark the others', () => {
    const out = markPrompts(['a fox', null, 'a fox'])
    expect(out[1]!.segments).toEqual([])
    expect(marked(out[0]!.segments)).toEqual([])
  })
})
