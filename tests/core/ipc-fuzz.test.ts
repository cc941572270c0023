/**
 * Issue 7, "Proof": the audit's IPC fuzz, kept in the suite. A real core (real
 * database, real services, the fake Runware) gets a few thousand hostile argument
 * lists on every invoke channel, plus unknown channels. Every call must resolve to
 * a plain Result with a known code, never INTERNAL, never a stack trace or the data
 * dir in a message, and the core must be healthy afterwards.
 *
 * Deterministic: the PRNG is seeded (IPC_FUZZ_SEED replays another run, IPC_FUZZ_CALLS
 * raises the count). No network beyond the fake: URL references go through an
 * injected fetch that reaches only the fake's origin, and DNS is never asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../electron/core/log'
import { DEFAULT_EXPORT_SETTINGS } from '../../electron/shared/export'
import { INVOKE_CHANNELS, type InvokeArgs, type InvokeChannel } from '../../electron/shared/ipc-contract'
import { ERROR_CODES, type Result } from '../../electron/shared/result'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { tempDir } from '../helpers/db'
import { generateAndWait, makeCore, type TestCore } from '../helpers/generation'
import { prng } from '../helpers/prng'

const SEED = Number(process.env.IPC_FUZZ_SEED ?? 0x7f0221)
const CALLS_PER_CHANNEL = Number(process.env.IPC_FUZZ_CALLS ?? 140)
/** Generous: a call that takes this long is hanging, not slow. */
const PER_CALL_TIMEOUT_MS = 15_000
const MAX_MESSAGE_LENGTH = 1000

let fake: FakeRunware
let dir: { dir: string; cleanup: () => void }
let core: TestCore
const logLines: string[] = []

/** Only the fake is reachable; anything else fails the way an unreachable host does. */
const guardedFetch: typeof fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
  if (url.origin !== fake.origin) throw new TypeError('fetch failed')
  return fetch(input, init)
}

beforeAll(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  dir = tempDir('imagine-ipc-fuzz-')
  core = makeCore(fake, dir.dir, {
    log: createLogger('fuzz', (level, scope, message, data) => logLines.push(`${level} ${scope}: ${message} ${JSON.stringify(data ?? {})}`)),
    runware: {
      fetch: guardedFetch,
      lookup: async (host) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
      }
    }
  })
  // Real rows for the ids the fuzz names: images 1..4, a collection, a saved search.
  const done = await generateAndWait(core, { numberResults: 4 })
  expect(done.status).toBe('succeeded')
  core.library.createCollection('fuzz collection')
  core.library.saveSearch('fuzz search', 'lighthouse')
})
afterAll(async () => {
  await core?.close()
  await fake?.close()
  dir?.cleanup()
})

// ---------------------------------------------------------------- hostile values

const MB = 'A'.repeat(1024 * 1024)
const HUGE_IDS = Array.from({ length: 100_000 }, (_v, i) => i + 1)
function deep(levels: number, leaf: unknown): unknown {
  let v: unknown = leaf
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v]
  return v
}
const DEEP = deep(3000, 1)
const b64text = (text: string): string => Buffer.from(text).toString('base64url')
const b64 = (v: unknown): string => b64text(JSON.stringify(v))

