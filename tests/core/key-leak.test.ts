/**
 * Issue 7, "Proof": the audit's key marker grep, kept in the suite. A unique API key
 * is set through IPC on a core whose secret store is the real file store, then the
 * app and the CLI run the flows that touch it: a generation that succeeds, one that
 * Runware refuses (auth), retries, a balance query, a cancel, bad input, malformed
 * keys. The key may be seen only by Runware, in the Authorization header, and only
 * encrypted on disk: never in an IPC result, a pushed event, a log line, a file of
 * the library, or what the CLI prints. Issue 11: the log files (the app's main.log,
 * the CLI's cli.log) are written by these flows and hold it in no form, even when
 * an entry is handed the key outright (the redactor's last line of defence).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { format, inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createLogger, teeSink } from '../../electron/core/log'
import { createFileSink, type FileSink } from '../../electron/core/logging/file-sink'
import { openFileSecretStore } from '../../electron/core/secrets/secret-store'
import { apiKeyProblem } from '../../electron/shared/api-key'
import type { Result } from '../../electron/shared/result'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { scramblingCipher } from '../helpers/cipher'
import { runCliAgainst, type CliRun } from '../helpers/cli'
import { tempDir } from '../helpers/db'
import { makeCore, type TestCore } from '../helpers/generation'

const MARKER = `rw_MARKER_${randomBytes(12).toString('hex')}`

/** The marker as bytes would hold it: plain, and base64/base64url at each of the three alignments. */
function needles(marker: string): string[] {
  const out = new Set([marker])
  for (let pad = 0; pad < 3; pad++) {
    const bytes = Buffer.concat([Buffer.alloc(pad, 0x20), Buffer.from(marker)])
    for (const enc of ['base64', 'base64url'] as const) {
      const text = bytes.toString(enc).replace(/=+$/, '')
      // Drop the characters that also encode the padding and the ragged end.
      const start = Math.ceil((pad * 4) / 3)
      const end = Math.floor(((pad + marker.length) * 4) / 3)
      out.add(text.slice(start, end))
    }
  }
  return [...out]
}
const NEEDLES = needles(MARKER)
const leaksIn = (text: string): string[] => NEEDLES.filter((n) => text.includes(n))

const cipher = scramblingCipher

let fake: FakeRunware
let dir: { dir: string; cleanup: () => void }
let core: TestCore
let secretsFile: string
let mainLog: FileSink
/** Everything that left the core or the CLI, as text, labelled by where it went. */
const seen: { where: string; text: string }[] = []
const record = (where: string, value: unknown): void => {
  seen.push({ where, text: typeof value === 'string' ? value : inspect(value, { depth: 20, breakLength: Infinity, maxArrayLength: 50, maxStringLength: null }) })
}

async function call(channel: string, ...args: unknown[]): Promise<Result<unknown>> {
  const r = await core.router.dispatch(channel, args)
  record(`result of ${channel}`, r)
  return r
}

async function startAndWait(params: Record<string, unknown>): Promise<{ status: string; error?: { code: string } | undefined }> {
  const r = await call('generation:start', params)
  if (!r.ok) throw new Error(`generation:start refused: ${r.error.message}`)
  const { generationId } = r.value as { generationId: number }
  const done = await core.generation.whenDone(generationId)
  await call('generation:get-images', generationId)
  return done
}

/** Every file under `root` but the secret store, with its bytes. */
function filesUnder(root: string, skip: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = []
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    if (path !== skip) out.push({ path, bytes: readFileSync(path) })
  }
  return out
}
function fileLeaks(label: string): string[] {
  const out: string[] = []
  for (const f of filesUnder(dir.dir, secretsFile)) {
    for (const n of NEEDLES) if (f.bytes.includes(Buffer.from(n))) out.push(`${label}: ${f.path} holds ${n === MARKER ? 'the key' : `the key in base64 (${n})`}`)
  }
  return out
}

const fileLeaksBeforeClose: string[] = []
let filesScanned = 0
const cliRuns: { args: string[]; run: CliRun }[] = []

