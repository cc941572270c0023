/**
 * The `imagine` CLI in a process of its own, with the tests' fast retry and poll
 * timings (the same runCli as `npm run imagine`, which cannot take them), so a test
 * can kill it with SIGKILL.
 * Usage: node --import tsx tests/helpers/cli-worker.ts <imagine arguments>
 */
import { runCli } from '../../electron/cli/imagine'
import { FAST_POLL, FAST_RETRY } from './generation'

void runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(`${t}\n`),
  stderr: (t) => process.stderr.write(`${t}\n`),
  env: process.env,
  cwd: process.cwd(),
  runware: { retry: FAST_RETRY, poll: FAST_POLL }
}).then((code) => {
  process.exitCode = code
})
