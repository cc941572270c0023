/**
 * Word-level prompt differences for Compare. Pure.
 *
 * A prompt is split into tokens: words (letters, digits, inner apostrophes and
 * hyphens), single punctuation marks, and runs of whitespace. Whitespace is kept
 * for display but never compared, so a double space is not a difference; words
 * and punctuation compare exactly (case included: it is what was sent).
 *
 * `diffWords(a, b)` is the longest common subsequence of the two token lists:
 * every token of `a` outside it was deleted, every token of `b` outside it was
 * inserted. A moved word is a deletion in one and an insertion in the other.
 * The work is bounded: the common head and tail are matched first, then the
 * middle by dynamic programming unless it would need more than `maxCells` table
 * cells, in which case the whole middle counts as changed (`exact: false`).
 *
 * `markPrompts(prompts)` does the same for 2–4 prompts at once: a token is
 * marked when some other prompt does not have it in its common subsequence with
 * this one, so an unmarked token is shared by all of them, in order.
 */

export interface Token {
  text: string
  /** Whitespace: shown, never compared, never marked. */
  space: boolean
}

export interface DiffSegment {
  text: string
  /** Whether this run differs (deleted from `a`, or inserted in `b`). */
  changed: boolean
}

export interface WordDiff {
  /** `a` in runs, changed ones being tokens `b` does not have. */
  a: DiffSegment[]
  /** `b` in runs, changed ones being tokens `a` does not have. */
  b: DiffSegment[]
  /** False when the middle was too large to align and counts as changed as a whole. */
  exact: boolean
}

/** Table cells (n × m) the alignment may use: 1.5 M is ~6 MB and a few ms. */
export const DEFAULT_MAX_CELLS = 1_500_000

const TOKEN = /\s+|[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*|[^\s]/gu

export function tokenize(text: string): Token[] {
  const out: Token[] = []
  for (const match of text.matchAll(TOKEN)) out.push({ text: match[0], space: /^\s/.test(match[0]) })
  return out
}

/**
 * Which compared tokens of `a` and `b` are in their longest common subsequence.
 * `a` and `b` are the compared (non-space) token texts.
 */
function commonFlags(a: readonly string[], b: readonly string[], maxCells: number): { inA: Uint8Array; inB: Uint8Array; exact: boolean } {
  const inA = new Uint8Array(a.length)
  const inB = new Uint8Array(b.length)
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) {
    inA[head] = 1
    inB[head] = 1
    head++
  }
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    inA[a.length - 1 - tail] = 1
    inB[b.length - 1 - tail] = 1
    tail++
  }
  const n = a.length - head - tail
  const m = b.length - head - tail
  if (n === 0 || m === 0) return { inA, inB, exact: true }
  if ((n + 1) * (m + 1) > maxCells) return { inA, inB, exact: false }

  // Interned ids make the inner loop integer compares.
  const ids = new Map<string, number>()
  const id = (t: string): number => {
    let v = ids.get(t)
    if (v === undefined) ids.set(t, (v = ids.size))
    return v
  }
  const x = Int32Array.from({ length: n }, (_, i) => id(a[head + i]!))
  const y = Int32Array.from({ length: m }, (_, j) => id(b[head + j]!))
  // lengths[i][j] = LCS of x[i..] and y[j..], row-major with a stride of m + 1.
  const stride = m + 1
  const lengths = new Uint32Array((n + 1) * stride)
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * stride + j] =
        x[i] === y[j] ? lengths[(i + 1) * stride + j + 1]! + 1 : Math.max(lengths[(i + 1) * stride + j]!, lengths[i * stride + j + 1]!)
    }
  }
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      inA[head + i] = 1
      inB[head + j] = 1
      i++
      j++
    } else if (lengths[(i + 1) * stride + j]! >= lengths[i * stride + j + 1]!) {
      i++
    } else {
      j++
    }
  }
  return { inA, inB, exact: true }
}

/** Runs of tokens with their changed flag. Whitespace between two changed tokens joins their run ("big red" is one mark); elsewhere it is unchanged. */
function segments(tokens: readonly Token[], changedAt: (compared: number) => boolean): DiffSegment[] {
  let k = 0
  const flags = tokens.map((t) => (t.space ? null : changedAt(k++)))
  // The nearest compared token's flag after each position (a right-to-left pass).
  const after: (boolean | null)[] = new Array<boolean | null>(tokens.length)
  let next: boolean | null = null
  for (let i = tokens.length - 1; i >= 0; i--) {
    after[i] = next
    next = flags[i] ?? next
  }
  const out: DiffSegment[] = []
  let before: boolean | null = null
  for (let i = 0; i < tokens.length; i++) {
    const own = flags[i] ?? null
    const changed = own ?? (before === true && after[i] === true)
    if (own !== null) before = own
    const last = out[out.length - 1]
    if (last && last.changed === changed) last.text += tokens[i]!.text
    else out.push({ text: tokens[i]!.text, changed })
  }
  return out
}

function compared(tokens: readonly Token[]): string[] {
  return tokens.filter((t) => !t.space).map((t) => t.text)
}

export function diffWords(a: string, b: string, options: { maxCells?: number } = {}): WordDiff {
  const ta = tokenize(a)
  const tb = tokenize(b)
  const { inA, inB, exact } = commonFlags(compared(ta), compared(tb), options.maxCells ?? DEFAULT_MAX_CELLS)
  return { a: segments(ta, (k) => inA[k] === 0), b: segments(tb, (k) => inB[k] === 0), exact }
}

/**
 * Each prompt in runs, a run marked when some other prompt lacks it (see the
 * header). A missing prompt (null) has no runs and marks nothing in the others
 * beyond what the rest disagree on.
 */
export function markPrompts(prompts: readonly (string | null)[], options: { maxCells?: number } = {}): { segments: DiffSegment[]; exact: boolean }[] {
  const maxCells = options.maxCells ?? DEFAULT_MAX_CELLS
  const tokens = prompts.map((p) => (p === null ? [] : tokenize(p)))
  const words = tokens.map(compared)
  const changed = words.map((w) => new Uint8Array(w.length))
  const exact = prompts.map(() => true)
  for (let i = 0; i < prompts.length; i++) {
    for (let j = i + 1; j < prompts.length; j++) {
      if (prompts[i] === null || prompts[j] === null) continue
      const flags = commonFlags(words[i]!, words[j]!, maxCells)
      for (let k = 0; k < flags.inA.length; k++) if (flags.inA[k] === 0) changed[i]![k] = 1
      for (let k = 0; k < flags.inB.length; k++) if (flags.inB[k] === 0) changed[j]![k] = 1
      if (!flags.exact) exact[i] = exact[j] = false
    }
  }
  return tokens.map((t, i) => ({ segments: segments(t, (k) => changed[i]![k] === 1), exact: exact[i]! }))
}