const STRINGS: unknown[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  `rw_${'\u0000'.repeat(16)}`,
  MB,
  `${MB}\u0000`,
  'x'.repeat(4097),
  'q'.repeat(10_001),
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\system32\\config\\sam',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//etc/passwd',
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  '\\\\server\\share\\x.png',
  'file:///etc/passwd',
  'app://image/../../etc/passwd',
  'javascript:alert(1)',
  'http://127.0.0.1:1/x.png',
  'http://169.254.169.254/latest/meta-data/',
  'http://[::1]/x',
  'https://runware.ai/',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  "'; DROP TABLE images; --",
  '" OR 1=1 --',
  'NEAR(a b',
  '"unterminated',
  '*',
  'AND OR NOT',
  'tag:"x',
  'rating:>=99999999999999999999',
  'created:2024-13-45',
  '%_%',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u2066evil',
  '🦊'.repeat(100),
  'day',
  'trash',
  'null',
  'NaN',
  '-1',
  '1e309',
  b64text('[1e309,-1]'),
  b64([null, null]),
  b64(['x']),
  b64({ __proto__: 1 }),
  'not base64 !!!',
  'rw_valid_looking_key_0123456789'
]
const NUMBERS: unknown[] = [0, -0, 1, 2, 3, 4, 5, -1, -(2 ** 31), 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 2 ** 64, 1e308, -1e308, 5e-324, 0.5, 1.5, 99999999, NaN, Infinity, -Infinity]
const OTHERS: unknown[] = [
  undefined,
  null,
  true,
  false,
  1n,
  2n ** 64n,
  [],
  [[]],
  new Array(5),
  [NaN],
  [-1, 0],
  [1.5],
  [Infinity],
  ['1'],
  HUGE_IDS,
  [1, 1, 1, 1],
  {},
  Object.create(null) as unknown,
  JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown,
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}') as unknown,
  { toString: 'x', valueOf: 1, hasOwnProperty: null },
  DEEP,
  { kind: 'path', path: '/etc/passwd' },
  { kind: 'path', path: '../../library.db' },
  { kind: 'file', token: 'never-granted' },
  { kind: 'file', token: '__proto__' },
  { kind: 'url', url: 'file:///etc/passwd' },
  { kind: 'url', url: 'http://127.0.0.1:1/x.png' },
  { kind: 'url', url: 'http://10.0.0.1/x.png' },
  { kind: 'image', imageId: -1 },
  { kind: 'image', imageId: 1 },
  { kind: '__proto__' },
  new Date(0),
  new Date(NaN),
  new Map([['a', 1]]),
  new Set([1]),
  new Uint8Array([1, 2, 3]),
  new Uint32Array([1, 2]),
  new ArrayBuffer(8),
  /regex/g,
  new Error('an error object')
]

/**
 * An own key, as IPC's structured clone and JSON.parse deliver it: a plain assignment to
 * "__proto__" would set the prototype instead, which no message over IPC can do.
 */
function setOwn(o: object, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!

/** A hostile value: mostly from the lists above, sometimes a random nest of them. */
function hostile(rand: () => number, depth = 0): unknown {
  const r = rand()
  if (r < 0.35) return pick(rand, STRINGS)
  if (r < 0.6) return pick(rand, NUMBERS)
  if (r < 0.85 || depth > 2) return pick(rand, OTHERS)
  if (r < 0.92) return Array.from({ length: Math.floor(rand() * 4) }, () => hostile(rand, depth + 1))
  const o: Record<string, unknown> = {}
  for (let i = Math.floor(rand() * 4); i > 0; i--) setOwn(o, pick(rand, [...KEYS, 'x', 'kind', 'path']), hostile(rand, depth + 1))
  return o
}

/** Keys to set on objects: the real fields of the channels' arguments, and prototype names. */
const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'theme',
  'model',
  'concurrency',
  'sidebarCollapsed',
  'spellcheck',
  'prompt',
  'width',
  'height',
  'resolution',
  'numberResults',
  'outputType',
  'outputFormat',
  'outputQuality',
  'references',
  'safety',
  'ttl',
  'includeCost',
  'deliveryMethod',
  'webhookURL',
  'uploadEndpoint',
  'query',
  'section',
  'collectionId',
  'sort'
]

