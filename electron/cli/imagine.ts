/**
 * `npm run -s imagine -- <command>`: the headless CLI over the same core and the
 * same library as the desktop app. Runs with tsx straight after `npm install`.
 */
import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createCore, nodeInfo, type Core, type CoreOptions } from '../core/app-core'
import { AppError } from '../core/errors'
import { consoleSink, createLogger, teeSink, type Logger } from '../core/log'
import { createFileSink, type FileSink } from '../core/logging/file-sink'
import { defaultDataDir, libraryPaths } from '../core/paths'
import { endpointOverride } from '../core/runware/endpoint'
import { createMemorySecretStore } from '../core/secrets/secret-store'
import type { GenerationParamsInput, ReferenceSource } from '../shared/generation'
import type { JobImage, JobProgress } from '../shared/jobs'
import type { Emit } from '../core/ipc/event-queue'
import { capabilitiesFor } from '../shared/model-capabilities'
import { DEFAULT_MODEL } from '../core/services/settings-service'
import { exitCodeFor, EXIT, HELP } from './cli-text'
import { describe, networkDeadline, waitOption } from './progress'
import { resumeCommand } from './resume-command'
import { favorite, history, show, trash } from './library-commands'
import { exportCommand } from './export-command'
import { backupCommand, restoreBackupCommand, type BackupCliContext } from './backup-command'
import { doctorCommand, rebuildCommand } from './health-commands'
import pkg from '../../package.json'
import { serializeError } from '../core/logging/serialize-error'

export interface CliIO {
  stdout(text: string): void
  stderr(text: string): void
  env: NodeJS.ProcessEnv
  cwd: string
  /** Tuning injected by tests (faster retry and poll timings); the CLI itself passes none. */
  runware?: CoreOptions['runware']
  /** Cancels backup and restore (tests); without it Ctrl-C does. */
  signal?: AbortSignal
}

class UsageError extends Error {}

/** What a run of the CLI carries besides its IO: the log, written to `<dataDir>/logs/cli.log`. */
interface RunIO extends CliIO {
  log: Logger
  logFile: FileSink
}

/**
 * The CLI logs to its own file in the library's logs folder (the app writes main.log
 * there), with the key redacted; IMAGINE_DEBUG also prints the lines to the console.
 * The file appears with the first entry, so `--help` writes nothing.
 */
function cliLogging(io: CliIO): RunIO {
  const key = io.env.RUNWARE_API_KEY?.trim()
  const known = (): string[] => (key ? [key] : [])
  const logFile = createFileSink({ dir: libraryPaths(defaultDataDir(process.platform, io.env, homedir())).logsDir, name: 'cli', known, onError: () => undefined })
  const log = createLogger('cli', io.env.IMAGINE_DEBUG ? teeSink(logFile.sink, consoleSink(known)) : logFile.sink)
  return { ...io, log, logFile }
}

/** A checked RUNWARE_API_URL (https, or http to loopback only); a bad one is a VALIDATION error. */
function endpointOption(raw: string | undefined): { endpoint?: string } {
  const endpoint = endpointOverride(raw)
  return endpoint ? { endpoint } : {}
}

function parseSize(opts: { size?: string; aspect?: string; resolution?: string }, model: string): Pick<GenerationParamsInput, 'width' | 'height' | 'resolution'> {
  const given = [opts.size, opts.aspect, opts.resolution].filter((v) => v !== undefined)
  if (given.length > 1) throw new UsageError('Use only one of --size, --aspect and --resolution')
  if (opts.size !== undefined) {
    const m = /^(\d+)x(\d+)$/i.exec(opts.size)
    if (!m) throw new UsageError(`--size takes WIDTHxHEIGHT, e.g. 1408x768 (got "${opts.size}")`)
    return { width: Number(m[1]), height: Number(m[2]) }
  }
  if (opts.aspect !== undefined) {
    const caps = capabilitiesFor(model)
    const preset = caps?.sizes.find((s) => s.aspect === opts.aspect)
    if (!preset) throw new UsageError(`--aspect must be one of ${caps?.sizes.map((s) => s.aspect).join(', ') ?? 'the model presets'}`)
    return { width: preset.width, height: preset.height }
  }
  if (opts.resolution !== undefined) return { resolution: opts.resolution.toUpperCase() }
  return {}
}

