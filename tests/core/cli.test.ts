import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../electron/core/db/connection'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { runCliAgainst } from '../helpers/cli'
import { tempDir } from '../helpers/db'
import { inferenceTaskUUIDs, makeCore } from '../helpers/generation'

const root = resolve(__dirname, '../..')
let fake: FakeRunware
let dir: { dir: string; cleanup: () => void }

beforeEach(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  dir = tempDir('imagine-cli-')
})
afterEach(async () => {
  await fake.close()
  dir.cleanup()
})

const cli = (args: string[], env: Record<string, string | undefined> = {}) => runCliAgainst(fake, dir.dir, args, env)

describe('imagine generate', () => {
  it('generates into the library and prints one JSON object with --json', async () => {
    const r = await cli(['generate', 'a red fox', '--aspect', '16:9', '--count', '2', '--format', 'png', '--json'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out) as { generationId: number; status: string; taskUUID: string; cost: number; images: { id: number; path: string; sha256: string; width: number; height: number; format: string }[] }
    expect(json).toMatchObject({ status: 'succeeded', taskUUID: inferenceTaskUUIDs(fake)[0] })
    expect(json.cost).toBeCloseTo(0.04, 6)
    expect(json.images).toHaveLength(2)
    for (const img of json.images) {
      expect(existsSync(img.path)).toBe(true)
      expect(img.format).toBe('png')
      expect(img.sha256).toMatch(/^[0-9a-f]{64}$/)
    }
    const sent = fake.requests.find((q) => JSON.stringify(q.body).includes('imageInference'))!.body as Record<string, unknown>[]
    expect(sent[0]).toMatchObject({ width: 1408, height: 768, numberResults: 2, outputFormat: 'PNG' })
    expect(r.err).toMatch(/\[succeeded\]/)
  })

  it('prints image paths by default and passes every option through', async () => {
    const ref = join(dir.dir, 'ref.png')
    const sharp = (await import('sharp')).default
    await sharp({ create: { width: 64, height: 32, channels: 3, background: '#0f0' } }).png().toFile(ref)
    const r = await cli(['generate', 'with everything', '--resolution', '1k', '--quality', '80', '--ref', 'ref.png', '--async', '--safety', '--ttl', '120', '--format', 'webp', '--webhook-url', 'https://hooks.example/x', '--upload-endpoint', 'https://bucket.example/put?sig=1'])
    expect(r.code, r.err).toBe(0)
    expect(r.out.trim().split('\n')).toHaveLength(1)
    const task = (fake.requests.find((q) => JSON.stringify(q.body).includes('imageInference'))!.body as Record<string, unknown>[])[0]
    expect(task).toMatchObject({ resolution: '1K', outputQuality: 80, deliveryMethod: 'async', safety: { checkContent: true, mode: 'fast' }, ttl: 120, outputFormat: 'WEBP', webhookURL: 'https://hooks.example/x', uploadEndpoint: 'https://bucket.example/put?sig=1' })
    expect((task as { inputs: { referenceImages: string[] } }).inputs.referenceImages).toHaveLength(1)
  })

  it.each([
    [['generate'], 'no prompt'],
    [['generate', 'x', '--size', '1000x1000'], 'a size the model does not make'],
    [['generate', 'x', '--count', 'many'], 'a count that is not a number'],
    [['generate', 'x', '--count', '21'], 'too many images'],
    [['generate', 'x', '--aspect', '5:4'], 'an unknown aspect'],
    [['generate', 'x', '--size', '1024x1024', '--aspect', '1:1'], 'two sizes at once'],
    [['generate', 'x', '--ref', 'missing.png'], 'a missing reference file'],
    [['generate', 'x', '--bogus'], 'an unknown option'],
    [['frobnicate'], 'an unknown command']
  ])('exits 2 and sends nothing for %j (%s)', async (args) => {
    const r = await cli(args)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^imagine: /)
    expect(fake.requests).toHaveLength(0)
  })

  it.each(['0', 'abc', '-5', '1e3', '100000'])('exits 2, names the option and sends nothing for --wait %s', async (wait) => {
    const r = await cli(['generate', 'x', `--wait=${wait}`])
    expect(r.code).toBe(2)
    expect(r.err).toContain(`--wait takes seconds, more than 0 and at most 86400 (got "${wait}")`)
    expect(fake.requests).toHaveLength(0)
  })

  it('exits 2 without an API key', async () => {
    const r = await cli(['generate', 'x'], { RUNWARE_API_KEY: undefined })
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/API key/)
  })

  it.each([
    ['invalidApiKey', 401],
    ['insufficientCredits', 402],
    ['contentPolicyViolation', 400]
  ])('exits 3 when the API rejects the request (%s)', async (code, status) => {
    fake.inject({ kind: 'errorCode', code, status })
    const r = await cli(['generate', 'x', '--json'])
    expect(r.code).toBe(3)
    expect(JSON.parse(r.out)).toMatchObject({ status: 'failed' })
  })

  it('exits 4 after giving up on transient failures', async () => {
    fake.inject({ kind: 'status', status: 503, times: 100 })
    const r = await cli(['generate', 'x'])
    expect(r.code).toBe(4)
  }, 60_000)

  it('stops waiting for an unreachable Runware after --wait, exits 4 and leaves the job for the app to finish', async () => {
    const port = Number(new URL(fake.url).port)
    await fake.close()
    // The library where the test core below (the desktop app's side) looks.
    const r = await cli(['generate', 'offline fox', '--wait', '1', '--json'], { IMAGINE_DATA_DIR: join(dir.dir, 'library') })
    expect(r.code, r.err).toBe(4)
    const json = JSON.parse(r.out) as { generationId: number; taskUUID: string; status: string; images: unknown[] }
    expect(json.images).toEqual([])
    expect(r.err).toContain(`Runware could not be reached for 1 s`)
    expect(r.err).toContain(`#${json.generationId} (task ${json.taskUUID})`)
    expect(r.err).toMatch(/desktop app resumes it/)

    // Neither canceled nor failed, and released: any process may take it over at once.
    const raw = openDatabase(join(dir.dir, 'library', 'library.db'))
    expect(raw.prepare('SELECT status, owner, cancel_requested, error_code FROM generations WHERE id = ?').get(json.generationId)).toEqual({
      status: 'submitting',
      owner: null,
      cancel_requested: 0,
      error_code: null
    })
    raw.close()

    fake = await startFakeRunware({ imageBytes: 'small', port })
    const app = makeCore(fake, dir.dir)
    try {
      const final = await app.generation.whenDone(json.generationId)
      expect(final.status).toBe('succeeded')
      expect(app.generation.images(json.generationId)).toHaveLength(1)
      expect(inferenceTaskUUIDs(fake)).toEqual([json.taskUUID])
      expect(fake.charges).toHaveLength(1)
    } finally {
      await app.close()
    }
  }, 20_000)

  it('does not count a slow answer against --wait: only time without contact with Runware does', async () => {
    fake.inject({ kind: 'latency', ms: 2500 })
    const r = await cli(['generate', 'a slow fox', '--wait', '1', '--json'])
    expect(r.code, r.err).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({ status: 'succeeded' })
  })

  it('documents every option in --help', async () => {
    const r = await cli(['generate', '--help'])
    expect(r.code).toBe(0)
    for (const flag of ['--webhook-url', '--upload-endpoint', '--output', '--size', '--aspect', '--resolution', '--count', '--format', '--quality', '--ref', '--async', '--safety', '--ttl', '--json', '--wait', 'RUNWARE_API_KEY', 'RUNWARE_API_URL', 'IMAGINE_DATA_DIR', 'Exit codes']) {
      expect(r.out).toContain(flag)
    }
    expect(r.out).toMatch(/^ {2}4 {2}.*\n.*--wait seconds/m)
  })

  it('runs through npm right after install (tsx, no build step)', async () => {
    // Asynchronous spawn: the fake server lives in this process and must keep answering.
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((res) => {
      const child = spawn('npm', ['run', '-s', 'imagine', '--', 'generate', 'from npm', '--json'], {
        cwd: root,
        env: { ...process.env, RUNWARE_API_KEY: fake.apiKey, RUNWARE_API_URL: fake.url, IMAGINE_DATA_DIR: join(dir.dir, 'npm-lib') }
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d) => (stdout += String(d)))
      child.stderr.on('data', (d) => (stderr += String(d)))
      child.on('exit', (status) => res({ status, stdout, stderr }))
    })
    expect(r.status, r.stderr).toBe(0)
    const json = JSON.parse(r.stdout) as { images: { path: string }[] }
    expect(readFileSync(json.images[0]!.path).length).toBeGreaterThan(0)
  }, 60_000)
})

