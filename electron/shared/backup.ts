/**
 * Backup and restore of the whole library (issue 11): what the window, the CLI
 * and the core share. A backup folder holds `manifest.json` (written last, so a
 * folder without one, or with an older one, is recognisably not this backup),
 * the database snapshot under `db/` and the content-addressed files under
 * `images/`, `thumbs/` and `refs/`, exactly as in the library, and the journal's
 * segments under `journal/` (core/backup/journal-copy.ts).
 */

export const BACKUP_MANIFEST = 'manifest.json'
export const BACKUP_FORMAT = 'imagine-studio-backup'
export const BACKUP_FORMAT_VERSION = 1

export const BACKUP_PHASES = ['database', 'files', 'manifest'] as const
export type BackupPhase = (typeof BACKUP_PHASES)[number]

export interface BackupCounts {
  generations: number
  images: number
  references: number
  tags: number
  collections: number
  /** Files the backup holds for this snapshot (images, thumbnails, references). */
  files: number
  /** Their size in bytes. */
  bytes: number
}

/** A file the library's database names but that could not be backed up as it should. */
export interface BackupProblem {
  /** Relative to the library folder, `/` separators. */
  path: string
  /** missing: not in the library; damaged: its bytes no longer match its sha256; refused: a path that is not one of ours. */
  problem: 'missing' | 'damaged' | 'refused'
}

/** One journal segment's copy in a backup. */
export interface BackupJournalSegment {
  /** Its name in the library's journal/ (journal-000001.jsonl). */
  segment: string
  /** The copy in the backup folder, named by its content (journal/journal-000001-<sha12>.jsonl). */
  file: string
  bytes: number
  sha256: string
  /** The library segment's size when it was read. */
  sourceBytes: number
  /** Lines past the snapshot (or one still being written) were left out: the next backup reads it again. */
  cut: boolean
  /** The highest sequence number the copy holds. */
  maxSeq: number
}

/** The journal a backup holds, cut at the database snapshot's sequence number (`journal.seq`). */
export interface BackupJournal {
  seq: number
  segments: BackupJournalSegment[]
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT
  formatVersion: number
  /** ISO 8601, when the database snapshot was taken. */
  createdAt: string
  appVersion: string
  schemaVersion: number
  database: { file: string; sha256: string; bytes: number }
  /** Absent in backups made before the journal was backed up. */
  journal?: BackupJournal
  counts: BackupCounts
  problems: BackupProblem[]
}

export interface BackupProgress {
  backupId: string
  phase: BackupPhase
  /** Files copied (or checked and found present) so far, and how many need copying. */
  filesDone: number
  filesTotal: number
  bytesDone: number
  bytesTotal: number
  /** Set on the last event of a backup. */
  final?: BackupFinal
}

export interface BackupFinal {
  ok: boolean
  canceled: boolean
  /** Files copied this time; the rest were in the folder already. */
  copied: number
  skipped: number
  problems: BackupProblem[]
  /** When the backup failed as a whole. */
  error: { code: string; message: string } | null
}

/** What Settings → Library shows: the last backup that finished (stored in the settings table). */
export interface LastBackup {
  /** ms since epoch. */
  at: number
  /** The folder's own name (never the whole path). */
  folderName: string
  images: number
  copied: number
}

export interface BackupStatus {
  last: LastBackup | null
  running: { backupId: string } | null
}
