/** Issue 10, "the queue remembers": jobs that ended in the last day (at most 50) are listed after a restart. */
import { afterEach, describe, expect, it } from 'vitest'
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
