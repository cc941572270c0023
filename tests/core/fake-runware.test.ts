// The strict fake Runware server: it must reject what the real API rejects, serve real
// images, bill once per task and inject every fault kind on demand.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { connect } from 'node:net'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { drawPixels, sha256 } from '../fake-runware/images'
import { type FakeOptions, type FakeRunware, SIZES, startFakeRunware } from '../fake-runware/server'
import { INVALID_INFERENCE_CASES } from '../fake-runware/invalid-cases'
import { download, errorOf, inference, png, poll, pollStatuses, post, postOk, settle, str, timeIt, upload } from '../fake-runware/testkit'

let fake: FakeRunware
let clockOffset = 0
const started: FakeRunware[] = []
/** A fake with small images and a clock tests can move forward; closed after each test. */
async function start(options: FakeOptions = {}): Promise<FakeRunware> {
  const f = await startFakeRunware({ imageBytes: 'small', now: () => Date.now() + clockOffset, ...options })
  started.push(f)
  return f
}
beforeEach(async () => {
  clockOffset = 0
  fake = await start()
})
afterEach(() => Promise.all(started.splice(0).map((f) => f.close())))

describe('request envelope and auth', () => {
  it('answers 401 with an empty body for a missing or wrong key, and records the attempt', async () => {
    for (const key of [null, 'wrong-key', 'test-key-2']) {
      const r = await post(fake, [inference()], { key })
      expect(r.status).toBe(401)
      expect(r.text).toBe('')
    }
    expect(fake.tasks.size).toBe(0)
    expect(fake.requests.map((q) => q.authOk)).toEqual([false, false, false])
    expect(fake.requests[1]?.headers.authorization).toBe('Bearer wrong-key')
    expect((await post(fake, [inference()])).status).toBe(200)
    expect(fake.requests[3]?.authOk).toBe(true)
  })

  it.each([
    ['non-JSON', { raw: '[{"taskType":' }, 'invalidJSON'],
    ['an object instead of an array', { raw: '{"taskType":"imageInference"}' }, 'invalidPayload'],
    ['an empty array', { raw: '[]' }, 'invalidPayload'],
    ['a text/plain content type', { raw: '[]', contentType: 'text/plain' }, 'invalidContentType']
  ])('rejects %s with 400', async (_name, init, code) => {
    const r = await post(fake, null, init)
    expect(r.status).toBe(400)
    expect(errorOf(r.json).code).toBe(code)
  })

  it.each([
    ['missing', undefined],
    ['v1', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'],
    ['v4 with a bad variant', '3b241101-e2bb-4255-c233-0123456789ab'],
    ['not a uuid', 'task-1'],
    ['a number', 42]
  ])('rejects a %s taskUUID', async (_name, taskUUID) => {
    const r = await post(fake, [inference({ taskUUID })])
    expect(r.status).toBe(400)
    expect(r.json?.errors?.[0]).toMatchObject({ code: 'invalidTaskUUID', parameter: 'taskUUID' })
  })

  it('rejects unknown task types', async () => {
    const r = await post(fake, [{ taskType: 'authentication', apiKey: 'test-key' }, { taskType: 'videoInference', taskUUID: randomUUID() }])
    expect(r.status).toBe(400)
    expect(r.json?.errors?.map((e) => e.code)).toEqual(['unsupportedTaskType', 'unsupportedTaskType'])
  })
})

describe('imageInference validation', () => {
  it.each(INVALID_INFERENCE_CASES)('rejects %s', async (_name, patch, code, parameter) => {
    const task = inference(patch)
    const r = await post(fake, [task])
    expect(r.status).toBe(400)
    expect(r.json?.errors).toEqual([expect.objectContaining({ code, parameter, taskType: 'imageInference', taskUUID: task.taskUUID })])
    expect(r.json?.data).toBeUndefined()
    expect(fake.tasks.size).toBe(0)
    expect(fake.charges).toEqual([])
    expect(fake.balance).toBe(100)
  })

  it('accepts every one of the 13 sizes at its real size, and defaults to 1024x1024', async () => {
    const real = await start({ imageBytes: 'real' })
    const sizes13 = '1024x1024 896x1280 1280x896 768x1408 1408x768 864x1296 1296x864 576x1248 1248x576 576x1280 1280x576 704x1408 1408x704'
    expect(SIZES.map(([w, h]) => `${w}x${h}`).join(' ')).toBe(sizes13)
    const tasks = SIZES.map(([width, height]) => inference({ width, height, outputType: 'base64Data' }))
    tasks.push(inference({ resolution: '1K', outputType: 'base64Data' }), inference({ outputType: 'base64Data' }))
    const env = await postOk(real, tasks)
    expect(env.errors).toBeUndefined()
    const sizes = await Promise.all((env.data ?? []).map(async (item) => sharp(Buffer.from(str(item, 'imageBase64Data'), 'base64')).metadata()))
    expect(sizes.map((m) => [m.format, m.width, m.height])).toEqual([...SIZES, [1024, 1024], [1024, 1024]].map(([w, h]) => ['jpeg', w, h]))
  })

  it('answers a mixed request with data and errors and HTTP 200', async () => {
    const good = inference()
    const bad = inference({ width: 1000, height: 1000 })
    const r = await post(fake, [good, bad])
    expect(r.status).toBe(200)
    expect(r.json?.data?.map((d) => d.taskUUID)).toEqual([good.taskUUID])
    expect(r.json?.errors?.map((e) => [e.code, e.taskUUID])).toEqual([['invalidWidth', bad.taskUUID]])
  })
})

describe('results, billing and idempotency', () => {
  it.each([['JPG', 'jpeg', 'image/jpeg'], ['PNG', 'png', 'image/png'], ['WEBP', 'webp', 'image/webp']])('returns N distinct, decodable %s images at the requested size with costs summing to 0.02·N', async (outputFormat, format, mime) => {
    const real = await start({ imageBytes: 'real' })
    const task = inference({ width: 1408, height: 768, numberResults: 4, outputFormat, includeCost: true })
    const env = await postOk(real, [task])
    const items = env.data ?? []
    expect(items).toHaveLength(4)
    const files = await Promise.all(items.map((i) => download(str(i, 'imageURL'))))
    for (const [n, file] of files.entries()) {
      expect(file.status).toBe(200)
      expect(file.type).toBe(mime)
      expect(await sharp(file.bytes).metadata()).toMatchObject({ format, width: 1408, height: 768 })
      expect(str(items[n], 'imageURL')).toBe(`${real.origin}/images/${str(items[n], 'imageUUID')}.${outputFormat.toLowerCase()}`)
    }
    expect(new Set(files.map((f) => sha256(f.bytes))).size).toBe(4)
    expect(new Set(items.map((i) => i.imageUUID)).size).toBe(4)
    expect(items.every((i) => Number.isInteger(i.seed) && i.NSFWContent === undefined && i.status === undefined)).toBe(true)
    expect(items.reduce((s, i) => s + Number(i.cost), 0)).toBeCloseTo(0.08, 9)
    expect(real.charges).toEqual([{ taskUUID: task.taskUUID, amount: 0.08 }])
    expect(real.balance).toBeCloseTo(99.92, 9)
    expect(real.downloads).toBe(4)
  })

  it('draws detailed pictures (gradients, shapes, grain), different per seed, not flat colours', async () => {
    const real = await start({ imageBytes: 'real' })
    const env = await postOk(real, [inference({ width: 1408, height: 768, outputFormat: 'PNG' })])
    const a = (await download(str(env.data?.[0], 'imageURL'))).bytes
    const stats = await sharp(a).stats()
    // A flat fill has a standard deviation of 0 in every channel; a picture has structure.
    for (const c of stats.channels.slice(0, 3)) expect(c.stdev).toBeGreaterThan(15)
    expect(stats.entropy).toBeGreaterThan(5)
    // Edges exist: a Laplacian over the image is far from zero somewhere.
    const edges = await sharp(a).greyscale().convolve({ width: 3, height: 3, kernel: [0, 1, 0, 1, -4, 1, 0, 1, 0] }).stats()
    expect(edges.channels[0]?.max).toBeGreaterThan(60)
    // Two looks are different pictures, not the same one tinted.
    const pa = drawPixels(352, 192, 3)
    const pb = drawPixels(352, 192, 4)
    let differ = 0
    for (let i = 0; i < pa.length; i += 97) if (Math.abs((pa[i] ?? 0) - (pb[i] ?? 0)) > 30) differ++
    expect(differ / (pa.length / 97)).toBeGreaterThan(0.3)
  })

  it('gives each of 20 same-size results its own bytes', async () => {
    const env = await postOk(fake, [inference({ numberResults: 20, outputType: 'base64Data', outputFormat: 'PNG' })])
    expect(new Set(env.data?.map((d) => sha256(str(d, 'imageBase64Data')))).size).toBe(20)
  })

  it('takes its seeds from the seed option when given (each result asks once, in order)', async () => {
    let n = 0
    const seeded = await start({ seed: () => 1000 + ++n })
    const env = await postOk(seeded, [inference({ numberResults: 3 })])
    expect(env.data?.map((d) => d.seed)).toEqual([1001, 1002, 1003])
  })

  it('returns base64Data and dataURI outputs that decode, with exactly one image field', async () => {
    const env = await postOk(fake, [inference({ outputType: 'base64Data', outputFormat: 'PNG' }), inference({ outputType: 'dataURI', outputFormat: 'WEBP' })])
    const [b64, uri] = env.data ?? []
    expect(Object.keys(b64 ?? {}).filter((k) => k.startsWith('image') && k !== 'imageUUID')).toEqual(['imageBase64Data'])
    expect(Object.keys(uri ?? {}).filter((k) => k.startsWith('image') && k !== 'imageUUID')).toEqual(['imageDataURI'])
    expect((await sharp(Buffer.from(str(b64, 'imageBase64Data'), 'base64')).metadata()).format).toBe('png')
    const dataUri = str(uri, 'imageDataURI')
    expect(dataUri.startsWith('data:image/webp;base64,')).toBe(true)
    expect((await sharp(Buffer.from(dataUri.split(',')[1] ?? '', 'base64')).metadata()).format).toBe('webp')
    expect(b64?.cost).toBeUndefined()
  })

  it('adds NSFWContent:false only when safety.checkContent is true', async () => {
    const env = await postOk(fake, [inference({ safety: { checkContent: true, mode: 'fast' } }), inference({ safety: { mode: 'fast' } })])
    expect(env.data?.map((d) => d.NSFWContent)).toEqual([false, undefined])
  })

  it('refuses a duplicate taskUUID, bills once and keeps the original pollable', async () => {
    const task = inference({ numberResults: 2 })
    const first = await postOk(fake, [task])
    const again = await post(fake, [task])
    expect(again.status).toBe(400)
    expect(again.json?.errors?.[0]).toMatchObject({ code: 'conflictTaskUUID', parameter: 'taskUUID', taskUUID: task.taskUUID })
    const twice = await post(fake, [inference({ taskUUID: randomUUID() }), { ...task }, { ...task }])
    expect(twice.json?.errors?.map((e) => e.code)).toEqual(['conflictTaskUUID', 'conflictTaskUUID'])
    expect(fake.charges.filter((c) => c.taskUUID === task.taskUUID)).toEqual([{ taskUUID: task.taskUUID, amount: 0.04 }])
    const polled = await postOk(fake, [poll(task.taskUUID)])
    expect(polled.data?.map((d) => [d.status, d.imageUUID])).toEqual(first.data?.map((d) => ['success', d.imageUUID]))
    const up = upload(`data:image/png;base64,${(await png()).toString('base64')}`)
    await postOk(fake, [up])
    expect(errorOf((await post(fake, [inference({ taskUUID: up.taskUUID })])).json).code).toBe('conflictTaskUUID')
  })

  it('answers 402 insufficientCredits when the balance does not cover the task', async () => {
    fake.setBalance(0.03)
    const r = await post(fake, [inference({ numberResults: 2 })])
    expect(r.status).toBe(402)
    expect(errorOf(r.json).code).toBe('insufficientCredits')
    expect(fake.charges).toEqual([])
    await postOk(fake, [inference()])
    expect(fake.balance).toBeCloseTo(0.01, 9)
    const acct = await postOk(fake, [{ taskType: 'accountManagement', taskUUID: randomUUID(), operation: 'getDetails' }])
    expect(acct.data?.[0]?.balance).toEqual({ amount: 0.01, currency: 'USD' })
    expect(errorOf((await post(fake, [{ taskType: 'accountManagement', taskUUID: randomUUID(), operation: 'topUp' }])).json).code).toBe('invalidOperation')
  })
})

describe('imageUpload and reference images', () => {
  it('stores real images idempotently by content and rejects non-images', async () => {
    const bytes = await png(16, 9)
    const first = upload(`data:image/png;base64,${bytes.toString('base64')}`)
    const id = str((await postOk(fake, [first])).data?.[0], 'imageUUID')
    expect(str((await postOk(fake, [upload(bytes.toString('base64'))])).data?.[0], 'imageUUID')).toBe(id)
    expect((await postOk(fake, [poll(first.taskUUID)])).data).toEqual([{ taskType: 'imageUpload', taskUUID: first.taskUUID, imageUUID: id, status: 'success' }])
    expect(fake.uploads.get(id)).toEqual({ imageUUID: id, bytes: bytes.length, sha256: sha256(bytes) })
    const junk = Buffer.from('GIF89a not really an image at all').toString('base64')
    for (const image of [`data:image/png;base64,${junk}`, junk, 'https://example.com/x.png', 'data:image/png;base64,']) {
      const r = await post(fake, [upload(image)])
      expect([r.status, errorOf(r.json).code]).toEqual([400, 'invalidImage'])
    }
    expect(fake.uploads.size).toBe(1)
  })

  it('bills 0.022 per image with a reference and answers mediaNotFound after the uploads are forgotten', async () => {
    const up = await postOk(fake, [upload(`data:image/png;base64,${(await png()).toString('base64')}`)])
    const ref = str(up.data?.[0], 'imageUUID')
    const ok = await postOk(fake, [inference({ numberResults: 2, includeCost: true, inputs: { referenceImages: [ref] } })])
    expect(ok.data?.map((d) => d.cost)).toEqual([0.022, 0.022])
    const generated = str(ok.data?.[0], 'imageUUID')
    await postOk(fake, [inference({ inputs: { referenceImages: [generated] } })])
    const fromUrl = await postOk(fake, [upload(str(ok.data?.[1], 'imageURL'))])
    expect(fromUrl.data?.[0]?.imageUUID).toEqual(expect.any(String))
    fake.forgetUploads()
    for (const id of [ref, generated]) {
      const r = await post(fake, [inference({ inputs: { referenceImages: [id] } })])
      expect(r.json?.errors?.[0]).toMatchObject({ code: 'mediaNotFound', parameter: 'inputs.referenceImages' })
    }
  })
})

describe('async delivery and getResponse', () => {
  it('acknowledges at once, stays processing for the injected polls, then succeeds', async () => {
    fake.inject({ kind: 'asyncProcessingPolls', polls: 2 })
    const task = inference({ deliveryMethod: 'async', numberResults: 2, includeCost: true })
    const ack = await postOk(fake, [task])
    expect(ack.data).toEqual([{ taskType: 'imageInference', taskUUID: task.taskUUID, status: 'processing' }])
    expect(fake.charges).toHaveLength(1)
    for (let i = 0; i < 2; i++) expect(await pollStatuses(fake, task.taskUUID)).toEqual(['processing', 'processing'])
    const done = await postOk(fake, [poll(task.taskUUID)])
    expect(done.data?.map((d) => [d.status, d.cost, typeof d.imageURL])).toEqual([['success', 0.02, 'string'], ['success', 0.02, 'string']])
    expect(fake.tasks.get(String(task.taskUUID))?.polls).toBe(3)
    expect(fake.charges).toHaveLength(1)
  })

  it('keeps results processing until the wall-clock latency has passed', async () => {
    const slow = await start({ latencyMs: 150 })
    const task = inference({ deliveryMethod: 'async' })
    await postOk(slow, [task])
    expect(await pollStatuses(slow, task.taskUUID)).toEqual(['processing'])
    await new Promise((r) => setTimeout(r, 200))
    expect(await pollStatuses(slow, task.taskUUID)).toEqual(['success'])
  })

  it('delivers a partial batch first and the rest two polls later', async () => {
    fake.inject({ kind: 'partialBatch', ready: 1 })
    const task = inference({ deliveryMethod: 'async', numberResults: 3 })
    await postOk(fake, [task])
    expect(await pollStatuses(fake, task.taskUUID)).toEqual(['success', 'processing', 'processing'])
    expect(await pollStatuses(fake, task.taskUUID)).toEqual(['success', 'processing', 'processing'])
    expect(await pollStatuses(fake, task.taskUUID)).toEqual(['success', 'success', 'success'])
  })

  it('reports injected result errors per item (async) and in errors[] (sync)', async () => {
    fake.inject({ kind: 'resultErrors', failed: 1, code: 'contentPolicyViolation' })
    const a = inference({ deliveryMethod: 'async', numberResults: 3 })
    await postOk(fake, [a])
    const items = (await postOk(fake, [poll(a.taskUUID)])).data ?? []
    expect(items.map((d) => d.status)).toEqual(['success', 'success', 'error'])
    expect(items[2]?.error).toMatchObject({ code: 'contentPolicyViolation' })
    fake.inject({ kind: 'resultErrors', failed: 2 })
    const s = await post(fake, [inference({ numberResults: 3 })])
    expect([s.status, s.json?.data?.length, s.json?.errors?.map((e) => e.code)]).toEqual([200, 1, ['taskFailed', 'taskFailed']])
    fake.inject({ kind: 'resultErrors', failed: 5, code: 'timeoutProvider' })
    const all = await post(fake, [inference()])
    expect([all.status, errorOf(all.json).code, all.json?.data]).toEqual([400, 'timeoutProvider', undefined])
  })

  it('answers taskNotFound for an unknown task and rejects extra getResponse keys', async () => {
    const r = await post(fake, [poll(randomUUID())])
    expect([r.status, errorOf(r.json).code]).toEqual([400, 'taskNotFound'])
    const extra = await post(fake, [{ ...poll(randomUUID()), deliveryMethod: 'async' }])
    expect(errorOf(extra.json)).toMatchObject({ code: 'unsupportedParameter', parameter: 'deliveryMethod' })
  })
})

describe('request faults', () => {
  it('dropAfterAccept: bills and keeps the task, so getResponse returns its results', async () => {
    fake.inject({ kind: 'dropAfterAccept' })
    const task = inference({ numberResults: 2 })
    expect(await settle(post(fake, [task]))).toBe('rejected')
    expect(fake.requests[0]?.response).toBeNull()
    expect(fake.charges).toEqual([{ taskUUID: task.taskUUID, amount: 0.04 }])
    expect(await pollStatuses(fake, task.taskUUID)).toEqual(['success', 'success'])
    expect(errorOf((await post(fake, [task])).json).code).toBe('conflictTaskUUID')
    expect(fake.charges).toHaveLength(1)
  })

  it('dropBeforeAccept: creates nothing, so the same task can be sent again', async () => {
    fake.inject({ kind: 'dropBeforeAccept', times: 2 })
    const task = inference()
    expect(await settle(post(fake, [task]))).toBe('rejected')
    expect(await settle(post(fake, [task]))).toBe('rejected')
    expect([fake.tasks.size, fake.charges.length]).toEqual([0, 0])
    expect((await post(fake, [task])).status).toBe(200)
    expect(fake.requests.map((q) => q.faults)).toEqual([['dropBeforeAccept'], ['dropBeforeAccept'], []])
  })

  it('status: answers the status with Retry-After without creating the task, in injection order', async () => {
    fake.inject({ kind: 'status', status: 503, retryAfterSeconds: 2, times: 2 })
    fake.inject({ kind: 'status', status: 502, body: '<html>Bad Gateway</html>' })
    const task = inference()
    for (let i = 0; i < 2; i++) {
      const r = await post(fake, [task])
      expect([r.status, r.headers.get('retry-after'), errorOf(r.json).code]).toEqual([503, '2', 'serviceUnavailable'])
    }
    const proxy = await post(fake, [task])
    expect([proxy.status, proxy.text, proxy.headers.get('content-type')]).toEqual([502, '<html>Bad Gateway</html>', 'text/plain; charset=utf-8'])
    expect(fake.tasks.size).toBe(0)
    expect((await post(fake, [task])).status).toBe(200)
  })

  it('errorCode: replies with the code and status without processing', async () => {
    fake.inject({ kind: 'errorCode', code: 'insufficientCredits', status: 402 })
    fake.inject({ kind: 'errorCode', code: 'contentPolicyViolation', message: 'blocked' })
    const task = inference()
    const r1 = await post(fake, [task])
    expect([r1.status, r1.json?.errors?.[0]]).toEqual([402, { code: 'insufficientCredits', message: 'Injected error insufficientCredits.', taskType: 'imageInference', taskUUID: task.taskUUID }])
    const r2 = await post(fake, [task])
    expect([r2.status, errorOf(r2.json).code]).toEqual([400, 'contentPolicyViolation'])
    expect([fake.tasks.size, fake.charges.length]).toEqual([0, 0])
  })

  it('malformedJson: processes the task but sends a garbled 200 body', async () => {
    fake.inject({ kind: 'malformedJson' })
    const task = inference()
    const r = await post(fake, [task])
    expect([r.status, r.json, r.text.length > 10]).toEqual([200, undefined, true])
    expect(await pollStatuses(fake, task.taskUUID)).toEqual(['success'])
  })

  it('latency: delays the next N responses only', async () => {
    fake.inject({ kind: 'latency', ms: 150, times: 2 })
    const slow = async (): Promise<boolean> => (await timeIt(() => postOk(fake, [inference()]))) >= 140
    expect([await slow(), await slow(), await slow()]).toEqual([true, true, false])
  })
})

describe('downloads', () => {
  const oneImage = async (patch: Record<string, unknown> = {}): Promise<string> => str((await postOk(fake, [inference(patch)])).data?.[0], 'imageURL')

  it('404s unknown images, wrong extensions, injected expiry and elapsed ttl', async () => {
    const url = await oneImage({ ttl: 60 })
    expect((await download(`${fake.origin}/images/${randomUUID()}.jpg`)).status).toBe(404)
    expect((await download(url.replace(/\.jpg$/, '.png'))).status).toBe(404)
    fake.inject({ kind: 'expireImages' })
    expect((await download(url)).status).toBe(404)
    expect((await download(url)).status).toBe(200)
    clockOffset = 61_000
    expect((await download(url)).status).toBe(404)
    expect(fake.downloads).toBe(1)
  })

  it('truncateDownload: sends half the bytes with the full length, then drops', async () => {
    const url = await oneImage()
    fake.inject({ kind: 'truncateDownload' })
    const res = await fetch(url)
    expect(res.status).toBe(200)
    expect(await settle(res.arrayBuffer())).toBe('rejected')
    expect(fake.downloads).toBe(0)
    expect((await download(url)).status).toBe(200)
    expect(fake.downloads).toBe(1)
  })

  it('slowDownload: delays image GETs', async () => {
    const url = await oneImage()
    fake.inject({ kind: 'slowDownload', ms: 150 })
    expect(await timeIt(async () => expect((await download(url)).status).toBe(200))).toBeGreaterThanOrEqual(140)
  })
})

describe('lifecycle', () => {
  it('close() ends hung requests and half-open sockets at once', async () => {
    const f = await start()
    f.inject({ kind: 'latency', ms: 60_000 })
    const hung = settle(post(f, [inference()]))
    const half = connect(Number(new URL(f.url).port), '127.0.0.1')
    half.write('POST /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\n')
    const halfClosed = once(half, 'close')
    while (f.tasks.size === 0) await new Promise((r) => setTimeout(r, 5))
    const t = performance.now()
    await f.close()
    expect(performance.now() - t).toBeLessThan(1000)
    expect(await hung).toBe('rejected')
    await halfClosed
    await f.close()
  })

  it('cli prints the URL and key and stops on SIGINT', async () => {
    const child = spawn(join('node_modules', '.bin', 'tsx'), ['tests/fake-runware/cli.ts', '--key', 'cli-key', '--latency', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    while (!/RUNWARE_API_KEY=/.test(out)) await new Promise((r) => setTimeout(r, 20))
    const url = /RUNWARE_API_URL=(\S+)/.exec(out)?.[1] ?? ''
    expect(out).toContain('RUNWARE_API_KEY=cli-key')
    const res = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer cli-key', 'content-type': 'application/json' }, body: JSON.stringify([{ taskType: 'accountManagement', taskUUID: randomUUID(), operation: 'getDetails' }]) })
    expect(res.status).toBe(200)
    child.kill('SIGINT')
    expect((await once(child, 'exit'))[0]).toBe(0)
  }, 15_000)
})
