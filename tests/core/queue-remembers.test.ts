/** Issue 10, "the queue remembers": jobs that ended in the last day (at most 50) are listed after a restart. */
import { afterEach, describe, expect, it } from 'vitest'
import { CANCELED_OFFLINE } from '../../electron/core/generation/generation-service'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { tempDir } from '../helpers/db'
import { generateAndWait, makeCore, type TestCore } from '../helpers/generation'

let fake: FakeRunware | null = null
let core: TestCore | null = null
const cleanups: (() => void)[] = []
afterEach(async () => {
  await core?.close()
  core = null
  await fake?.close()
  fake = null
  cleanups.splice(0).forEach((c) => c())
})

describe('the job list after a restart', () => {
  it('holds the jobs that ended in the last day, newest first, and not older ones', async () => {
    fake = await startFakeRunware({ imageBytes: 'small' })
    const t = tempDir()
    cleanups.push(t.cleanup)
    core = makeCore(fake, t.dir)
    const old = await generateAndWait(core, { prompt: 'made two days ago' })
    const earlier = await generateAndWait(core, { prompt: 'made earlier today', numberResults: 1 })
    const fresh = await generateAndWait(core, { prompt: 'made just now', numberResults: 2 })
    core.db.prepare('UPDATE generations SET finished_at = ? WHERE id = ?').run(Date.now() - 2 * 24 * 3600_000, old.generationId)
    await core.close()

    // A new process on the same library: nothing ran in it yet.
    core = makeCore(fake, t.dir)
    const listed = core.generation.list()
    expect(listed.map((j) => j.prompt)).toEqual(['made just now', 'made earlier today'])
    expect(listed[0]).toMatchObject({ generationId: fresh.generationId, status: 'succeeded', imagesDone: 2 })
    expect(listed[1]!.generationId).toBe(earlier.generationId)
  }, 30_000)
})

describe('Clear finished', () => {
  it('removes the jobs that ended from the list for good: a restart does not bring them back, and later jobs still show', async () => {
    fake = await startFakeRunware({ imageBytes: 'small' })
    const t = tempDir()
    cleanups.push(t.cleanup)
    core = makeCore(fake, t.dir)
    const a = await generateAndWait(core, { prompt: 'cleared one' })
    fake.inject({ kind: 'errorCode', code: 'invalidApiKey', status: 401 })
    const b = await generateAndWait(core, { prompt: 'cleared failure' })
    expect(b.status).toBe('failed')
    expect(core.generation.list().map((j) => j.prompt)).toEqual(['cleared failure', 'cleared one'])

    const r = await core.router.dispatch('generation:clear-finished', [])
    expect(r).toEqual({ ok: true, value: [b.generationId, a.generationId] })
    expect(core.generation.list()).toEqual([])
    // Nothing left to clear: an empty answer, not an error.
    expect(await core.router.dispatch('generation:clear-finished', [])).toEqual({ ok: true, value: [] })

    const c = await generateAndWait(core, { prompt: 'made after the clear' })
    expect(core.generation.list().map((j) => j.generationId)).toEqual([c.generationId])
    await core.close()

    core = makeCore(fake, t.dir)
    expect(core.generation.list().map((j) => j.prompt)).toEqual(['made after the clear'])
    // The images of cleared jobs stay in the library: only the queue forgets them.
    expect(core.generation.images(a.generationId)).toHaveLength(1)
  }, 30_000)

  it('keeps a job that has not ended, and takes arguments from nobody', async () => {
    fake = await startFakeRunware({ imageBytes: 'small' })
    const t = tempDir()
    cleanups.push(t.cleanup)
    core = makeCore(fake, t.dir)
    const done = await generateAndWait(core, { prompt: 'ended' })
    fake.inject({ kind: 'asyncProcessingPolls', polls: 1000 })
    const running = await core.generation.start({ prompt: 'still running', deliveryMethod: 'async' })
    const until = Date.now() + 5000
    while (core.generation.get(running.generationId).status !== 'running' && Date.now() < until) await new Promise((r) => setTimeout(r, 5))
    expect(await core.router.dispatch('generation:clear-finished', [])).toEqual({ ok: true, value: [done.generationId] })
    expect(core.generation.list().map((j) => j.prompt)).toEqual(['still running'])
    expect(await core.router.dispatch('generation:clear-finished', [1])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  }, 30_000)
})

describe('a job canceled while offline', () => {
  it('says canceled, never "waiting for network", while the app still waits to ask Runware', async () => {
    fake = await startFakeRunware({ imageBytes: 'small' })
    const port = Number(new URL(fake.url).port)
    const t = tempDir()
    cleanups.push(t.cleanup)
    core = makeCore(fake, t.dir)
    await fake.close()
    fake = null
    const c = core
    const { generationId } = await c.generation.start({ prompt: 'offline, then canceled' })
    const until = async (cond: () => boolean): Promise<void> => {
      const end = Date.now() + 5000
      while (!cond()) {
        if (Date.now() > end) throw new Error('condition not met in time')
        await new Promise((r) => setTimeout(r, 5))
      }
    }
    await until(() => c.events.some((e) => e.generationId === generationId && e.waitingForNetwork))
    const answer = c.generation.cancel(generationId)
    const from = c.events.length
    expect(answer.status).toBe('canceled')
    // The cancel's check with Runware waits for the network again: give it time to say so.
    await new Promise((r) => setTimeout(r, 300))
    const after = [answer, ...c.events.slice(from).filter((e) => e.generationId === generationId), c.generation.get(generationId)]
    for (const snap of after) {
      expect(snap).toMatchObject({ status: 'canceled', waitingForNetwork: false })
    }
    expect(c.generation.get(generationId).message).toBe(CANCELED_OFFLINE)
    expect(CANCELED_OFFLINE).toMatch(/^Canceled\. /)
    expect(c.generation.list()[0]).toMatchObject({ generationId, status: 'canceled', waitingForNetwork: false })

    // Back online: Runware never got it, so it ends canceled and unbilled.
    fake = await startFakeRunware({ imageBytes: 'small', port })
    const final = await c.generation.whenDone(generationId)
    expect(final).toMatchObject({ status: 'canceled', waitingForNetwork: false })
    expect(final.message).toMatch(/nothing was billed/)
  }, 30_000)
})
