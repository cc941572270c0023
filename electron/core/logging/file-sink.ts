/**
 * The log file: `<dir>/<name>.log`, append-only, one line per entry, rotated when
 * the next line would take it past `maxBytes` (main.log → main.1.log → … →
 * main.<keep>.log, the oldest dropped). Each line goes out in one synchronous
 * write on a file opened for appending (O_APPEND), so lines from this process and
 * from another one writing the same file never interleave mid-line, and nothing
 * logged before a crash is lost in a buffer. Before each write the file at the
 * path is compared with the one we hold: when another process rotated it, we
 * reopen instead of writing into the renamed file. Rotation itself runs under a
 * lock file (`main.log.rotating`, created exclusively), so two processes sharing
 * a file (two CLI runs) never shift the chain at once and lose a file.
 *
 * A log must never break the app: a failed write (disk full, read-only folder)
 * is reported once through `onError` and the entry is dropped.
 */
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { formatLogLine, type KnownSecrets, type Sink } from '../log'

export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024
export const DEFAULT_KEEP_LOGS = 3
/** A rotation lock older than this was left by a process that died mid-rotation. */
const STALE_LOCK_MS = 10_000

export interface FileSinkOptions {
  /** The logs folder, made on the first write. */
  dir: string
  /** File name without `.log`: main, cli, host. */
  name: string
  maxBytes?: number
  /** Rotated files kept besides the live one. */
  keep?: number
  known?: KnownSecrets
  now?: () => Date
  /** Called with the first failure after a success (default: console.error). */
  onError?: (error: unknown) => void
}

export interface FileSink {
  sink: Sink
  /** The live file. */
  file: string
  dir: string
  close(): void
}

/** `main.log` for 0, `main.2.log` for 2. */
export function logFileName(name: string, generation: number): string {
  return generation === 0 ? `${name}.log` : `${name}.${generation}.log`
}

export function createFileSink(options: FileSinkOptions): FileSink {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_LOG_BYTES
  const keep = Math.max(0, options.keep ?? DEFAULT_KEEP_LOGS)
  const known = options.known ?? (() => [])
  const now = options.now ?? (() => new Date())
  const onError = options.onError ?? ((e: unknown) => console.error('Imagine Studio could not write its log file:', e instanceof Error ? e.message : e))
  const file = join(options.dir, logFileName(options.name, 0))
  let fd: number | null = null
  let ino: bigint | null = null
  let failing = false

  const closeFd = (): void => {
    if (fd !== null) {
      try {
        closeSync(fd)
      } catch {
        // already gone
      }
    }
    fd = null
    ino = null
  }

  const open = (): number => {
    mkdirSync(options.dir, { recursive: true })
    const opened = openSync(file, 'a', 0o600)
    fd = opened
    ino = fstatSync(opened, { bigint: true }).ino
    return opened
  }

  const lockFile = `${file}.rotating`
  /** Takes the rotation lock; false when another process holds it (it rotates, we do not). */
  const lock = (): boolean => {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        closeSync(openSync(lockFile, 'wx'))
        return true
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        const held = statSync(lockFile, { throwIfNoEntry: false })
        // Released meanwhile: try again. Removing it now could remove a lock another process
        // has just taken, and two rotations at once overwrite each other's files (lost lines).
        if (held === undefined) continue
        if (Date.now() - held.mtimeMs < STALE_LOCK_MS) return false
        // Left by a process that died mid-rotation.
        rmSync(lockFile, { force: true })
      }
    }
    return false
  }

  const rotate = (): void => {
    if (!lock()) return
    try {
      // Another process may have rotated between our size check and the lock.
      const atPath = statSync(file, { bigint: true, throwIfNoEntry: false })
      if (atPath === undefined || atPath.ino !== ino) return
      closeFd()
      if (keep === 0) rmSync(file, { force: true })
      // Shift only the files there are: main.1 … main.<top>, the one past `keep` overwritten.
      let top = 0
      while (top < keep && statSync(join(options.dir, logFileName(options.name, top + 1)), { throwIfNoEntry: false })) top++
      for (let g = Math.min(top + 1, keep); g >= 1; g--) {
        const from = join(options.dir, logFileName(options.name, g - 1))
        try {
          renameSync(from, join(options.dir, logFileName(options.name, g)))
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        }
      }
    } finally {
      rmSync(lockFile, { force: true })
    }
  }

  /** The fd to write to and the live file's size, reopening when the path now names another file. */
  const current = (): { fd: number; size: number } => {
    const atPath = statSync(file, { bigint: true, throwIfNoEntry: false })
    if (fd !== null && atPath !== undefined && atPath.ino === ino) return { fd, size: Number(atPath.size) }
    closeFd()
    const opened = open()
    return { fd: opened, size: Number(fstatSync(opened).size) }
  }

  const write = (text: string): void => {
    const bytes = Buffer.from(text, 'utf8')
    let target = current()
    if (target.size > 0 && target.size + bytes.length > maxBytes) {
      rotate()
      target = current()
    }
    let off = 0
    // One write for the whole line; the loop only finishes a short write.
    while (off < bytes.length) off += writeSync(target.fd, bytes, off, bytes.length - off)
  }

  const sink: Sink = (level, scope, message, data) => {
    try {
      write(`${formatLogLine(now(), level, scope, message, data, known())}\n`)
      failing = false
    } catch (error) {
      closeFd()
      if (!failing) {
        failing = true
        try {
          onError(error)
        } catch {
          // nothing more to do
        }
      }
    }
  }

  return { sink, file, dir: options.dir, close: closeFd }
}
