/** Issue 10, notifications: one desktop notification per job that ends while the window is in the background. */
import { afterEach, describe, expect, it } from 'vitest'
import { failureReason, jobNotification, promptStart, type JobNotification } from '../../electron/core/notify/job-notifications'
import type { JobProgress, JobReveal } from '../../electron/shared/jobs'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { tempDir } from '../helpers/db'
import { generateAndWait, makeCore, type TestCore } from '../helpers/generation'

const job = (over: Partial<JobProgress>): JobProgress => ({
  generationId: 1,
  taskUUID: 't',
  prompt: 'a lighthouse at dusk, oil painting',
  status: 'succeeded',
  imagesDone: 3,
  imagesTotal: 3,
  elapsedMs: 1000,
  costUsd: 0.12,
  waitingForNetwork: false,
  retries: 0,
  ...over
})
const away = { focused: false, enabled: true }

describe('the notification decision and its words', () => {
  it('says how many images are ready and how the prompt starts', () => {
    expect(jobNotification(job({}), away)).toEqual({ title: '3 images ready — a lighthouse at dusk, oil painting', body: 'Click to see them.' })
    expect(jobNotification(job({ imagesDone: 1, imagesTotal: 1 }), away)?.title).toBe('1 image ready — a lighthouse at dusk, oil painting')
    expect(jobNotification(job({ imagesDone: 1, imagesTotal: 1 }), away)?.body).toBe('Click to see it.')
    expect(jobNotification(job({ imagesDone: 3, imagesTotal: 4 }), away)?.title).toBe('3 of 4 images ready — a lighthouse at dusk, oil painting')
  })

  it('says a job failed and why, in words, with the prompt under it', () => {
    const failed = job({ status: 'failed', imagesDone: 0, error: { code: 'API_AUTH', message: 'Runware refused the API key. Check it in Settings.' } })
    expect(jobNotification(failed, away)).toEqual({ title: 'Job failed — Runware refused the API key', body: 'a lighthouse at dusk, oil painting' })
    const interrupted = job({ status: 'interrupted', imagesDone: 0, error: { code: 'taskNotFound', message: 'Runware no longer has this task, so its results cannot be collected.' } })
    expect(jobNotification(interrupted, away)?.title).toBe('Job failed — Runware no longer has this task, so its results cannot be collected')
  })

  it('never notifies while the window has focus, with the setting off, for a cancel or a job still running', () => {
    expect(jobNotification(job({}), { focused: true, enabled: true })).toBeNull()
    expect(jobNotification(job({ status: 'failed' }), { focused: true, enabled: true })).toBeNull()
    expect(jobNotification(job({}), { focused: false, enabled: false })).toBeNull()
    expect(jobNotification(job({ status: 'failed' }), { focused: false, enabled: false })).toBeNull()
    expect(jobNotification(job({ status: 'canceled' }), away)).toBeNull()
    for (const status of ['queued', 'submitting', 'running', 'downloading'] as const) expect(jobNotification(job({ status }), away)).toBeNull()
  })

  it('shortens a long prompt at a word, and a failure without a message still reads', () => {
    expect(promptStart('short')).toBe('short')
    const long = 'an enormous lighthouse standing on black basalt cliffs at dusk while a storm rolls in from the sea'
    const start = promptStart(long)
    expect(start.length).toBeLessThanOrEqual(48)
    expect(start).toBe('an enormous lighthouse standing on black basalt…')
    // A cut inside a word goes back to the word before it.
    expect(promptStart('an enormous lighthouse standing on black basaltic cliffs')).toBe('an enormous lighthouse standing on black…')
    expect(promptStart('  two\n lines  ')).toBe('two lines')
    expect(failureReason({ status: 'failed' })).toBe('something went wrong')
    expect(failureReason({ status: 'failed', error: { code: 'X', message: 'Runware did not finish within 10 minutes.' } })).toBe('Runware did not finish within 10 minutes')
  })
})

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

/** A core whose notifier and window the test holds. */
async function notifyingCore(): Promise<{ core: TestCore; shown: { n: JobNotification; click: () => void }[]; win: { focused: boolean; focusCalls: number }; reveals: JobReveal[] }> {
  fake = await startFakeRunware({ imageBytes: 'small' })
  const t = tempDir()
  cleanups.push(t.cleanup)
  const shown: { n: JobNotification; click: () => void }[] = []
  const reveals: JobReveal[] = []
  const win = { focused: false, focusCalls: 0 }
  const events: JobProgress[] = []
  core = makeCore(fake, t.dir, {
    emit: (channel, payload) => {
      if (channel === 'generation:progress') events.push(payload as JobProgress)
      if (channel === 'generation:reveal') reveals.push(payload as JobReveal)
    },
    notifications: {
      notifier: { show: (n, click) => void shown.push({ n, click }) },
      window: { isFocused: () => win.focused, focus: () => void win.focusCalls++ }
    }
  })
  core.events = events
  return { core, shown, win, reveals }
}

describe('notifications from a running core', () => {
  it('one notification for a 4-image job that ends in the background; clicking it focuses the window on its images', async () => {
    const { core: c, shown, win, reveals } = await notifyingCore()
    const done = await generateAndWait(c, { prompt: 'four foxes in the snow', numberResults: 4 })
    expect(done.status).toBe('succeeded')
    // Many snapshots were published (one per image at least), and a final one more than once.
    expect(c.events.filter((e) => e.generationId === done.generationId).length).toBeGreaterThan(4)
    expect(shown.map((s) => s.n)).toEqual([{ generationId: done.generationId, title: '4 images ready — four foxes in the snow', body: 'Click to see them.' }])
    expect(win.focusCalls).toBe(0)
    expect(reveals).toEqual([])

    shown[0]!.click()
    expect(win.focusCalls).toBe(1)
    const images = c.generation.images(done.generationId).map((i) => i.imageId)
    expect(images).toHaveLength(4)
    expect(reveals).toEqual([{ generationId: done.generationId, imageIds: images }])
  }, 30_000)

  it('a job that fails in the background says so once', async () => {
    const { core: c, shown } = await notifyingCore()
    fake!.inject({ kind: 'errorCode', code: 'invalidApiKey', status: 401 })
    const failed = await generateAndWait(c, { prompt: 'refused' })
    expect(failed.status).toBe('failed')
    expect(shown).toHaveLength(1)
    expect(shown[0]!.n.title).toMatch(/^Job failed — \S/)
    expect(shown[0]!.n.title).not.toMatch(/API_AUTH|invalidApiKey/)
    expect(shown[0]!.n.body).toBe('refused')
  }, 30_000)

  it('nothing while the window has focus, nothing with the setting off, and each later job in the background once', async () => {
    const { core: c, shown, win } = await notifyingCore()
    win.focused = true
    await generateAndWait(c, { prompt: 'seen in the window' })
    expect(shown).toEqual([])

    win.focused = false
    c.settings.update({ notifications: false })
    await generateAndWait(c, { prompt: 'setting off' })
    expect(shown).toEqual([])

    c.settings.update({ notifications: true })
    const a = await generateAndWait(c, { prompt: 'first away', numberResults: 2 })
    const b = await generateAndWait(c, { prompt: 'second away' })
    expect(shown.map((s) => [s.n.generationId, s.n.title])).toEqual([
      [a.generationId, '2 images ready — first away'],
      [b.generationId, '1 image ready — second away']
    ])
  }, 30_000)
})
