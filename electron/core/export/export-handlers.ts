/**
 * The export channels: a folder chosen in main becomes a token; `export:start`
 * takes that token (a path from the window is never accepted), runs the engine
 * in the background and pushes `export:progress` at most ~10 times a second,
 * the last event carrying the summary. The last used settings and named presets
 * live in the settings table (keys `export.last`, `export.presets`); so do the
 * last export's folder and zip name (`export.lastFolder`), for "Export again"
 * after a restart: main grants that folder a fresh token when it still exists
 * (the user chose it in main's dialog; the window never sees its path).
 *
 * Content credentials: the certificate chain and private key stay where the user keeps them; the
 * settings table holds only their two paths (`export.contentCredentials`), chosen through main's
 * file dialog. Main reads them when an export that signs starts (so a renewed certificate in the
 * same file is simply picked up); the window only ever sees file names, the subject and the expiry.
 * The key is never logged and never crosses IPC.
 */
import { statSync } from 'node:fs'
import { DEFAULT_EXPORT_SETTINGS, type ChosenFolder, type ContentCredentialsInfo, type CredentialFile, type ExportPreset, type ExportProgress, type ExportSettings, type LastExport } from '../../shared/export'
import { exportSettingsSchema } from '../../shared/schemas'
import type { SettingsRepo } from '../db/repos/settings-repo'
import { AppError, NotFoundError } from '../errors'
import type { PathGrants } from '../files/path-grants'
import type { Handlers } from '../ipc/router'
import type { Logger } from '../log'
import type { ExportService } from './export-service'
import { readCredentials, summarizeCredentials, type CredentialFiles } from './content-credentials'
import { serializeError } from '../logging/serialize-error'

/** What a folder is chosen for: the dialog's title and button say so. */
export type FolderPurpose = 'export' | 'backup'

/** Shows the OS folder dialog and returns the chosen absolute path, or null when dismissed. */
export type ChooseFolder = (purpose?: FolderPurpose) => Promise<string | null>

/** Shows the OS open-file dialog for a PEM file of the content credentials; the chosen absolute path, or null. */
export type ChooseFile = (file: CredentialFile) => Promise<string | null>

export const PROGRESS_INTERVAL_MS = 100
const WRITTEN_IN_SUMMARY = 50
const FAILED_IN_SUMMARY = 1000
const MAX_PRESETS = 100

type ExportChannels =
  | 'export:choose-folder'
  | 'export:start'
  | 'export:cancel'
  | 'export:preview-names'
  | 'export:get-last-settings'
  | 'export:get-last-export'
  | 'export:list-presets'
  | 'export:save-preset'
  | 'export:delete-preset'
  | 'export:get-credentials'
  | 'export:choose-credentials-file'
  | 'export:clear-credentials'

export interface ExportHandlerDeps {
  service: ExportService
  grants: PathGrants
  settings: SettingsRepo
  emit: (p: ExportProgress) => void
  log: Logger
  chooseFolder?: ChooseFolder
  chooseFile?: ChooseFile
  now?: () => number
}

const CREDENTIALS_KEY = 'export.contentCredentials'

/** The two paths of the content credentials in the settings table (either may be missing). */
function credentialPaths(repo: SettingsRepo): Partial<CredentialFiles> {
  const raw = repo.get(CREDENTIALS_KEY) as { certificatePath?: unknown; keyPath?: unknown } | null | undefined
  return {
    ...(typeof raw?.certificatePath === 'string' ? { certificatePath: raw.certificatePath } : {}),
    ...(typeof raw?.keyPath === 'string' ? { keyPath: raw.keyPath } : {})
  }
}

function storedSettings(value: unknown): ExportSettings | null {
  const r = exportSettingsSchema.safeParse(value)
  return r.success ? r.data : null
}

function presets(repo: SettingsRepo): ExportPreset[] {
  const raw = repo.get('export.presets')
  if (!Array.isArray(raw)) return []
  return raw.flatMap((p: { name?: unknown; settings?: unknown }) => {
    const settings = storedSettings(p?.settings)
    return typeof p?.name === 'string' && settings ? [{ name: p.name, settings }] : []
  })
}

