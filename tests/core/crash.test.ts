/**
 * Kills a generating process with SIGKILL at random moments, restarts it on the
 * same library, and checks that no image Runware returned is lost, the database
 * is intact, and no temp file is left behind. `CRASH_TRIALS` raises the count
 * (the closing note of the generation-engine issue reports a long run).
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../electron/core/db/connection'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { tempDir } from '../helpers/db'

const root = resolve(__dirname, '../..')
const TRIALS = Number(process.env.CRASH_TRIALS ?? 8)
let fake: FakeRunware

beforeAll(async () => {
  fake = await startFakeRunware({ imageBytes: 'small', latencyMs: 250, perImageLatencyMs: 60 })
})
afterAll(async () => {
  await fake.close()
})

function runWorker(mode: 'start' | 'recover', dataDir: string, killAfterMs?: number): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/helpers/crash-worker.ts'), mode, dataDir, fake.url], { cwd: root })
    let out = ''
    let err = ''
    let timer: NodeJS.Timeout | null = null
    child.stdout.on('data', (d) => {
      out += String(d)
      // The clock starts once the worker has opened the library: the kill lands in the pipeline, not in start-up.
      if (killAfterMs !== undefined && timer === null && out.includes('READY')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    })
    child.stderr.on('data', (d) => (err += String(d)))
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer)
      res({ code, signal, out, err })
    })
  })
}

describe('SIGKILL at random points, then restart', () => {
  it(`loses no image Runware returned (${TRIALS} trials)`, async () => {
    let killed = 0
    let midFlight = 0
    let strayTemp = 0
    let rng = 424242
    const random = (): number => ((rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let trial = 0; trial < TRIALS; trial++) {
      const t = tempDir('imagine-crash-')
      try {
        const knownTasks = new Set(fake.tasks.keys())
        const dataDir = join(t.dir, 'library')
        // A full run takes about a second: kill anywhere in submit, poll and download.
        const first = await runWorker('start', dataDir, Math.floor(random() * 1100))
        if (first.signal === 'SIGKILL') killed++
        if (existsSync(join(dataDir, 'library.db'))) {
          const before = openDatabase(join(dataDir, 'library.db'))
          const tables = (before.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name)
          expect(tables, `trial ${trial}: first worker ${JSON.stringify({ code: first.code, signal: first.signal, out: first.out.slice(0, 200), err: first.err.slice(0, 2000), files: readdirSync(dataDir) })}`).toContain('generations')
          const open = (before.prepare("SELECT count(*) AS n FROM generations WHERE status NOT IN ('succeeded', 'failed', 'canceled', 'interrupted')").get() as { n: number } | undefined)?.n ?? 0
          const tmpFiles = readdirSync(join(dataDir, 'tmp')).length
          before.close()
          if (open > 0) midFlight++
          if (tmpFiles > 0) strayTemp++
        }
        const second = await runWorker('recover', dataDir)
        expect(second.code, second.err).toBe(0)

        const db = openDatabase(join(dataDir, 'library.db'))
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
        const gens = db.prepare('SELECT id, task_uuid, status FROM generations').all() as { id: number; task_uuid: string; status: string }[]
        const rows = db.prepare('SELECT image_uuid, path, sha256 FROM images').all() as { image_uuid: string; path: string; sha256: string }[]
        const byUuid = new Map(rows.map((r) => [r.image_uuid, r]))
        // Every image of every task this trial's worker got accepted is in the library, intact.
        for (const g of gens) {
          expect(g.status).toBe('succeeded')
          const task = fake.tasks.get(g.task_uuid.toLowerCase())
          if (!task || knownTasks.has(g.task_uuid.toLowerCase())) continue
          for (const result of task.results) {
            const row = byUuid.get(result.imageUUID)
            expect(row, `trial ${trial}: image ${result.imageUUID} of task ${g.task_uuid} lost`).toBeDefined()
            const bytes = readFileSync(join(dataDir, row!.path))
            expect(createHash('sha256').update(bytes).digest('hex')).toBe(row!.sha256)
          }
        }
        expect(rows.every((r) => existsSync(join(dataDir, r.path)))).toBe(true)
        expect(readdirSync(join(dataDir, 'tmp'))).toEqual([])
        db.close()
      } finally {
        t.cleanup()
      }
    }
    // Every charge belongs to one task: nothing was billed twice.
    const charged = fake.charges.map((c) => c.taskUUID)
    expect(new Set(charged).size).toBe(charged.length)
    console.log(`crash test: ${TRIALS} trials, ${killed} killed, ${midFlight} with unfinished jobs at the kill, ${strayTemp} with temp files left by the kill, 0 images lost`)
    expect(killed).toBeGreaterThan(0)
    expect(midFlight).toBeGreaterThan(0)
  }, 600_000)
})
