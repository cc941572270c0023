/**
 * The app and the CLI may use one library at the same time (WAL, busy timeout,
 * job ownership): two processes generate and organise concurrently.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../electron/core/db/connection'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { tempDir } from '../helpers/db'

const root = resolve(__dirname, '../..')
let fake: FakeRunware
const t = tempDir('imagine-shared-')

beforeAll(async () => {
  fake = await startFakeRunware({ imageBytes: 'small', latencyMs: 20, perImageLatencyMs: 5 })
})
afterAll(async () => {
  await fake.close()
  t.cleanup()
})

function writer(label: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/helpers/writer-worker.ts'), join(t.dir, 'library'), fake.url, label], { cwd: root })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += String(d)))
    child.stderr.on('data', (d) => (err += String(d)))
    child.on('exit', (code) => res({ code, out, err }))
  })
}

describe('two processes on one library', () => {
  it('both generate and organise at once without losing or clashing', async () => {
    const [app, cli] = await Promise.all([writer('app'), writer('cli')])
    expect(app.code, app.err).toBe(0)
    expect(cli.code, cli.err).toBe(0)
    const db = openDatabase(join(t.dir, 'library', 'library.db'))
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.prepare("SELECT count(*) AS n FROM generations WHERE status = 'succeeded'").get()).toEqual({ n: 16 })
    const images = db.prepare('SELECT path FROM images').all() as { path: string }[]
    expect(images).toHaveLength(32)
    expect(images.every((i) => existsSync(join(t.dir, 'library', i.path)))).toBe(true)
    expect(db.prepare('SELECT t.name, count(*) AS n FROM tags t JOIN image_tags it ON it.tag_id = t.id GROUP BY t.name ORDER BY t.name').all()).toEqual([
      { name: 'app', n: 16 },
      { name: 'cli', n: 16 }
    ])
    expect(db.prepare('SELECT n FROM library_counts WHERE name = ?').get('favorites')).toEqual({ n: 16 })
    expect(new Set(fake.charges.map((c) => c.taskUUID)).size).toBe(16)
    db.close()
  }, 120_000)
})