/** A valid argument list per channel, for the mutations to start from (so they reach past the first check). */
const VALID: { [C in InvokeChannel]: () => InvokeArgs<C> } = {
  'app:get-info': () => [],
  'app:report-error': () => [{ kind: 'error', message: 'boom', stack: 'Error: boom\n    at f (app.js:1:1)', source: 'app://studio/index.js', line: 1, column: 1 }],
  'app:open-logs-folder': () => [],
  'app:open-data-folder': () => [],
  'app:get-health': () => [],
  'settings:get': () => [],
  'settings:update': () => [{ theme: 'dark' }],
  'secrets:get-api-key-status': () => [],
  'secrets:set-api-key': () => [fake.apiKey],
  'secrets:clear-api-key': () => [],
  'shell:open-external': () => ['https://runware.ai/'],
  'library:get-stats': () => [],
  'generation:start': () => [pickStart()],
  'references:prepare': () => [{ kind: 'url', url: 'https://example.com/a.png' }],
  'generation:cancel': () => [1],
  'files:grant-path': () => ['/tmp/dropped.png'],
  'desktop:start-drag': () => [[1]],
  'desktop:copy-image': () => [1],
  'desktop:copy-text': () => ['a red fox'],
  'desktop:show-in-folder': () => [1],
  'generation:list': () => [],
  'generation:get-images': () => [1],
  'generation:get-recipe': () => [1],
  'generation:run-again': () => [1],
  'generation:resume': () => [1],
  'generation:clear-finished': () => [],
  'account:get-balance': () => [],
  'library:page': () => [{ query: 'fox', section: 'all', sort: 'newest' }, null, 10],
  'library:count': () => [{ section: 'favorites' }],
  'library:id-list': () => [{ collectionId: 1 }],
  'library:month-counts': () => [{ query: 'lighthouse' }],
  'library:get-images': () => [[1, 2]],
  'library:swatches': () => [[1, 2]],
  'library:set-favorite': () => [[1], true],
  'library:set-rating': () => [[2], 3],
  'library:set-note': () => [1, 'a note'],
  'library:add-tags': () => [[1], ['sky']],
  'library:remove-tags': () => [[1], ['sky']],
  'library:list-tags': () => [],
  'library:trash': () => [[3]],
  'library:restore': () => [[3]],
  'library:empty-trash': () => [],
  'library:delete-forever': () => [[3]],
  'library:lineage': () => [1],
  'library:list-collections': () => [],
  'library:create-collection': () => ['birds'],
  'library:rename-collection': () => [1, 'renamed'],
  'library:delete-collection': () => [2],
  'library:add-to-collection': () => [1, [1, 2]],
  'library:remove-from-collection': () => [1, [2]],
  'library:collection-membership': () => [[1, 2]],
  'library:cost-totals': () => ['month'],
  'library:prompts': () => ['a', 10],
  'library:prompt-list': () => [{ filter: 'a', sort: 'uses', direction: 'desc', offset: 0, limit: 10 }],
  'library:list-saved-searches': () => [],
  'library:save-search': () => ['mine', 'fox'],
  'library:delete-saved-search': () => [2],
  'library:rename-saved-search': () => [1, 'renamed search'],
  'library:reorder-saved-searches': () => [[1]],
  'export:choose-folder': () => [],
  'export:start': () => [{ kind: 'ids', ids: [1, 2] }, { ...DEFAULT_EXPORT_SETTINGS, folderToken: 'not-a-granted-folder', zipName: null }],
  'export:cancel': () => ['00000000-0000-4000-8000-000000000000'],
  'export:preview-names': () => [{ template: '{date}_{prompt:20}_{index}' }, [1, 2, 3], null],
  'export:get-last-settings': () => [],
  'export:get-last-export': () => [],
  'export:list-presets': () => [],
  'export:save-preset': () => [`fuzz preset`, DEFAULT_EXPORT_SETTINGS],
  'export:delete-preset': () => ['fuzz preset'],
  'export:get-credentials': () => [],
  'export:choose-credentials-file': () => ['certificate'],
  'export:clear-credentials': () => [],
  'backup:get-status': () => [],
  'backup:choose-folder': () => [],
  'backup:start': () => ['not-a-granted-folder'],
  'backup:cancel': () => ['00000000-0000-4000-8000-000000000000']
}

