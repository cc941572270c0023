/**
 * One trial of the kill-and-resume proof (issue 11), shared by tests/core/resume.test.ts
 * (a few seeded trials) and `npm run bench -- resume` (many, with figures): a CLI
 * `generate` in its own process is killed with SIGKILL at a seeded random moment of one
 * phase of its run, then `imagine resume --json` runs in another process on the same
 * library. A trial returns what it saw and every check that failed, so the bench can
 * count and the test can assert.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { openDatabase } from '../../electron/core/db/connection'
import type { FakeRunware } from '../fake-runware/server'

const root = resolve(__dirname, '../..')
const FINAL = ['succeeded', 'failed', 'canceled', 'interrupted']

/**
 * Where the kill lands: while the task has not reached Runware (its first send was dropped
 * and the CLI is backing off), after Runware accepted (billed) it but before any image was
 * fetched, while an image is being fetched, after every image's bytes were sent, and at any
 * time from the process's start (which may be before it wrote the job's row at all).
 */
export const KILL_MOMENTS = ['before-submit', 'accepted', 'mid-download', 'after-download', 'anytime'] as const
export type KillMoment = (typeof KILL_MOMENTS)[number]

/** Options for the fake server the trials expect: each phase lasts long enough to land in. */
export const TRIAL_FAKE = { imageBytes: 'small', latencyMs: 200, perImageLatencyMs: 40 } as const

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  out: string
  err: string
  ms: number
}

export interface SpawnedCli {
  pid: number
  out(): string
  err(): string
  kill(): void
  exited: Promise<CliRun>
}

/** `imagine <args>` in its own process (tests/helpers/cli-worker.ts) against `fake`, on the library `dataDir`. */
export function spawnCli(fake: FakeRunware, dataDir: string, args: string[], env: Record<string, string> = {}): SpawnedCli {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/helpers/cli-worker.ts'), ...args], {
    cwd: root,
    env: { ...process.env, RUNWARE_API_KEY: fake.apiKey, RUNWARE_API_URL: fake.url, IMAGINE_DATA_DIR: dataDir, IMAGINE_DEBUG: '', ...env }
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => (out += String(d)))
  child.stderr.on('data', (d) => (err += String(d)))
  const exited = new Promise<CliRun>((res) => child.on('exit', (code, signal) => res({ code, signal, out, err, ms: performance.now() - started })))
  return { pid: child.pid!, out: () => out, err: () => err, kill: () => child.kill('SIGKILL'), exited }
}

export interface ResumeSummary {
  resumed: number
  imagesRecovered: number
  jobs: { generationId: number; taskUUID: string; from: string | null; status: string; imagesRecovered: number; images: { id: number; path: string; sha256: string }[]; error: unknown }[]
  failed: { generationId: number; code: string; message: string }[]
  heldElsewhere: { generationId: number; owner: { host: string; pid: number } | null }[]
  tempFilesRemoved: number
  stoppedWaiting: boolean
}

