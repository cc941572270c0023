/**
 * A separate process for the crash test: `start` queues a mix of generations and
 * runs them (the parent kills it with SIGKILL at a random moment); `recover`
 * opens the same library, resumes whatever is unfinished, and reports.
 * Usage: node --import tsx tests/helpers/crash-worker.ts start|recover DATA_DIR FAKE_URL
 */
import { createCore, nodeInfo } from '../../electron/core/app-core'
import { silentLogger } from '../../electron/core/log'
import { createMemorySecretStore } from '../../electron/core/secrets/secret-store'

const [mode, dataDir, endpoint] = process.argv.slice(2)
if (!mode || !dataDir || !endpoint) throw new Error('usage: crash-worker start|recover DATA_DIR FAKE_URL')

const core = createCore({
  dataDir,
  secrets: createMemorySecretStore('test-key'),
  log: silentLogger,
  openExternal: async () => undefined,
  info: nodeInfo('crash'),
  runware: {
    endpoint,
    retry: { maxAttempts: 6, baseMs: 5, factor: 2, capMs: 50, jitter: 0.3 },
    poll: { firstMs: 10, stepMs: 5, factor: 1.5, capMs: 40, budgetMs: 60_000 },
    staleMs: 60_000
  }
})

async function main(): Promise<void> {
  process.stdout.write('READY\n')
  if (mode === 'start') {
    core.settings.update({ concurrency: 3 })
    const variants = [
      { numberResults: 3, deliveryMethod: 'sync', outputType: 'URL' },
      { numberResults: 2, deliveryMethod: 'async', outputType: 'URL' },
      { numberResults: 2, deliveryMethod: 'sync', outputType: 'base64Data' },
      { numberResults: 4, deliveryMethod: 'async', outputType: 'base64Data', outputFormat: 'PNG' },
      { numberResults: 1, deliveryMethod: 'sync', outputType: 'dataURI', outputFormat: 'WEBP' }
    ]
    const ids = []
    for (const [i, v] of variants.entries()) ids.push((await core.generation.start({ prompt: `crash ${i}`, ...v })).generationId)
    await Promise.all(ids.map((id) => core.generation.whenDone(id)))
  } else {
    // recover: createCore already resumed unfinished jobs; wait for every one of them.
    for (;;) {
      const open = core.generation.list().filter((j) => !['succeeded', 'failed', 'canceled', 'interrupted'].includes(j.status))
      if (open.length === 0) break
      await Promise.all(open.map((j) => core.generation.whenDone(j.generationId)))
    }
  }
  process.stdout.write(JSON.stringify(core.generation.list().map((j) => ({ id: j.generationId, status: j.status, done: j.imagesDone, total: j.imagesTotal, error: j.error ?? null }))))
  await core.close()
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(String(error))
    process.exit(1)
  }
)
