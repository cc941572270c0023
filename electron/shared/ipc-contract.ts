/**
 * The one IPC contract: every invoke channel with its arguments and result, and
 * every event main pushes to the renderer. The `as const` lists back the runtime
 * allow-lists in main and preload; `tests/shared/ipc-contract.test-d.ts` fails
 * when the lists and these interfaces drift apart. Channels are `domain:action`.
 */
import type {
  AccountBalance,
  ApiKeySaved,
  ApiKeyStatus,
  AppInfo,
  DragOutResult,
  GrantedFile,
  LibraryChanged,
  LibraryStats,
  MenuCommand,
  Settings,
  SettingsPatch
} from './domain'
import type { GenerationRecipe, WindowGenerationRequest, WindowReferenceSource } from './generation'
import type { PreparedReferenceResult } from './recall'
import type { JobImage, JobProgress, JobReveal } from './jobs'
import type { RendererErrorReport } from './renderer-error'
import type { CostGrouping, CostRange } from './spend'
import type { StartupHealth } from './health'
import type { ChosenFolder, ContentCredentialsInfo, CredentialFile, ExportPreset, ExportProgress, ExportSettings, ExportTarget, LastExport, WindowExportOptions } from './export'
import type { BackupProgress, BackupStatus } from './backup'
import type { CollectionInfo, CollectionMembership, CostTotal, EmptyTrashResult, ImageSwatch, ImageTarget, LibraryImage, LibraryPage, LibraryView, Lineage, MonthCount, PromptStat, SavedSearch } from './library'
import type { PromptListQuery, PromptPage } from './prompts'

