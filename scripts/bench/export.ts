/**
 * `npm run bench -- export [--images N] [--runs R] [--keep DIR]`
 * Export (issue 9) through the real export core (core.exports.run: template
 * names, metadata, temp file + fsync + link per file) of N images (default
 * 1,000) of 1408×768, seeded through the real core: generations against the
 * fake Runware server (no latency), whose PNGs are detailed pictures
 * (tests/fake-runware/images.ts drawPixels: gradients, discs, stripes and ±10
 * grain, 24 looks) carrying the provider's own EXIF, downloaded, hashed,
 * thumbnailed and stored by the app's pipeline into a temp library.
 *
 * Each run (default 3), in alternating order, into a fresh folder each:
 * - original format, full metadata: the library bytes with the provider's
 *   metadata stripped and ours (A1111 parameters, JSON record, XMP) spliced in;
 * - JPG (quality 90), full metadata: one decode and one encode in sharp, the
 *   metadata spliced into the encoded bytes;
 * - sharp's bare conversion of the same files, two ways: sharp(file).jpeg({ quality: 90 }).toFile(…),
 *   and readFile → sharp(buffer).jpeg(…).toBuffer() → writeFile; as many in flight as the export
 *   has (3): no names, no metadata, no temp file, no fsync.
 * The ratio is JPG export / the faster bare conversion in wall time (goal ≤ 1.15), printed
 * beside the same ratio in CPU time (user + system of the process, all threads),
 * which a loaded machine disturbs less. Peak memory is the highest RSS seen
 * (sampled every 20 ms) during each phase, beside the RSS it started from; the
 * seeding runs in a child process, so none of it is counted. Medians over the
 * runs, phases in alternating order. --images N for a quick run. With --keep DIR
 * the library (and the last run's folders) stay in DIR (created when missing; a
 * DIR that already holds a library.db is exported again without seeding).
 * BENCH_RAW=1 prints every sample.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { spawnSync } from 'node:child_process'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import { createCore, nodeInfo, type Core } from '../../electron/core/app-core'
import { silentLogger } from '../../electron/core/log'
import { createMemorySecretStore } from '../../electron/core/secrets/secret-store'
import { DEFAULT_EXPORT_SETTINGS, type ExportSettings } from '../../electron/shared/export'
import { startFakeRunware } from '../../tests/fake-runware/server'
import { prng } from '../../tests/helpers/prng'
import { EXTRAS, MOODS, STYLES, SUBJECTS } from './seed-library'
import { median } from './stats'

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { images: { type: 'string' }, runs: { type: 'string' }, keep: { type: 'string' }, 'seed-into': { type: 'string' } },
  allowPositionals: true
})
const IMAGES = Number(values.images ?? 1000)
const RUNS = Number(values.runs ?? 3)
const GOAL = 1.15
/** The export engine's default: images in flight at once. */
const IN_FLIGHT = 3
const PER_REQUEST = 20
const QUALITY = DEFAULT_EXPORT_SETTINGS.quality

async function seed(core: Core, images: number): Promise<void> {
  const r = prng(11)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!
  for (let made = 0; made < images; made += PER_REQUEST) {
    const prompt = `${pick(SUBJECTS)} ${pick(MOODS)}, ${pick(STYLES)}, ${pick(EXTRAS)}, ${pick(EXTRAS)} — a café in Zürich, “quoted”, 東京 #${Math.floor(r() * 50_000)}`
    const { generationId } = await core.generation.start({ prompt, width: 1408, height: 768, numberResults: Math.min(PER_REQUEST, images - made), outputType: 'URL', outputFormat: 'PNG', deliveryMethod: 'sync' })
    const final = await core.generation.whenDone(generationId)
    if (final.status !== 'succeeded') throw new Error(`seeding failed: ${JSON.stringify(final)}`)
  }
}

async function exportTo(core: Core, ids: number[], folder: string, settings: Partial<ExportSettings>): Promise<void> {
  mkdirSync(folder, { recursive: true })
  const r = await core.exports.run({ kind: 'ids', ids }, { ...DEFAULT_EXPORT_SETTINGS, ...settings, folder, zipName: null })
  if (r.written.length !== ids.length || r.failed.length > 0) throw new Error(`export wrote ${r.written.length} of ${ids.length}: ${JSON.stringify(r.failed.slice(0, 3))}`)
}

