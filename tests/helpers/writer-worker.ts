/**
 * One of two processes writing the same library at once (the app and the CLI):
 * generates against the fake server and organises what it made.
 * Usage: node --import tsx tests/helpers/writer-worker.ts DATA_DIR FAKE_URL LABEL
 */
import { createCore, nodeInfo } from '../../electron/core/app-core'
import { silentLogger } from '../../electron/core/log'
import { createMemorySecretStore } from '../../electron/core/secrets/secret-store'

const [dataDirArg, endpointArg, labelArg] = process.argv.slice(2)
if (!dataDirArg || !endpointArg || !labelArg) throw new Error('usage: writer-worker DATA_DIR FAKE_URL LABEL')
const dataDir: string = dataDirArg
const endpoint: string = endpointArg
const label: string = labelArg

async function main(): Promise<void> {
  const core = createCore({
    dataDir,
    secrets: createMemorySecretStore('test-key'),
    log: silentLogger,
    openExternal: async () => undefined,
    info: nodeInfo(label),
    runware: { endpoint: endpoint, adoptOrphans: false, retry: { maxAttempts: 4, baseMs: 5, factor: 2, capMs: 40, jitter: 0.3 }, poll: { firstMs: 5, stepMs: 5, factor: 1.5, capMs: 25, budgetMs: 30_000 } }
  })
  const started = []
  for (let i = 0; i < 8; i++) started.push(await core.generation.start({ prompt: `${label} job ${i}`, numberResults: 2 }))
  let organised = 0
  for (const { generationId } of started) {
    const final = await core.generation.whenDone(generationId)
    if (final.status !== 'succeeded') throw new Error(`${label}: generation ${generationId} ${final.status}: ${JSON.stringify(final.error)} ${final.message ?? ''}`)
    const ids = core.generation.images(generationId).map((i) => i.imageId)
    core.library.addTags(ids, [label])
    core.library.setFavorite(ids.slice(0, 1), true)
    core.library.setRating(ids, 3)
    organised += ids.length
  }
  process.stdout.write(JSON.stringify({ label, organised }))
  await core.close()
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(String(error instanceof Error ? error.stack : error))
    process.exit(1)
  }
)
