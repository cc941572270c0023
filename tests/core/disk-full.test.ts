/**
 * Issue 11, "Disk full and read-only folders": a download that hits ENOSPC or
 * EACCES/EROFS while storing a paid image leaves no half file anywhere in the
 * library, the job says so in words (not a raw errno), and it resumes once the
 * disk is fixed, by the same taskUUID: every paid image arrives, billed once.
 * The fault is injected through the image store's file operations (CoreOptions.imageFs).
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nodeImageFs, type ImageStoreFs } from '../../electron/core/files/image-store'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { runCliAgainst } from '../helpers/cli'
import { tempDir } from '../helpers/db'
import { inferenceTaskUUIDs, makeCore, type TestCore } from '../helpers/generation'

let fake: FakeRunware
let core: TestCore
let dir: { dir: string; cleanup: () => void }

const errno = (code: string): Error => Object.assign(new Error(`${code}: injected`), { code })

/**
 * File operations whose `nth` exclusive create ('wx': an image or thumbnail temp file)
 * fails: ENOSPC after writing half its first chunk (a half file on disk), or EACCES at
 * open. `sticky` keeps failing every later create and rename too, until `heal()`.
 */
function faultyFs(kind: 'ENOSPC' | 'EACCES', nth: number, sticky: boolean) {
  let creates = 0
  let healed = false
  let hits = 0
  const failing = (): boolean => !healed && (creates === nth || (sticky && creates > nth))
  const fs: ImageStoreFs = {
    ...nodeImageFs,
    open: (async (path: string, flags?: string, mode?: number) => {
      if (flags !== 'wx') return nodeImageFs.open(path, flags, mode)
      creates++
      if (!failing()) return nodeImageFs.open(path, flags, mode)
      hits++
      if (kind === 'EACCES') throw errno('EACCES')
      const fh = await nodeImageFs.open(path, flags, mode)
      return new Proxy(fh, {
        get(target, prop) {
          if (prop === 'write')
            return async (buf: Uint8Array) => {
              await target.write(buf, 0, Math.max(1, Math.floor(buf.byteLength / 2)))
              throw errno('ENOSPC')
            }
          const v = Reflect.get(target, prop) as unknown
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
        }
      })
    }) as ImageStoreFs['open'],
    rename: (async (from: string, to: string) => {
      if (sticky && !healed && creates > nth) {
        hits++
        throw errno(kind)
      }
      return nodeImageFs.rename(from, to)
    }) as ImageStoreFs['rename']
  }
  return { fs, heal: () => (healed = true), hits: () => hits }
}

function walk(root: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const abs = join(root, e.name)
    if (e.isDirectory()) out.push(...walk(abs))
    else out.push(abs)
  }
  return out
}

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

/** No temp file anywhere, every image file holds exactly the bytes its name says, every thumbnail decodes in full. */
async function expectNoHalfFile(dataDir: string): Promise<void> {
  const files = walk(dataDir).map((f) => relative(dataDir, f))
  expect(files.filter((f) => f.endsWith('.part') || f.startsWith('tmp'))).toEqual([])
  for (const f of files.filter((f) => f.startsWith('images'))) expect(sha(readFileSync(join(dataDir, f))), f).toBe(basename(f).split('.')[0])
  for (const f of files.filter((f) => f.startsWith('thumbs'))) await expect(sharp(join(dataDir, f), { failOn: 'truncated' }).toBuffer(), f).resolves.toBeInstanceOf(Buffer)
}

/** Every paid image of the job is stored, and its bytes are the ones Runware serves for it by URL. */
async function expectAllPaidImages(c: TestCore, generationId: number, count: number): Promise<void> {
  const images = c.generation.images(generationId)
  expect(images).toHaveLength(count)
  const results = c.db.prepare('SELECT image_uuid, url, image_id FROM generation_results WHERE generation_id = ? ORDER BY position').all(generationId) as { image_uuid: string; url: string; image_id: number }[]
  expect(results).toHaveLength(count)
  for (const r of results) {
    const img = images.find((i) => i.imageId === r.image_id)!
    expect(img, r.image_uuid).toBeDefined()
    const served = Buffer.from(await (await fetch(r.url)).arrayBuffer())
    expect(sha(readFileSync(join(c.paths.dataDir, img.path)))).toBe(img.sha256)
    expect(sha(served)).toBe(img.sha256)
  }
}