/**
 * The floor: the same files converted by sharp alone, IN_FLIGHT at a time, two ways (the ratio
 * takes the faster): file in and file out (sharp writes inside its job), or through buffers.
 */
async function bareConversion(files: string[], folder: string, via: 'file' | 'buffer'): Promise<void> {
  mkdirSync(folder, { recursive: true })
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++
      const target = join(folder, `${i}.jpg`)
      if (via === 'file') await sharp(files[i]!).jpeg({ quality: QUALITY }).toFile(target)
      else await writeFile(target, await sharp(await readFile(files[i]!)).jpeg({ quality: QUALITY }).toBuffer())
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
}

async function folderMb(folder: string): Promise<number> {
  let bytes = 0
  for (const name of await readdir(folder)) bytes += (await stat(join(folder, name))).size
  return bytes / 2 ** 20
}

/** Seeds `dataDir` in this process (the child `main` starts, so the figures below never carry the seeding's memory). */
async function seedOnly(dataDir: string): Promise<void> {
  // The core's Runware client talks to the fake; the export itself makes no request.
  const fake = await startFakeRunware({ latencyMs: 0, imageBytes: 'real' })
  const core = createCore({ dataDir, secrets: createMemorySecretStore(fake.apiKey), log: silentLogger, openExternal: async () => undefined, info: nodeInfo('0.1.0', 'bench'), runware: { endpoint: fake.url } })
  try {
    await seed(core, IMAGES)
  } finally {
    await core.close()
    await fake.close()
  }
}

interface Sample {
  ms: number
  /** CPU time of this process (user + system, all its threads: sharp's and libuv's included). */
  cpuMs: number
  startMb: number
  peakMb: number
  outMb: number
}

/** Wall time, CPU time and the RSS `fn` starts from and peaks at (sampled every 20 ms). */
async function measure(fn: () => Promise<void>, folder: string): Promise<Sample> {
  const startMb = process.memoryUsage.rss() / 2 ** 20
  let peakMb = startMb
  const timer = setInterval(() => (peakMb = Math.max(peakMb, process.memoryUsage.rss() / 2 ** 20)), 20)
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  try {
    await fn()
  } finally {
    clearInterval(timer)
  }
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  peakMb = Math.max(peakMb, process.memoryUsage.rss() / 2 ** 20)
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, startMb, peakMb, outMb: await folderMb(folder) }
}

const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ')