beforeAll(async () => {
  expect(apiKeyProblem(MARKER)).toBeNull()
  fake = await startFakeRunware({ apiKey: MARKER, imageBytes: 'small' })
  dir = tempDir('imagine-key-leak-')
  secretsFile = join(dir.dir, 'user-data', 'secrets.json')
  const secrets = await openFileSecretStore({ file: secretsFile, cipher })
  // As the app wires it: the log file in the library's logs folder, told the key as it is set.
  mainLog = createFileSink({
    dir: join(dir.dir, 'library', 'logs'),
    name: 'main',
    known: () => {
      const key = secrets.getApiKey()
      return key ? [key] : []
    }
  })
  const capture = (level: string, scope: string, message: string, data?: Record<string, unknown>): void =>
    record(`log ${level} ${scope}`, `${message} ${data === undefined ? '' : inspect(data, { depth: 20, breakLength: Infinity })}`)
  core = makeCore(fake, dir.dir, {
    key: null,
    secrets,
    log: createLogger('leak', teeSink(capture, mainLog.sink)),
    emit: (channel, payload) => record(`event ${channel}`, payload)
  })

  // The key goes in the way the window sets it, after a few malformed tries that hold it.
  await call('secrets:set-api-key', `${MARKER}\u0007`)
  await call('secrets:set-api-key', `${MARKER} ${MARKER}`)
  await call('secrets:set-api-key', `${MARKER}é`)
  expect(await call('secrets:set-api-key', ` ${MARKER} `)).toMatchObject({ ok: true, value: { set: true, source: 'keychain' } })
  await call('secrets:get-api-key-status')
  await call('app:get-info')
  await call('settings:get')

  // A generation that succeeds, one through a retry, and an async one.
  expect((await startAndWait({ prompt: 'a lighthouse', numberResults: 2 })).status).toBe('succeeded')
  fake.inject({ kind: 'status', status: 503, times: 2 })
  expect((await startAndWait({ prompt: 'after a retry' })).status).toBe('succeeded')
  fake.inject({ kind: 'dropAfterAccept' })
  expect((await startAndWait({ prompt: 'a dropped connection', deliveryMethod: 'async' })).status).toBe('succeeded')
  expect((await startAndWait({ prompt: 'from a reference', references: [{ kind: 'image', imageId: 1 }] })).status).toBe('succeeded')
  // One Runware refuses: the key is wrong (as far as Runware says).
  fake.inject({ kind: 'errorCode', code: 'invalidApiKey', status: 401, message: 'Invalid API key.' })
  expect(await startAndWait({ prompt: 'refused' })).toMatchObject({ status: 'failed', error: { code: 'API_AUTH' } })
  // A balance query, and one refused.
  expect((await call('account:get-balance')).ok).toBe(true)
  fake.inject({ kind: 'errorCode', code: 'invalidApiKey', status: 401 })
  expect(await call('account:get-balance')).toMatchObject({ ok: false, error: { code: 'API_AUTH' } })
  // (a balance query is not retried: one 500 answers it)
  fake.inject({ kind: 'status', status: 500 })
  expect(await call('account:get-balance')).toMatchObject({ ok: false, error: { code: 'API_SERVER' } })
  expect(fake.pendingFaults()).toEqual([])
  // A cancel once Runware has the task.
  fake.inject({ kind: 'asyncProcessingPolls', polls: 20 })
  const started = await call('generation:start', { prompt: 'to cancel', deliveryMethod: 'async' })
  if (!started.ok) throw new Error(started.error.message)
  const { generationId, taskUUID } = started.value as { generationId: number; taskUUID: string }
  await vi.waitFor(() => expect(fake.tasks.has(taskUUID)).toBe(true), { timeout: 10_000 })
  expect((await call('generation:cancel', generationId)).ok).toBe(true)
  await core.generation.whenDone(generationId)
  // Errors from bad input.
  await call('generation:start', { prompt: '' })
  await call('generation:start', { prompt: 'x', references: [{ kind: 'path', path: '/etc/passwd' }] })
  await call('generation:start', { prompt: 'x', references: [{ kind: 'url', url: `${fake.origin}/images/00000000-0000-4000-8000-000000000000.png` }] })
  await call('generation:cancel', 99999)
  await call('settings:update', { concurrency: 99 })
  await call('library:get-images', [-1])
  await call('generation:list')
  await call('library:page', {}, null, 100)
  await call('library:get-stats')

  // The CLI, with debug logs on, through console: a success, a refusal, retries given up, bad input.
  const consoleLines = (where: string) => (...args: unknown[]) => record(where, format(...args))
  const spies = [vi.spyOn(console, 'log').mockImplementation(consoleLines('console.log')), vi.spyOn(console, 'warn').mockImplementation(consoleLines('console.warn')), vi.spyOn(console, 'error').mockImplementation(consoleLines('console.error'))]
  try {
    const cli = async (args: string[], env: Record<string, string> = {}): Promise<CliRun> => {
      const run = await runCliAgainst(fake, dir.dir, args, { RUNWARE_API_KEY: MARKER, IMAGINE_DEBUG: '1', ...env })
      cliRuns.push({ args, run })
      record(`CLI ${args.join(' ')} stdout`, run.out)
      record(`CLI ${args.join(' ')} stderr`, run.err)
      return run
    }
    expect((await cli(['generate', 'a fox', '--json'])).code).toBe(0)
    fake.inject({ kind: 'errorCode', code: 'invalidApiKey', status: 401, message: 'Invalid API key.' })
    expect((await cli(['generate', 'refused', '--json'])).code).not.toBe(0)
    fake.inject({ kind: 'status', status: 503, times: 20 })
    expect((await cli(['generate', 'retries given up'])).code).not.toBe(0)
    expect((await cli(['generate', 'x', '--count', 'many'])).code).toBe(2)
    expect((await cli(['generate', 'a malformed key'], { RUNWARE_API_KEY: `${MARKER}\u0007` })).code).not.toBe(0)
    await cli(['history', '--json'])
    await cli(['show', '1'])
  } finally {
    for (const s of spies) s.mockRestore()
  }

  // Entries handed the key outright, in every shape a careless log call could give it:
  // through the app's sink (which knows the key) and one that does not (patterns only).
  const blind = createFileSink({ dir: join(dir.dir, 'library', 'logs'), name: 'blind' })
  for (const sink of [mainLog.sink, blind.sink]) {
    const probe = createLogger('main:probe', sink)
    probe.error(`request refused for ${MARKER}`, {
      headers: { authorization: `Bearer ${MARKER}` },
      body: [{ taskType: 'authentication', apiKey: MARKER }],
      echoed: `{"apiKey":"${MARKER}"}`,
      url: `https://example.com/?api_key=${MARKER}`,
      error: new Error(`upstream said: invalid key ${MARKER}`, { cause: new Error(`Authorization: Bearer ${MARKER}`) })
    })
    probe.warn(MARKER)
  }
  blind.close()
  mainLog.close()

  // Files while the database is open (the WAL holds the latest pages), then after close.
  fileLeaksBeforeClose.push(...fileLeaks('open'))
  filesScanned = filesUnder(dir.dir, secretsFile).length
  await core.close()
}, 60_000)