function parseRef(value: string, cwd: string): ReferenceSource {
  if (/^https?:\/\//i.test(value)) return { kind: 'url', url: value }
  if (/^\d+$/.test(value)) return { kind: 'image', imageId: Number(value) }
  return { kind: 'path', path: isAbsolute(value) ? value : resolve(cwd, value) }
}

function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number (got "${value}")`)
  return Number(value)
}

/** `adopt`: take over jobs whose owner is gone, as the desktop app does at start-up (`resume`). */
function openCore(io: RunIO, extra: Partial<CoreOptions> = {}, adopt = false): { core: Core; dataDir: string } {
  const dataDir = defaultDataDir(process.platform, io.env, homedir())
  const version = (pkg as { version: string }).version
  const core = createCore({
    dataDir,
    secrets: createMemorySecretStore(io.env.RUNWARE_API_KEY?.trim() || null),
    log: io.log,
    openExternal: async () => undefined,
    info: nodeInfo(version),
    // generate runs only the jobs it started; resume and the app adopt anything left over.
    runware: { adoptOrphans: adopt, ...endpointOption(io.env.RUNWARE_API_URL), ...io.runware },
    autoRecover: false,
    ...extra
  })
  return { core, dataDir }
}

/** Runs a backup or restore with Ctrl-C as its cancel (once: a second Ctrl-C ends the process as usual). */
async function withInterrupt(io: CliIO, fn: (ctx: BackupCliContext) => Promise<number>): Promise<number> {
  const ctx = (signal: AbortSignal): BackupCliContext => ({
    dataDir: defaultDataDir(process.platform, io.env, homedir()),
    cwd: io.cwd,
    appVersion: (pkg as { version: string }).version,
    signal
  })
  if (io.signal) return fn(ctx(io.signal))
  const ac = new AbortController()
  const onInt = (): void => ac.abort()
  process.once('SIGINT', onInt)
  try {
    return await fn(ctx(ac.signal))
  } finally {
    process.off('SIGINT', onInt)
  }
}

async function withCore(io: RunIO, fn: (core: Core) => void): Promise<number> {
  const { core } = openCore(io)
  try {
    fn(core)
    return EXIT.ok
  } finally {
    await core.close()
  }
}

async function generate(argv: string[], io: RunIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      size: { type: 'string' },
      aspect: { type: 'string' },
      resolution: { type: 'string' },
      count: { type: 'string', short: 'n' },
      format: { type: 'string' },
      quality: { type: 'string' },
      ref: { type: 'string', multiple: true },
      async: { type: 'boolean' },
      safety: { type: 'boolean' },
      ttl: { type: 'string' },
      output: { type: 'string' },
      'webhook-url': { type: 'string' },
      'upload-endpoint': { type: 'string' },
      json: { type: 'boolean' },
      wait: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  if (values.help) {
    io.stdout(HELP)
    return EXIT.ok
  }
  if (positionals.length !== 1) throw new UsageError('generate takes exactly one PROMPT (quote it)')
  const model = io.env.IMAGINE_MODEL?.trim() || DEFAULT_MODEL
  const format = values.format?.toUpperCase()
  const outputType = values.output === undefined ? undefined : ({ url: 'URL', base64: 'base64Data', datauri: 'dataURI' } as const)[values.output.toLowerCase() as 'url']
  if (values.output !== undefined && outputType === undefined) throw new UsageError('--output takes url, base64 or datauri')
  const waitS = waitOption(values.wait)
  const params: GenerationParamsInput = {
    prompt: positionals[0]!,
    ...parseSize(values, model),
    ...(values.count !== undefined ? { numberResults: intOption('count', values.count)! } : {}),
    ...(format !== undefined ? { outputFormat: (format === 'JPEG' ? 'JPG' : format) as 'JPG' } : {}),
    ...(values.quality !== undefined ? { outputQuality: intOption('quality', values.quality)! } : {}),
    ...(values.ref ? { references: values.ref.map((r) => parseRef(r, io.cwd)) } : {}),
    ...(values.async ? { deliveryMethod: 'async' as const } : {}),
    ...(values.safety ? { safety: { checkContent: true, mode: 'fast' as const } } : {}),
    ...(values.ttl !== undefined ? { ttl: intOption('ttl', values.ttl)! } : {}),
    ...(outputType !== undefined ? { outputType } : {}),
    ...(values['webhook-url'] !== undefined ? { webhookURL: values['webhook-url'] } : {}),
    ...(values['upload-endpoint'] !== undefined ? { uploadEndpoint: values['upload-endpoint'] } : {})
  }
  let current = -1
  const deadline = networkDeadline(waitS * 1000)
  const { core, dataDir } = openCore(io, {
    ...(io.env.IMAGINE_MODEL?.trim() ? { settingsOverride: { model } } : {}),
    emit: (channel, payload) => {
      if (channel !== 'generation:progress' || (payload as JobProgress).generationId !== current) return
      io.stderr(describe(payload as JobProgress))
      deadline.track(payload as JobProgress)
    }
  })
  const print = (p: JobProgress, images: JobImage[], message = p.message ?? null): void => {
    if (values.json) {
      io.stdout(
        JSON.stringify({
          generationId: p.generationId,
          status: p.status,
          taskUUID: p.taskUUID,
          cost: p.costUsd,
          message,
          error: p.error ?? null,
          images: images.map((i) => ({ id: i.imageId, path: join(dataDir, i.path), sha256: i.sha256, width: i.width, height: i.height, format: i.format }))
        })
      )
    } else {
      for (const i of images) io.stdout(join(dataDir, i.path))
    }
  }
  try {
    const started = await core.generation.start(params)
    current = started.generationId
    io.stderr(`generation #${started.generationId} (task ${started.taskUUID})`)
    const final = await Promise.race([core.generation.whenDone(started.generationId), deadline.expired])
    if (final === null) {
      // Stop waiting, but neither cancel nor fail: closing the core leaves the row resumable.
      current = -1 // (its last, shutting-down progress line would only blur the message)
      const message =
        `Runware could not be reached for ${waitS} s, so this run stops waiting. Generation #${started.generationId} ` +
        `(task ${started.taskUUID}) is kept unfinished in the library; the desktop app resumes it by the same ` +
        'task UUID when it next starts, or `imagine resume` does now (nothing is sent or billed twice).'
      io.stderr(`imagine: ${message}`)
      print(core.generation.get(started.generationId), core.generation.images(started.generationId), message)
      return EXIT.gaveUp
    }
    print(final, core.generation.images(started.generationId))
    return exitCodeFor(final)
  } finally {
    deadline.dispose()
    await core.close()
  }
}