/** generation:start bodies that pass validation, so mutations reach the deeper checks (references, key, model). */
let startRand: () => number = Math.random
let grantedToken = 'none yet'
function pickStart(): InvokeArgs<'generation:start'>[0] {
  const uuid = '00000000-0000-4000-8000-000000000000'
  return pick(startRand, [
    { prompt: 'a fox', numberResults: 1, outputFormat: 'PNG' },
    { prompt: 'a fox', width: 1024, height: 1024, deliveryMethod: 'async' },
    { prompt: 'a fox', references: [{ kind: 'image', imageId: 1 }] },
    { prompt: 'a fox', references: [{ kind: 'url', url: `${fake.origin}/images/${uuid}.png` }] },
    { prompt: 'a fox', references: [{ kind: 'file', token: grantedToken }] },
    { prompt: 'a fox', outputType: 'URL', ttl: 120, safety: { checkContent: true, mode: 'fast' } }
  ] as const)
}

function mutateValue(rand: () => number, v: unknown): unknown {
  if (Array.isArray(v) && rand() < 0.6) {
    const copy = [...(v as unknown[])]
    const r = rand()
    if (r < 0.4 && copy.length > 0) copy[Math.floor(rand() * copy.length)] = hostile(rand)
    else if (r < 0.6) copy.push(hostile(rand))
    else if (r < 0.8) return HUGE_IDS
    else copy.length = 0
    return copy
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && rand() < 0.7) {
    const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) }
    const key = rand() < 0.5 ? pick(rand, Object.keys(copy).concat(KEYS)) : pick(rand, KEYS)
    setOwn(copy, key, hostile(rand))
    if (rand() < 0.2) delete copy[pick(rand, Object.keys(copy))]
    return copy
  }
  return hostile(rand)
}

/** One hostile argument list for `channel`. */
function hostileArgs(rand: () => number, channel: InvokeChannel): unknown {
  const valid = VALID[channel]() as unknown[]
  const r = rand()
  if (r < 0.5 && valid.length > 0) {
    const args = [...valid]
    const i = Math.floor(rand() * args.length)
    args[i] = mutateValue(rand, args[i])
    return args
  }
  if (r < 0.6) return valid.slice(0, Math.floor(rand() * valid.length)) // too few
  if (r < 0.7) return [...valid, ...Array.from({ length: 1 + Math.floor(rand() * 3) }, () => hostile(rand))] // too many
  if (r < 0.97) return Array.from({ length: Math.floor(rand() * 4) }, () => hostile(rand)) // anything
  return pick(rand, [null, undefined, 'settings:get', 42, {}, { length: 1, 0: 1 }]) // not even a list
}

