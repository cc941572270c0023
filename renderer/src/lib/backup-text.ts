/** Words for Settings → Library's backup line and its summary (British UI text). */
import type { BackupFinal, BackupProgress, LastBackup } from '../../../electron/shared/backup'

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`
  return `${(n / 1024 ** 3).toFixed(2)} GB`
}

export function describeLastBackup(last: LastBackup | null): string {
  if (last === null) return 'Not backed up yet.'
  const when = new Date(last.at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
  return `Last backup: ${when}, to “${last.folderName}” (${last.images.toLocaleString()} ${last.images === 1 ? 'image' : 'images'}).`
}

export function describeBackupProgress(p: BackupProgress): string {
  if (p.phase === 'database') return 'Copying the database…'
  if (p.phase === 'manifest') return 'Finishing…'
  return `${p.filesDone.toLocaleString()} of ${p.filesTotal.toLocaleString()} files · ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`
}

export function describeBackupFinal(f: BackupFinal): string {
  if (f.error) return `The backup failed: ${f.error.message}`
  if (f.canceled) return 'Backup canceled. The previous backup in that folder is still complete.'
  const copied = `${f.copied.toLocaleString()} new ${f.copied === 1 ? 'file' : 'files'} copied, ${f.skipped.toLocaleString()} already there`
  if (f.problems.length === 0) return `Backup complete: ${copied}.`
  return `Backup finished with problems: ${copied}; ${f.problems.length.toLocaleString()} ${f.problems.length === 1 ? 'file was' : 'files were'} missing or damaged in the library and not backed up.`
}
