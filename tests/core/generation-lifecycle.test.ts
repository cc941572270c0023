import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type AppError } from '../../electron/core/errors'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { openDatabase } from '../../electron/core/db/connection'
import { tempDir } from '../helpers/db'
import { pngHeader } from '../helpers/png'
import { generateAndWait, inferenceTaskUUIDs, makeCore, type TestCore } from '../helpers/generation'

let fake: FakeRunware
let core: TestCore
let dir: { dir: string; cleanup: () => void }

beforeEach(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  dir = tempDir('imagine-life-')
  core = makeCore(fake, dir.dir)
})
afterEach(async () => {
  await core.close()
  await fake.close()
  dir.cleanup()
})

const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

async function startError(params: Record<string, unknown>): Promise<AppError> {
  try {
    await core.generation.start({ prompt: 'x', ...params })
  } catch (e) {
    return e as AppError
  }
  throw new Error('start() should have failed')
}

const generationRows = (): number => (core.db.prepare('SELECT count(*) AS n FROM generations').get() as { n: number }).n

describe('validation before anything is sent', () => {
  it.each([
    [{ width: 1000, height: 1000 }, 'width'],
    [{ width: 1024 }, 'height'],
    [{ resolution: '1K', width: 1024, height: 1024 }, 'resolution'],
    [{ resolution: '4K' }, 'resolution'],
    [{ numberResults: 21 }, 'numberResults'],
    [{ numberResults: 0 }, 'numberResults'],
    [{ outputQuality: 19 }, 'outputQuality'],
    [{ outputQuality: 100 }, 'outputQuality'],
    [{ ttl: 30 }, 'ttl'],
    [{ ttl: 120, outputType: 'base64Data' }, 'ttl'],
    [{ outputFormat: 'GIF' }, 'outputFormat'],
    [{ prompt: '   ' }, 'prompt'],
    [{ prompt: 'x'.repeat(4001) }, 'prompt'],
    [{ references: [{ kind: 'url', url: 'https://a/1.png' }, { kind: 'url', url: 'https://a/2.png' }] }, 'references'],
    [{ bogus: 1 }, 'params']
  ].map(([p, f]) => [JSON.stringify(p).slice(0, 70), p as Record<string, unknown>, f as string] as const))('%s is refused naming %s', async (_label, params, field) => {
    const e = await startError(params)
    expect(e.code).toBe('VALIDATION')
    expect(e.field).toBe(field)
    expect(fake.requests).toHaveLength(0)
    expect(generationRows()).toBe(0)
  })

  it('refuses to start without an API key, sending nothing', async () => {
    await core.close()
    core = makeCore(fake, dir.dir, { key: null })
    const e = await startError({})
    expect(e.code).toBe('NO_API_KEY')
    expect(fake.requests).toHaveLength(0)
  })
})

describe('hostile reference images get a clear error and nothing is sent', () => {
  it.each([
    ['zero bytes', async (p: string) => writeFileSync(p, Buffer.alloc(0)), /empty/],
    ['text, not an image', async (p: string) => writeFileSync(p, 'hello, I am not a picture'), /not an image/],
    ['an SVG', async (p: string) => writeFileSync(p, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), /SVG/],
    ['a truncated JPEG', async (p: string) => {
      const jpg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#123456' } }).jpeg().toBuffer()
      writeFileSync(p, jpg.subarray(0, Math.floor(jpg.length / 2)))
    }, /damaged|truncated|not an image/],
    ['a decompression bomb (100000×100000 header)', async (p: string) => writeFileSync(p, pngHeader(100_000, 100_000)), /too large|not an image/],
    ['a 500 MB file', async (p: string) => execFileSync('truncate', ['-s', '500M', p]), /too large/],
    ['a missing file', async () => undefined, /Cannot read/]
  ])('%s', async (_name, make, message) => {
    const path = join(dir.dir, 'ref.bin')
    await make(path)
    const e = await startError({ references: [{ kind: 'path', path }] })
    expect(e.code).toBe('BAD_IMAGE')
    expect(e.message).toMatch(message)
    expect(fake.requests).toHaveLength(0)
    expect(generationRows()).toBe(0)
  })
})