export async function runCli(argv: string[], cliIO: CliIO): Promise<number> {
  const io = cliLogging(cliIO)
  try {
    return await runCommand(argv, io)
  } finally {
    io.logFile.close()
  }
}

async function runCommand(argv: string[], io: RunIO): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(HELP)
      return command === undefined ? EXIT.invalid : EXIT.ok
    }
    if (command === 'generate') return await generate(rest, io)
    const out = { stdout: io.stdout, stderr: io.stderr }
    if (command === 'export') {
      const { core } = openCore(io)
      try {
        return await exportCommand(core, rest, out, io.cwd, io.env)
      } finally {
        await core.close()
      }
    }
    if (command === 'resume') return await resumeCommand(rest, out, (emit: Emit) => openCore(io, { emit }, true))
    // rebuild opens no core: library.db is what it makes.
    if (command === 'rebuild') return await rebuildCommand(rest, out, defaultDataDir(process.platform, io.env, homedir()))
    if (command === 'doctor') return await doctorCommand(rest, out, defaultDataDir(process.platform, io.env, homedir()), () => openCore(io).core)
    if (command === 'history') return await withCore(io, (core) => history(core, rest, out))
    if (command === 'show') return await withCore(io, (core) => show(core, rest, out))
    if (command === 'favorite' || command === 'favourite') return await withCore(io, (core) => favorite(core, rest, out))
    if (command === 'trash') return await withCore(io, (core) => trash(core, rest, out, false))
    if (command === 'backup') return await withInterrupt(io, (ctx) => backupCommand(rest, out, ctx))
    // `restore --from DIR`: a backup; `restore ID...`: images out of the trash.
    if (command === 'restore' && rest.some((a) => a === '--from' || a.startsWith('--from='))) return await withInterrupt(io, (ctx) => restoreBackupCommand(rest, out, ctx))
    if (command === 'restore') return await withCore(io, (core) => trash(core, rest, out, true))
    throw new UsageError(`Unknown command "${command}". Run with --help.`)
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`imagine: ${(error as Error).message}`)
      return EXIT.invalid
    }
    if (error instanceof AppError) {
      io.log.warn('command failed', { command, code: error.code, error: serializeError(error) })
      io.stderr(`imagine: ${error.message}`)
      return exitCodeFor({ status: 'failed', error: { code: error.code, message: error.message } })
    }
    io.log.error('command failed', { command, error: serializeError(error) })
    io.stderr(`imagine: ${error instanceof Error ? error.message : String(error)}`)
    io.stderr(`imagine: details are in ${io.logFile.file}`)
    return EXIT.other
  }
}

if (require.main === module || process.argv[1]?.endsWith('imagine.ts')) {
  void runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(`${t}\n`),
    stderr: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
    cwd: process.env.INIT_CWD ?? process.cwd()
  }).then((code) => {
    process.exitCode = code
  })
}
