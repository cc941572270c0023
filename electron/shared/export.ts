/**
 * Export (issue 9): what the window and the CLI may ask for, and what comes back.
 * One source per concept: the option lists are `as const` arrays the zod schemas
 * and the CLI's checks are derived from.
 */
import type { ViewTarget } from './library'

export const EXPORT_FORMATS = ['original', 'png', 'jpg', 'webp'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]
export const EXPORT_SUBFOLDERS = ['none', 'day', 'month', 'collection'] as const
export type ExportSubfolders = (typeof EXPORT_SUBFOLDERS)[number]
export const EXPORT_METADATA_LEVELS = ['full', 'minimal', 'none'] as const
export type ExportMetadataLevel = (typeof EXPORT_METADATA_LEVELS)[number]
/** What to do when a name is taken: never overwrite, either way. */
export const EXPORT_EXISTING = ['suffix', 'skip'] as const
export type ExportExisting = (typeof EXPORT_EXISTING)[number]

export const MAX_EXPORT_IMAGES = 100_000
export const MAX_TEMPLATE_LENGTH = 500
export const DEFAULT_EXPORT_TEMPLATE = '{date}_{prompt:40}_{id}'

/** What to export: some images by id, or everything a library view shows (a search, a section, a collection). */
export type ExportTarget = { kind: 'ids'; ids: number[] } | ({ kind: 'view' } & ViewTarget)

/** Every choice but the destination: what is remembered and saved as a preset. */
export interface ExportSettings {
  template: string
  subfolders: ExportSubfolders
  format: ExportFormat
  /** 1-100, for jpg and webp (default 90). */
  quality: number
  /** Long edge in px; never enlarges. Null: the original size. */
  resize: number | null
  metadata: ExportMetadataLevel
  sidecar: boolean
  existing: ExportExisting
}

export const DEFAULT_EXPORT_SETTINGS: ExportSettings = {
  template: DEFAULT_EXPORT_TEMPLATE,
  subfolders: 'none',
  format: 'original',
  quality: 90,
  resize: null,
  metadata: 'full',
  sidecar: false,
  existing: 'suffix'
}

/**
 * The window's export options: the folder is a token from `export:choose-folder`
 * (the window never names a path); `zipName`, when set, writes one zip of that
 * name into the folder instead of loose files.
 */
export interface WindowExportOptions extends ExportSettings {
  folderToken: string
  zipName: string | null
}

export interface ChosenFolder {
  token: string
  /** The folder's own name, for the dialog (never the whole path). */
  name: string
}

export interface ExportPreset {
  name: string
  settings: ExportSettings
}

export interface ExportWritten {
  imageId: number
  /** Relative to the chosen folder (or the path inside the zip), with `/` separators. */
  path: string
}

export interface ExportFailure {
  /** Null when the failure is the export's own (the zip could not be written). */
  imageId: number | null
  /** NOT_FOUND, PATH_OUTSIDE_LIBRARY, BAD_IMAGE, READ_ONLY, DISK_FULL, NAME_TOO_LONG, FOLDER_MISSING, WRITE_FAILED. */
  code: string
  message: string
}

export interface ExportSummary {
  written: number
  /** The first written files (at most 50 over IPC). */
  writtenFirst: ExportWritten[]
  skipped: number
  failed: ExportFailure[]
  canceled: boolean
  /** The zip's name in the folder, when one was written. */
  zip: string | null
}

export interface ExportProgress {
  exportId: string
  done: number
  total: number
  bytes: number
  elapsedMs: number
  /** Images per second so far; null before the first one. */
  rate: number | null
  /** Estimated time left; null until there is a rate. */
  etaMs: number | null
  /** Present on the last event of an export only. */
  final?: ExportSummary
}