/** Fixed cases every run has, whatever the seed. */
function fixedCases(): [unknown, unknown][] {
  const cases: [unknown, unknown][] = []
  for (const c of INVOKE_CHANNELS) {
    for (const args of [[], [undefined], [null], [MB], [NaN], [-0], Array(10).fill(1), null, {}, 'x', [JSON.parse('{"__proto__":{"polluted":"yes"}}')]]) cases.push([c, args])
  }
  const windowRefs: unknown[] = [
    [{ kind: 'path', path: '/etc/passwd' }],
    [{ kind: 'image', imageId: 1 }, { kind: 'path', path: '/etc/passwd' }],
    [{ kind: 'file', token: 'forged' }],
    [{ kind: 'url', url: 'file:///etc/passwd' }],
    [{ kind: 'url', url: 'http://127.0.0.1:1/x.png' }],
    [{ kind: 'url', url: 'http://169.254.169.254/latest/meta-data/' }],
    [{ kind: 'url', url: 'https://example.invalid/x.png' }],
    [{ kind: 'image', imageId: 99999 }],
    [{ kind: 'image', imageId: 2 ** 53 }],
    Array(17).fill({ kind: 'image', imageId: 1 }),
    HUGE_IDS.map((imageId) => ({ kind: 'image', imageId })),
    { kind: 'path', path: '/etc/passwd' },
    [null],
    [DEEP]
  ]
  for (const references of windowRefs) cases.push(['generation:start', [{ prompt: 'x', references }]])
  cases.push(['generation:start', [{ prompt: 'one that is fine', numberResults: 2 }]])
  cases.push(['generation:start', [{ prompt: MB }]], ['generation:start', [{ prompt: 'x', [MB]: 1 }]], ['generation:start', [DEEP]])
  cases.push(['settings:update', [{ [MB]: 1 }]], ['library:page', [{ [MB]: 1, a: 1, b: 2, c: 3 }, null, 10]], ['generation:start', [{ prompt: 'x', safety: { checkContent: true, [MB]: 1 } }]])
  cases.push(['library:page', [{}, b64text('[1e309,1e309]'), 10]], ['library:page', [{ sort: 'cost' }, b64([null, -1]), 10]], ['library:page', [{ query: 'x'.repeat(10_000) }, null, 500]])
  cases.push(['library:get-images', [HUGE_IDS]], ['library:trash', [HUGE_IDS]], ['library:set-favorite', [HUGE_IDS.slice(0, 10_000), true]])
  for (const unknown of ['', 'nope', 'app:get-info ', 'APP:GET-INFO', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'app:renderer-ready', 'menu:command', MB, null, undefined, 42, NaN, {}, [], ['settings:get'], Object.create(null) as unknown]) {
    cases.push([unknown, []])
  }
  return cases
}

// ---------------------------------------------------------------- the checks