export function exportHandlers(d: ExportHandlerDeps): Pick<Handlers, ExportChannels> {
  const now = d.now ?? Date.now
  return {
    'export:choose-folder': async (): Promise<ChosenFolder | null> => {
      if (!d.chooseFolder) throw new AppError('FORBIDDEN', 'Choosing a folder is not available here.')
      const path = await d.chooseFolder('export')
      return path === null ? null : d.grants.grantFolder(path)
    },
    'export:start': async (target, options) => {
      const { folderToken, zipName, ...settings } = options
      const folder = d.grants.resolveFolder(folderToken)
      let last = 0
      let pending: ExportProgress | null = null
      let latest: ExportProgress | null = null
      let timer: NodeJS.Timeout | null = null
      // After the final event nothing more is sent about this export (a late step must not follow its summary).
      let finished = false
      const flush = (): void => {
        if (timer) clearTimeout(timer)
        timer = null
        if (pending) d.emit(pending)
        pending = null
        last = now()
      }
      // Batched: one event per 100 ms at most, the latest state wins; the final one is never dropped.
      const onProgress = (p: ExportProgress): void => {
        if (finished) return
        pending = latest = p
        if (now() - last >= PROGRESS_INTERVAL_MS) flush()
        else timer ??= setTimeout(flush, PROGRESS_INTERVAL_MS)
      }
      let signer
      if (settings.contentCredentials) {
        const paths = credentialPaths(d.settings)
        if (!paths.certificatePath || !paths.keyPath) throw new AppError('VALIDATION', 'Content credentials need a certificate and its private key: choose them first.', { field: 'contentCredentials' })
        signer = await readCredentials({ certificatePath: paths.certificatePath, keyPath: paths.keyPath }, now())
      }
      const job = await d.service.start(target, { ...settings, folder, zipName, ...(signer ? { signer } : {}) }, onProgress)
      d.settings.putMany({ 'export.last': settings, 'export.lastFolder': { path: folder, zipName } })
      const base = (): ExportProgress => latest ?? { exportId: job.exportId, done: 0, total: 0, bytes: 0, elapsedMs: 0, rate: null, etaMs: null }
      job.done.then(
        (r) => {
          finished = true
          pending = null
          flush()
          d.emit({ ...base(), etaMs: 0, final: { written: r.written.length, writtenFirst: r.written.slice(0, WRITTEN_IN_SUMMARY), skipped: r.skipped, failed: r.failed.slice(0, FAILED_IN_SUMMARY), canceled: r.canceled, zip: r.zip } })
        },
        (error: unknown) => {
          finished = true
          pending = null
          flush()
          const e = error instanceof AppError ? error : new AppError('INTERNAL', 'The export stopped with an error. Details are in the log.')
          if (!(error instanceof AppError)) d.log.error('export failed', { error: serializeError(error) })
          d.emit({ ...base(), etaMs: null, final: { written: 0, writtenFirst: [], skipped: 0, failed: [{ imageId: null, code: e.code, message: e.message }], canceled: false, zip: null } })
        }
      )
      return { exportId: job.exportId }
    },
    'export:cancel': (id) => d.service.cancel(id),
    'export:preview-names': (settings, ids, collectionId) => d.service.previewNames(ids, settings, collectionId ?? undefined),
    'export:get-last-settings': () => storedSettings(d.settings.get('export.last')) ?? DEFAULT_EXPORT_SETTINGS,
    'export:get-last-export': (): LastExport | null => {
      const settings = storedSettings(d.settings.get('export.last'))
      const last = d.settings.get('export.lastFolder') as { path?: unknown; zipName?: unknown } | null
      if (!settings || typeof last?.path !== 'string') return null
      // A folder removed or unmounted since is not offered (choosing it again is the way back).
      if (!(statSync(last.path, { throwIfNoEntry: false })?.isDirectory() ?? false)) return null
      return { settings, folder: d.grants.grantFolder(last.path), zipName: typeof last.zipName === 'string' ? last.zipName : null }
    },
    'export:list-presets': () => presets(d.settings),
    'export:save-preset': (name, settings) => {
      const clean = name.normalize('NFC').trim()
      const list = presets(d.settings).filter((p) => p.name.toLowerCase() !== clean.toLowerCase())
      if (list.length >= MAX_PRESETS) throw new AppError('VALIDATION', `At most ${MAX_PRESETS} presets`)
      const next = [...list, { name: clean, settings: exportSettingsSchema.parse(settings) }].sort((a, b) => a.name.localeCompare(b.name))
      d.settings.putMany({ 'export.presets': next })
      return next
    },
    'export:get-credentials': (): Promise<ContentCredentialsInfo> => summarizeCredentials(credentialPaths(d.settings), now()),
    'export:choose-credentials-file': async (file): Promise<ContentCredentialsInfo | null> => {
      if (!d.chooseFile) throw new AppError('FORBIDDEN', 'Choosing a file is not available here.')
      const path = await d.chooseFile(file)
      if (path === null) return null
      const paths = { ...credentialPaths(d.settings), [file === 'certificate' ? 'certificatePath' : 'keyPath']: path }
      d.settings.putMany({ [CREDENTIALS_KEY]: paths })
      return summarizeCredentials(paths, now())
    },
    'export:clear-credentials': (): Promise<ContentCredentialsInfo> => {
      d.settings.putMany({ [CREDENTIALS_KEY]: null })
      return summarizeCredentials({}, now())
    },
    'export:delete-preset': (name) => {
      const list = presets(d.settings)
      const next = list.filter((p) => p.name.toLowerCase() !== name.normalize('NFC').trim().toLowerCase())
      if (next.length === list.length) throw new NotFoundError(`There is no preset named "${name}"`)
      d.settings.putMany({ 'export.presets': next })
      return next
    }
  }
}
