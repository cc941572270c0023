/**
 * The A1111 "infotext" (`parameters`), the text most image tools and sites read: the prompt, then
 * one line of `Key: value` pairs joined by ", ". A value holding `,`, `:` or a newline is written
 * as a JSON string (A1111's `quote()`), everything else raw. A1111 reads the last line as
 * parameters only if it holds at least 3 pairs, so `Version` is always written; only true values
 * otherwise (Grok has no steps, sampler or CFG: we never invent them). The parser follows A1111's
 * `parse_generation_parameters` (shared/reference/metadata.md §1.1) except that it keeps each
 * prompt line as written (A1111 strips them), so our own texts round-trip exactly.
 */

export interface ParametersInput {
  prompt: string
  model: string
  width: number
  height: number
  seed: number | null
  /** Our version, for `Version: Imagine Studio X.Y.Z`. */
  appVersion?: string
}

export interface ParsedParameters {
  prompt: string
  negativePrompt: string | null
  params: Record<string, string>
}

export const APP_NAME = 'Imagine Studio'

/** A1111's `re_param`, with Python's Unicode `\w` spelled out. */
const RE_PARAM = /\s*([\p{L}\p{N}_][\p{L}\p{N}_ \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)/gu
const NEGATIVE = 'Negative prompt:'

/** A1111's `quote()`: JSON (non-ASCII kept as is) when the value holds `,`, `:` or a newline. */
export function quoteValue(value: string): string {
  return /[,:\n]/.test(value) ? JSON.stringify(value) : value
}

const positiveInt = (n: number): boolean => Number.isSafeInteger(n) && n > 0

export function appTool(appVersion?: string): string {
  return appVersion ? `${APP_NAME} ${appVersion}` : APP_NAME
}

/** The `Key: value` pairs we know to be true: Size, Model, Seed, then Version (A1111 also ends with it). */
export function parameterPairs(r: ParametersInput): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  if (positiveInt(r.width) && positiveInt(r.height)) pairs.push(['Size', `${r.width}x${r.height}`])
  if (r.model.trim() !== '') pairs.push(['Model', r.model])
  if (r.seed !== null && Number.isSafeInteger(r.seed)) pairs.push(['Seed', String(r.seed)])
  pairs.push(['Version', appTool(r.appVersion)])
  return pairs
}

export function formatParameters(r: ParametersInput): string {
  const line = parameterPairs(r)
    .map(([k, v]) => `${k}: ${quoteValue(v)}`)
    .join(', ')
  return `${r.prompt}\n${line}`.trim()
}

function unquote(v: string): string {
  if (v.length < 2 || v[0] !== '"' || v[v.length - 1] !== '"') return v.trim()
  try {
    const parsed: unknown = JSON.parse(v)
    return typeof parsed === 'string' ? parsed : v
  } catch {
    return v
  }
}

export function parseParameters(text: string): ParsedParameters {
  const lines = text.trim().split('\n')
  let last = lines.pop() ?? ''
  if ([...last.matchAll(RE_PARAM)].length < 3) {
    lines.push(last)
    last = ''
  }
  const prompt: string[] = []
  const negative: string[] = []
  for (const line of lines) {
    const start = line.trimStart()
    if (negative.length === 0 && start.startsWith(NEGATIVE)) negative.push(start.slice(NEGATIVE.length).trim())
    else (negative.length > 0 ? negative : prompt).push(line)
  }
  const params: Record<string, string> = {}
  for (const m of last.matchAll(RE_PARAM)) params[m[1]!] = unquote(m[2]!)
  return { prompt: prompt.join('\n'), negativePrompt: negative.length > 0 ? negative.join('\n') : null, params }
}