const CODES: readonly string[] = ERROR_CODES

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_r, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not resolve in ${PER_CALL_TIMEOUT_MS} ms`)), PER_CALL_TIMEOUT_MS)))
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

/** A short, printable description of a hostile argument list, for failure messages. */
function describeArgs(v: unknown): string {
  try {
    const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'string' && x.length > 40 ? `<${x.length} chars>` : Array.isArray(x) && x.length > 20 ? `<${x.length} items>` : x))
    return (s ?? String(v)).slice(0, 300)
  } catch {
    return `<${typeof v}>`
  }
}

/** Everything wrong with one result, as text (empty when it is fine). */
function problems(channel: unknown, result: unknown): string[] {
  const out: string[] = []
  if (result === null || typeof result !== 'object' || Object.getPrototypeOf(result) !== Object.prototype) return ['not a plain object']
  const r = result as Record<string, unknown>
  if ('threw' in r) return [`dispatch threw ${String(r.threw).slice(0, 300)}`]
  if (r.ok === true) {
    if (Object.keys(r).sort().join() !== 'ok,value') out.push(`keys ${Object.keys(r).join()}`)
    // The About box shows where the library is; nothing else hands out paths under it.
    if (channel !== 'app:get-info' && JSON.stringify(r.value ?? null, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))?.includes(dir.dir)) out.push('value holds the data dir')
    return out
  }
  if (r.ok !== false) return [`ok is ${String(r.ok)}`]
  if (Object.keys(r).sort().join() !== 'error,ok') out.push(`keys ${Object.keys(r).join()}`)
  const e = r.error as Record<string, unknown> | null
  if (e === null || typeof e !== 'object') return [...out, 'error is not an object']
  for (const k of Object.keys(e)) if (!['code', 'message', 'field'].includes(k)) out.push(`error key ${k}`)
  if (typeof e.code !== 'string' || !CODES.includes(e.code)) out.push(`code ${String(e.code)}`)
  if (e.code === 'INTERNAL') out.push('INTERNAL for malformed input')
  if (typeof e.message !== 'string' || e.message.length === 0) out.push('no message')
  else {
    if (e.message.length > MAX_MESSAGE_LENGTH) out.push(`message of ${e.message.length} chars`)
    if (e.message.includes('    at ')) out.push('stack trace in message')
    if (e.message.includes(dir.dir)) out.push('data dir in message')
  }
  if (e.field !== undefined && (typeof e.field !== 'string' || e.field.length > MAX_MESSAGE_LENGTH)) out.push('bad field')
  return out
}

describe('IPC fuzz: hostile arguments on every channel', () => {
  it('every call resolves to a plain Result with a specific code, and the core stays healthy', { timeout: 120_000 }, async () => {
    const rand = prng(SEED)
    startRand = rand
    // A real grant, as the preload would ask for a dropped file (here one that is not an image).
    const granted = await core.router.dispatch('files:grant-path', ['/etc/passwd'])
    if (granted.ok) grantedToken = (granted.value as { token: string }).token
    const cases = fixedCases()
    for (const channel of INVOKE_CHANNELS) {
      // A channel without arguments has only the list itself to get wrong.
      const n = VALID[channel]().length === 0 ? Math.ceil(CALLS_PER_CHANNEL / 4) : CALLS_PER_CHANNEL
      for (let i = 0; i < n; i++) cases.push([channel, hostileArgs(rand, channel)])
    }
    // Interleave channels, so one channel's side effects (a trashed image, a deleted collection) meet the others.
    for (let i = cases.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1))
      ;[cases[i], cases[j]] = [cases[j]!, cases[i]!]
    }
    // Last, the calls that change what every other call meets: without a key, or with an unknown
    // model, every generation and balance call would stop at that first check.
    const late = (c: unknown): boolean => c === 'secrets:set-api-key' || c === 'secrets:clear-api-key' || c === 'settings:update'
    cases.sort((a, b) => Number(late(a[0])) - Number(late(b[0])))

    const failures: string[] = []
    const started: number[] = []
    const seen = new Set<unknown>()
    const tally: Record<string, number> = {}
    for (const [channel, args] of cases) {
      const what = `${typeof channel === 'string' ? channel.slice(0, 40) : `<${typeof channel}>`} ${describeArgs(args)}`
      const result = await withTimeout(
        Promise.resolve()
          .then(() => core.router.dispatch(channel, args as unknown[]))
          .catch((e: unknown) => ({ threw: String(e) })),
        what
      )
      seen.add(channel)
      const key = `${typeof channel === 'string' ? channel.slice(0, 40) : '?'} ${(result as Result<unknown>).ok ? 'ok' : ((result as { error?: { code?: string } }).error?.code ?? 'threw')}`
      tally[key] = (tally[key] ?? 0) + 1
      const bad = problems(channel, result)
      if (bad.length > 0 && failures.length < 30) failures.push(`${what} → ${bad.join('; ')}: ${describeArgs(result)}`)
      if ((channel === 'generation:start' || channel === 'generation:run-again') && (result as Result<{ generationId: number }>).ok) started.push((result as { value: { generationId: number } }).value.generationId)
    }
    if (process.env.IPC_FUZZ_STATS) console.log(JSON.stringify({ cases: cases.length, started: started.length, tally }, null, 0))
    expect(failures, `seed ${SEED}`).toEqual([])
    expect(cases.length).toBeGreaterThan(3000)
    for (const c of INVOKE_CHANNELS) expect(seen.has(c), c).toBe(true)

    // Jobs the fuzz really started (at most one per generation:start case) run to an end.
    expect(started.length).toBeGreaterThan(0)
    for (const id of started) await withTimeout(core.generation.whenDone(id), `generation #${id}`)

    // Healthy afterwards.
    expect(Object.prototype).not.toHaveProperty('polluted')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const settings = await core.router.dispatch('settings:get', [])
    expect(settings).toMatchObject({ ok: true, value: { theme: expect.any(String) as unknown } })
    const stats = await core.router.dispatch('library:get-stats', [])
    expect(stats.ok).toBe(true)
    expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(logLines.filter((l) => l.startsWith('error fuzz:ipc')), 'handlers that threw unexpected errors').toEqual([])
  })
})