describe('reference images', () => {
  it('downscales to 2048 px, uploads once, reuses the id, and re-uploads when Runware forgot it', async () => {
    const path = join(dir.dir, 'big.png')
    await sharp({ create: { width: 3000, height: 1500, channels: 4, background: '#ff000080' } }).png().toFile(path)
    const first = await generateAndWait(core, { references: [{ kind: 'path', path }] })
    expect(first.status).toBe('succeeded')
    expect(fake.uploads.size).toBe(1)
    const ref = core.db.prepare('SELECT width, height, format, remote_uuid FROM reference_images').get() as { width: number; height: number; format: string; remote_uuid: string }
    expect(ref).toMatchObject({ width: 2048, height: 1024, format: 'png' })
    const sent = JSON.parse((core.db.prepare('SELECT request FROM generations WHERE id = ?').get(first.generationId) as { request: string }).request)
    expect(sent.inputs).toEqual({ referenceImages: [ref.remote_uuid] })
    expect(sent.resolution).toBe('1K')

    const uploadsBefore = fake.requests.filter((r) => JSON.stringify(r.body).includes('imageUpload')).length
    await generateAndWait(core, { references: [{ kind: 'path', path }] })
    expect(fake.requests.filter((r) => JSON.stringify(r.body).includes('imageUpload')).length).toBe(uploadsBefore)

    fake.forgetUploads()
    const third = await generateAndWait(core, { references: [{ kind: 'path', path }] })
    expect(third.status).toBe('succeeded')
    expect(fake.requests.filter((r) => JSON.stringify(r.body).includes('imageUpload')).length).toBe(uploadsBefore + 1)
  })

  it('uses a library image as a reference and keeps the link', async () => {
    const parent = await generateAndWait(core, {})
    const [img] = core.generation.images(parent.generationId)
    const child = await generateAndWait(core, { references: [{ kind: 'image', imageId: img!.imageId }] })
    expect(child.status).toBe('succeeded')
    const link = core.db.prepare('SELECT source_kind, source_image_id FROM generation_references WHERE generation_id = ?').get(child.generationId)
    expect(link).toEqual({ source_kind: 'image', source_image_id: img!.imageId })
  })
})

describe('queue, cancel, recovery and network loss', () => {
  it('never runs more jobs at once than the concurrency setting', async () => {
    core.settings.update({ concurrency: 2 })
    fake.inject({ kind: 'latency', ms: 60, times: 6 })
    const ids = await Promise.all([1, 2, 3, 4, 5].map(async (i) => (await core.generation.start({ prompt: `job ${i}` })).generationId))
    let maxRunning = 0
    const timer = setInterval(() => {
      const n = core.generation.list().filter((j) => ['submitting', 'running', 'downloading'].includes(j.status)).length
      maxRunning = Math.max(maxRunning, n)
    }, 3)
    const finals = await Promise.all(ids.map((id) => core.generation.whenDone(id)))
    clearInterval(timer)
    expect(finals.every((f) => f.status === 'succeeded')).toBe(true)
    expect(maxRunning).toBe(2)
  })

  it('canceling a queued job sends nothing for it', async () => {
    core.settings.update({ concurrency: 1 })
    fake.inject({ kind: 'latency', ms: 150 })
    const a = await core.generation.start({ prompt: 'first' })
    const b = await core.generation.start({ prompt: 'second' })
    expect(core.generation.cancel(b.generationId).status).toBe('canceled')
    await core.generation.whenDone(a.generationId)
    expect((await core.generation.whenDone(b.generationId)).message).toMatch(/before anything was sent/)
    expect(inferenceTaskUUIDs(fake)).not.toContain(b.taskUUID)
  })

  it('canceling an accepted job stops waiting at once but keeps the images that arrive', async () => {
    fake.inject({ kind: 'asyncProcessingPolls', polls: 8 })
    const { generationId } = await core.generation.start({ prompt: 'slow', deliveryMethod: 'async', numberResults: 2 })
    await until(() => core.generation.get(generationId).status === 'running')
    const snap = core.generation.cancel(generationId)
    expect(snap.status).toBe('canceled')
    expect(snap.message).toMatch(/already accepted/)
    const final = await core.generation.whenDone(generationId)
    expect(final.status).toBe('canceled')
    expect(final.imagesDone).toBe(2)
    expect(final.message).toMatch(/2 images .* kept/)
  })

  it('resumes an accepted async job after a restart, by its taskUUID', async () => {
    fake.inject({ kind: 'asyncProcessingPolls', polls: 30 })
    const { generationId, taskUUID } = await core.generation.start({ prompt: 'resume me', deliveryMethod: 'async', numberResults: 3 })
    await until(() => core.generation.get(generationId).status === 'running')
    await core.close()
    core = makeCore(fake, dir.dir)
    const final = await core.generation.whenDone(generationId)
    expect(final).toMatchObject({ status: 'succeeded', imagesDone: 3, taskUUID })
    expect(new Set(inferenceTaskUUIDs(fake))).toEqual(new Set([taskUUID]))
    expect(fake.charges).toHaveLength(1)
  })

  it('keeps queued jobs across a restart', async () => {
    core.settings.update({ concurrency: 1 })
    fake.inject({ kind: 'asyncProcessingPolls', polls: 1000 })
    const a = await core.generation.start({ prompt: 'blocker', deliveryMethod: 'async' })
    const b = await core.generation.start({ prompt: 'waiting' })
    await until(() => core.generation.get(a.generationId).status === 'running')
    expect(core.generation.get(b.generationId).status).toBe('queued')
    await core.close()
    core = makeCore(fake, dir.dir)
    core.generation.cancel(a.generationId)
    const fb = await core.generation.whenDone(b.generationId)
    expect(fb.status).toBe('succeeded')
  })

  it('waits for the network without spending retries, then finishes', async () => {
    const port = Number(new URL(fake.url).port)
    await fake.close()
    const { generationId } = await core.generation.start({ prompt: 'offline', numberResults: 1 })
    await until(() => core.events.some((e) => e.generationId === generationId && e.waitingForNetwork))
    expect(core.generation.get(generationId).retries).toBe(0)
    fake = await startFakeRunware({ imageBytes: 'small', port })
    const final = await core.generation.whenDone(generationId)
    expect(final.status).toBe('succeeded')
    expect(final.retries).toBe(0)
  }, 20_000)
})

