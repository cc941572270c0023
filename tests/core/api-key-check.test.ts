/** Saving a key asks Runware first (accountManagement getDetails): accepted, refused (not saved) or unchecked (saved). */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { tempDir } from '../helpers/db'
import type { CoreOptions } from '../../electron/core/app-core'
import { makeCore, type TestCore } from '../helpers/generation'

let fake: FakeRunware
let core: TestCore | null = null
const cleanups: (() => void)[] = []
beforeAll(async () => {
  fake = await startFakeRunware({ apiKey: 'rw_the_right_key_0123456789', imageBytes: 'small' })
})
afterAll(async () => {
  await fake.close()
})
afterEach(async () => {
  await core?.close()
  core = null
  cleanups.splice(0).forEach((c) => c())
})

function make(key: string | null, runware: CoreOptions['runware'] = {}): TestCore {
  const t = tempDir()
  cleanups.push(t.cleanup)
  core = makeCore(fake, t.dir, { key, runware })
  return core
}

describe('secrets:set-api-key checks the key with Runware', () => {
  it('saves a key Runware accepts and returns the balance it reported, sending that key', async () => {
    const c = make(null)
    const r = await c.router.dispatch('secrets:set-api-key', [' rw_the_right_key_0123456789 '])
    expect(r).toMatchObject({ ok: true, value: { set: true, check: { result: 'accepted', balance: { amount: expect.any(Number), currency: 'USD' } } } })
    const sent = fake.requests.at(-1)!
    expect(sent.authOk).toBe(true)
    expect(sent.body).toEqual([expect.objectContaining({ taskType: 'accountManagement', operation: 'getDetails' })])
  })

  it('refuses a key Runware refuses with API_AUTH, keeping the key that was set', async () => {
    const c = make('rw_the_right_key_0123456789')
    const r = await c.router.dispatch('secrets:set-api-key', ['rw_a_bogus_key_000000000'])
    expect(r).toMatchObject({ ok: false, error: { code: 'API_AUTH', message: expect.stringMatching(/refused this API key, so it was not saved/) } })
    expect(await c.router.dispatch('account:get-balance', [])).toMatchObject({ ok: true })
  })

  it('keeps a key it could not check (Runware unreachable) and says why', async () => {
    const c = make(null, { endpoint: 'http://127.0.0.1:9/v1' })
    const r = await c.router.dispatch('secrets:set-api-key', ['rw_any_key_0123456789'])
    expect(r).toMatchObject({ ok: true, value: { set: true, check: { result: 'unchecked', reason: expect.stringMatching(/could not be reached/) } } })
    expect(await c.router.dispatch('secrets:get-api-key-status', [])).toMatchObject({ ok: true, value: { set: true } })
  })

  it('keeps a key when Runware answers with a server error (not a refusal)', async () => {
    const c = make(null)
    fake.inject({ kind: 'status', status: 500, times: 1 })
    const r = await c.router.dispatch('secrets:set-api-key', ['rw_the_right_key_0123456789'])
    expect(r).toMatchObject({ ok: true, value: { set: true, check: { result: 'unchecked' } } })
  })
})