async function main(): Promise<void> {
  const root = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), 'imagine-bench-export-'))
  mkdirSync(root, { recursive: true })
  const dataDir = join(root, 'library')
  console.log(`export benchmark: ${IMAGES.toLocaleString('en')} images of 1408×768, ${RUNS} runs, ${IN_FLIGHT} in flight, ${cpus().length} cores, load average ${load()}`)
  try {
    if (!existsSync(join(dataDir, 'library.db'))) {
      const t0 = performance.now()
      // A child process seeds, so this one's memory is the export's alone.
      const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, 'export', '--images', String(IMAGES), '--seed-into', dataDir], { stdio: 'inherit' })
      if (child.status !== 0) throw new Error(`seeding failed (exit ${child.status})`)
      console.log(`  seeded ${IMAGES.toLocaleString('en')} images through the core (generations against the fake Runware server) in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    }
    const core = createCore({ dataDir, secrets: createMemorySecretStore('unused'), log: silentLogger, openExternal: async () => undefined, info: nodeInfo('0.1.0', 'bench'), runware: { endpoint: 'http://127.0.0.1:9' } })
    try {
      await run(core, root, dataDir)
    } finally {
      await core.close()
    }
  } finally {
    if (!values.keep) rmSync(root, { recursive: true, force: true })
  }
}

async function run(core: Core, root: string, dataDir: string): Promise<void> {
  const rows = core.db.prepare('SELECT id, path FROM images WHERE trashed_at IS NULL ORDER BY id LIMIT ?').all(IMAGES) as { id: number; path: string }[]
  const ids = rows.map((row) => row.id)
  const files = rows.map((row) => join(dataDir, row.path))
  let libraryMb = 0
  for (const f of files) libraryMb += (await stat(f)).size / 2 ** 20
  console.log(`  library: ${ids.length.toLocaleString('en')} PNGs, ${libraryMb.toFixed(0)} MB (${((libraryMb / ids.length) * 1024).toFixed(0)} kB each)`)

  type Phase = 'original' | 'jpg' | 'bare' | 'bareBuffer'
  const samples: Record<Phase, Sample[]> = { original: [], jpg: [], bare: [], bareBuffer: [] }
  const phases: Record<Phase, (folder: string) => Promise<void>> = {
    original: (folder) => exportTo(core, ids, folder, { format: 'original', metadata: 'full' }),
    jpg: (folder) => exportTo(core, ids, folder, { format: 'jpg', quality: QUALITY, metadata: 'full' }),
    bare: (folder) => bareConversion(files, folder, 'file'),
    bareBuffer: (folder) => bareConversion(files, folder, 'buffer')
  }
  // Warm-up (sharp, the statements), not counted.
  const warm = join(root, 'warm')
  await exportTo(core, ids.slice(0, 20), join(warm, 'jpg'), { format: 'jpg' })
  await bareConversion(files.slice(0, 20), join(warm, 'bare'), 'file')
  rmSync(warm, { recursive: true, force: true })
  for (let r = 0; r < RUNS; r++) {
    // Alternating order, so a change in the machine's load falls on both sides of the ratio.
    const order: Phase[] = r % 2 === 0 ? ['bare', 'jpg', 'bareBuffer', 'original'] : ['original', 'bareBuffer', 'jpg', 'bare']
    for (const phase of order) {
      const folder = join(root, `out-${phase}`)
      rmSync(folder, { recursive: true, force: true })
      mkdirSync(folder, { recursive: true })
      const m = await measure(() => phases[phase](folder), folder)
      samples[phase].push(m)
      if (process.env.BENCH_RAW === '1') console.log(`    run ${r + 1} ${phase}: ${m.ms.toFixed(0)} ms, CPU ${m.cpuMs.toFixed(0)} ms, RSS ${m.startMb.toFixed(0)} → ${m.peakMb.toFixed(0)} MB, load ${load()}`)
      if (!values.keep || r < RUNS - 1) rmSync(folder, { recursive: true, force: true })
    }
  }
  const n = ids.length
  const med = (phase: Phase, k: keyof Sample): number => median(samples[phase].map((s) => s[k]))
  const line = (phase: Phase, label: string): void => {
    console.log(
      `  ${label.padEnd(38)} ${((n * 1000) / med(phase, 'ms')).toFixed(1).padStart(6)} images/s  ${(med(phase, 'ms') / n).toFixed(1).padStart(5)} ms/image  CPU ${(med(phase, 'cpuMs') / n).toFixed(1).padStart(5)} ms/image  ` +
        `output ${med(phase, 'outMb').toFixed(0).padStart(5)} MB  peak RSS ${med(phase, 'peakMb').toFixed(0)} MB (from ${med(phase, 'startMb').toFixed(0)} MB)`
    )
  }
  console.log(`  medians of ${RUNS} runs:`)
  line('original', '(a) original format, full metadata')
  line('jpg', `(b) JPG q${QUALITY}, full metadata`)
  line('bare', `    sharp's bare JPG q${QUALITY}, file to file`)
  line('bareBuffer', `    sharp's bare JPG q${QUALITY}, via buffers`)
  // The floor is the faster way, run by run as well as in the medians.
  const floor: Phase = med('bare', 'ms') <= med('bareBuffer', 'ms') ? 'bare' : 'bareBuffer'
  const wall = samples.jpg.map((s, i) => s.ms / Math.min(samples.bare[i]!.ms, samples.bareBuffer[i]!.ms))
  const cpu = samples.jpg.map((s, i) => s.cpuMs / Math.min(samples.bare[i]!.cpuMs, samples.bareBuffer[i]!.cpuMs))
  const ratio = med('jpg', 'ms') / med(floor, 'ms')
  console.log(`  (b) ratio JPG export / the faster bare conversion (${floor === 'bare' ? 'file to file' : 'via buffers'}), wall time: ${ratio.toFixed(3)} (per run ${wall.map((x) => x.toFixed(3)).join(', ')}), goal ≤ ${GOAL}: ${ratio <= GOAL ? 'ok' : 'over'}`)
  console.log(`      the same in CPU time: ${(med('jpg', 'cpuMs') / Math.min(med('bare', 'cpuMs'), med('bareBuffer', 'cpuMs'))).toFixed(3)} (per run ${cpu.map((x) => x.toFixed(3)).join(', ')})`)
  console.log(`  (c) peak RSS of the whole process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load average at the end ${load()}`)
}

if (values['seed-into']) void seedOnly(resolve(values['seed-into']))
else void main()
