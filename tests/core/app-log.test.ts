/**
 * Issue 11, "Proof": the log file exists after a failed generation and holds its
 * stack and cause chain (from the core as the app wires it, and from the CLI); the
 * window's errors land in it under the `renderer` scope, validated and rate-limited;
 * Open Logs Folder goes through the shell's openPath with the logs folder.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../electron/core/log'
import { createFileSink, type FileSink } from '../../electron/core/logging/file-sink'
import { createRateLimiter, rendererErrorLog } from '../../electron/core/logging/renderer-errors'
import { libraryPaths } from '../../electron/core/paths'
import type { RendererErrorReport } from '../../electron/shared/renderer-error'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { runCliAgainst } from '../helpers/cli'
import { tempDir } from '../helpers/db'
import { FAST_RETRY, generateAndWait, makeCore, type TestCore } from '../helpers/generation'

let fake: FakeRunware
let dir: { dir: string; cleanup: () => void }
let core: TestCore
let fileLog: FileSink
const opened: string[] = []
let openResult = ''

const entries = (file: string): { level: string; scope: string; message: string; data: Record<string, unknown> | null }[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^\S+Z (\S+)\s+\[([^\]]+)\] (.*?)(?: (\{.*\}))?$/.exec(l)
      if (!m) throw new Error(`not a log line: ${l}`)
      return { level: m[1]!, scope: m[2]!, message: m[3]!, data: m[4] ? (JSON.parse(m[4]) as Record<string, unknown>) : null }
    })

beforeAll(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  dir = tempDir('imagine-app-log-')
  const logsDir = libraryPaths(join(dir.dir, 'library')).logsDir
  // Wired as electron/main/index.ts wires the app: one file sink for main and the renderer scope.
  fileLog = createFileSink({ dir: logsDir, name: 'main', known: () => [fake.apiKey] })
  core = makeCore(fake, dir.dir, {
    log: createLogger('main', fileLog.sink),
    rendererLog: createLogger('renderer', fileLog.sink),
    openPath: async (path) => {
      opened.push(path)
      return openResult
    }
  })
})

afterAll(async () => {
  await core?.close()
  fileLog?.close()
  await fake?.close()
  dir?.cleanup()
})

describe('a failed generation', () => {
  it('leaves main.log in <dataDir>/logs holding the error, its stack and its cause chain', async () => {
    // The connection drops before Runware answers, on every attempt: retries are given up.
    fake.inject({ kind: 'dropBeforeAccept', times: FAST_RETRY.maxAttempts })
    const done = await generateAndWait(core, { prompt: 'a failing lighthouse' })
    expect(done.status).toBe('failed')
    expect(fake.pendingFaults()).toEqual([])
    const file = join(dir.dir, 'library', 'logs', 'main.log')
    expect(existsSync(file)).toBe(true)
    const failed = entries(file).find((e) => e.message === 'generation failed')
    expect(failed, readFileSync(file, 'utf8')).toBeDefined()
    expect(failed!.scope).toBe('main:generation')
    expect(failed!.level).toBe('WARN')
    type Chain = { name: string; message: string; code?: string; stack?: string; cause?: Chain }
    const error = failed!.data!.error as Chain
    expect(failed!.data!.generationId).toBe(done.generationId)
    expect(error).toMatchObject({ name: 'RunwareError', code: 'NETWORK' })
    // The stack, frames and all, of where the error was made in the client.
    expect(error.stack).toMatch(/^RunwareError: .+\n\s+at .+electron\/core\/runware\/client\.ts:\d+:\d+/)
    // …and the whole chain of what caused it: fetch's failure, and the socket's under it, with its stack.
    expect(error.cause).toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { name: 'SocketError', code: 'UND_ERR_SOCKET' } })
    expect(error.cause!.cause!.stack).toMatch(/^SocketError: .+\n\s+at /)
    expect(readFileSync(file, 'utf8')).not.toContain(fake.apiKey)
  })

  it('leaves cli.log beside it when the CLI fails, with the stack', async () => {
    fake.inject({ kind: 'errorCode', code: 'invalidApiKey', status: 401, message: 'Invalid API key.' })
    const run = await runCliAgainst(fake, dir.dir, ['generate', 'refused from the CLI'])
    expect(run.code).not.toBe(0)
    const file = join(dir.dir, 'lib', 'logs', 'cli.log')
    expect(existsSync(file)).toBe(true)
    const failed = entries(file).find((e) => e.message === 'generation failed')
    expect(failed?.scope).toBe('cli:generation')
    expect((failed?.data?.error as { code: string; stack: string }).code).toBe('API_AUTH')
    expect((failed?.data?.error as { stack: string }).stack).toMatch(/^RunwareError: .+\n\s+at /)
    expect(readFileSync(file, 'utf8')).not.toContain(fake.apiKey)
  })

  it('the CLI writes no log file when nothing is logged (--help)', async () => {
    const quiet = tempDir('imagine-cli-quiet-')
    try {
      expect((await runCliAgainst(fake, quiet.dir, ['--help'])).code).toBe(0)
      expect(existsSync(join(quiet.dir, 'lib', 'logs'))).toBe(false)
    } finally {
      quiet.cleanup()
    }
  })
})

const report = (patch: Partial<RendererErrorReport> = {}): RendererErrorReport => ({
  kind: 'error',
  message: 'TypeError: x is undefined',
  stack: 'TypeError: x is undefined\n    at Gallery (app://studio/assets/index.js:10:5)',
  source: 'app://studio/assets/index.js',
  line: 10,
  column: 5,
  ...patch
})

describe('renderer errors (app:report-error)', () => {
  it('land in the log under the renderer scope, with their stack', async () => {
    expect(await core.router.dispatch('app:report-error', [report({ message: 'render-marker-1' })])).toEqual({ ok: true, value: { logged: true } })
    const got = entries(fileLog.file).find((e) => e.message === 'render-marker-1')
    expect(got).toMatchObject({ level: 'ERROR', scope: 'renderer', data: { kind: 'error', source: 'app://studio/assets/index.js', line: 10, column: 5 } })
    expect(got!.data!.stack).toContain('at Gallery (app://studio/assets/index.js:10:5)')
  })

  it('are validated: an unknown kind, an extra field or an overlong message is refused', async () => {
    for (const bad of [{ ...report(), kind: 'crash' }, { ...report(), extra: 1 }, report({ message: 'm'.repeat(2001) }), report({ stack: 's'.repeat(16_001) }), 'just text']) {
      expect(await core.router.dispatch('app:report-error', [bad])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    }
  })

  it('are rate-limited: a render loop cannot flood the disk', async () => {
    const before = statSync(fileLog.file).size
    const results = []
    for (let i = 0; i < 500; i++) results.push(await core.router.dispatch('app:report-error', [report({ message: `flood ${i}`, stack: 'x'.repeat(10_000) })]))
    const logged = results.filter((r) => r.ok && (r.value as { logged: boolean }).logged).length
    expect(logged).toBeLessThanOrEqual(10)
    expect(logged).toBeGreaterThan(0)
    expect(statSync(fileLog.file).size - before).toBeLessThan(12 * 11_000)
  })
})

describe('the rate limiter', () => {
  it('lets a burst through, then a steady trickle, and says how many it dropped meanwhile', () => {
    let t = 0
    const lines: Record<string, unknown>[] = []
    const log = createLogger('renderer', (_l, _s, _m, data) => void lines.push(data ?? {}))
    const handle = rendererErrorLog(log, createRateLimiter({ burst: 3, perMinute: 6 }, () => t))
    const outcomes = Array.from({ length: 5 }, () => handle(report()).logged)
    expect(outcomes).toEqual([true, true, true, false, false])
    t += 5_000 // half a token
    expect(handle(report()).logged).toBe(false)
    t += 5_000 // one token (6 a minute = one per 10 s)
    expect(handle(report()).logged).toBe(true)
    expect(lines.at(-1)?.suppressedBefore).toBe(3)
    t += 10 * 60_000 // refills to the burst, not beyond
    expect(Array.from({ length: 4 }, () => handle(report()).logged)).toEqual([true, true, true, false])
  })
})

describe('Open Logs Folder (app:open-logs-folder)', () => {
  it('asks the shell to open <dataDir>/logs, made first if needed, and app:get-info names it', async () => {
    opened.length = 0
    expect(await core.router.dispatch('app:open-logs-folder', [])).toEqual({ ok: true, value: { opened: true } })
    expect(opened).toEqual([core.paths.logsDir])
    expect(statSync(core.paths.logsDir).isDirectory()).toBe(true)
    expect(await core.router.dispatch('app:get-info', [])).toMatchObject({ ok: true, value: { logsDir: join(dir.dir, 'library', 'logs') } })
    expect(readdirSync(core.paths.logsDir)).toContain('main.log')
  })

  it('app:open-data-folder asks the shell to open the data folder app:get-info names', async () => {
    opened.length = 0
    expect(await core.router.dispatch('app:open-data-folder', [])).toEqual({ ok: true, value: { opened: true } })
    expect(opened).toEqual([core.paths.dataDir])
    expect(await core.router.dispatch('app:get-info', [])).toMatchObject({ ok: true, value: { dataDir: core.paths.dataDir } })
    openResult = 'No application is registered for folders'
    try {
      expect(await core.router.dispatch('app:open-data-folder', [])).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/data folder could not be opened/) } })
    } finally {
      openResult = ''
    }
  })

  it('reports the shell saying no', async () => {
    openResult = 'No application is registered for folders'
    try {
      expect(await core.router.dispatch('app:open-logs-folder', [])).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('No application is registered') } })
    } finally {
      openResult = ''
    }
  })

  it('is refused by a shell that cannot open folders (the CLI)', async () => {
    const other = tempDir('imagine-no-open-')
    const c = makeCore(fake, other.dir, { autoRecover: false })
    try {
      expect(await c.router.dispatch('app:open-logs-folder', [])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    } finally {
      await c.close()
      other.cleanup()
    }
  })
})
