/**
 * A core wired to the strict fake Runware server, with retry and poll timings
 * shrunk so fault tests run in milliseconds (the policies themselves are the app's).
 */
import { join } from 'node:path'
import { createCore, nodeInfo, type Core, type CoreOptions } from '../../electron/core/app-core'
import { silentLogger } from '../../electron/core/log'
import { createMemorySecretStore } from '../../electron/core/secrets/secret-store'
import type { JobProgress } from '../../electron/shared/jobs'
import type { FakeRunware } from '../fake-runware/server'

export const FAST_RETRY = { maxAttempts: 4, baseMs: 5, factor: 2, capMs: 40, jitter: 0.3 }
export const FAST_POLL = { firstMs: 5, stepMs: 5, factor: 1.5, capMs: 25, budgetMs: 15_000 }

export interface TestCore extends Core {
  events: JobProgress[]
}

export function makeCore(fake: FakeRunware, dataDir: string, extra: Partial<CoreOptions> & { runware?: CoreOptions['runware']; key?: string | null } = {}): TestCore {
  const events: JobProgress[] = []
  const { key, runware, ...rest } = extra
  const core = createCore({
    dataDir: join(dataDir, 'library'),
    secrets: createMemorySecretStore(key === undefined ? fake.apiKey : key),
    log: silentLogger,
    openExternal: async () => undefined,
    info: nodeInfo('test'),
    emit: (channel, payload) => {
      if (channel === 'generation:progress') events.push(payload as JobProgress)
    },
    ...rest,
    runware: { endpoint: fake.url, retry: FAST_RETRY, poll: FAST_POLL, ...runware }
  })
  return Object.assign(core, { events })
}

/** Starts a generation and waits for its end. */
export async function generateAndWait(core: Core, params: Record<string, unknown>): Promise<JobProgress> {
  const { generationId } = await core.generation.start({ prompt: 'a lighthouse at dusk', ...params })
  return core.generation.whenDone(generationId)
}

/** Every taskUUID the client sent in imageInference tasks, in order. */
export function inferenceTaskUUIDs(fake: FakeRunware): string[] {
  const out: string[] = []
  for (const r of fake.requests) {
    if (!Array.isArray(r.body)) continue
    for (const t of r.body as { taskType?: string; taskUUID?: string }[]) if (t.taskType === 'imageInference' && t.taskUUID) out.push(t.taskUUID)
  }
  return out
}
