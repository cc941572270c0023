/** Domain types shared by main, preload and renderer. Types only: no runtime code. */
import type { LibraryImage } from './library'

export interface AppInfo {
  name: string
  version: string
  /** Where the library (database and image files) lives. */
  dataDir: string
  /** Where the log files are (`<dataDir>/logs`). */
  logsDir: string
  platform: string
  /** Versions of the runtime pieces, shown in the About box. */
  versions: { app: string; electron: string | null; chrome: string | null; node: string; sqlite: string }
  /** 'electron' in the desktop app, 'browser-host' when the UI is served by the test host. */
  shell: 'electron' | 'browser-host'
}

export type ThemePreference = 'system' | 'light' | 'dark'

export const THUMBNAIL_SIZES = ['small', 'medium', 'large'] as const
export type ThumbnailSize = (typeof THUMBNAIL_SIZES)[number]

/** Square crops fill the grid; `fit` shows each whole image in its cell (16:9, 9:16 and 20:9 keep their composition). */
export const THUMBNAIL_FITS = ['square', 'fit'] as const
export type ThumbnailFit = (typeof THUMBNAIL_FITS)[number]

export interface Settings {
  theme: ThemePreference
  /** Runware model id; the capability table knows its limits. */
  model: string
  /** How many generations may run at once. */
  concurrency: number
  sidebarCollapsed: boolean
  /** The gallery's thumbnail size (Ctrl/⌘ + and −). */
  thumbnailSize: ThumbnailSize
  /** Square crops or whole images in the gallery's cells. */
  thumbnailFit: ThumbnailFit
  /** Chromium's spellchecker (it downloads dictionaries on Windows and Linux): off unless the user turns it on. */
  spellcheck: boolean
  /** What a new prompt starts with. */
  promptDefaults: PromptDefaults
  /** US dollars a day past which the estimate before Generate turns amber; null: none. */
  dailyBudgetUsd: number | null
  /** A desktop notification when a job ends or fails while the window is in the background. */
  notifications: boolean
}

export interface PromptDefaults {
  /** 'auto' (the model's default) or a preset's aspect label. */
  aspect: string
  count: number
  outputFormat: 'JPG' | 'PNG' | 'WEBP'
  /** JPG/WEBP quality, 20–99. */
  outputQuality: number
  safetyCheck: boolean
}

export type SettingsPatch = Partial<Settings>

/** A file the user gave, as the window knows it: an opaque token and the file's name. */
export interface GrantedFile {
  token: string
  name: string
}

export interface ApiKeyStatus {
  /** The renderer only ever learns whether a key is set, never the key. */
  set: boolean
  /** Where the key comes from: the OS keychain, the environment, or nowhere. */
  source: 'keychain' | 'environment' | 'none'
  /** False when the OS offers no encryption (then the key is kept for this session only). */
  persistent: boolean
  /**
   * False when nothing of the OS guards a saved key: Linux without a keyring, where
   * Chromium encrypts with a built-in password (safeStorage's `basic_text`).
   */
  osProtected: boolean
}

export interface LibraryStats {
  images: number
  generations: number
  trashed: number
  favourites: number
}

export type MenuCommand = 'about' | 'open-settings' | 'focus-prompt' | 'toggle-sidebar' | 'thumbnails-larger' | 'thumbnails-smaller'

/**
 * What a burst did to these images. `images-updated`: favourite, rating, tags or
 * collections; `images-trashed` / `images-restored`: moved out of / back from the
 * trash; `images-removed`: deleted for good; `external`: another process (the CLI,
 * a second app) wrote, and which ids is not known.
 */
export type LibraryChangeReason = 'images-added' | 'images-updated' | 'images-trashed' | 'images-restored' | 'images-removed' | 'external'

/** One push per committed burst: the ids it touched and the library's counts after it. */
export interface LibraryChanged {
  reason: LibraryChangeReason
  imageIds: number[]
  stats: LibraryStats
  /**
   * The rows as they are now, for added and updated images (pushes carry data, so
   * the renderer patches instead of asking again); absent when the burst is large.
   */
  images?: LibraryImage[]
}

export interface AccountBalance {
  amount: number
  currency: string
}

/** What Runware said of a key being saved: accepted (with the balance), or it could not be asked. A refused key is not saved. */
export type ApiKeyCheck = { result: 'accepted'; balance: AccountBalance } | { result: 'unchecked'; reason: string }

/** `secrets:set-api-key`: the new status and how the check went. */
export interface ApiKeySaved extends ApiKeyStatus {
  check: ApiKeyCheck
}

/** What `desktop:start-drag` handed the OS: how many files, and how many images were left out (missing, or refused). */
export interface DragOutResult {
  files: number
  skipped: number
}
