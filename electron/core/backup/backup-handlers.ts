/**
 * The backup channels (issue 11): Settings → Library → Back up now. The folder is
 * chosen in main (the same dialog and PathGrants tokens as export: the window
 * never names a path), the backup runs in the background on the app's own
 * connection, `backup:progress` is pushed at most ~10 times a second with the
 * last event carrying the summary, and a finished backup's date is kept in the
 * settings table (`backup.last`) for the dialog to show.
 */
import { randomUUID } from 'node:crypto'
import { basename, resolve } from 'node:path'
import type Database from 'better-sqlite3'
import type { BackupFinal, BackupProgress, BackupStatus, LastBackup } from '../../shared/backup'
import type { SettingsRepo } from '../db/repos/settings-repo'
import { AppError } from '../errors'
import type { ChooseFolder } from '../export/export-handlers'
import { describeWriteError } from '../export/safe-write'
import { isPathInside } from '../files/library-path'
import type { PathGrants } from '../files/path-grants'
import type { Handlers } from '../ipc/router'
import type { Logger } from '../log'
import { backupLibrary } from './backup'

export const BACKUP_PROGRESS_INTERVAL_MS = 100
const LAST_KEY = 'backup.last'

type BackupChannels = 'backup:get-status' | 'backup:choose-folder' | 'backup:start' | 'backup:cancel'

export interface BackupHandlerDeps {
  dataDir: string
  appVersion: string
  db: Database.Database
  /** better-sqlite3 binary (the desktop app's Electron build), to open the snapshot with. */
  nativeBinding?: string
  grants: PathGrants
  settings: SettingsRepo
  emit: (p: BackupProgress) => void
  log: Logger
  chooseFolder?: ChooseFolder
  now?: () => number
}

function lastBackup(repo: SettingsRepo): LastBackup | null {
  const v = repo.get(LAST_KEY) as Partial<LastBackup> | undefined
  if (!v || typeof v.at !== 'number' || typeof v.folderName !== 'string' || typeof v.images !== 'number' || typeof v.copied !== 'number') return null
  return { at: v.at, folderName: v.folderName, images: v.images, copied: v.copied }
}

export interface BackupRunner {
  handlers: Pick<Handlers, BackupChannels>
  /** Cancels a running backup and waits for it (the app is closing). */
  shutdown(): Promise<void>
}

export function backupRunner(d: BackupHandlerDeps): BackupRunner {
  const now = d.now ?? Date.now
  let running: { backupId: string; abort: AbortController; done: Promise<void> } | null = null

  const start = (folderToken: string): { backupId: string } => {
    const folder = d.grants.resolveFolder(folderToken)
    if (running) throw new AppError('VALIDATION', 'A backup is running already.')
    const library = resolve(d.dataDir)
    if (folder === library || isPathInside(folder, library)) throw new AppError('VALIDATION', 'Choose a folder outside the library to back up to.')
    const backupId = randomUUID()
    const abort = new AbortController()
    let last = 0
    let latest: BackupProgress = { backupId, phase: 'database', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 }
    let finished = false
    const finish = (final: BackupFinal): void => {
      finished = true
      d.emit({ ...latest, final })
    }
    const done = backupLibrary({
      dataDir: d.dataDir,
      to: folder,
      appVersion: d.appVersion,
      db: d.db,
      ...(d.nativeBinding ? { nativeBinding: d.nativeBinding } : {}),
      signal: abort.signal,
      now,
      onProgress: (p) => {
        if (finished) return
        const phaseChanged = p.phase !== latest.phase
        latest = { backupId, ...p }
        // Batched: the latest state wins; a new phase and the final event always go out.
        if (phaseChanged || now() - last >= BACKUP_PROGRESS_INTERVAL_MS) {
          last = now()
          d.emit(latest)
        }
      }
    }).then(
      (r) => {
        if (!r.canceled && r.manifest) {
          d.settings.putMany({ [LAST_KEY]: { at: Date.parse(r.manifest.createdAt), folderName: basename(folder) || folder, images: r.manifest.counts.images, copied: r.copied } satisfies LastBackup })
        }
        finish({ ok: !r.canceled && r.problems.length === 0, canceled: r.canceled, copied: r.copied, skipped: r.skipped, problems: r.problems.slice(0, 100), error: null })
      },
      (error: unknown) => {
        if (!(error instanceof AppError)) d.log.error('backup failed', { error: String(error), stack: error instanceof Error ? error.stack : undefined })
        const e = describeWriteError(error)
        finish({ ok: false, canceled: false, copied: 0, skipped: 0, problems: [], error: e })
      }
    ).finally(() => {
      if (running?.backupId === backupId) running = null
    })
    running = { backupId, abort, done }
    return { backupId }
  }

  return {
    handlers: {
      'backup:get-status': (): BackupStatus => ({ last: lastBackup(d.settings), running: running ? { backupId: running.backupId } : null }),
      'backup:choose-folder': async () => {
        if (!d.chooseFolder) throw new AppError('FORBIDDEN', 'Choosing a folder is not available here.')
        const path = await d.chooseFolder('backup')
        return path === null ? null : d.grants.grantFolder(path)
      },
      'backup:start': (token) => start(token),
      'backup:cancel': (id) => {
        if (!running || running.backupId !== id) return false
        running.abort.abort()
        return true
      }
    },
    shutdown: async () => {
      const r = running
      if (!r) return
      r.abort.abort()
      await r.done
    }
  }
}
