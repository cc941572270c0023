import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { tempDir } from '../helpers/db'
import { generateAndWait, inferenceTaskUUIDs, makeCore, type TestCore } from '../helpers/generation'

let fake: FakeRunware
let core: TestCore
let dir: { dir: string; cleanup: () => void }

beforeEach(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  dir = tempDir('imagine-gen-')
  core = makeCore(fake, dir.dir)
})
afterEach(async () => {
  await core.close()
  await fake.close()
  dir.cleanup()
})

function storedImages(c: TestCore, generationId: number) {
  return c.generation.images(generationId).map((i) => {
    const bytes = readFileSync(join(c.paths.dataDir, i.path))
    return { ...i, actualSha: createHash('sha256').update(bytes).digest('hex') }
  })
}

describe('generation pipeline against the strict fake server', () => {
  it('generates 4 images synchronously: files, thumbnails, rows, cost, exact request without the key', async () => {
    const final = await generateAndWait(core, { width: 1408, height: 768, numberResults: 4, outputFormat: 'PNG', deliveryMethod: 'sync' })
    expect(final).toMatchObject({ status: 'succeeded', imagesDone: 4, imagesTotal: 4 })
    expect(final.costUsd).toBeCloseTo(0.08, 6)
    const images = storedImages(core, final.generationId)
    expect(images).toHaveLength(4)
    expect(new Set(images.map((i) => i.sha256)).size).toBe(4)
    for (const img of images) {
      expect(img.actualSha).toBe(img.sha256)
      expect(img.format).toBe('png')
      const thumb = core.db.prepare('SELECT thumb_path FROM images WHERE id = ?').get(img.imageId) as { thumb_path: string }
      const meta = await sharp(join(core.paths.dataDir, thumb.thumb_path)).metadata()
      expect(meta.format).toBe('webp')
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(256)
    }
    const row = core.db.prepare('SELECT request, status, accepted_at, finished_at FROM generations WHERE id = ?').get(final.generationId) as { request: string }
    const request = JSON.parse(row.request) as Record<string, unknown>
    expect(request).toMatchObject({ taskType: 'imageInference', model: 'xai:grok-imagine@image', width: 1408, height: 768, numberResults: 4, outputFormat: 'PNG', includeCost: true })
    expect(row.request).not.toContain(fake.apiKey)
    expect(fake.charges).toHaveLength(1)
    expect(readdirSync(core.paths.tmpDir)).toEqual([])
    expect(core.events.map((e) => e.status)).toEqual(expect.arrayContaining(['queued', 'submitting', 'running', 'downloading', 'succeeded']))
  })

  it('polls an async task that stays processing, then collects everything', async () => {
    fake.inject({ kind: 'asyncProcessingPolls', polls: 4 })
    const final = await generateAndWait(core, { numberResults: 2, deliveryMethod: 'async' })
    expect(final).toMatchObject({ status: 'succeeded', imagesDone: 2 })
    const polls = fake.requests.filter((r) => JSON.stringify(r.body).includes('getResponse'))
    expect(polls.length).toBeGreaterThanOrEqual(5)
  })

  it.each(['base64Data', 'dataURI'] as const)('stores %s output without a second fetch', async (outputType) => {
    const final = await generateAndWait(core, { numberResults: 2, outputType, outputFormat: 'WEBP' })
    expect(final.status).toBe('succeeded')
    expect(fake.downloads).toBe(0)
    expect(storedImages(core, final.generationId).every((i) => i.actualSha === i.sha256 && i.format === 'webp')).toBe(true)
  })

  it('collects a partial async batch as results arrive', async () => {
    fake.inject({ kind: 'partialBatch', ready: 1 })
    const final = await generateAndWait(core, { numberResults: 3, deliveryMethod: 'async' })
    expect(final).toMatchObject({ status: 'succeeded', imagesDone: 3 })
  })
})

