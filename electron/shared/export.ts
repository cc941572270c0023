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
  /**
   * Sign each file with a C2PA manifest (made by the model, through this app) with the
   * certificate chosen for content credentials; applied last, verified once written. Off when absent.
   */
  contentCredentials?: boolean
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

/** The last export started: what "Export again" repeats (the folder as a token granted for this session). */
export interface LastExport {
  settings: ExportSettings
  folder: ChosenFolder
  zipName: string | null
}

/** Which file of the content credentials a file dialog chooses. */
export const CREDENTIAL_FILES = ['certificate', 'key'] as const
export type CredentialFile = (typeof CREDENTIAL_FILES)[number]

/**
 * What the window may know about the content credentials chosen for signing exports: the files'
 * own names, the certificate's subject and expiry, and why they cannot sign. Never a path, never the key.
 */
export interface ContentCredentialsInfo {
  certificateFile: string | null
  keyFile: string | null
  /** The signing certificate's common name. */
  subject: string | null
  issuer: string | null
  /** ISO date the certificate expires. */
  validTo: string | null
  /** Why these cannot sign (none set, a file gone, expired, a key that is not the certificate's…); null when they can. */
  problem: string | null
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
  /** NOT_FOUND, PATH_OUTSIDE_LIBRARY, BAD_IMAGE, READ_ONLY, DISK_FULL, NAME_TOO_LONG, FOLDER_MISSING, WRITE_FAILED, CONTENT_CREDENTIALS. */
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

export const MAX_PRESET_NAME_LENGTH = 120

/** A preset name as main keys it: NFC, trimmed; names differing only in case are the same preset. */
export function presetKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase()
}

/** Why a new preset cannot take this name (empty, too long, taken), or null when it can. */
export function presetNameError(name: string, presets: readonly ExportPreset[]): string | null {
  const clean = name.normalize('NFC').trim()
  if (clean === '') return 'Give the preset a name.'
  if (clean.length > MAX_PRESET_NAME_LENGTH) return `A preset name has at most ${MAX_PRESET_NAME_LENGTH} characters.`
  const taken = presets.find((p) => presetKey(p.name) === presetKey(clean))
  return taken ? `There is already a preset named "${taken.name}": choose another name, or delete that one first.` : null
}

/** The first preset whose settings are exactly these (the picker shows it as chosen), or null. */
export function presetMatching(settings: ExportSettings, presets: readonly ExportPreset[]): ExportPreset | null {
  const keys = Object.keys(DEFAULT_EXPORT_SETTINGS) as (keyof ExportSettings)[]
  return presets.find((p) => keys.every((k) => p.settings[k] === settings[k])) ?? null
}