describe('imagine history, show, favorite, trash, restore', () => {
  it('lists generations newest first with their images, searches, shows lineage, and organises', async () => {
    const first = JSON.parse((await cli(['generate', 'a red fox in snow', '--count', '2', '--json'])).out) as { generationId: number; images: { id: number }[] }
    const ref = String(first.images[0]!.id)
    const second = JSON.parse((await cli(['generate', 'a lighthouse at dusk', '--ref', ref, '--json'])).out) as { generationId: number; images: { id: number }[] }

    const hist = await cli(['history', '--json'])
    expect(hist.code).toBe(0)
    const list = JSON.parse(hist.out) as { id: number; prompt: string; images: { id: number; path: string; sha256: string; width: number; height: number; format: string }[] }[]
    expect(list.map((g) => g.id)).toEqual([second.generationId, first.generationId])
    expect(list[1]!.images).toHaveLength(2)
    expect(Object.keys(list[1]!.images[0]!).sort()).toEqual(['format', 'height', 'id', 'path', 'sha256', 'width'])
    expect(existsSync(list[1]!.images[0]!.path)).toBe(true)

    const found = JSON.parse((await cli(['history', '--search', 'lighthouse', '--json'])).out) as { id: number }[]
    expect(found.map((g) => g.id)).toEqual([second.generationId])
    expect(JSON.parse((await cli(['history', '--limit', '1', '--json'])).out)).toHaveLength(1)

    const shown = JSON.parse((await cli(['show', String(second.images[0]!.id), '--json'])).out) as { kind: string; prompt: string; lineage: { ancestors: { imageId: number }[] } }
    expect(shown).toMatchObject({ kind: 'image', prompt: 'a lighthouse at dusk' })
    expect(shown.lineage.ancestors.map((a) => a.imageId)).toEqual([first.images[0]!.id])
    const gen = JSON.parse((await cli(['show', `g${second.generationId}`, '--json'])).out) as { kind: string; request: { positivePrompt: string }; references: unknown[] }
    expect(gen).toMatchObject({ kind: 'generation', request: { positivePrompt: 'a lighthouse at dusk' } })
    expect(gen.references).toHaveLength(1)

    expect((await cli(['favorite', ref])).code).toBe(0)
    expect(JSON.parse((await cli(['history', '--search', 'fav:yes', '--json'])).out).map((g: { id: number }) => g.id)).toEqual([first.generationId])
    expect((await cli(['trash', ref])).code).toBe(0)
    expect(JSON.parse((await cli(['show', ref, '--json'])).out).trashedAt).not.toBeNull()
    expect((await cli(['restore', ref])).code).toBe(0)
    expect(JSON.parse((await cli(['show', ref, '--json'])).out).trashedAt).toBeNull()
  })

  it('exits 2 with a clear message for unknown or malformed ids', async () => {
    for (const args of [['show', '999'], ['show', 'g999'], ['show', 'banana'], ['favorite'], ['trash', 'g1'], ['history', '--limit', '0']]) {
      const r = await cli(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err).toMatch(/^imagine: /)
    }
  })
})
