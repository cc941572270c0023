/**
 * `imagine export ID... --to DIR` (issue 9): the CLI passes plain paths (it is
 * the user's own shell), the engine is the app's. DIR is created when missing.
 */
import { mkdirSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { Core } from '../core/app-core'
import { ValidationError } from '../core/errors'
import { readCredentials, type SigningCredentials } from '../core/export/content-credentials'
import { checkSettings } from '../core/export/export-service'
import { EXPORT_FORMATS, EXPORT_METADATA_LEVELS, EXPORT_SUBFOLDERS, type ExportSettings, type ExportTarget } from '../shared/export'
import { EXIT } from './cli-text'
import { parseImageIds, type Out } from './library-commands'

function oneOf<T extends string>(name: string, value: string | undefined, list: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  const v = value.toLowerCase() === 'jpeg' ? 'jpg' : value.toLowerCase()
  if (!(list as readonly string[]).includes(v)) throw new ValidationError(`--${name} takes ${list.join(', ')} (got "${value}")`, name)
  return v as T
}

function whole(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d{1,6}$/.test(value)) throw new ValidationError(`--${name} takes a whole number (got "${value}")`, name)
  return Number(value)
}

/** The key's password, when it has one, comes from the environment (never the command line, which other users can see). */
export const C2PA_PASSWORD_ENV = 'IMAGINE_C2PA_KEY_PASSWORD'

export async function exportCommand(core: Core, argv: string[], out: Out, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      search: { type: 'string' },
      template: { type: 'string' },
      format: { type: 'string' },
      quality: { type: 'string' },
      resize: { type: 'string' },
      metadata: { type: 'string' },
      subfolders: { type: 'string' },
      'skip-existing': { type: 'boolean' },
      sidecar: { type: 'boolean' },
      zip: { type: 'string' },
      'c2pa-cert': { type: 'string' },
      'c2pa-key': { type: 'string' },
      json: { type: 'boolean' }
    }
  })
  if (values.search !== undefined && positionals.length > 0) throw new ValidationError('Give image IDs or --search, not both', 'id')
  const target: ExportTarget = values.search !== undefined ? { kind: 'view', view: { query: values.search } } : { kind: 'ids', ids: parseImageIds(positionals) }
  if (values.to === undefined && values.zip === undefined) throw new ValidationError('Say where to: --to DIR (or --zip FILE)', 'to')
  const zipPath = values.zip === undefined ? null : resolve(values.to === undefined ? cwd : resolve(cwd, values.to), values.zip)
  const folder = zipPath === null ? resolve(cwd, values.to!) : dirname(zipPath)
  const format = oneOf('format', values.format, EXPORT_FORMATS)
  const metadata = oneOf('metadata', values.metadata, EXPORT_METADATA_LEVELS)
  const subfolders = oneOf('subfolders', values.subfolders, EXPORT_SUBFOLDERS)
  const quality = whole('quality', values.quality)
  const resize = whole('resize', values.resize)
  const settings: Partial<ExportSettings> = {
    ...(values.template !== undefined ? { template: values.template } : {}),
    ...(format ? { format } : {}),
    ...(metadata ? { metadata } : {}),
    ...(subfolders ? { subfolders } : {}),
    ...(quality !== undefined ? { quality } : {}),
    ...(resize !== undefined ? { resize } : {}),
    ...(values.sidecar ? { sidecar: true } : {}),
    ...(values['skip-existing'] ? { existing: 'skip' as const } : {})
  }
  const certFile = values['c2pa-cert']
  const keyFile = values['c2pa-key']
  if ((certFile === undefined) !== (keyFile === undefined)) throw new ValidationError('Content credentials take both --c2pa-cert FILE (the certificate chain, PEM) and --c2pa-key FILE (its private key, PEM)', certFile === undefined ? 'c2pa-cert' : 'c2pa-key')
  // Checked before the folder is made, so a typo (or an unusable certificate) leaves nothing behind.
  const checked = checkSettings({ ...settings, ...(certFile !== undefined ? { contentCredentials: true } : {}) })
  let signer: SigningCredentials | undefined
  if (certFile !== undefined && keyFile !== undefined) {
    const passphrase = env[C2PA_PASSWORD_ENV]
    signer = await readCredentials({ certificatePath: resolve(cwd, certFile), keyPath: resolve(cwd, keyFile), ...(passphrase ? { passphrase } : {}) })
  }
  mkdirSync(folder, { recursive: true })
  let lastTenth = -1
  const r = await core.exports.run(target, { ...checked, folder, zipName: zipPath === null ? null : basename(zipPath), ...(signer ? { signer } : {}) }, {
    onProgress: (p) => {
      const tenth = Math.floor((p.done / p.total) * 10)
      if (tenth === lastTenth) return
      lastTenth = tenth
      const eta = p.etaMs === null || p.done === p.total ? '' : `, about ${Math.ceil(p.etaMs / 1000)} s left`
      out.stderr(`exported ${p.done}/${p.total}${p.rate === null ? '' : ` (${p.rate.toFixed(1)}/s${eta})`}`)
    }
  })
  const written = r.written.map((w) => ({ imageId: w.imageId, path: r.zip === null ? join(folder, w.path) : w.path }))
  const zip = r.zip === null ? null : join(folder, r.zip)
  if (values.json) {
    out.stdout(JSON.stringify({ folder, zip, written, skipped: r.skipped, failed: r.failed, canceled: r.canceled }))
  } else {
    if (zip !== null) out.stdout(zip)
    else for (const w of written) out.stdout(w.path)
  }
  for (const f of r.failed) out.stderr(`imagine: ${f.imageId === null ? 'export' : `image ${f.imageId}`}: ${f.message} (${f.code})`)
  if (r.skipped > 0) out.stderr(`skipped ${r.skipped} (a file of that name exists)`)
  if (r.failed.length === 0) return EXIT.ok
  // Only unknown images: the input was wrong. Anything else (disk, permissions, a damaged file): other.
  return r.failed.every((f) => f.code === 'NOT_FOUND') && written.length === 0 ? EXIT.invalid : EXIT.other
}