export interface InvokeContract {
  'app:get-info': { args: []; result: AppInfo }
  /** The window's uncaught errors, for the log (rate-limited: `logged` is false when dropped). */
  'app:report-error': { args: [report: RendererErrorReport]; result: { logged: boolean } }
  /** Opens the logs folder in the OS file manager. */
  'app:open-logs-folder': { args: []; result: { opened: boolean } }
  /** Opens the library's data folder (images, database) in the OS file manager. */
  'app:open-data-folder': { args: []; result: { opened: boolean } }
  /** The quick library check (imagine doctor --quick) main ran at start-up; the same answer for every call. */
  'app:get-health': { args: []; result: StartupHealth }
  'settings:get': { args: []; result: Settings }
  'settings:update': { args: [patch: SettingsPatch]; result: Settings }
  'secrets:get-api-key-status': { args: []; result: ApiKeyStatus }
  /** Checks the key with Runware, then saves it (a refused key is not saved: API_AUTH). */
  'secrets:set-api-key': { args: [apiKey: string]; result: ApiKeySaved }
  'secrets:clear-api-key': { args: []; result: ApiKeyStatus }
  'shell:open-external': { args: [url: string]; result: { opened: boolean } }
  'library:get-stats': { args: []; result: LibraryStats }
  'generation:start': { args: [params: WindowGenerationRequest]; result: { generationId: number; taskUUID: string } }
  'generation:cancel': { args: [generationId: number]; result: JobProgress }
  /** Preload only: a token for the path of a file the user dropped (webUtils.getPathForFile). */
  'files:grant-path': { args: [path: string]; result: GrantedFile }
  /**
   * Checks, downscales and stores a reference as soon as it lands (nothing is uploaded yet);
   * for a dropped file (or bytes, a URL) also the settings it carries (`offer`, recall from files).
   */
  'references:prepare': { args: [source: Exclude<WindowReferenceSource, { kind: 'prepared' }>]; result: PreparedReferenceResult }
  /** Drag out: main starts an OS drag of these images' original files (checked inside the library). */
  'desktop:start-drag': { args: [ids: number[]]; result: DragOutResult }
  /** Puts a library image on the OS clipboard. */
  'desktop:copy-image': { args: [imageId: number]; result: void }
  /** Puts plain text on the OS clipboard (the detail view's Copy prompt, Copy all parameters as JSON). */
  'desktop:copy-text': { args: [text: string]; result: void }
  /** Reveals a library image's file in the OS file manager. */
  'desktop:show-in-folder': { args: [imageId: number]; result: void }
  'generation:list': { args: []; result: JobProgress[] }
  'generation:get-images': { args: [generationId: number]; result: JobImage[] }
  /** Every setting a generation was made with (Use all settings, Remix). */
  'generation:get-recipe': { args: [generationId: number]; result: GenerationRecipe }
  /** The same request again, with the same references (Vary, Retry, Run again). */
  'generation:run-again': { args: [generationId: number]; result: { generationId: number; taskUUID: string } }
  /** Takes up a job a full or read-only disk stopped (its paid results are fetched again by taskUUID, not billed again). */
  'generation:resume': { args: [generationId: number]; result: JobProgress }
  /** Clear finished: every job that has ended leaves the queue for good (after a restart too); answers their ids. */
  'generation:clear-finished': { args: []; result: number[] }
  'account:get-balance': { args: []; result: AccountBalance }
  'library:page': { args: [view: LibraryView, cursor: string | null, limit: number]; result: LibraryPage }
  'library:count': { args: [view: LibraryView]; result: number }
  'library:id-list': { args: [view: LibraryView]; result: { ids: Uint32Array; total: number } }
  'library:month-counts': { args: [view: LibraryView]; result: MonthCount[] }
  'library:get-images': { args: [ids: number[]]; result: LibraryImage[] }
  'library:swatches': { args: [ids: number[]]; result: ImageSwatch[] }
  'library:set-favorite': { args: [target: ImageTarget, favorite: boolean]; result: number }
  'library:set-rating': { args: [target: ImageTarget, rating: number]; result: number }
  'library:set-note': { args: [id: number, note: string | null]; result: void }
  'library:add-tags': { args: [target: ImageTarget, tags: string[]]; result: void }
  'library:remove-tags': { args: [target: ImageTarget, tags: string[]]; result: void }
  'library:list-tags': { args: []; result: { name: string; images: number }[] }
  'library:trash': { args: [target: ImageTarget]; result: number }
  'library:restore': { args: [target: ImageTarget]; result: number }
  'library:empty-trash': { args: []; result: EmptyTrashResult }
  /** Deletes these trashed images for good (live ones among them are left alone), like empty-trash. */
  'library:delete-forever': { args: [ids: number[]]; result: EmptyTrashResult }
  'library:lineage': { args: [imageId: number]; result: Lineage }
  'library:list-collections': { args: []; result: CollectionInfo[] }
  'library:create-collection': { args: [name: string]; result: CollectionInfo }
  'library:rename-collection': { args: [id: number, name: string]; result: void }
  'library:delete-collection': { args: [id: number]; result: void }
  'library:add-to-collection': { args: [id: number, target: ImageTarget]; result: void }
  'library:remove-from-collection': { args: [id: number, target: ImageTarget]; result: void }
  /** How many of these images each collection holds (none: left out). */
  'library:collection-membership': { args: [ids: number[]]; result: CollectionMembership[] }
  /** Spend per local day or month, collection or prompt, of generations made in the range (all time without one). */
  'library:cost-totals': { args: [by: CostGrouping, range?: CostRange]; result: CostTotal[] }
  /** Past prompts starting with `prefix`, most recently used first (the composer's autocomplete). */
  'library:prompts': { args: [prefix: string, limit: number]; result: PromptStat[] }
  /** A page of the Prompts view: every past prompt containing `filter`, in one of its orders. */
  'library:prompt-list': { args: [query: PromptListQuery]; result: PromptPage }
  'library:list-saved-searches': { args: []; result: SavedSearch[] }
  'library:save-search': { args: [name: string, query: string]; result: SavedSearch }
  'library:delete-saved-search': { args: [id: number]; result: void }
  'library:rename-saved-search': { args: [id: number, name: string]; result: void }
  /** Every saved search's id once, in the new order; answers the reordered list. */
  'library:reorder-saved-searches': { args: [ids: number[]]; result: SavedSearch[] }
  /** Main shows the OS folder dialog; the window gets a token for the folder (null: dismissed), never its path. */
  'export:choose-folder': { args: []; result: ChosenFolder | null }
  /** Starts an export; progress and the final summary arrive as `export:progress`. */
  'export:start': { args: [target: ExportTarget, options: WindowExportOptions]; result: { exportId: string } }
  /** False when that export is not running (finished already, or unknown). */
  'export:cancel': { args: [exportId: string]; result: boolean }
  /** The names the first images get with these settings (the dialog's live preview). */
  'export:preview-names': { args: [settings: Partial<ExportSettings>, imageIds: number[], collectionId: number | null]; result: string[] }
  /** The settings of the last export started (defaults before the first). */
  'export:get-last-settings': { args: []; result: ExportSettings }
  /** The last export's settings, folder (a fresh token; null when that folder is gone) and zip name; null before the first. */
  'export:get-last-export': { args: []; result: LastExport | null }
  'export:list-presets': { args: []; result: ExportPreset[] }
  /** Saves (or replaces, by name) a preset. */
  'export:save-preset': { args: [name: string, settings: ExportSettings]; result: ExportPreset[] }
  'export:delete-preset': { args: [name: string]; result: ExportPreset[] }
  /** The content credentials chosen for signing exports: file names, subject, expiry, or why they cannot sign. */
  'export:get-credentials': { args: []; result: ContentCredentialsInfo }
  /** Main shows the OS file dialog for the certificate chain or the private key (PEM) and remembers the path; null: dismissed. */
  'export:choose-credentials-file': { args: [file: CredentialFile]; result: ContentCredentialsInfo | null }
  /** Forgets both files (they stay where they are). */
  'export:clear-credentials': { args: []; result: ContentCredentialsInfo }
  /** The last finished backup (from the settings table) and the one running, if any. */
  'backup:get-status': { args: []; result: BackupStatus }
  /** Main shows the OS folder dialog titled for a backup; a token as for export (null: dismissed). */
  'backup:choose-folder': { args: []; result: ChosenFolder | null }
  /** Starts a backup into a chosen folder; progress and the summary arrive as `backup:progress`. VALIDATION when one runs already. */
  'backup:start': { args: [folderToken: string]; result: { backupId: string } }
  /** False when that backup is not running. */
  'backup:cancel': { args: [backupId: string]; result: boolean }
}

