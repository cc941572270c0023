/**
 * Issue 11: the log file sink. One line per entry (time, level, scope, message,
 * JSON data), appended, rotated at a size with a few old files kept, lines from
 * concurrent writers (in this process and in others) never torn or interleaved,
 * and a failing disk never breaks the code that logs.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, formatLogLine } from '../../electron/core/log'
import { createFileSink, logFileName } from '../../electron/core/logging/file-sink'
import { tempDir } from '../helpers/db'

const root = resolve(__dirname, '../..')
const LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (INFO |WARN |ERROR) \[([^\]]+)\] (.*?)(?: (\{.*\}))?$/

let dirs: { dir: string; cleanup: () => void }[] = []
const fresh = (): string => {
  const d = tempDir('imagine-log-')
  dirs.push(d)
  return d.dir
}
afterEach(() => {
  for (const d of dirs) d.cleanup()
  dirs = []
})

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '')
const parse = (line: string): { time: string; level: string; scope: string; message: string; data: Record<string, unknown> | undefined } => {
  const m = LINE.exec(line)
  if (!m) throw new Error(`not a log line: ${line.slice(0, 200)}`)
  return { time: m[1]!, level: m[2]!.trim(), scope: m[3]!, message: m[4]!, data: m[5] === undefined ? undefined : (JSON.parse(m[5]) as Record<string, unknown>) }
}

describe('formatLogLine', () => {
  it('writes ISO time, level, scope, message and the data as JSON on one line', () => {
    const line = formatLogLine(new Date('2026-12-03T14:57:17.123Z'), 'warn', 'main:generation', 'two\nlines', { generationId: 3, nested: { ok: true } })
    expect(line).toBe('2026-12-03T14:57:17.123Z WARN  [main:generation] two\\nlines {"generationId":3,"nested":{"ok":true}}')
    expect(parse(line)).toEqual({ time: '2026-12-03T14:57:17.123Z', level: 'WARN', scope: 'main:generation', message: 'two\\nlines', data: { generationId: 3, nested: { ok: true } } })
  })

  it('keeps the data valid JSON whatever the redactor replaces in it', () => {
    const data = {
      token: true,
      hasToken: false,
      password: null,
      apiKey: 12345,
      secret: { nested: 'x' },
      authorization: 'Bearer abc',
      note: 'password: hunter2, token=abc; "apiKey":"k"',
      run: 'Qk3v9XzT1mPa7LsW0cRb5NdYe2HgJf8u/aGVsbG8=',
      list: ['Bearer x', 'rw_MARKER_0f3a9c1be27d4465a8b1c0de']
    }
    const parsed = parse(formatLogLine(new Date(0), 'info', 'x', 'm', data)).data
    expect(parsed).toEqual({
      token: true,
      hasToken: false,
      password: null,
      apiKey: '[redacted]',
      secret: '[redacted]',
      authorization: '[redacted]',
      note: 'password: [redacted], token=[redacted]; "apiKey":"[redacted]"',
      run: '[redacted]',
      list: ['Bearer [redacted]', '[redacted]']
    })
  })

  it('serializes an error in the data with its stack, and cuts a runaway line', () => {
    const line = formatLogLine(new Date(0), 'error', 'x', 'failed', { error: new Error('outer', { cause: new Error('inner') }) })
    expect(line.includes('\n')).toBe(false)
    expect(formatLogLine(new Date(0), 'info', 'x', 'a\u2028b\u0007c\td')).toMatch(/\] a\\u2028b\\u0007c\\td$/)
    const data = parse(line).data as { error: { stack: string; cause: { message: string } } }
    expect(data.error.stack).toMatch(/^Error: outer\n\s+at /)
    expect(data.error.cause.message).toBe('inner')
    const long = formatLogLine(new Date(0), 'info', 'x', 'big', { text: 'word '.repeat(40_000) })
    expect(long.length).toBeLessThan(70_000)
    expect(long).toMatch(/…\[cut \d+ chars\]$/)
  })
})

describe('the file sink', () => {
  it('creates the folder on the first entry and appends, across reopenings, never truncating', () => {
    const dir = join(fresh(), 'logs')
    const a = createFileSink({ dir, name: 'main' })
    expect(existsSync(dir)).toBe(false) // nothing logged, nothing written
    const log = createLogger('main', a.sink)
    log.info('first', { n: 1 })
    log.warn('second')
    a.close()
    const b = createFileSink({ dir, name: 'main' })
    createLogger('cli', b.sink).error('third', { n: 3 })
    b.close()
    expect(a.file).toBe(join(dir, 'main.log'))
    const got = lines(a.file).map(parse)
    expect(got.map((l) => [l.level, l.scope, l.message, l.data])).toEqual([
      ['INFO', 'main', 'first', { n: 1 }],
      ['WARN', 'main', 'second', undefined],
      ['ERROR', 'cli', 'third', { n: 3 }]
    ])
  })

  it('rotates before a line would pass maxBytes, keeping `keep` old files and dropping the oldest', () => {
    const dir = fresh()
    const sink = createFileSink({ dir, name: 'main', maxBytes: 1000, keep: 2 })
    const log = createLogger('s', sink.sink)
    for (let i = 0; i < 40; i++) log.info(`entry ${String(i).padStart(2, '0')}`, { pad: 'y'.repeat(60) })
    sink.close()
    const files = readdirSync(dir).sort()
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.log'])
    for (const f of files) {
      expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(1000)
      for (const l of lines(join(dir, f))) parse(l)
    }
    // Oldest first: main.2.log, main.1.log, main.log hold a contiguous tail of the entries, the newest last.
    const all = ['main.2.log', 'main.1.log', 'main.log'].flatMap((f) => lines(join(dir, f)).map((l) => parse(l).message))
    const last = all.map((m) => Number(m.slice(6)))
    expect(last.at(-1)).toBe(39)
    expect(last).toEqual(Array.from({ length: last.length }, (_, i) => 40 - last.length + i))
    expect(last.length).toBeLessThan(40) // the oldest entries went with the dropped file
  })

  it('keeps a line longer than maxBytes whole, in a file of its own', () => {
    const dir = fresh()
    const sink = createFileSink({ dir, name: 'm', maxBytes: 200, keep: 5 })
    sink.sink('info', 's', 'small')
    sink.sink('info', 's', 'huge', { text: 'z'.repeat(1000) })
    sink.sink('info', 's', 'after')
    sink.close()
    expect(lines(join(dir, 'm.2.log')).map((l) => parse(l).message)).toEqual(['small'])
    expect(lines(join(dir, 'm.1.log')).map((l) => parse(l).message)).toEqual(['huge'])
    expect(lines(join(dir, 'm.log')).map((l) => parse(l).message)).toEqual(['after'])
  })

  it('follows a rotation done by another process: the next line goes to the new file, not the renamed one', () => {
    const dir = fresh()
    const sink = createFileSink({ dir, name: 'cli' })
    sink.sink('info', 'a', 'before')
    renameSync(join(dir, 'cli.log'), join(dir, 'cli.1.log'))
    writeFileSync(join(dir, 'cli.log'), '')
    sink.sink('info', 'a', 'after')
    sink.close()
    expect(lines(join(dir, 'cli.1.log')).map((l) => parse(l).message)).toEqual(['before'])
    expect(lines(join(dir, 'cli.log')).map((l) => parse(l).message)).toEqual(['after'])
  })

  it('names rotated files with the .log extension kept', () => {
    expect([0, 1, 3].map((g) => logFileName('main', g))).toEqual(['main.log', 'main.1.log', 'main.3.log'])
  })

  it('redacts the known secrets and key-shaped text before writing', () => {
    const dir = fresh()
    const key = 'rw_TESTKEY_4f1c2a9e8b7d6c5a4f3e2d1c'
    const sink = createFileSink({ dir, name: 'main', known: () => [key] })
    createLogger('main', sink.sink).error(`refused ${key}`, { apiKey: key, detail: `Bearer ${key}`, error: new Error(`echo ${key}`) })
    sink.close()
    const text = readFileSync(sink.file, 'utf8')
    expect(text).toContain('[redacted]')
    expect(text).not.toContain(key)
    expect(text).not.toContain('TESTKEY')
  })

  it('never throws when the folder cannot be written, reports the failure once, and writes again once it can', () => {
    const base = fresh()
    const dir = join(base, 'logs')
    // A file where the folder should be fails for root too (a read-only folder would not).
    writeFileSync(dir, 'not a folder')
    const failures: unknown[] = []
    const sink = createFileSink({ dir, name: 'main', onError: (e) => failures.push(e) })
    const log = createLogger('main', sink.sink)
    expect(() => {
      log.error('one')
      log.error('two')
    }).not.toThrow()
    expect(failures).toHaveLength(1)
    expect(['EEXIST', 'ENOTDIR']).toContain((failures[0] as NodeJS.ErrnoException).code)
    rmSync(dir)
    log.info('three')
    sink.close()
    expect(lines(sink.file).map((l) => parse(l).message)).toEqual(['three'])
  })

  it('interleaves nothing when entries from many async tasks race in one process', async () => {
    const dir = fresh()
    const sink = createFileSink({ dir, name: 'main', maxBytes: 64 * 1024, keep: 1000 })
    const log = createLogger('race', sink.sink)
    await Promise.all(
      Array.from({ length: 8 }, async (_, t) => {
        for (let i = 0; i < 50; i++) {
          await new Promise((r) => setImmediate(r))
          log.info(`t${t} i${i}`, { payload: 'q'.repeat((t * 997 + i * 131) % 5000) })
        }
      })
    )
    sink.close()
    const all = readdirSync(dir).flatMap((f) => lines(join(dir, f)).map(parse))
    expect(all).toHaveLength(400)
    expect(new Set(all.map((l) => l.message)).size).toBe(400)
  })
})

function runWriter(dir: string, name: string, label: string, count: number, maxBytes: number, keep: number): Promise<number> {
  return new Promise((resolveExit, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/helpers/log-writer.ts'), dir, name, label, String(count), String(maxBytes), String(keep)], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
    child.once('error', reject)
    child.once('exit', (code) => resolveExit(code ?? -1))
  })
}

/** Every line of every file of `name` in `dir`: each must parse, and be whole. */
function checkLines(dir: string): { label: string; i: number }[] {
  const out: { label: string; i: number }[] = []
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.log'))) {
    for (const l of lines(join(dir, f))) {
      const { scope, message, data } = parse(l)
      const d = data as { label: string; i: number; size: number; payload: string }
      expect(scope).toBe(d.label)
      expect(message).toBe(`line ${d.i}`)
      expect(d.payload).toBe('x'.repeat(d.size))
      out.push({ label: d.label, i: d.i })
    }
  }
  return out
}

