/**
 * `npm run bench -- pipeline [--runs N] [--images N] [--latency MS]`
 * The full generation pipeline (request, downloads, hashing, fsync, rename,
 * thumbnails, SQLite rows) against the fake Runware server at a fixed latency,
 * beside a floor that only sends the same request, fetches the same files and
 * writes them. Runs alternate in one process. Also compares URL delivery with
 * base64Data delivery (no second fetch), and reports what the journal (issue 11)
 * costs per image: the time spent reading rows back, encoding, writing and
 * fdatasyncing its lines, measured inside the pipeline (core.journal.stats()).
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createCore, nodeInfo } from '../../electron/core/app-core'
import { silentLogger } from '../../electron/core/log'
import { createMemorySecretStore } from '../../electron/core/secrets/secret-store'
import { startFakeRunware, type FakeRunware } from '../../tests/fake-runware/server'
import { fmtMs, median, percentile } from './stats'

const { values } = parseArgs({ args: process.argv.slice(2), options: { runs: { type: 'string' }, images: { type: 'string' }, latency: { type: 'string' } }, allowPositionals: true })
const RUNS = Number(values.runs ?? 7)
const IMAGES = Number(values.images ?? 20)
const LATENCY = Number(values.latency ?? 2000)
const CONCURRENCY = 4

const task = (outputType: string) => ({
  taskType: 'imageInference',
  taskUUID: randomUUID(),
  model: 'xai:grok-imagine@image',
  positivePrompt: 'benchmark',
  width: 1408,
  height: 768,
  numberResults: IMAGES,
  outputType,
  outputFormat: 'PNG',
  includeCost: true,
  deliveryMethod: 'sync'
})

/** The floor: one request, then fetch and write each file (same concurrency), nothing else. */
async function floor(fake: FakeRunware, dir: string, outputType: 'URL' | 'base64Data'): Promise<number> {
  const t0 = performance.now()
  const res = await fetch(fake.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${fake.apiKey}` }, body: JSON.stringify([task(outputType)]) })
  const body = (await res.json()) as { data: { imageURL?: string; imageBase64Data?: string }[] }
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < body.data.length) {
      const item = body.data[next++]!
      const bytes = item.imageURL ? new Uint8Array(await (await fetch(item.imageURL)).arrayBuffer()) : Buffer.from(item.imageBase64Data!, 'base64')
      const fh = await open(join(dir, `${randomUUID()}.png`), 'w')
      await fh.write(bytes)
      await fh.close()
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return performance.now() - t0
}

async function main(): Promise<void> {
  const fake = await startFakeRunware({ latencyMs: LATENCY, imageBytes: 'real' })
  const root = mkdtempSync(join(tmpdir(), 'imagine-bench-'))
  const core = createCore({
    dataDir: join(root, 'library'),
    secrets: createMemorySecretStore(fake.apiKey),
    log: silentLogger,
    openExternal: async () => undefined,
    info: nodeInfo('0', 'bench'),
    runware: { endpoint: fake.url, downloadConcurrency: CONCURRENCY }
  })
  const floorDir = join(root, 'floor')
  mkdirSync(floorDir)
  const times: Record<string, number[]> = { 'floor URL': [], 'pipeline URL': [], 'floor base64Data': [], 'pipeline base64Data': [] }
  const pipeline = async (outputType: 'URL' | 'base64Data'): Promise<number> => {
    const t0 = performance.now()
    const { generationId } = await core.generation.start({ prompt: 'benchmark', width: 1408, height: 768, numberResults: IMAGES, outputType, outputFormat: 'PNG', deliveryMethod: 'sync' })
    const final = await core.generation.whenDone(generationId)
    if (final.status !== 'succeeded' || final.imagesDone !== IMAGES) throw new Error(`pipeline run failed: ${JSON.stringify(final)}`)
    return performance.now() - t0
  }
  // Warm-up (sharp, SQLite statements, the fake's image cache), not counted.
  await pipeline('URL')
  await floor(fake, floorDir, 'URL')
  for (let i = 0; i < RUNS; i++) {
    for (const outputType of ['URL', 'base64Data'] as const) {
      times[`floor ${outputType}`]!.push(await floor(fake, floorDir, outputType))
      times[`pipeline ${outputType}`]!.push(await pipeline(outputType))
    }
  }
  console.log(`pipeline benchmark: ${RUNS} runs each, ${IMAGES} images of 1408×768 PNG per request, fake server latency ${LATENCY} ms, ${CONCURRENCY} downloads at a time`)
  console.log('(the fake serves flat-colour PNGs; real images are larger, which adds the same transfer time to both sides, and cost a little more to thumbnail)')
  for (const [name, list] of Object.entries(times)) console.log(`  ${name.padEnd(20)} median ${fmtMs(median(list))}  p95 ${fmtMs(percentile(list, 95))}`)
  for (const outputType of ['URL', 'base64Data'] as const) {
    const p = times[`pipeline ${outputType}`]!
    const f = times[`floor ${outputType}`]!
    const perImage = p.map((t, i) => (t - f[i]!) / IMAGES)
    console.log(`  ${outputType}: ratio pipeline/floor (medians) ${(median(p) / median(f)).toFixed(3)}; per-image overhead median ${fmtMs(median(perImage))}, p95 ${fmtMs(percentile(perImage, 95))}`)
    // The overhead is CPU and disk work that does not grow with the server's latency.
    const overhead = median(p) - median(f)
    const projected = [5000, 16000].map((l) => `${(l / 1000).toFixed(0)} s → ${((l + overhead) / l).toFixed(3)}`).join(', ')
    console.log(`  ${outputType}: projected ratio at other server latencies (same ${fmtMs(overhead)} overhead): ${projected}`)
  }
  // Every pipeline run, the warm-up included, journaled through the same Journal.
  const journaled = (1 + RUNS * 2) * IMAGES
  const j = core.journal.stats()
  console.log(
    `  journal: ${fmtMs(j.costMs / journaled)} per image on the main thread (of which writing ${fmtMs(j.writeMs / journaled)}), ` +
      `${Math.round(j.bytes / journaled)} bytes, ${(j.batches / journaled).toFixed(2)} appends and ${(j.syncs / journaled).toFixed(2)} fdatasyncs per image ` +
      `(${fmtMs(j.syncMs / Math.max(1, j.syncs))} each, in the background), over ${journaled} images (${j.events} lines, ${j.failures} failed appends); ` +
      `${((j.costMs / journaled / (median(times['pipeline URL']!) / IMAGES)) * 100).toFixed(2)}% of the URL pipeline's time per image`
  )
  const url = median(times['pipeline URL']!)
  const b64 = median(times['pipeline base64Data']!)
  console.log(`  delivery: base64Data is ${Math.abs((1 - b64 / url) * 100).toFixed(1)}% ${b64 < url ? 'faster' : 'slower'} than URL end to end (medians ${fmtMs(b64)} vs ${fmtMs(url)})`)
  await core.close()
  await fake.close()
  rmSync(root, { recursive: true, force: true })
}

void main()