export interface EventContract {
  'menu:command': MenuCommand
  'library:changed': LibraryChanged
  'generation:progress': JobProgress
  /** The person clicked a job's desktop notification: show its images. */
  'generation:reveal': JobReveal
  /** At most ~10 a second per export; the last one carries `final`. */
  'export:progress': ExportProgress
  /** At most ~10 a second; the last one carries `final`. */
  'backup:progress': BackupProgress
}

export const INVOKE_CHANNELS = [
  'app:get-info',
  'app:report-error',
  'app:open-logs-folder',
  'app:open-data-folder',
  'app:get-health',
  'settings:get',
  'settings:update',
  'secrets:get-api-key-status',
  'secrets:set-api-key',
  'secrets:clear-api-key',
  'shell:open-external',
  'library:get-stats',
  'generation:start',
  'generation:cancel',
  'files:grant-path',
  'references:prepare',
  'desktop:start-drag',
  'desktop:copy-image',
  'desktop:copy-text',
  'desktop:show-in-folder',
  'generation:list',
  'generation:get-images',
  'generation:get-recipe',
  'generation:run-again',
  'generation:resume',
  'generation:clear-finished',
  'account:get-balance',
  'library:page',
  'library:count',
  'library:id-list',
  'library:month-counts',
  'library:get-images',
  'library:swatches',
  'library:set-favorite',
  'library:set-rating',
  'library:set-note',
  'library:add-tags',
  'library:remove-tags',
  'library:list-tags',
  'library:trash',
  'library:restore',
  'library:empty-trash',
  'library:delete-forever',
  'library:lineage',
  'library:list-collections',
  'library:create-collection',
  'library:rename-collection',
  'library:delete-collection',
  'library:add-to-collection',
  'library:remove-from-collection',
  'library:collection-membership',
  'library:cost-totals',
  'library:prompts',
  'library:prompt-list',
  'library:list-saved-searches',
  'library:save-search',
  'library:delete-saved-search',
  'library:rename-saved-search',
  'library:reorder-saved-searches',
  'export:choose-folder',
  'export:start',
  'export:cancel',
  'export:preview-names',
  'export:get-last-settings',
  'export:get-last-export',
  'export:list-presets',
  'export:save-preset',
  'export:delete-preset',
  'export:get-credentials',
  'export:choose-credentials-file',
  'export:clear-credentials',
  'backup:get-status',
  'backup:choose-folder',
  'backup:start',
  'backup:cancel'
] as const satisfies readonly (keyof InvokeContract)[]

export const EVENT_CHANNELS = ['menu:command', 'library:changed', 'generation:progress', 'generation:reveal', 'export:progress', 'backup:progress'] as const satisfies readonly (keyof EventContract)[]

export type InvokeChannel = keyof InvokeContract
export type EventChannel = keyof EventContract
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args']
export type InvokeResult<C extends InvokeChannel> = InvokeContract[C]['result']

/** Sent by the renderer once its listeners are attached; main queues events until then. */
export const RENDERER_READY_CHANNEL = 'app:renderer-ready'

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value)
}
