/**
 * `npm run host -- [--data DIR] [--port N] [--real] [--http2]`: the real UI in any browser
 * on a machine without Electron, against a chosen library folder. By default it
 * also starts the strict fake Runware server, so Generate works offline; with
 * --real it uses RUNWARE_API_KEY (and RUNWARE_API_URL) against the real API.
 * --http2 serves HTTP/2 over TLS (a self-signed certificate), which, like Electron,
 * does not cap the page at six requests at a time.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { consoleSink } from '../../electron/core/log'
import { DEFAULT_ENDPOINT } from '../../electron/core/runware/client'
import { endpointOverride } from '../../electron/core/runware/endpoint'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { startHost } from './host'
import { hostCertificate } from './tls'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, port: { type: 'string' }, real: { type: 'boolean' }, latency: { type: 'string' }, http2: { type: 'boolean' }, help: { type: 'boolean' } }
  })
  if (values.help) {
    console.log(
      'Usage: npm run host -- [--data DIR] [--port N] [--real] [--latency MS] [--http2]\n' +
        'Serves the built UI with the app\'s real handlers on 127.0.0.1; open the printed URL (it carries\n' +
        'this start\'s token; anything else gets 403).\n' +
        'Default: a local fake Runware server (no key needed, nothing billed); --latency sets its delay.\n' +
        '--real: use RUNWARE_API_KEY (and RUNWARE_API_URL) against the real API.\n' +
        '--http2: HTTP/2 over TLS with a self-signed certificate (no six-requests-at-a-time cap, as in Electron);\n' +
        'the browser warns about the certificate once.'
    )
    return
  }
  const dataDir = values.data ? resolve(values.data) : mkdtempSync(join(tmpdir(), 'imagine-host-'))
  let fake: FakeRunware | null = null
  let env: NodeJS.ProcessEnv = process.env
  if (!values.real) {
    fake = await startFakeRunware({ latencyMs: Number(values.latency ?? 1500), perImageLatencyMs: 150 })
    env = { ...process.env, RUNWARE_API_KEY: fake.apiKey }
  }
  const host = await startHost({
    dataDir,
    port: values.port ? Number(values.port) : 0,
    logSink: consoleSink(),
    env,
    runware: { endpoint: fake ? fake.url : (endpointOverride(process.env.RUNWARE_API_URL) ?? DEFAULT_ENDPOINT) },
    http2: values.http2 === true
  })
  console.log(`Imagine Studio host: ${host.url}  (open this URL; it carries this start's token)`)
  if (values.http2) {
    console.log(
      'HTTP/2 over TLS with a self-signed certificate made for this start: the browser will warn that the connection is not private;\n' +
        `  accept it for 127.0.0.1 (Chrome: Advanced → Proceed), or start Chrome with --ignore-certificate-errors-spki-list=${hostCertificate().spki}`
    )
  }
  console.log(`Library folder: ${dataDir}`)
  console.log(`Log: ${host.logFile}`)
  console.log(fake ? `Runware: local fake server at ${fake.url} (key preset; nothing is billed)` : `Runware: ${endpointOverride(process.env.RUNWARE_API_URL) ?? DEFAULT_ENDPOINT}`)
  const stop = (): void => {
    void host
      .close()
      .then(() => fake?.close())
      .then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()