export interface TrialOutcome {
  moment: KillMoment
  /** false when the run ended on its own before the kill landed. */
  killed: boolean
  /** What the fake had seen of the task when the kill landed. */
  atKill: 'not-accepted' | 'accepted' | 'downloading' | 'downloaded'
  /** The job's status in the library right after the kill (null: no row). */
  statusAtKill: string | null
  count: number
  delivery: 'sync' | 'async'
  output: 'url' | 'base64'
  /** Images Runware made (and billed) for the task, and those in the library after resume. */
  paid: number
  inLibrary: number
  recoveredByResume: number
  /** imageInference tasks the task's UUID was sent in (more than 1: re-sent, answered as a conflict). */
  sends: number
  charges: number
  resumeCode: number | null
  resumeMs: number
  summary: ResumeSummary | null
  /** Every check that failed; empty when the trial proved what it should. */
  problems: string[]
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Waits (polling the in-process fake every 2 ms) until `ready()`, or the run ends, or 15 s pass. */
async function until(ready: () => boolean, ended: () => boolean): Promise<boolean> {
  const stop = performance.now() + 15_000
  while (performance.now() < stop) {
    if (ready()) return true
    if (ended()) return false
    await sleep(2)
  }
  return false
}

export async function killResumeTrial(fake: FakeRunware, dataDir: string, moment: KillMoment, random: () => number): Promise<TrialOutcome> {
  const problems: string[] = []
  const count = 1 + Math.floor(random() * 4)
  const delivery = random() < 0.5 ? 'sync' : 'async'
  // Downloads need URLs; inline (base64) results are recovered by asking Runware again.
  const output = moment === 'mid-download' || moment === 'after-download' || random() < 0.6 ? ('url' as const) : ('base64' as const)
  const knownTasks = new Set(fake.tasks.keys())
  const chargesBefore = fake.charges.length
  const requestsBefore = fake.requests.length
  const startedBefore = fake.downloadsStarted
  const downloadsBefore = fake.downloads
  const newTask = (): boolean => [...fake.tasks.keys()].some((k) => !knownTasks.has(k))

  let trigger: () => boolean
  let delayMs: number
  if (moment === 'before-submit') {
    fake.inject({ kind: 'dropBeforeAccept' })
    trigger = () => fake.requests.slice(requestsBefore).some((r) => r.faults.includes('dropBeforeAccept'))
    delayMs = random() * 4 // the CLI's first backoff is 3.5 to 6.5 ms
  } else if (moment === 'accepted') {
    trigger = newTask
    delayMs = random() * TRIAL_FAKE.latencyMs
  } else if (moment === 'mid-download') {
    fake.inject({ kind: 'slowDownload', ms: 120, times: count })
    trigger = () => fake.downloadsStarted > startedBefore
    delayMs = random() * 110
  } else if (moment === 'after-download') {
    trigger = () => fake.downloads - downloadsBefore >= count
    delayMs = random() * 12 // the commit: hash check, thumbnail, rows
  } else {
    trigger = () => true
    delayMs = random() * 1500 // start-up (tsx, the library) takes about half of that
  }

  const args = ['generate', `kill ${moment}`, '--count', String(count), '--json', ...(delivery === 'async' ? ['--async'] : []), ...(output === 'base64' ? ['--output', 'base64'] : [])]
  const gen = spawnCli(fake, dataDir, args)
  let ended = false
  void gen.exited.then(() => (ended = true))
  if (await until(trigger, () => ended)) {
    await sleep(delayMs)
    gen.kill()
  }
  const first = await gen.exited
  const killed = first.signal === 'SIGKILL'
  if (!killed && first.code !== 0) problems.push(`generate ended with ${first.code} before the kill: ${first.err.slice(-500)}`)
  const started = fake.downloadsStarted - startedBefore
  const finished = fake.downloads - downloadsBefore
  const atKill = !newTask() ? 'not-accepted' : finished >= count ? 'downloaded' : started > 0 ? 'downloading' : 'accepted'

  const dbFile = join(dataDir, 'library.db')
  let statusAtKill: string | null = null
  let openAtKill = 0
  let imagesAtKill = 0
  if (existsSync(dbFile)) {
    const db = openDatabase(dbFile)
    const rows = db.prepare('SELECT status FROM generations').all() as { status: string }[]
    statusAtKill = rows[0]?.status ?? null
    openAtKill = rows.filter((r) => !FINAL.includes(r.status)).length
    imagesAtKill = (db.prepare('SELECT count(*) AS n FROM images').get() as { n: number }).n
    db.close()
  }

  const resume = await spawnCli(fake, dataDir, ['resume', '--json']).exited
  if (resume.code !== 0) problems.push(`resume exited ${resume.code}: ${resume.err.slice(-800)}`)
  let summary: ResumeSummary | null = null
  try {
    summary = JSON.parse(resume.out) as ResumeSummary
  } catch {
    problems.push(`resume --json printed no JSON: ${resume.out.slice(0, 300)}`)
  }

  let paid = 0
  let inLibrary = 0
  let sends = 0
  let charges = 0
  let imagesNow = 0
  if (!existsSync(dbFile)) problems.push('no library after the kill')
  else {
    const db = openDatabase(dbFile)
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`)
    const gens = db.prepare('SELECT id, task_uuid, status FROM generations').all() as { id: number; task_uuid: string; status: string }[]
    const images = db.prepare('SELECT image_uuid, path, sha256 FROM images').all() as { image_uuid: string; path: string; sha256: string }[]
    imagesNow = images.length
    const byUuid = new Map(images.map((r) => [r.image_uuid, r]))
    for (const g of gens) {
      if (g.status !== 'succeeded') problems.push(`generation #${g.id} ended ${g.status}`)
      const key = g.task_uuid.toLowerCase()
      const task = fake.tasks.get(key)
      sends = fake.submissions.get(key) ?? 0
      charges = fake.charges.filter((c) => c.taskUUID.toLowerCase() === key).length
      if (charges > 1) problems.push(`task ${g.task_uuid} billed ${charges} times`)
      if (!task) {
        problems.push(`generation #${g.id} never reached Runware`)
        continue
      }
      for (const r of task.results) {
        paid++
        const row = byUuid.get(r.imageUUID)
        if (!row) {
          problems.push(`image ${r.imageUUID} of task ${g.task_uuid} lost`)
          continue
        }
        inLibrary++
        const file = join(dataDir, row.path)
        const hash = existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : null
        if (hash !== row.sha256) problems.push(`image ${r.imageUUID}: file hash ${hash} but the row says ${row.sha256}`)
        if (r.sha256 !== undefined && row.sha256 !== r.sha256) problems.push(`image ${r.imageUUID}: stored ${row.sha256} but Runware sent ${r.sha256}`)
      }
    }
    // Everything billed during this trial belongs to a job in the library (nothing paid and forgotten).
    const known = new Set(gens.map((g) => g.task_uuid.toLowerCase()))
    for (const c of fake.charges.slice(chargesBefore)) if (!known.has(c.taskUUID.toLowerCase())) problems.push(`charge for ${c.taskUUID}, which the library does not know`)
    const tmp = join(dataDir, 'tmp')
    if (existsSync(tmp) && readdirSync(tmp).length > 0) problems.push(`temp files left: ${readdirSync(tmp).join(', ')}`)
    db.close()
  }
  if (summary) {
    if (summary.resumed !== openAtKill) problems.push(`resume took ${summary.resumed} jobs, ${openAtKill} were open`)
    if (summary.imagesRecovered !== imagesNow - imagesAtKill) problems.push(`resume says ${summary.imagesRecovered} images recovered, the library gained ${imagesNow - imagesAtKill}`)
    if (summary.failed.length > 0 || summary.heldElsewhere.length > 0 || summary.stoppedWaiting) problems.push(`resume summary: ${JSON.stringify(summary).slice(0, 500)}`)
  }
  return {
    moment,
    killed,
    atKill,
    statusAtKill,
    count,
    delivery,
    output,
    paid,
    inLibrary,
    recoveredByResume: summary?.imagesRecovered ?? 0,
    sends,
    charges,
    resumeCode: resume.code,
    resumeMs: resume.ms,
    summary,
    problems
  }
}

