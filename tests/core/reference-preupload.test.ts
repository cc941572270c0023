/** Issue 8: a prepared reference is uploaded in the background, so Generate does not wait for it; one upload per reference. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { png } from '../fake-runware/testkit'
import { tempDir } from '../helpers/db'
import { makeCore, type TestCore } from '../helpers/generation'

let fake: FakeRunware
let dir: { dir: string; cleanup: () => void }
let core: TestCore
beforeEach(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  dir = tempDir('imagine-preupload-')
})
afterEach(async () => {
  await core.close()
  await fake.close()
  dir.cleanup()
})

const uploads = (): number => fake.requests.filter((r) => JSON.stringify(r.body).includes('imageUpload')).length

async function prepareFile(name = 'ref.png'): Promise<number> {
  const file = join(dir.dir, name)
  writeFileSync(file, await png(96, 64))
  const { token } = ((await core.router.dispatch('files:grant-path', [file])) as { value: { token: string } }).value
  const r = (await core.router.dispatch('references:prepare', [{ kind: 'file', token }])) as { ok: true; value: { referenceId: number } }
  expect(r.ok).toBe(true)
  return r.value.referenceId
}

describe('background upload of a prepared reference', () => {
  it('uploads once right after prepare; the Generate that uses it sends no second upload', async () => {
    core = makeCore(fake, dir.dir)
    const referenceId = await prepareFile()
    await expect.poll(() => uploads(), { timeout: 5000 }).toBe(1)
    await expect.poll(() => (core.db.prepare('SELECT remote_uuid FROM reference_images WHERE id = ?').get(referenceId) as { remote_uuid: string | null }).remote_uuid).not.toBeNull()
    const { generationId } = await core.generation.start({ prompt: 'with it', references: [{ kind: 'prepared', referenceId }] })
    expect((await core.generation.whenDone(generationId)).status).toBe('succeeded')
    expect(uploads()).toBe(1)
  })

  it('a Generate started while the background upload is on the way shares it: one upload in all', async () => {
    core = makeCore(fake, dir.dir)
    fake.inject({ kind: 'latency', ms: 600 })
    const referenceId = await prepareFile()
    const { generationId } = await core.generation.start({ prompt: 'right away', references: [{ kind: 'prepared', referenceId }] })
    expect((await core.generation.whenDone(generationId)).status).toBe('succeeded')
    expect(uploads()).toBe(1)
  })

  it('without an API key nothing is sent on prepare', async () => {
    core = makeCore(fake, dir.dir, { key: null })
    await prepareFile()
    await new Promise((r) => setTimeout(r, 200))
    expect(fake.requests).toHaveLength(0)
  })

  it('a failed background upload is tried again by Generate, which succeeds', async () => {
    core = makeCore(fake, dir.dir)
    fake.inject({ kind: 'errorCode', code: 'internalServerError', status: 500 })
    const referenceId = await prepareFile()
    await expect.poll(() => uploads(), { timeout: 5000 }).toBeGreaterThanOrEqual(1)
    const { generationId } = await core.generation.start({ prompt: 'after a failure', references: [{ kind: 'prepared', referenceId }] })
    expect((await core.generation.whenDone(generationId)).status).toBe('succeeded')
    expect((core.db.prepare('SELECT remote_uuid FROM reference_images WHERE id = ?').get(referenceId) as { remote_uuid: string | null }).remote_uuid).not.toBeNull()
  })
})

describe('the same bytes dropped again', () => {
  it('are the same reference at once, under the new name; a stored copy that went missing is made again', async () => {
    core = makeCore(fake, dir.dir, { key: null })
    const bytes = new Uint8Array(await png(120, 80))
    const prep = async (name: string) =>
      ((await core.router.dispatch('references:prepare', [{ kind: 'bytes', data: bytes, name }])) as { ok: true; value: { referenceId: number; label: string } }).value
    const first = await prep('first.png')
    const again = await prep('again.png')
    expect(again.referenceId).toBe(first.referenceId)
    expect(again.label).toBe('again.png')
    const row = core.db.prepare('SELECT path FROM reference_images WHERE id = ?').get(first.referenceId) as { path: string }
    const { rmSync, existsSync } = await import('node:fs')
    rmSync(join(core.paths.dataDir, row.path))
    const third = await prep('third.png')
    expect(third.referenceId).toBe(first.referenceId)
    expect(existsSync(join(core.paths.dataDir, row.path))).toBe(true)
  })
})