const PARAMS = { prompt: 'a lighthouse on a full disk', width: 1408, height: 768, numberResults: 3, outputFormat: 'PNG' }

beforeEach(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  dir = tempDir('imagine-diskfull-')
})
afterEach(async () => {
  await core?.close()
  await fake.close()
  dir.cleanup()
})

describe('a download that hits a full or read-only disk', () => {
  it('ENOSPC on the 2nd image write: no half file, "The disk is full" in words, resumed by recover() with all 3 paid images billed once', async () => {
    const fault = faultyFs('ENOSPC', 2, false)
    core = makeCore(fake, dir.dir, { imageFs: fault.fs })
    const { generationId, taskUUID } = await core.generation.start(PARAMS)
    const stopped = await core.generation.whenDone(generationId)
    expect(fault.hits()).toBe(1)
    expect(stopped.status).not.toBe('succeeded')
    expect(stopped.error?.code).toBe('DISK_FULL')
    expect(stopped.error?.message).toMatch(/^The disk is full: .+ Free some space, then resume the job\.$/)
    expect(stopped.error?.message).not.toMatch(/ENOSPC|injected/)
    expect(core.events.filter((e) => e.generationId === generationId).at(-1)?.error?.message).toBe(stopped.error?.message)
    await expectNoHalfFile(core.paths.dataDir)
    // The paid results are kept by taskUUID; none is given up as failed.
    const kept = core.db.prepare('SELECT count(*) AS n FROM generation_results WHERE generation_id = ? AND error_code IS NULL').get(generationId) as { n: number }
    expect(kept.n).toBe(3)
    expect(core.generation.openJobs().map((j) => j.generationId)).toEqual([generationId])

    // A pump (another job ending) does not retry a disk that may still be full: only recover() does.
    core.generation.pump()
    expect(core.generation.get(generationId).status).toBe('failed')

    fault.heal()
    core.generation.recover()
    const final = await core.generation.whenDone(generationId)
    expect(final).toMatchObject({ status: 'succeeded', imagesDone: 3, imagesTotal: 3 })
    expect(final.error).toBeUndefined()
    await expectAllPaidImages(core, generationId, 3)
    await expectNoHalfFile(core.paths.dataDir)
    expect(fake.charges.map((c) => c.taskUUID.toLowerCase())).toEqual([taskUUID.toLowerCase()])
    expect(inferenceTaskUUIDs(fake).map((u) => u.toLowerCase())).toEqual([taskUUID.toLowerCase()])
  }, 30_000)

  it('a disk that stays full: the job stops with the words, and `imagine resume --json` completes it once there is room', async () => {
    const fault = faultyFs('ENOSPC', 2, true)
    core = makeCore(fake, dir.dir, { imageFs: fault.fs })
    const { generationId, taskUUID } = await core.generation.start(PARAMS)
    const stopped = await core.generation.whenDone(generationId)
    expect(stopped.status).toBe('failed')
    expect(stopped.error).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/^The disk is full: .+ Free some space, then resume the job\.$/) })
    expect(stopped.imagesDone).toBeLessThan(3)
    await expectNoHalfFile(core.paths.dataDir)
    await core.close()

    // Space is back; a new process (the CLI) resumes it on the same library.
    const r = await runCliAgainst(fake, dir.dir, ['resume', '--json'], { IMAGINE_DATA_DIR: join(dir.dir, 'library') })
    expect(r.code, r.err).toBe(0)
    const summary = JSON.parse(r.out) as { resumed: number; failed: unknown[]; jobs: { generationId: number; from: string; status: string; imagesRecovered: number }[] }
    expect(summary.failed).toEqual([])
    expect(summary.jobs).toEqual([expect.objectContaining({ generationId, from: 'failed', status: 'succeeded', imagesRecovered: 3 - stopped.imagesDone })])

    core = makeCore(fake, dir.dir)
    expect(core.generation.get(generationId)).toMatchObject({ status: 'succeeded', imagesDone: 3 })
    await expectAllPaidImages(core, generationId, 3)
    await expectNoHalfFile(core.paths.dataDir)
    expect(fake.charges.map((c) => c.taskUUID.toLowerCase())).toEqual([taskUUID.toLowerCase()])
    expect(fake.submissions.get(taskUUID.toLowerCase())).toBe(1)
  }, 30_000)

  it('EACCES (a read-only library folder): "The library folder can\'t be written" in words, no half file, resumed with every paid image', async () => {
    const fault = faultyFs('EACCES', 2, true)
    core = makeCore(fake, dir.dir, { imageFs: fault.fs })
    const { generationId, taskUUID } = await core.generation.start(PARAMS)
    const stopped = await core.generation.whenDone(generationId)
    expect(stopped.status).toBe('failed')
    expect(stopped.error?.code).toBe('READ_ONLY')
    expect(stopped.error?.message).toMatch(/^The library folder can't be written: .+ Make it writable, then resume the job\.$/)
    expect(stopped.error?.message).not.toMatch(/EACCES|injected/)
    await expectNoHalfFile(core.paths.dataDir)

    fault.heal()
    core.generation.recover()
    const final = await core.generation.whenDone(generationId)
    expect(final).toMatchObject({ status: 'succeeded', imagesDone: 3 })
    await expectAllPaidImages(core, generationId, 3)
    await expectNoHalfFile(core.paths.dataDir)
    expect(fake.charges.map((c) => c.taskUUID.toLowerCase())).toEqual([taskUUID.toLowerCase()])
  }, 30_000)

  it('the Resume the queue offers (generation:resume) goes on with the stopped job in the running app, billed once; any other job is refused', async () => {
    const fault = faultyFs('ENOSPC', 2, true)
    core = makeCore(fake, dir.dir, { imageFs: fault.fs })
    const { generationId, taskUUID } = await core.generation.start(PARAMS)
    expect((await core.generation.whenDone(generationId)).error?.code).toBe('DISK_FULL')
    fault.heal()
    const resumed = await core.router.dispatch('generation:resume', [generationId])
    expect(resumed).toMatchObject({ ok: true })
    const final = await core.generation.whenDone(generationId)
    expect(final).toMatchObject({ status: 'succeeded', imagesDone: 3 })
    await expectAllPaidImages(core, generationId, 3)
    expect(fake.charges.map((c) => c.taskUUID.toLowerCase())).toEqual([taskUUID.toLowerCase()])
    // A finished job has nothing to resume: Retry (a new, billed request) is another thing.
    expect(await core.router.dispatch('generation:resume', [generationId])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  }, 30_000)

  it('sync delivery (base64 in the answer): the image whose write failed is asked for again by taskUUID on resume, billed once', async () => {
    const fault = faultyFs('ENOSPC', 2, false)
    core = makeCore(fake, dir.dir, { imageFs: fault.fs })
    const { generationId, taskUUID } = await core.generation.start({ ...PARAMS, deliveryMethod: 'sync', outputType: 'base64Data' })
    const stopped = await core.generation.whenDone(generationId)
    expect(stopped.error?.code).toBe('DISK_FULL')
    await expectNoHalfFile(core.paths.dataDir)

    fault.heal()
    core.generation.recover()
    const final = await core.generation.whenDone(generationId)
    expect(final).toMatchObject({ status: 'succeeded', imagesDone: 3 })
    expect(core.generation.images(generationId)).toHaveLength(3)
    for (const img of core.generation.images(generationId)) expect(sha(readFileSync(join(core.paths.dataDir, img.path)))).toBe(img.sha256)
    await expectNoHalfFile(core.paths.dataDir)
    expect(fake.charges.map((c) => c.taskUUID.toLowerCase())).toEqual([taskUUID.toLowerCase()])
  }, 30_000)
})
