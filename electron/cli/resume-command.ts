/**
 * `imagine resume [--json] [--wait S]` (issue 11): finishes, headless, every job of
 * this library that a process left unfinished (killed, crashed, or a `generate` that
 * stopped waiting). It adopts exactly as the desktop app does at start-up, through
 * GenerationService.recover() and pump(): a job is taken only when its owner released
 * it, its pid no longer exists on this machine, or it has sent no heartbeat for
 * `staleMs`. The job runner then polls by taskUUID, downloads what was paid for and
 * re-sends what never reached Runware under the same taskUUID (Runware answers
 * `conflictTaskUUID` when it already has the task, so nothing is billed twice).
 * A job that another live process (the app, a running `generate`) holds is left to it.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Core } from '../core/app-core'
import { AppError } from '../core/errors'
import { ownerIsDead } from '../core/generation/generation-service'
import type { Emit } from '../core/ipc/event-queue'
import { FINAL_STATUSES, type GenerationStatus, type JobProgress } from '../shared/jobs'
import { exitCodeFor, EXIT, HELP } from './cli-text'
import type { Out } from './library-commands'
import { describe, networkDeadline, waitOption } from './progress'

type OpenJob = ReturnType<Core['generation']['openJobs']>[number]

/** `host:pid:nonce` as { host, pid }, for people and for --json. */
function ownerOf(owner: string | null): { host: string; pid: number } | null {
  if (owner === null) return null
  const [host = '', pid = ''] = owner.split(':')
  return { host, pid: Number(pid) }
}

const ENDED_WELL: readonly GenerationStatus[] = ['succeeded', 'canceled']
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

