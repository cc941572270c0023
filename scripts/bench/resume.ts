/**
 * `npm run bench -- resume [--trials N] [--seed S]`
 * The kill-and-resume proof of issue 11 at scale: each trial runs a CLI `generate` in
 * its own process against the fake Runware server, kills it with SIGKILL at a seeded
 * random moment of one phase (before the task reached Runware, after Runware accepted
 * it, mid-download, after the bytes arrived), then runs `imagine resume --json` in
 * another process on the same library and checks every paid image, every file hash,
 * the billing ledger and integrity_check (tests/helpers/kill-resume.ts, the same trial
 * tests/core/resume.test.ts runs a few of). Prints the figures; exits 1 if any trial
 * failed a check. Default 50 trials.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startFakeRunware } from '../../tests/fake-runware/server'
import { tempDir } from '../../tests/helpers/db'
import { KILL_MOMENTS, killResumeTrial, TRIAL_FAKE, trialFigures, type TrialOutcome } from '../../tests/helpers/kill-resume'
import { prng } from '../../tests/helpers/prng'

const { values } = parseArgs({ args: process.argv.slice(2), options: { trials: { type: 'string' }, seed: { type: 'string' } }, allowPositionals: true })
const TRIALS = Number(values.trials ?? 50)
const SEED = Number(values.seed ?? 20261203)

async function main(): Promise<void> {
  const fake = await startFakeRunware(TRIAL_FAKE)
  const random = prng(SEED)
  const trials: TrialOutcome[] = []
  const started = performance.now()
  try {
    for (let i = 0; i < TRIALS; i++) {
      const t = tempDir('imagine-resume-bench-')
      try {
        const moment = KILL_MOMENTS[i % KILL_MOMENTS.length]!
        const outcome = await killResumeTrial(fake, join(t.dir, 'library'), moment, random)
        trials.push(outcome)
        const mark = outcome.problems.length === 0 ? 'ok' : `FAILED: ${outcome.problems.join('; ')}`
        console.log(`trial ${String(i + 1).padStart(3)} ${moment.padEnd(14)} landed ${outcome.killed ? outcome.atKill.padEnd(12) : 'after the end'} status ${String(outcome.statusAtKill).padEnd(11)} ${outcome.count} img ${outcome.delivery} ${outcome.output.padEnd(6)} resume ${Math.round(outcome.resumeMs)} ms: ${mark}`)
      } finally {
        t.cleanup()
      }
    }
  } finally {
    await fake.close()
  }
  console.log(`\nresume bench, seed ${SEED}, ${((performance.now() - started) / 1000).toFixed(1)} s in all`)
  for (const line of trialFigures(trials)) console.log(`  ${line}`)
  if (trials.some((t) => t.problems.length > 0)) process.exitCode = 1
}

void main()
