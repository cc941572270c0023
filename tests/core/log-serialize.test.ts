/**
 * Issue 11: errors reach the log with their stack, their codes and the whole cause
 * chain, not as `String(error)` (which keeps the first line of the outermost error).
 */
import { describe, expect, it } from 'vitest'
import { runInNewContext } from 'node:vm'
import { AppError } from '../../electron/core/errors'
import { serializeError } from '../../electron/core/logging/serialize-error'
import { RunwareError } from '../../electron/core/runware/errors'

function failDeep(): never {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' }) })
}

describe('serializeError', () => {
  it('keeps name, message, stack and every cause down the chain, with their codes and fields', () => {
    let low: unknown
    try {
      failDeep()
    } catch (e) {
      low = e
    }
    const error = new RunwareError({ category: 'network', apiCode: 'network', detail: 'fetch failed' }, { cause: low })
    const s = serializeError(error)
    expect(s).toMatchObject({
      name: 'RunwareError',
      code: 'NETWORK',
      category: 'network',
      apiCode: 'network',
      detail: 'fetch failed',
      cause: { name: 'TypeError', message: 'fetch failed', cause: { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED', errno: -111, syscall: 'connect' } }
    })
    expect(s.message).toBe(error.message)
    expect(s.stack).toMatch(/^RunwareError: .*\n\s+at /)
    // The inner stack names the function that threw, in this file.
    expect(s.cause?.stack).toMatch(/at failDeep \(.*log-serialize\.test\.ts:\d+:\d+\)/)
    expect(JSON.parse(JSON.stringify(s))).toEqual(s)
  })

  it('keeps an AppError code and field', () => {
    expect(serializeError(new AppError('VALIDATION', 'bad width', { field: 'width' }))).toMatchObject({ name: 'AppError', code: 'VALIDATION', message: 'bad width', field: 'width' })
  })

  it('lists the errors of an AggregateError', () => {
    const s = serializeError(new AggregateError([new Error('a'), new RangeError('b')], 'both failed'))
    expect(s.errors?.map((e) => `${e.name}: ${e.message}`)).toEqual(['Error: a', 'RangeError: b'])
  })

  it('stops at a cycle in the cause chain and at a chain too long', () => {
    const a = new Error('a')
    const b = new Error('b', { cause: a })
    ;(a as { cause?: unknown }).cause = b
    expect(serializeError(a)).toMatchObject({ message: 'a', cause: { message: 'b', cause: { name: 'Circular' } } })
    let e: Error = new Error('root')
    for (let i = 0; i < 30; i++) e = new Error(`level ${i}`, { cause: e })
    let depth = 0
    for (let c: { cause?: unknown } | undefined = serializeError(e); c; c = c.cause as { cause?: unknown } | undefined) depth++
    expect(depth).toBeLessThanOrEqual(11)
    expect(JSON.stringify(serializeError(e))).toContain('Truncated')
  })

  it('describes whatever was thrown without throwing itself', () => {
    expect(serializeError('plain string')).toEqual({ name: 'string', message: 'plain string' })
    expect(serializeError(null)).toEqual({ name: 'null', message: 'null' })
    expect(serializeError(undefined)).toEqual({ name: 'undefined', message: 'undefined' })
    expect(serializeError({ status: 500 })).toEqual({ name: 'object', message: '{"status":500}' })
    expect(serializeError(Object.create(null) as object).name).toBe('object')
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(serializeError(cyclic).message).toBe('[object Object]')
    const hostile = new Error('hostile')
    Object.defineProperty(hostile, 'detail', { enumerable: true, get: () => { throw new Error('no') } })
    expect(serializeError(hostile)).toMatchObject({ message: 'hostile', detail: '[unreadable]' })
  })

  it('recognises an error from another realm (a vm context, a worker)', () => {
    const foreign = runInNewContext('new Error("from elsewhere", { cause: new Error("inner") })') as unknown
    expect(foreign instanceof Error).toBe(false)
    expect(serializeError(foreign)).toMatchObject({ name: 'Error', message: 'from elsewhere', cause: { message: 'inner' } })
  })
})
