/** Issue 7: inputs that used to crash or be misreported get a clear message and send nothing. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { normaliseReference } from '../../electron/core/generation/references'
import { RunwareClient } from '../../electron/core/runware/client'
import { checkGenerationParams } from '../../electron/shared/generation'
import { capabilitiesFor } from '../../electron/shared/model-capabilities'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { runCliAgainst } from '../helpers/cli'
import { tempDir } from '../helpers/db'
import { makeCore } from '../helpers/generation'
import { pngHeader } from '../helpers/png'

let fake: FakeRunware
let dir: { dir: string; cleanup: () => void }
beforeEach(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  dir = tempDir('imagine-guards-')
})
afterEach(async () => {
  await fake.close()
  dir.cleanup()
})

const cli = (args: string[], env: Record<string, string | undefined> = {}) => runCliAgainst(fake, dir.dir, args, env)

const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty']

describe('a model id naming an Object.prototype member is an unknown model', () => {
  it.each(PROTO_NAMES)('capabilitiesFor(%j) is undefined and params say "Unknown model"', (id) => {
    expect(capabilitiesFor(id)).toBeUndefined()
    expect(checkGenerationParams(id, { prompt: 'x' })).toEqual({ ok: false, field: 'model', message: `Unknown model "${id}"` })
  })

  it.each(PROTO_NAMES)('settings model %j: start() refuses with VALIDATION, nothing sent', async (id) => {
    const core = makeCore(fake, dir.dir)
    try {
      core.settings.update({ model: id })
      await expect(core.generation.start({ prompt: 'x' })).rejects.toMatchObject({ code: 'VALIDATION', message: `Unknown model "${id}"` })
      expect(fake.requests).toHaveLength(0)
    } finally {
      await core.close()
    }
  })

  it.each(PROTO_NAMES)('IMAGINE_MODEL=%j: the CLI exits 2 with "Unknown model"', async (id) => {
    const r = await cli(['generate', 'x'], { IMAGINE_MODEL: id })
    expect(r.code).toBe(2)
    expect(r.err).toContain(`Unknown model "${id}"`)
    const withAspect = await cli(['generate', 'x', '--aspect', '1:1'], { IMAGINE_MODEL: id })
    expect(withAspect.code).toBe(2)
    expect(fake.requests).toHaveLength(0)
  })
})

const BAD_KEYS = [
  ['a control character', 'rw_abcdefgh\u0007123'],
  ['a non-ASCII character', 'rw_abcdéfgh123'],
  ['a line break inside', 'rw_abcd\nefgh123']
]

describe('a malformed API key is named at once and nothing is sent', () => {
  it.each(BAD_KEYS)('the client refuses a key with %s without calling fetch', async (_what, key) => {
    let called = 0
    const client = new RunwareClient({ endpoint: fake.url, apiKey: () => key, fetch: async () => (called++, new Response('[]')) })
    expect(client.keyProblem()).toMatch(/malformed/)
    await expect(client.post([{ taskType: 'ping' }])).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/malformed/) })
    expect(called).toBe(0)
  })

  it.each(BAD_KEYS)('the CLI exits 2 for RUNWARE_API_KEY with %s; no request reaches the server', async (_what, key) => {
    const r = await cli(['generate', 'x'], { RUNWARE_API_KEY: key })
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/API key is malformed/)
    expect(r.err).not.toMatch(/could not be reached/)
    expect(fake.requests).toHaveLength(0)
  })

  it.each(BAD_KEYS)('Settings refuses to save a key with %s, with the same message', async (_what, key) => {
    const core = makeCore(fake, dir.dir, { key: null })
    try {
      const r = await core.router.dispatch('secrets:set-api-key', [key])
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/malformed/) } })
      expect((await core.router.dispatch('secrets:get-api-key-status', [])) as unknown).toMatchObject({ ok: true, value: { set: false } })
    } finally {
      await core.close()
    }
  })
})

describe('a reference with too many pixels says so and gives the limit', () => {
  it('20000×20000 PNG: "This image is 20000×20000 (400 megapixels); … at most 100 megapixels."', async () => {
    await expect(normaliseReference(pngHeader(20_000, 20_000))).rejects.toMatchObject({
      code: 'BAD_IMAGE',
      message: 'This image is too large: 20000×20000 (400 megapixels); references can be at most 100 megapixels.'
    })
  })
})
