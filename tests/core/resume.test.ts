/**
 * `imagine resume` (issue 11): a CLI `generate` killed with SIGKILL at seeded random
 * moments, then `imagine resume --json`: no paid image lost, no taskUUID billed twice,
 * every job final, files match their hashes, integrity_check ok. `RESUME_TRIALS`
 * raises the count; `npm run bench -- resume --trials 50` runs many and prints figures.
 * Also: a job a live process holds is not adopted, nothing to do exits 0, a job that
 * fails on resume is reported with its reason and exit code, and --wait.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../electron/core/db/connection'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { runCliAgainst } from '../helpers/cli'
import { tempDir } from '../helpers/db'
import { KILL_MOMENTS, killResumeTrial, spawnCli, TRIAL_FAKE, trialFigures, type ResumeSummary, type TrialOutcome } from '../helpers/kill-resume'
import { prng } from '../helpers/prng'

const root = resolve(__dirname, '../..')
const TRIALS = Number(process.env.RESUME_TRIALS ?? 6)
const SEED = Number(process.env.RESUME_SEED ?? 1111)

describe('imagine resume after SIGKILL at random moments', () => {
  let fake: FakeRunware
  beforeAll(async () => {
    fake = await startFakeRunware(TRIAL_FAKE)
  })
  afterAll(async () => {
    await fake.close()
  })

  it(`loses no paid image and bills no taskUUID twice (${TRIALS} trials, seed ${SEED})`, async () => {
    const random = prng(SEED)
    const trials: TrialOutcome[] = []
    for (let i = 0; i < TRIALS; i++) {
      const t = tempDir('imagine-resume-')
      try {
        const moment = KILL_MOMENTS[i % KILL_MOMENTS.length]!
        const outcome = await killResumeTrial(fake, join(t.dir, 'library'), moment, random)
        trials.push(outcome)
        expect(outcome.problems, `trial ${i} (${moment}, ${JSON.stringify({ ...outcome, summary: undefined })})`).toEqual([])
        expect(outcome.summary).toMatchObject({ resumed: expect.any(Number), imagesRecovered: expect.any(Number), failed: [], heldElsewhere: [], stoppedWaiting: false })
        for (const job of outcome.summary!.jobs) expect(Object.keys(job).sort()).toEqual(['cost', 'error', 'from', 'generationId', 'images', 'imagesRecovered', 'message', 'status', 'taskUUID'])
      } finally {
        t.cleanup()
      }
    }
    console.log(`resume test (seed ${SEED}):\n  ${trialFigures(trials).join('\n  ')}`)
    // The trials must have caught jobs mid-flight, and resume must have had work to do.
    expect(trials.filter((t) => t.killed && t.statusAtKill !== null && !['succeeded'].includes(t.statusAtKill)).length).toBeGreaterThanOrEqual(TRIALS / 2)
    expect(trials.reduce((n, t) => n + t.recoveredByResume, 0)).toBeGreaterThan(0)
  }, 120_000)
})

describe('imagine resume', () => {
  let fake: FakeRunware
  let dir: { dir: string; cleanup: () => void }
  beforeEach(async () => {
    fake = await startFakeRunware({ imageBytes: 'small' })
    dir = tempDir('imagine-resume-')
  })
  afterEach(async () => {
    await fake.close()
    dir.cleanup()
  })
  const library = (): string => join(dir.dir, 'lib')

  it('says there is nothing to resume and exits 0 (through the real entry point)', async () => {
    const r = await new Promise<{ code: number | null; out: string; err: string }>((res) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'electron/cli/imagine.ts'), 'resume', '--json'], {
        cwd: root,
        env: { ...process.env, RUNWARE_API_KEY: fake.apiKey, RUNWARE_API_URL: fake.url, IMAGINE_DATA_DIR: library() }
      })
      let out = ''
      let err = ''
      child.stdout.on('data', (d) => (out += String(d)))
      child.stderr.on('data', (d) => (err += String(d)))
      child.on('exit', (code) => res({ code, out, err }))
    })
    expect(r.code, r.err).toBe(0)
    expect(r.err).toContain('Nothing to resume')
    expect(JSON.parse(r.out)).toEqual({ resumed: 0, imagesRecovered: 0, jobs: [], failed: [], heldElsewhere: [], tempFilesRemoved: 0, stoppedWaiting: false })
    expect(fake.requests).toHaveLength(0)

    // Without --json: the same words on stderr, nothing on stdout; and no key is needed for nothing.
    const plain = await runCliAgainst(fake, dir.dir, ['resume'], { RUNWARE_API_KEY: undefined })
    expect(plain).toMatchObject({ code: 0, out: '' })
    expect(plain.err).toContain('Nothing to resume')
  }, 30_000)

  it('leaves a job a live process holds to it, and adopts it once that process is killed', async () => {
    await fake.close()
    fake = await startFakeRunware({ imageBytes: 'small', latencyMs: 1500 })
    const gen = spawnCli(fake, library(), ['generate', 'held by a live process', '--async', '--count', '2', '--json'])
    try {
      const stop = Date.now() + 15_000
      // Accepted, and the generate has said so (its row says running): it is polling now.
      while (!gen.err().includes('[running]') && Date.now() < stop) await new Promise((r) => setTimeout(r, 5))
      expect(fake.tasks.size, gen.err()).toBe(1)
      const [taskUUID] = [...fake.tasks.keys()]

      const r = await runCliAgainst(fake, dir.dir, ['resume', '--json'])
      expect(r.code, r.err).toBe(0)
      const held = JSON.parse(r.out) as ResumeSummary
      expect(held).toMatchObject({ resumed: 0, imagesRecovered: 0, jobs: [], failed: [] })
      expect(held.heldElsewhere).toEqual([{ generationId: 1, taskUUID: expect.stringMatching(new RegExp(taskUUID!, 'i')), status: 'running', owner: { host: expect.any(String), pid: gen.pid } }])
      expect(r.err).toMatch(new RegExp(`#1 \\(running\\) is being run by process ${gen.pid} on .*, which is still running; left to it`))
      const raw = openDatabase(join(library(), 'library.db'))
      expect((raw.prepare('SELECT owner FROM generations WHERE id = 1').get() as { owner: string }).owner).toContain(`:${gen.pid}:`)
      raw.close()

      gen.kill()
      expect((await gen.exited).signal).toBe('SIGKILL')
      const again = await runCliAgainst(fake, dir.dir, ['resume', '--json'])
      expect(again.code, again.err).toBe(0)
      const adopted = JSON.parse(again.out) as ResumeSummary
      expect(adopted).toMatchObject({ resumed: 1, imagesRecovered: 2, failed: [], heldElsewhere: [] })
      expect(adopted.jobs[0]).toMatchObject({ generationId: 1, from: 'running', status: 'succeeded', imagesRecovered: 2 })
      expect(fake.charges).toHaveLength(1)
      expect(fake.submissions.get(taskUUID!)).toBe(1)
      // One line per state change, not one per poll.
      const lines = again.err.split('\n').filter((l) => l.startsWith('#1 '))
      expect(lines.length).toBeLessThanOrEqual(4)
      expect(lines.at(-1)).toMatch(/^#1 \[succeeded\] 2\/2 images/)
    } finally {
      gen.kill()
      await gen.exited
    }
  }, 30_000)

  it('re-sends a task killed in flight under its own taskUUID: Runware answers it is known, and bills it once', async () => {
    await fake.close()
    fake = await startFakeRunware({ imageBytes: 'small', latencyMs: 1500 })
    // A sync request Runware has accepted (and billed) but not answered yet: the row still says submitting.
    const gen = spawnCli(fake, library(), ['generate', 'killed in flight', '--count', '3', '--json'])
    const stop = Date.now() + 15_000
    while (fake.tasks.size === 0 && Date.now() < stop) await new Promise((r) => setTimeout(r, 5))
    gen.kill()
    expect((await gen.exited).signal).toBe('SIGKILL')
    const [taskUUID] = [...fake.tasks.keys()]
    const raw = openDatabase(join(library(), 'library.db'))
    expect(raw.prepare('SELECT status FROM generations WHERE id = 1').get()).toEqual({ status: 'submitting' })
    raw.close()

    // Without --json: the recovered images' paths on stdout, the tally on stderr.
    const r = await runCliAgainst(fake, dir.dir, ['resume'])
    expect(r.code, r.err).toBe(0)
    const paths = r.out.split('\n')
    expect(paths).toHaveLength(3)
    for (const p of paths) expect(existsSync(p), p).toBe(true)
    expect(r.err).toContain('resumed 1 job: 3 images recovered, 0 did not end well')
    expect(fake.submissions.get(taskUUID!)).toBe(2)
    expect(fake.charges.map((c) => c.taskUUID.toLowerCase())).toEqual([taskUUID])
    const db = openDatabase(join(library(), 'library.db'))
    expect(db.prepare('SELECT status, task_uuid FROM generations').all()).toEqual([{ status: 'succeeded', task_uuid: expect.stringMatching(new RegExp(taskUUID!, 'i')) }])
    db.close()
  }, 30_000)

  it('sends what never reached Runware under the same taskUUID; a job that then fails is reported with its reason and exit code', async () => {
    const port = Number(new URL(fake.url).port)
    await fake.close()
    // Runware unreachable: the generate waits for the network, never reaching it, and is killed.
    const gen = spawnCli(fake, library(), ['generate', 'never sent', '--json'])
    const stop = Date.now() + 15_000
    while (!gen.err().includes('waiting for the network') && Date.now() < stop) await new Promise((r) => setTimeout(r, 5))
    gen.kill()
    await gen.exited
    const raw = openDatabase(join(library(), 'library.db'))
    const row = raw.prepare('SELECT task_uuid AS taskUUID, status FROM generations WHERE id = 1').get() as { taskUUID: string; status: string }
    raw.close()
    expect(row.status).toBe('submitting')

    // Still unreachable: resume waits --wait seconds, then stops with exit 4, the job kept.
    const waited = await runCliAgainst(fake, dir.dir, ['resume', '--json', '--wait', '0.5'])
    expect(waited.code, waited.err).toBe(4)
    const w = JSON.parse(waited.out) as ResumeSummary
    expect(w).toMatchObject({ resumed: 1, stoppedWaiting: true, failed: [{ generationId: 1, code: 'NETWORK' }] })
    expect(waited.err).toMatch(/could not be reached for 0.5 s/)

    fake = await startFakeRunware({ imageBytes: 'small', port })
    fake.inject({ kind: 'errorCode', code: 'insufficientCredits', status: 402 })
    const r = await runCliAgainst(fake, dir.dir, ['resume', '--json'])
    expect(r.code, r.err).toBe(3)
    const s = JSON.parse(r.out) as ResumeSummary
    expect(s).toMatchObject({ resumed: 1, imagesRecovered: 0, heldElsewhere: [] })
    expect(s.jobs[0]).toMatchObject({ generationId: 1, taskUUID: row.taskUUID, from: 'submitting', status: 'failed', error: { code: 'API_CREDITS' } })
    expect(s.failed).toEqual([{ generationId: 1, taskUUID: row.taskUUID, status: 'failed', code: 'API_CREDITS', message: expect.any(String) }])
    expect(r.err).toMatch(/imagine: #1 failed: .* \(API_CREDITS\)/)
    // The one send carried the row's own taskUUID: no new task was minted.
    const sent = fake.requests.flatMap((q) => (Array.isArray(q.body) ? (q.body as { taskType: string; taskUUID: string }[]) : [])).filter((t) => t.taskType === 'imageInference')
    expect(sent.map((t) => t.taskUUID)).toEqual([row.taskUUID])
    // Failed is final: nothing left to resume.
    const after = await runCliAgainst(fake, dir.dir, ['resume'])
    expect(after.code).toBe(0)
    expect(after.err).toContain('Nothing to resume')
  }, 30_000)

  it('documents resume in --help', async () => {
    const r = await runCliAgainst(fake, dir.dir, ['resume', '--help'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('resume [--json] [--wait S]')
    expect(r.out).toMatch(/heldElsewhere/)
  })
})