describe('faults: the job ends succeeded or clearly failed, never with a second taskUUID', () => {
  it.each([
    ['a 429 storm honouring Retry-After', [{ kind: 'status', status: 429, times: 3, retryAfterSeconds: 0 }]],
    ['500, 502, 503 and 504 in a row', [{ kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'status', status: 503 }]],
    ['connections dropped before acceptance', [{ kind: 'dropBeforeAccept', times: 2 }]],
    ['the connection dropped after acceptance', [{ kind: 'dropAfterAccept' }]],
    ['a malformed JSON reply', [{ kind: 'malformedJson' }]],
    ['a provider timeout code', [{ kind: 'errorCode', code: 'timeoutProvider', status: 500 }]]
  ] as const)('%s', async (_name, faults) => {
    for (const f of faults) fake.inject(f)
    const final = await generateAndWait(core, { numberResults: 2, deliveryMethod: 'sync' })
    expect(final).toMatchObject({ status: 'succeeded', imagesDone: 2 })
    expect(new Set(inferenceTaskUUIDs(fake))).toEqual(new Set([final.taskUUID]))
    expect(fake.charges).toHaveLength(1)
    expect(core.generation.images(final.generationId)).toHaveLength(2)
  })

  it('a sync request slower than the client timeout is retried with the same taskUUID and then polled', async () => {
    await core.close()
    core = makeCore(fake, dir.dir, { runware: { syncTimeoutMs: 150 } })
    fake.inject({ kind: 'latency', ms: 600 })
    const final = await generateAndWait(core, { numberResults: 1, deliveryMethod: 'sync' })
    expect(final.status).toBe('succeeded')
    expect(new Set(inferenceTaskUUIDs(fake)).size).toBe(1)
    expect(fake.charges).toHaveLength(1)
  })

  it('retries a truncated download and keeps the image', async () => {
    fake.inject({ kind: 'truncateDownload', times: 2 })
    const final = await generateAndWait(core, { numberResults: 1 })
    expect(final).toMatchObject({ status: 'succeeded', imagesDone: 1 })
    expect(readdirSync(core.paths.tmpDir)).toEqual([])
  })

  it('reports images whose URLs expired and keeps the rest', async () => {
    fake.inject({ kind: 'expireImages', times: 1 })
    const final = await generateAndWait(core, { numberResults: 3 })
    expect(final.status).toBe('succeeded')
    expect(final.imagesDone).toBe(2)
    expect(final.message).toMatch(/2 of 3 images/)
  })

  it('waits for the rest of an async batch while some of it has already failed', async () => {
    // 2 of 4 fail at once; the other 2 come after two more polls, which repeat the failures.
    fake.inject({ kind: 'resultErrors', failed: 2 })
    fake.inject({ kind: 'asyncProcessingPolls', polls: 4 })
    const final = await generateAndWait(core, { numberResults: 4, deliveryMethod: 'async' })
    expect(final).toMatchObject({ status: 'succeeded', imagesDone: 2 })
    const results = core.db.prepare('SELECT image_uuid, error_code FROM generation_results WHERE generation_id = ?').all(final.generationId) as { image_uuid: string; error_code: string | null }[]
    expect(results).toHaveLength(4)
    expect(results.filter((r) => r.error_code !== null).map((r) => r.image_uuid).sort()).toEqual(['failed-0', 'failed-1'])
  })

  it('keeps the successful results of a batch where some failed', async () => {
    fake.inject({ kind: 'resultErrors', failed: 2 })
    const final = await generateAndWait(core, { numberResults: 4, deliveryMethod: 'async' })
    expect(final).toMatchObject({ status: 'succeeded', imagesDone: 2 })
    expect(final.message).toMatch(/2 of 4 images/)
  })

  it.each([
    ['invalidApiKey', 401, 'API_AUTH', /API key was refused/],
    ['insufficientCredits', 402, 'API_CREDITS', /Out of credits/],
    ['contentPolicyViolation', 400, 'API_SAFETY', /content filter/]
  ])('%s (HTTP %i) fails at once as %s, without retries', async (code, status, appCode, message) => {
    fake.inject({ kind: 'errorCode', code, status })
    const final = await generateAndWait(core, { numberResults: 1 })
    expect(final.status).toBe('failed')
    expect(final.error).toMatchObject({ code: appCode })
    expect(final.error?.message).toMatch(message)
    expect(inferenceTaskUUIDs(fake)).toHaveLength(1)
  })

  it('an empty 401 body means the key was refused', async () => {
    await core.close()
    core = makeCore(fake, dir.dir, { key: 'wrong-key-123' })
    const final = await generateAndWait(core, {})
    expect(final.error).toMatchObject({ code: 'API_AUTH' })
  })

  it('gives up after the retry budget on a persistent 503 and says so', async () => {
    fake.inject({ kind: 'status', status: 503, times: 50 })
    const final = await generateAndWait(core, {})
    expect(final.status).toBe('failed')
    expect(final.error?.code).toBe('API_SERVER')
    expect(inferenceTaskUUIDs(fake)).toHaveLength(4)
    expect(new Set(inferenceTaskUUIDs(fake)).size).toBe(1)
  })
})