export async function resumeCommand(argv: string[], out: Out, open: (emit: Emit) => { core: Core; dataDir: string }): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: { json: { type: 'boolean' }, wait: { type: 'string' }, help: { type: 'boolean', short: 'h' } }
  })
  if (values.help) {
    out.stdout(HELP)
    return EXIT.ok
  }
  const waitS = waitOption(values.wait)
  const deadline = networkDeadline(waitS * 1000)
  /** Per job, the last state a line was printed for: one line per change, not per event. */
  const printed = new Map<number, string>()
  let quiet = false
  const { core, dataDir } = open((channel, payload) => {
    if (channel !== 'generation:progress' || quiet) return
    const p = payload as JobProgress
    deadline.track(p)
    const state = `${p.status}|${p.waitingForNetwork}`
    if (printed.get(p.generationId) === state) return
    printed.set(p.generationId, state)
    out.stderr(`#${p.generationId} ${describe(p)}`)
  })
  try {
    const before = new Map<number, OpenJob>(core.generation.openJobs().map((j) => [j.generationId, j]))
    // What each job already held: whatever it holds at the end beyond that, this run recovered.
    const had = new Map<number, Set<number>>([...before.keys()].map((id) => [id, new Set(core.generation.images(id).map((i) => i.imageId))]))
    if (before.size > 0) {
      if (!core.client.hasKey()) throw new AppError('NO_API_KEY', 'Set RUNWARE_API_KEY to resume: the unfinished jobs must ask Runware for their results.')
      const keyProblem = core.client.keyProblem()
      if (keyProblem) throw new AppError('VALIDATION', keyProblem)
      out.stderr(`${plural(before.size, 'unfinished job')} in ${dataDir}: ${[...before.values()].map((j) => `#${j.generationId} (${j.status})`).join(', ')}`)
    }
    // The app's own start-up path: clean up dead processes' temp files, adopt, run.
    const { tempFilesRemoved } = core.generation.recover()
    const idle = await Promise.race([core.generation.whenIdle().then(() => true as const), deadline.expired])
    const stoppedWaiting = idle === null
    const ran = core.generation.ran()
    const jobs = ran.map((id) => {
      const p = core.generation.get(id)
      const images = core.generation.images(id).filter((i) => !had.get(id)?.has(i.imageId))
      return {
        generationId: id,
        taskUUID: p.taskUUID,
        from: before.get(id)?.status ?? null,
        status: p.status,
        imagesRecovered: images.length,
        images: images.map((i) => ({ id: i.imageId, path: join(dataDir, i.path), sha256: i.sha256, width: i.width, height: i.height, format: i.format })),
        cost: p.costUsd,
        message: p.message ?? null,
        error: p.error ?? null
      }
    })
    const stillOpen = core.generation.openJobs().filter((j) => !ran.includes(j.generationId))
    // Idle means nothing more could be claimed: what is left is held by a live process. A job
    // released or with a dead owner is left only when this run stopped early (all slots were
    // busy) or its owner died just now.
    const leftOver = stillOpen.filter((j) => j.owner === null || ownerIsDead(j.owner))
    const heldElsewhere = stillOpen.filter((j) => !leftOver.includes(j))
    const waitMessage =
      `Runware could not be reached for ${waitS} s, so this run stops waiting. The unfinished jobs stay in the library ` +
      'and the next `imagine resume` (or the desktop app) goes on with them by the same task UUID: nothing is sent or billed twice.'
    const leftMessage = stoppedWaiting ? waitMessage : 'Its owner ended while this run was finishing. Run `imagine resume` again.'
    const failed = [
      ...jobs
        .filter((j) => !ENDED_WELL.includes(j.status))
        .map((j) => ({
          generationId: j.generationId,
          taskUUID: j.taskUUID,
          status: j.status,
          code: j.error?.code ?? (FINAL_STATUSES.includes(j.status) ? 'INTERNAL' : 'NETWORK'),
          message: j.error?.message ?? (FINAL_STATUSES.includes(j.status) ? j.message ?? j.status : waitMessage)
        })),
      ...leftOver.map((j) => ({ generationId: j.generationId, taskUUID: j.taskUUID, status: j.status, code: stoppedWaiting ? 'NETWORK' : 'NOT_RESUMED', message: leftMessage }))
    ]
    const imagesRecovered = jobs.reduce((n, j) => n + j.imagesRecovered, 0)
    const summary = {
      resumed: jobs.length,
      imagesRecovered,
      jobs,
      failed,
      heldElsewhere: heldElsewhere.map((j) => ({ generationId: j.generationId, taskUUID: j.taskUUID, status: j.status, owner: ownerOf(j.owner) })),
      tempFilesRemoved,
      stoppedWaiting
    }

    quiet = true // closing the core publishes shutting-down snapshots of what is still running
    if (before.size === 0) out.stderr('Nothing to resume: every generation in this library is finished.')
    else if (jobs.length === 0 && leftOver.length === 0) out.stderr('Nothing to resume here.')
    for (const j of summary.heldElsewhere) {
      const who = j.owner ? `process ${j.owner.pid} on ${j.owner.host}` : 'another process'
      out.stderr(`#${j.generationId} (${j.status}) is being run by ${who}, which is still running; left to it.`)
    }
    if (stoppedWaiting) out.stderr(`imagine: ${waitMessage}`)
    for (const f of failed) if (FINAL_STATUSES.includes(f.status) || f.code === 'NOT_RESUMED') out.stderr(`imagine: #${f.generationId} ${f.status}: ${f.message} (${f.code})`)
    if (jobs.length > 0) out.stderr(`resumed ${plural(jobs.length, 'job')}: ${plural(imagesRecovered, 'image')} recovered, ${failed.length} did not end well`)

    if (values.json) out.stdout(JSON.stringify(summary))
    else for (const j of jobs) for (const i of j.images) out.stdout(i.path)

    if (stoppedWaiting) return EXIT.gaveUp
    const worst = failed[0]
    return worst ? exitCodeFor({ status: 'failed', error: { code: worst.code, message: worst.message } }) : EXIT.ok
  } finally {
    quiet = true
    deadline.dispose()
    await core.close()
  }
}
