import { describe, expect, it, vi } from 'vitest'
import { AppError } from '../../electron/core/errors'
import { createRouter, type Handlers } from '../../electron/core/ipc/router'
import { createLogger } from '../../electron/core/log'
import { INVOKE_CHANNELS } from '../../electron/shared/ipc-contract'
import { DEFAULT_SETTINGS } from '../../electron/core/services/settings-service'
import { checkGenerationParams } from '../../electron/shared/generation'

function makeHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const fail = (): never => {
    throw new Error('not used')
  }
  const base = Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, fail])) as unknown as Handlers
  return { ...base, ...overrides }
}

const logged: string[] = []
const log = createLogger('test', (_level, _scope, message, data) => logged.push(`${message} ${JSON.stringify(data ?? {})}`))

describe('router', () => {
  it('validates arguments before the handler runs and names the field', async () => {
    const update = vi.fn(() => DEFAULT_SETTINGS)
    const router = createRouter(makeHandlers({ 'settings:update': update }), log)
    const r = await router.dispatch('settings:update', [{ concurrency: 99 }])
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'concurrency' } })
    expect(r.ok === false && r.error.message).toMatch(/concurrency: At most 8/)
    expect(update).not.toHaveBeenCalled()
  })

  it('rejects unknown keys, extra arguments and missing arguments', async () => {
    const router = createRouter(makeHandlers({ 'settings:update': () => DEFAULT_SETTINGS, 'settings:get': () => DEFAULT_SETTINGS }), log)
    expect(await router.dispatch('settings:update', [{ evil: true }])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await router.dispatch('settings:get', ['extra'])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await router.dispatch('settings:update', [])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('passes parsed arguments to the handler and wraps its value', async () => {
    const update = vi.fn((patch: object) => ({ ...DEFAULT_SETTINGS, ...patch }))
    const router = createRouter(makeHandlers({ 'settings:update': update }), log)
    const r = await router.dispatch('settings:update', [{ theme: 'dark' }])
    expect(update).toHaveBeenCalledWith({ theme: 'dark' })
    expect(r).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, theme: 'dark' } })
  })

  it('refuses unknown channels', async () => {
    const router = createRouter(makeHandlers(), log)
    expect(await router.dispatch('fs:read-file', ['/etc/passwd'])).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    expect(await router.dispatch(42, [])).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    expect(await router.dispatch('__proto__', [])).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
  })

  it('names an unknown key briefly, however long the key (the default message repeats it whole)', async () => {
    const router = createRouter(makeHandlers({ 'settings:update': () => DEFAULT_SETTINGS }), log)
    const long = 'k'.repeat(1024 * 1024)
    const one = await router.dispatch('settings:update', [{ [long]: 1 }])
    expect(one).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: `Unrecognized key: "${'k'.repeat(40)}…"` } })
    const many = await router.dispatch('library:count', [{ a: 1, b: 2, [long]: 3, d: 4, e: 5 }])
    expect(many).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: `Unrecognized keys: "a", "b", "${'k'.repeat(40)}…" and 2 more` } })
    const gen = checkGenerationParams('xai:grok-imagine@image', { prompt: 'x', [long]: 1 })
    expect(gen).toEqual({ ok: false, field: 'params', message: `params: Unrecognized key: "${'k'.repeat(40)}…"` })
  })

  it.each([[Object.create(null)], [{ toString: null }], [Symbol('x')], [null], [['settings:get']]])('answers UNKNOWN_CHANNEL, never throws, for the channel %s', async (channel) => {
    const router = createRouter(makeHandlers(), log)
    await expect(router.dispatch(channel, [])).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
  })

  it('returns AppErrors as data with their code', async () => {
    const router = createRouter(makeHandlers({ 'library:get-stats': () => { throw new AppError('NOT_FOUND', 'No such image') } }), log)
    expect(await router.dispatch('library:get-stats', [])).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No such image' } })
  })

  it('hides the text of unexpected errors from the renderer but logs it', async () => {
    const router = createRouter(makeHandlers({ 'library:get-stats': async () => { throw new Error('/home/me/secret path exploded') } }), log)
    const r = await router.dispatch('library:get-stats', [])
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(r)).not.toContain('secret path')
    expect(logged.some((l) => l.includes('secret path exploded'))).toBe(true)
  })
})
