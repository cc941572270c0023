/**
 * Settings → Library's backup: the last backup main remembers, a running one and
 * its progress. The folder is chosen in main (a token, never a path), as for export.
 */
import type { BackupFinal, BackupProgress, LastBackup } from '../../../electron/shared/backup'
import { api, call, toApiError } from '../api'
import type { SliceCreator } from './types'

export interface BackupSlice {
  lastBackup: LastBackup | null
  backupRunning: { backupId: string } | null
  backupProgress: BackupProgress | null
  /** The summary of the backup that ended in this session. */
  backupFinal: BackupFinal | null
  /** A start that was refused (no folder access, one running already). */
  backupError: string | null
  loadBackupStatus(): Promise<void>
  /** Asks for a folder, then starts; a dismissed dialog does nothing. */
  startBackup(): Promise<void>
  cancelBackup(): Promise<void>
  applyBackupProgress(progress: BackupProgress): void
}

export const createBackupSlice: SliceCreator<BackupSlice> = (set, get) => ({
  lastBackup: null,
  backupRunning: null,
  backupProgress: null,
  backupFinal: null,
  backupError: null,

  async loadBackupStatus() {
    try {
      const status = await call(() => api.backup.status())
      set({ lastBackup: status.last, backupRunning: status.running })
    } catch (error) {
      get().reportError("Couldn't read the backup status", error)
    }
  },

  async startBackup() {
    if (get().backupRunning) return
    try {
      const folder = await call(() => api.backup.chooseFolder())
      if (folder === null) return
      set({ backupProgress: null, backupFinal: null, backupError: null })
      const started = await call(() => api.backup.start(folder.token))
      set({ backupRunning: started })
    } catch (error) {
      set({ backupError: toApiError(error).message })
    }
  },

  async cancelBackup() {
    const running = get().backupRunning
    if (!running) return
    try {
      await call(() => api.backup.cancel(running.backupId))
    } catch (error) {
      get().reportError("Couldn't cancel the backup", error)
    }
  },

  applyBackupProgress(progress) {
    const running = get().backupRunning
    if (running && running.backupId !== progress.backupId) return
    if (!progress.final) return set({ backupProgress: progress })
    set({ backupProgress: null, backupFinal: progress.final, backupRunning: null })
    // A finished backup's date is main's to keep: read it back.
    void get().loadBackupStatus()
  }
})