describe('a cancel caught mid-submit by a restart', () => {
  it('asks Runware before calling it unsent: an accepted task is still collected', async () => {
    // Runware accepts (and bills) at once but holds the answer; the app shuts down meanwhile.
    fake.inject({ kind: 'latency', ms: 3000 })
    const { generationId, taskUUID } = await core.generation.start({ prompt: 'accepted, then canceled' })
    await until(() => fake.tasks.has(taskUUID.toLowerCase()))
    await core.close()
    // The person's cancel reached the row, but no cancel handling ran before the restart.
    const raw = openDatabase(join(dir.dir, 'library', 'library.db'))
    expect(raw.prepare('SELECT status FROM generations WHERE id = ?').get(generationId)).toEqual({ status: 'submitting' })
    raw.prepare('UPDATE generations SET cancel_requested = 1 WHERE id = ?').run(generationId)
    raw.close()
    core = makeCore(fake, dir.dir)
    const final = await core.generation.whenDone(generationId)
    expect(final.status).toBe('canceled')
    expect(final.imagesDone).toBe(1)
    expect(final.message).toMatch(/kept/)
    expect(inferenceTaskUUIDs(fake)).toEqual([taskUUID])
    expect(fake.charges).toHaveLength(1)
  })

  it('calls a restarted cancel unsent and unbilled when Runware never got it', async () => {
    const port = Number(new URL(fake.url).port)
    await fake.close()
    const { generationId } = await core.generation.start({ prompt: 'never arrived' })
    await until(() => core.events.some((e) => e.generationId === generationId && e.waitingForNetwork))
    await core.close()
    const raw = openDatabase(join(dir.dir, 'library', 'library.db'))
    raw.prepare('UPDATE generations SET cancel_requested = 1 WHERE id = ?').run(generationId)
    raw.close()
    fake = await startFakeRunware({ imageBytes: 'small', port })
    core = makeCore(fake, dir.dir)
    const final = await core.generation.whenDone(generationId)
    expect(final.status).toBe('canceled')
    expect(final.message).toMatch(/nothing was billed/)
    expect(inferenceTaskUUIDs(fake)).toEqual([])
  }, 20_000)
})
