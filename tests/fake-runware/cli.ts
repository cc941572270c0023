// Runs the fake Runware server until SIGINT/SIGTERM:
//   tsx tests/fake-runware/cli.ts [--port N] [--latency MS] [--key K] [--small]
import { startFakeRunware } from './server'

function parseArgs(argv: string[]): { port?: number; latencyMs?: number; apiKey?: string; small: boolean } {
  const out: { port?: number; latencyMs?: number; apiKey?: string; small: boolean } = { small: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = (): string => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${arg} needs a value`)
      return v
    }
    const int = (): number => {
      const v = Number(value())
      if (!Number.isInteger(v) || v < 0) throw new Error(`${arg} needs a non-negative integer`)
      return v
    }
    if (arg === '--port') out.port = int()
    else if (arg === '--latency') out.latencyMs = int()
    else if (arg === '--key') out.apiKey = value()
    else if (arg === '--small') out.small = true
    else throw new Error(`unknown argument ${arg}; usage: cli.ts [--port N] [--latency MS] [--key K] [--small]`)
  }
  return out
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const fake = await startFakeRunware({ port: args.port, latencyMs: args.latencyMs, apiKey: args.apiKey, imageBytes: args.small ? 'small' : 'real' })
  console.log(`RUNWARE_API_URL=${fake.url}`)
  console.log(`RUNWARE_API_KEY=${fake.apiKey}`)
  const stop = (): void => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(2)
})