afterAll(async () => {
  await fake?.close()
  dir?.cleanup()
})

describe('the API key marker', () => {
  it('was really used: Runware got it as the Bearer token, from the app and from the CLI', () => {
    const withKey = fake.requests.filter((r) => r.headers.authorization === `Bearer ${MARKER}`)
    expect(withKey.length).toBeGreaterThan(10)
    expect(fake.requests.every((r) => r.authOk)).toBe(true)
    expect(cliRuns.length).toBe(7)
  })

  it('reached Runware only in the Authorization header', () => {
    for (const r of fake.requests) {
      const { authorization: _auth, ...others } = r.headers
      expect(leaksIn(JSON.stringify(others)), `headers of ${r.method} ${r.path}`).toEqual([])
      expect(leaksIn(typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? null)), `body of ${r.method} ${r.path}`).toEqual([])
    }
  })

  it('is in no IPC result, pushed event, log line or CLI output', () => {
    expect(seen.some((s) => s.where.startsWith('event generation:progress'))).toBe(true)
    expect(seen.some((s) => s.where.startsWith('log '))).toBe(true)
    expect(seen.some((s) => s.where.startsWith('console.'))).toBe(true)
    const leaks = seen.filter((s) => leaksIn(s.text).length > 0).map((s) => `${s.where}: ${s.text.slice(0, 300)}`)
    expect(leaks).toEqual([])
  })

  it('is in no file of the library (database, WAL, images, references, temp), open or closed', () => {
    expect(filesScanned).toBeGreaterThan(5)
    expect(existsSync(join(dir.dir, 'library', 'library.db'))).toBe(true)
    expect(fileLeaksBeforeClose).toEqual([])
    expect(fileLeaks('closed')).toEqual([])
  })

  it('is in no log file, though the app and the CLI wrote theirs and an entry was handed the key', () => {
    const logs = filesUnder(dir.dir, secretsFile).filter((f) => f.path.endsWith('.log'))
    expect(logs.map((f) => f.path.slice(dir.dir.length + 1)).sort()).toEqual([join('lib', 'logs', 'cli.log'), join('library', 'logs', 'blind.log'), join('library', 'logs', 'main.log')])
    const main = logs.find((f) => f.path.endsWith('main.log'))!.bytes.toString('utf8')
    // Written by the flows above: the refused generation, with its stack, and the probes, redacted.
    expect(main).toMatch(/WARN {2}\[leak:generation\] generation failed \{.*"code":"API_AUTH".*"stack":"RunwareError: /)
    expect(main).toContain('request refused for [redacted]')
    expect(logs.find((f) => f.path.endsWith('cli.log'))!.bytes.toString('utf8')).toContain('generation failed')
    for (const f of logs) expect(leaksIn(f.bytes.toString('utf8')), f.path).toEqual([])
  })

  it('is stored only encrypted: secrets.json does not hold it in plain text or base64, yet gives it back', async () => {
    const text = readFileSync(secretsFile, 'utf8')
    expect(leaksIn(text)).toEqual([])
    expect((await openFileSecretStore({ file: secretsFile, cipher })).getApiKey()).toBe(MARKER)
  })
})
