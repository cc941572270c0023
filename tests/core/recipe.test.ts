/** Use all settings, Vary, Retry and Run again (issue 8): a generation's recipe, and the same request again. */
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
  dir = tempDir('imagine-recipe-')
  core = makeCore(fake, dir.dir)
})
afterEach(async () => {
  await core.close()
  await fake.close()
  dir.cleanup()
})

const tasks = (type: string): Record<string, unknown>[] =>
  fake.requests.flatMap((r) => (Array.isArray(r.body) ? (r.body as Record<string, unknown>[]) : [])).filter((t) => t.taskType === type)

async function madeWithEverything(): Promise<number> {
  const file = join(dir.dir, 'ref.png')
  writeFileSync(file, await png(64, 64))
  const { token } = ((await core.router.dispatch('files:grant-path', [file])) as { value: { token: string } }).value
  const r = (await core.router.dispatch('generation:start', [
    {
      prompt: 'a heron at dawn',
      width: 1408,
      height: 768,
      numberResults: 2,
      outputFormat: 'PNG',
      outputQuality: 80,
      safety: { checkContent: true, mode: 'fast' },
      deliveryMethod: 'async',
      references: [{ kind: 'file', token }]
    }
  ])) as { ok: true; value: { generationId: number } }
  expect(r.ok).toBe(true)
  const done = await core.generation.whenDone(r.value.generationId)
  expect(done.status).toBe('succeeded')
  return r.value.generationId
}

describe('generation:get-recipe', () => {
  it('gives every setting the generation was sent with, and its references by id', async () => {
    const id = await madeWithEverything()
    const r = await core.router.dispatch('generation:get-recipe', [id])
    expect(r).toMatchObject({
      ok: true,
      value: {
        prompt: 'a heron at dawn',
        model: 'xai:grok-imagine@image',
        width: 1408,
        height: 768,
        numberResults: 2,
        outputFormat: 'PNG',
        outputQuality: 80,
        outputType: 'URL',
        safety: { checkContent: true, mode: 'fast' },
        deliveryMethod: 'async',
        referenceIds: [expect.any(Number)]
      }
    })
    const value = (r as { value: Record<string, unknown> }).value
    // The task's id as it was sent to Runware (the detail view shows it).
    expect(value.taskUUID).toBe((core.db.prepare('SELECT task_uuid FROM generations WHERE id = ?').get(id) as { task_uuid: string }).task_uuid)
    expect(value.taskUUID).toMatch(/^[0-9a-f-]{36}$/)
    expect(value).not.toHaveProperty('references')
    expect(JSON.stringify(value)).not.toContain(dir.dir)
  })

  it('NOT_FOUND for a generation that does not exist', async () => {
    expect(await core.router.dispatch('generation:get-recipe', [999])).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

describe('generation:run-again', () => {
  it('sends the same request with the same reference (no new upload) under a new taskUUID', async () => {
    const id = await madeWithEverything()
    const uploadsBefore = tasks('imageUpload').length
    const first = tasks('imageInference').at(-1)!
    const again = (await core.router.dispatch('generation:run-again', [id])) as { ok: true; value: { generationId: number; taskUUID: string } }
    expect(again.ok).toBe(true)
    expect(again.value.generationId).not.toBe(id)
    expect((await core.generation.whenDone(again.value.generationId)).status).toBe('succeeded')
    expect(tasks('imageUpload').length).toBe(uploadsBefore)
    const second = tasks('imageInference').at(-1)!
    const { taskUUID: t1, ...rest1 } = first
    const { taskUUID: t2, ...rest2 } = second
    expect(t2).not.toBe(t1)
    expect(rest2).toEqual(rest1)
    const refs = core.db.prepare('SELECT generation_id, reference_id FROM generation_references ORDER BY generation_id').all() as { generation_id: number; reference_id: number }[]
    expect(refs).toHaveLength(2)
    expect(refs[0]!.reference_id).toBe(refs[1]!.reference_id)
    // The job's snapshot names its reference, for the queue card's thumbnail.
    expect(core.generation.get(again.value.generationId).referenceIds).toEqual([refs[0]!.reference_id])
    expect(core.events.filter((e) => e.generationId === again.value.generationId).every((e) => e.referenceIds?.[0] === refs[0]!.reference_id)).toBe(true)
  })

  it('Retry: a failed job runs again and succeeds', async () => {
    fake.inject({ kind: 'errorCode', code: 'invalidApiKey', status: 401 })
    const { generationId } = await core.generation.start({ prompt: 'refused once' })
    expect((await core.generation.whenDone(generationId)).status).toBe('failed')
    const again = (await core.router.dispatch('generation:run-again', [generationId])) as { ok: true; value: { generationId: number } }
    expect((await core.generation.whenDone(again.value.generationId)).status).toBe('succeeded')
  })

  it('NOT_FOUND for a generation that does not exist, and nothing is sent', async () => {
    const before = fake.requests.length
    expect(await core.router.dispatch('generation:run-again', [999])).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(fake.requests.length).toBe(before)
  })
})