describe('several processes writing one log file', () => {
  const PROCESSES = 4
  const COUNT = 150

  it('lose no line and tear none, without rotation', async () => {
    const dir = fresh()
    const codes = await Promise.all(Array.from({ length: PROCESSES }, (_, p) => runWriter(dir, 'cli', `p${p}`, COUNT, 1 << 30, 3)))
    expect(codes).toEqual(Array(PROCESSES).fill(0))
    const got = checkLines(dir)
    expect(got).toHaveLength(PROCESSES * COUNT)
    for (let p = 0; p < PROCESSES; p++) expect(got.filter((g) => g.label === `p${p}`).map((g) => g.i)).toEqual(Array.from({ length: COUNT }, (_, i) => i))
  }, 60_000)

  it('lose no line and tear none while they rotate the file under each other', async () => {
    const dir = fresh()
    // ~6 MB in all through 64 KB files: dozens of rotations, every file kept.
    const codes = await Promise.all(Array.from({ length: PROCESSES }, (_, p) => runWriter(dir, 'cli', `p${p}`, COUNT, 64 * 1024, 10_000)))
    expect(codes).toEqual(Array(PROCESSES).fill(0))
    expect(readdirSync(dir).filter((f) => f.endsWith('.log')).length).toBeGreaterThan(10)
    expect(readdirSync(dir).some((f) => f.endsWith('.rotating'))).toBe(false)
    const got = checkLines(dir)
    expect(got).toHaveLength(PROCESSES * COUNT)
    for (let p = 0; p < PROCESSES; p++) expect(new Set(got.filter((g) => g.label === `p${p}`).map((g) => g.i)).size).toBe(COUNT)
  }, 60_000)
})
