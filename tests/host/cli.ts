/**
 * `npm run host -- [--data DIR] [--port N]`: the real UI in any browser on a
 * machine without Electron, against a chosen library folder.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createLogger } from '../../electron/core/log'
import { startHost } from './host'

const { values } = parseArgs({
  options: { data: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean' } }
})
if (values.help) {
  console.log('Usage: npm run host -- [--data DIR] [--port N]\nServes the built UI with the app\'s real handlers on 127.0.0.1.\nRUNWARE_API_KEY in the environment is used as the API key.')
  process.exit(0)
}
const dataDir = values.data ? resolve(values.data) : mkdtempSync(join(tmpdir(), 'imagine-host-'))
const host = await startHost({ dataDir, port: values.port ? Number(values.port) : 0, log: createLogger('host') })
console.log(`Imagine Studio host: ${host.url}`)
console.log(`Library folder: ${dataDir}`)
const stop = (): void => void host.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
