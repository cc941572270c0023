/**
 * Feeds thousands of mutated Runware replies to the parser and the per-task
 * error classifier: they must never throw, and what they return keeps its shape.
 */
import { prng } from '../helpers/prng'
import { describe, expect, it } from 'vitest'
import { taskError } from '../../electron/core/runware/client'
import { parseEnvelope } from '../../electron/core/runware/parse'


const TASK = '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed'
const SEEDS: unknown[] = [
  { data: [{ taskType: 'imageInference', taskUUID: TASK, imageUUID: 'x', imageURL: 'https://im/x.png', cost: 0.02, seed: 5, NSFWContent: false }] },
  { data: [{ taskType: 'imageInference', taskUUID: TASK, status: 'processing' }] },
  { data: [{ taskUUID: TASK, status: 'error', error: { code: 'taskFailed', message: 'no' } }] },
  { errors: [{ code: 'invalidWidth', message: 'bad', parameter: ['width', 'height'], taskUUID: TASK, min: 256 }] },
  { data: [], errors: [{ code: 'conflictTaskUUID', message: 'exists', taskUUID: TASK }] },
  { error: { code: 'invalidApiKey', message: 'nope' }, taskUUID: TASK },
  { error: true, errorId: 19, errorMessage: 'Invalid api key' },
  [{ code: 'rateLimitExceeded', message: 'slow down' }],
  { data: [{ taskType: 'accountManagement', taskUUID: TASK, balance: { amount: 12.5, currency: 'USD' } }] }
]

const WEIRD: unknown[] = [null, true, false, 0, -1, 1e308, NaN, '', 'x'.repeat(5000), [], {}, [[[]]], { __proto__: { polluted: true } }, { toString: 1 }, '\u0000', '\ud800']

function mutate(value: unknown, r: () => number, depth = 0): unknown {
  const roll = r()
  if (roll < 0.08 || depth > 6) return WEIRD[Math.floor(r() * WEIRD.length)]
  if (Array.isArray(value)) {
    const out = value.map((v) => (r() < 0.5 ? mutate(v, r, depth + 1) : v))
    if (r() < 0.2) out.push(mutate(SEEDS[Math.floor(r() * SEEDS.length)], r, depth + 1))
    if (r() < 0.1) out.reverse()
    return out
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (r() < 0.1) continue
      out[r() < 0.05 ? `${k}_` : k] = r() < 0.5 ? mutate(v, r, depth + 1) : v
    }
    if (r() < 0.1) out[['data', 'errors', 'error', 'status', 'taskUUID'][Math.floor(r() * 5)]!] = mutate(WEIRD[Math.floor(r() * WEIRD.length)], r, depth + 1)
    return out
  }
  return r() < 0.5 ? WEIRD[Math.floor(r() * WEIRD.length)] : value
}

function textMutations(text: string, r: () => number): string {
  const ops = [
    (t: string) => t.slice(0, Math.floor(r() * t.length)),
    (t: string) => t.replace(/[{}[\]",:]/, () => '{}[]",:'[Math.floor(r() * 7)]!),
    (t: string) => t + t,
    (t: string) => `\uFEFF${t}`,
    (t: string) => t.split('').map((c) => (r() < 0.02 ? String.fromCharCode(Math.floor(r() * 65536)) : c)).join('')
  ]
  return ops[Math.floor(r() * ops.length)]!(text)
}

describe('Runware reply parser under fuzzing', () => {
  it('never throws on 6000 mutated replies and keeps its output shape', () => {
    const r = prng(20261125)
    const statuses = [200, 400, 401, 402, 403, 404, 408, 429, 500, 502, 503, 504]
    let withData = 0
    let withErrors = 0
    let malformed = 0
    for (let i = 0; i < 6000; i++) {
      const seed = SEEDS[i % SEEDS.length]
      const structural = mutate(seed, r)
      const text = i % 3 === 0 ? textMutations(JSON.stringify(seed), r) : JSON.stringify(structural) ?? ''
      const status = statuses[Math.floor(r() * statuses.length)]!
      let env: ReturnType<typeof parseEnvelope>
      try {
        env = parseEnvelope(status, text)
        const e = taskError({ httpStatus: status, envelope: env }, TASK)
        if (e) expect(typeof e.message).toBe('string')
      } catch (error) {
        throw new Error(`case ${i} (status ${status}) threw: ${String(error)}\n${text.slice(0, 300)}`, { cause: error })
      }
      expect(Array.isArray(env.data)).toBe(true)
      expect(Array.isArray(env.errors)).toBe(true)
      for (const d of env.data) expect(typeof d.taskUUID).toBe('string')
      for (const e of env.errors) expect(typeof e.code).toBe('string')
      if (env.data.length) withData++
      if (env.errors.length) withErrors++
      if (env.malformed) malformed++
    }
    // The corpus really exercised every branch.
    expect(withData).toBeGreaterThan(300)
    expect(withErrors).toBeGreaterThan(300)
    expect(malformed).toBeGreaterThan(300)
  })

  it('reads each documented shape', () => {
    expect(parseEnvelope(401, '')).toMatchObject({ errors: [{ code: 'invalidApiKey' }] })
    expect(parseEnvelope(200, JSON.stringify(SEEDS[6]))).toMatchObject({ errors: [{ code: 'error19', message: 'Invalid api key' }] })
    expect(parseEnvelope(200, JSON.stringify(SEEDS[2]))).toMatchObject({ data: [], errors: [{ code: 'taskFailed', taskUUID: TASK }] })
    expect(parseEnvelope(400, JSON.stringify(SEEDS[3]))).toMatchObject({ errors: [{ parameter: ['width', 'height'] }] })
    expect(parseEnvelope(200, '{"data": [')).toMatchObject({ malformed: true })
    expect(parseEnvelope(200, JSON.stringify(SEEDS[1])).data[0]).toMatchObject({ status: 'processing' })
  })
})
