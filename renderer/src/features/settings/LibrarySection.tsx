import { useEffect, useId } from 'react'
import { describeBackupFinal, describeBackupProgress, describeLastBackup } from '../../lib/backup-text'
import { useAppStore } from '../../store'

/**
 * Settings → Library: back the whole library up into a folder the user picks
 * (main shows the dialog), with progress and Cancel, and the date of the last
 * backup. Running it again into the same folder copies only what is new.
 */
export function LibrarySection() {
  const last = useAppStore((s) => s.lastBackup)
  const running = useAppStore((s) => s.backupRunning !== null)
  const progress = useAppStore((s) => s.backupProgress)
  const final = useAppStore((s) => s.backupFinal)
  const error = useAppStore((s) => s.backupError)
  const loadBackupStatus = useAppStore((s) => s.loadBackupStatus)
  const startBackup = useAppStore((s) => s.startBackup)
  const cancelBackup = useAppStore((s) => s.cancelBackup)
  const id = useId()

  useEffect(() => {
    void loadBackupStatus()
  }, [loadBackupStatus])

  const files = progress?.phase === 'files'
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`} data-testid="library-section">
      <h3 id={`${id}-title`} className="settings-section-title">
        Library
      </h3>

      <div className="settings-row">
        <div className="settings-row-text">
          <span id={`${id}-backup-label`} className="field-label">
            Backup
          </span>
          <p id={`${id}-backup-help`} className="field-help" data-testid="last-backup">
            {describeLastBackup(last)} A backup copies the database and every image into a folder; backing up into the same folder again copies only what is new.
          </p>
        </div>
        {running ? (
          <button type="button" className="button" data-testid="backup-cancel" aria-describedby={`${id}-backup-progress`} onClick={() => void cancelBackup()}>
            Cancel backup
          </button>
        ) : (
          <button type="button" className="button button-primary" data-testid="backup-now" aria-describedby={`${id}-backup-help`} onClick={() => void startBackup()}>
            Back up now
          </button>
        )}
      </div>

      {running ? (
        <div className="export-progress">
          {files ? (
            <progress className="export-bar" aria-label="Backup progress" max={Math.max(1, progress.filesTotal)} value={progress.filesTotal === 0 ? 1 : progress.filesDone} />
          ) : (
            <progress className="export-bar" aria-label="Backup progress" />
          )}
          <p id={`${id}-backup-progress`} className="export-progress-text" data-testid="backup-progress" aria-live="polite">
            {progress ? describeBackupProgress(progress) : 'Starting…'}
          </p>
        </div>
      ) : null}
      {final && !running ? (
        <p className={`export-summary${final.ok || final.canceled ? '' : ' export-failures'}`} role="status" data-testid="backup-summary">
          {describeBackupFinal(final)}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" role="alert" data-testid="backup-error">
          {error}
        </p>
      ) : null}
    </section>
  )
}
