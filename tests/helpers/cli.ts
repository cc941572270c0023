/** Runs the CLI in-process against a fake Runware, capturing what it prints. */
import { join } from 'node:path'
import { runCli } from '../../electron/cli/imagine'
import type { FakeRunware } from '../fake-runware/server'
import { FAST_POLL, FAST_RETRY } from './generation'

export interface CliRun {
  code: number
  out: string
  err: string
}

/** `imagine <args>` with the fake's key and URL and a library in `<dir>/lib`; `env` overrides. */
export async function runCliAgainst(fake: FakeRunware, dir: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(args, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: { RUNWARE_API_KEY: fake.apiKey, RUNWARE_API_URL: fake.url, IMAGINE_DATA_DIR: join(dir, 'lib'), ...env },
    cwd: dir,
    runware: { retry: FAST_RETRY, poll: FAST_POLL }
  })
  return { code, out: out.join('\n'), err: err.join('\n') }
}