/** The figures of a run of trials, one line each, for the test's log and the bench. */
export function trialFigures(trials: TrialOutcome[]): string[] {
  const n = (f: (t: TrialOutcome) => boolean): number => trials.filter(f).length
  const sum = (f: (t: TrialOutcome) => number): number => trials.reduce((s, t) => s + f(t), 0)
  const ms = trials.map((t) => t.resumeMs).sort((a, b) => a - b)
  const at = (q: number): string => `${Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0)} ms`
  const phases = ['not-accepted', 'accepted', 'downloading', 'downloaded'] as const
  return [
    `trials: ${trials.length}, killed: ${n((t) => t.killed)}, ended before the kill: ${n((t) => !t.killed)}`,
    `kill landed (as the fake saw it): ${phases.map((p) => `${p} ${n((t) => t.killed && t.atKill === p)}`).join(', ')}`,
    `job status at the kill: ${[...new Set(trials.map((t) => t.statusAtKill ?? 'no row'))].map((s) => `${s} ${n((t) => (t.statusAtKill ?? 'no row') === s)}`).join(', ')}`,
    `paid images: ${sum((t) => t.paid)}, in the library after resume: ${sum((t) => t.inLibrary)}, recovered by resume: ${sum((t) => t.recoveredByResume)}, lost: ${sum((t) => t.paid - t.inLibrary)}`,
    `jobs resumed: ${sum((t) => t.summary?.resumed ?? 0)}, re-sent under the same taskUUID: ${n((t) => t.sends > 1)}, billed twice: ${n((t) => t.charges > 1)}`,
    `resume wall time (process start to exit): median ${at(0.5)}, p90 ${at(0.9)}, max ${at(1)}`,
    `trials with a failed check: ${n((t) => t.problems.length > 0)}`
  ]
}
