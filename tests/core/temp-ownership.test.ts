/**
 * Temp files belong to their owner process (issue 7): start-up cleaning must not
 * delete another live process's download, and a temp file that vanished before
 * its commit is fetched again, never recorded as a bad image.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ImageStore, type TempFile } from '../../electron/core/files/image-store'
import { libraryPaths, type LibraryPaths } from '../../electron/core/paths'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { tempDir } from '../helpers/db'
import { generateAndWait, makeCore } from '../helpers/generation'

let dir: { dir: string; cleanup: () => void }
let paths: LibraryPaths

beforeEach(() => {
  dir = tempDir('imagine-tmp-')
  paths = libraryPaths(dir.dir)
})
afterEach(() => dir.cleanup())

const png = (): Promise<Buffer> => sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } }).png().toBuffer()

describe('ImageStore.cleanTemp', () => {
  it("leaves a second store's live temp file alone", async () => {
    const cli = new ImageStore(paths)
    const app = new ImageStore(paths)
    const inFlight = await cli.writeTempBuffer(await png())
    expect(app.cleanTemp()).toBe(0)
    expect(existsSync(inFlight.tmpPath)).toBe(true)
    const stored = await cli.commit(inFlight)
    expect(existsSync(join(paths.dataDir, stored.path))).toBe(true)
    // Nothing in flight any more: the owner's folder is gone too.
    expect(readdirSync(paths.tmpDir)).toEqual([])
  })

  it('removes the folder of a process that is gone, and of an earlier process that had our pid', () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!
    const deadDir = join(paths.tmpDir, `${gone}-${Date.now() - 5000}-abcd`)
    const recycledDir = join(paths.tmpDir, `${process.pid}-12345-beef`)
    for (const d of [deadDir, recycledDir]) {
      mkdirSync(d, { recursive: true })
      writeFileSync(join(d, '1-aa.part'), 'half')
    }
    expect(new ImageStore(paths).cleanTemp()).toBe(2)
    expect(readdirSync(paths.tmpDir)).toEqual([])
  })

  it('treats a live pid (EPERM included) as alive, and removes only day-old loose legacy files', () => {
    const live = join(paths.tmpDir, `1-${Date.now()}-cafe`) // pid 1 runs, and is not ours to signal (EPERM) or is (0)
    mkdirSync(live, { recursive: true })
    writeFileSync(join(live, '1-aa.part'), 'half')
    const fresh = join(paths.tmpDir, '100-fresh.part')
    const old = join(paths.tmpDir, '100-old.part')
    writeFileSync(fresh, 'x')
    writeFileSync(old, 'x')
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000)
    utimesSync(old, twoDaysAgo, twoDaysAgo)
    expect(new ImageStore(paths).cleanTemp()).toBe(1)
    expect(readdirSync(paths.tmpDir).sort()).toEqual([basename(live), '100-fresh.part'].sort())
    expect(existsSync(join(live, '1-aa.part'))).toBe(true)
  })
})

describe('a temp file that vanishes before its commit', () => {
  let fake: FakeRunware
  beforeEach(async () => {
    fake = await startFakeRunware({ imageBytes: 'small' })
  })
  afterEach(async () => {
    await fake.close()
  })

  it('is downloaded again, not recorded as BAD_IMAGE', async () => {
    const core = makeCore(fake, dir.dir)
    try {
      const commit = core.store.commit.bind(core.store)
      const seen: string[] = []
      core.store.commit = async (tmp: TempFile, folder?: 'images' | 'refs') => {
        seen.push(tmp.tmpPath)
        // Another process's old-style cleaning removes the file between download and commit.
        if (seen.length === 1) rmSync(tmp.tmpPath)
        return commit(tmp, folder)
      }
      const final = await generateAndWait(core, { numberResults: 1 })
      expect(final).toMatchObject({ status: 'succeeded', imagesDone: 1 })
      expect(fake.downloads).toBe(2)
      expect(new Set(seen).size).toBe(2)
      const results = core.db.prepare('SELECT error_code, image_id FROM generation_results').all() as { error_code: string | null; image_id: number | null }[]
      expect(results).toHaveLength(1)
      expect(results[0]!.error_code).toBeNull()
      expect(results[0]!.image_id).not.toBeNull()
    } finally {
      await core.close()
    }
  })
})
