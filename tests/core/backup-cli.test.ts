/** Issue 11: `imagine backup` and `imagine restore --from`, in-process against the fake Runware. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/imagine'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { runCliAgainst } from '../helpers/cli'
import { tempDir } from '../helpers/db'
import { dumpDb, dumpFiles } from '../helpers/library-dump'

let fake: FakeRunware
let tmp: { dir: string; cleanup: () => void }

beforeEach(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  tmp = tempDir('imagine-backup-cli-')
})
afterEach(async () => {
  await fake.close()
  tmp.cleanup()
})

async function run(args: string[], signal?: AbortSignal): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { IMAGINE_DATA_DIR: join(tmp.dir, 'lib') }, cwd: tmp.dir, ...(signal ? { signal } : {}) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('imagine backup / restore --from', () => {
  it('backs up, backs up again incrementally, restores into a new folder and checks it', async () => {
    expect((await runCliAgainst(fake, tmp.dir, ['generate', 'a lighthouse', '-n', '3'])).code).toBe(0)
    const first = await run(['backup', '--to', 'bk', '--json'])
    expect(first.code).toBe(0)
    const j = JSON.parse(first.out) as { folder: string; copied: number; skipped: number; canceled: boolean; manifest: { counts: { images: number; files: number } } }
    expect(j).toMatchObject({ folder: join(tmp.dir, 'bk'), copied: 6, skipped: 0, canceled: false })
    expect(j.manifest.counts).toMatchObject({ images: 3, files: 6 })
    expect(first.err).toMatch(/files 6 of 6/)
    expect(first.err).toMatch(/backed up 3 images: 6 files copied/)

    expect((await runCliAgainst(fake, tmp.dir, ['generate', 'a harbour', '-n', '2'])).code).toBe(0)
    const second = JSON.parse((await run(['backup', '--to', 'bk', '--json'])).out) as { copied: number; skipped: number }
    expect(second).toMatchObject({ copied: 4, skipped: 6 })

    const restored = await run(['restore', '--from', 'bk', '--to', 'restored', '--json'])
    expect(restored.code).toBe(0)
    const rj = JSON.parse(restored.out) as { check: { ok: boolean; integrity: string[]; images: { checked: number } } }
    expect(rj.check).toMatchObject({ ok: true, integrity: ['ok'], images: { checked: 5 } })
    expect(dumpDb(join(tmp.dir, 'restored', 'library.db'))).toEqual(dumpDb(join(tmp.dir, 'lib', 'library.db')))
    expect(dumpFiles(join(tmp.dir, 'restored'))).toEqual(dumpFiles(join(tmp.dir, 'lib')))
    // The restored folder is a library the CLI opens.
    const history = await runCli(['history', '--json'], { stdout: () => undefined, stderr: () => undefined, env: { IMAGINE_DATA_DIR: join(tmp.dir, 'restored') }, cwd: tmp.dir })
    expect(history).toBe(0)
  })

  it('restore refuses a non-empty folder with exit 2; a damaged backup file fails the check with exit 1', async () => {
    expect((await runCliAgainst(fake, tmp.dir, ['generate', 'a lighthouse', '-n', '1', '--json'])).code).toBe(0)
    expect((await run(['backup', '--to', 'bk'])).code).toBe(0)
    mkdirSync(join(tmp.dir, 'full'))
    writeFileSync(join(tmp.dir, 'full', 'keep.txt'), 'x')
    const refused = await run(['restore', '--from', 'bk', '--to', 'full'])
    expect(refused.code).toBe(2)
    expect(refused.err).toMatch(/is not empty\. Restore only into an empty or new folder/)

    const image = Object.keys(dumpFiles(join(tmp.dir, 'bk'))).find((p) => p.startsWith('images/'))!
    writeFileSync(join(tmp.dir, 'bk', image), 'not the image')
    const damaged = await run(['restore', '--from', 'bk', '--to', 'fresh'])
    expect(damaged.code).toBe(1)
    expect(damaged.err).toContain(`${image}: damaged`)
  })

  it('a canceled backup exits 1 and keeps the earlier backup; restore ID still restores from the trash; bad usage is exit 2', async () => {
    expect((await runCliAgainst(fake, tmp.dir, ['generate', 'a lighthouse', '-n', '1'])).code).toBe(0)
    expect((await run(['backup', '--to', 'bk'])).code).toBe(0)
    const ac = new AbortController()
    ac.abort()
    const canceled = await run(['backup', '--to', 'bk', '--json'], ac.signal)
    expect(canceled.code).toBe(1)
    expect(JSON.parse(canceled.out)).toMatchObject({ canceled: true, manifest: null })
    expect((await run(['restore', '--from', 'bk', '--to', 'r'])).code).toBe(0)

    expect((await run(['backup'])).code).toBe(2)
    expect((await run(['backup', '--to', 'lib/inside'])).code).toBe(2)
    expect((await run(['restore', '--from', 'nowhere', '--to', 'x'])).err).toMatch(/no manifest\.json/)
    expect((await run(['trash', '1'])).code).toBe(0)
    expect((await run(['restore', '1'])).code).toBe(0)
  })
})
