/**
 * `Api` is the renderer's only view of main: `window.api`. The preload builds it
 * with `createApi` over Electron's IPC; the browser test host builds the very same
 * object over HTTP. Every call resolves to a plain Result (values crossing
 * contextBridge are copied, so no Error objects), and every `on*` returns an
 * unsubscribe function.
 */
import type { EventContract, InvokeArgs, InvokeChannel, InvokeResult } from './ipc-contract'
import type { Result } from './result'
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

export type Unsubscribe = () => void

export interface Api {
  app: {
    getInfo(): Promise<Result<AppInfo>>
    /** Tells main the renderer's listeners are attached, so queued events can flow. */
    rendererReady(): void
    onMenuCommand(cb: (command: MenuCommand) => void): Unsubscribe
    /** Sends an uncaught window error to main's log (scope `renderer`). */
    reportError(report: RendererErrorReport): Promise<Result<{ logged: boolean }>>
    /** Opens the logs folder (AppInfo.logsDir) in the OS file manager. */
    openLogsFolder(): Promise<Result<{ opened: boolean }>>
    openDataFolder(): Promise<Result<{ opened: boolean }>>
    /** The library check main ran at start-up (quick_check, newest files, journal, unfinished jobs). */
    getHealth(): Promise<Result<StartupHealth>>
  }
  settings: {
    get(): Promise<Result<Settings>>
    update(patch: SettingsPatch): Promise<Result<Settings>>
  }
  secrets: {
    apiKeyStatus(): Promise<Result<ApiKeyStatus>>
    setApiKey(apiKey: string): Promise<Result<ApiKeySaved>>
    clearApiKey(): Promise<Result<ApiKeyStatus>>
  }
  shell: {
    /** Opens an allow-listed https link in the OS browser; anything else is refused. */
    openExternal(url: string): Promise<Result<{ opened: boolean }>>
  }
  library: {
    stats(): Promise<Result<LibraryStats>>
    onChanged(cb: (change: LibraryChanged) => void): Unsubscribe
    /** One keyset page of a view (search box text in `view.query`). */
    page(view: LibraryView, cursor: string | null, limit: number): Promise<Result<LibraryPage>>
    count(view: LibraryView): Promise<Result<number>>
    /** The whole ordered id list of a view, compact, for the virtual gallery. */
    idList(view: LibraryView): Promise<Result<{ ids: Uint32Array; total: number }>>
    monthCounts(view: LibraryView): Promise<Result<MonthCount[]>>
    images(ids: number[]): Promise<Result<LibraryImage[]>>
    /** Colour and shape of images by id (at most 2000): placeholders for rows not fetched yet. */
    swatches(ids: number[]): Promise<Result<ImageSwatch[]>>
    setFavorite(target: ImageTarget, favorite: boolean): Promise<Result<number>>
    setRating(target: ImageTarget, rating: number): Promise<Result<number>>
    setNote(id: number, note: string | null): Promise<Result<void>>
    addTags(target: ImageTarget, tags: string[]): Promise<Result<void>>
    removeTags(target: ImageTarget, tags: string[]): Promise<Result<void>>
    tags(): Promise<Result<{ name: string; images: number }[]>>
    trash(target: ImageTarget): Promise<Result<number>>
    restore(target: ImageTarget): Promise<Result<number>>
    emptyTrash(): Promise<Result<EmptyTrashResult>>
    /** Deletes these trashed images for good; live ones among them are left alone. */
    deleteForever(ids: number[]): Promise<Result<EmptyTrashResult>>
    lineage(imageId: number): Promise<Result<Lineage>>
    collections(): Promise<Result<CollectionInfo[]>>
    createCollection(name: string): Promise<Result<CollectionInfo>>
    renameCollection(id: number, name: string): Promise<Result<void>>
    deleteCollection(id: number): Promise<Result<void>>
    addToCollection(id: number, target: ImageTarget): Promise<Result<void>>
    removeFromCollection(id: number, target: ImageTarget): Promise<Result<void>>
    /** How many of these images each collection holds, for the check marks in "Add to collection". */
    collectionMembership(ids: number[]): Promise<Result<CollectionMembership[]>>
    costTotals(by: CostGrouping, range?: CostRange): Promise<Result<CostTotal[]>>
    prompts(prefix: string, limit: number): Promise<Result<PromptStat[]>>
    promptList(query: PromptListQuery): Promise<Result<PromptPage>>
    savedSearches(): Promise<Result<SavedSearch[]>>
    saveSearch(name: string, query: string): Promise<Result<SavedSearch>>
    deleteSavedSearch(id: number): Promise<Result<void>>
    renameSavedSearch(id: number, name: string): Promise<Result<void>>
    /** Every saved search's id once, in the new order; resolves to the reordered list. */
    reorderSavedSearches(ids: number[]): Promise<Result<SavedSearch[]>>
  }
  generation: {
    /** Validates, writes the job (with its taskUUID) and queues it; progress arrives as events. */
    start(params: WindowGenerationRequest): Promise<Result<{ generationId: number; taskUUID: string }>>
    cancel(generationId: number): Promise<Result<JobProgress>>
    /** Snapshots of unfinished jobs and those finished in this session, so a reloaded UI catches up. */
    list(): Promise<Result<JobProgress[]>>
    images(generationId: number): Promise<Result<JobImage[]>>
    /** Every setting a generation was made with, and its references by id. */
    recipe(generationId: number): Promise<Result<GenerationRecipe>>
    /** Starts the same request again with the same references. */
    runAgain(generationId: number): Promise<Result<{ generationId: number; taskUUID: string }>>
    /** Takes up a job the disk stopped (DISK_FULL / READ_ONLY) where it was: nothing is billed again. */
    resume(generationId: number): Promise<Result<JobProgress>>
    /** Removes every job that has ended from the queue, for good; resolves to their ids. */
    clearFinished(): Promise<Result<number[]>>
    onProgress(cb: (progress: JobProgress) => void): Unsubscribe
    /** The person clicked a job's desktop notification: main has focused the window; show the job's images. */
    onReveal(cb: (reveal: JobReveal) => void): Unsubscribe
  }
  account: {
    balance(): Promise<Result<AccountBalance>>
  }
  references: {
    /**
     * Checks and stores a reference at once, so a bad one is reported on drop and Generate does not wait;
     * `offer` holds the settings a dropped file carries (its metadata, or its library recipe).
     */
    prepare(source: Exclude<WindowReferenceSource, { kind: 'prepared' }>): Promise<Result<PreparedReferenceResult>>
  }
  files: {
    /**
     * A token for a file the user dropped or picked, to use as `{ kind: 'file', token }`.
     * The window never sees or sends the path. NO_PATH when the file has none (a browser
     * drop, a pasted image): send its bytes instead.
     */
    grantFile(file: File): Promise<Result<GrantedFile>>
  }
  /** Library images handed to the desktop by id (main finds and checks their files; no path crosses). */
  desktop: {
    /** Drag out: call from a tile's dragstart; main hands the OS the images' original files. */
    startDrag(ids: number[]): Promise<Result<DragOutResult>>
    /** Copies a library image to the OS clipboard. */
    copyImage(imageId: number): Promise<Result<void>>
    /** Puts plain text on the OS clipboard. */
    copyText(text: string): Promise<Result<void>>
    /** Shows a library image's file in the OS file manager. */
    showInFolder(imageId: number): Promise<Result<void>>
  }
  export: {
    /** Shows the OS folder dialog (in main); the window gets a token, never the path. Null: dismissed. */
    chooseFolder(): Promise<Result<ChosenFolder | null>>
    start(target: ExportTarget, options: WindowExportOptions): Promise<Result<{ exportId: string }>>
    cancel(exportId: string): Promise<Result<boolean>>
    /** The first names an export would write (before collisions), for the live preview. */
    previewNames(settings: Partial<ExportSettings>, imageIds: number[], collectionId: number | null): Promise<Result<string[]>>
    lastSettings(): Promise<Result<ExportSettings>>
    /** What "Export again" repeats: the last export's settings, folder and zip; null before the first or when its folder is gone. */
    lastExport(): Promise<Result<LastExport | null>>
    presets(): Promise<Result<ExportPreset[]>>
    savePreset(name: string, settings: ExportSettings): Promise<Result<ExportPreset[]>>
    deletePreset(name: string): Promise<Result<ExportPreset[]>>
    /** The content credentials chosen for signing (names, subject, expiry, or the problem); never a path or the key. */
    credentials(): Promise<Result<ContentCredentialsInfo>>
    /** Shows the OS file dialog (in main) for the certificate chain or the private key; null: dismissed. */
    chooseCredentialsFile(file: CredentialFile): Promise<Result<ContentCredentialsInfo | null>>
    clearCredentials(): Promise<Result<ContentCredentialsInfo>>
    onProgress(cb: (progress: ExportProgress) => void): Unsubscribe
  }
  backup: {
    /** The last finished backup and the running one. */
    status(): Promise<Result<BackupStatus>>
    /** The OS folder dialog (in main), titled for a backup; a token, never the path. Null: dismissed. */
    chooseFolder(): Promise<Result<ChosenFolder | null>>
    start(folderToken: string): Promise<Result<{ backupId: string }>>
    cancel(backupId: string): Promise<Result<boolean>>
    onProgress(cb: (progress: BackupProgress) => void): Unsubscribe
  }
  media: {
    /** URL of a library image's full file, served by main's image protocol. */
    imageUrl(imageId: number): string
    /** URL of a library image's 256 px thumbnail. */
    thumbUrl(imageId: number): string
    /** URL of a stored reference image (refs/), for the tray and lineage. */
    referenceUrl(referenceId: number): string
  }
}

/** What a transport must provide for `createApi`: typed invoke, typed subscribe. */
export interface ApiTransport {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<Result<InvokeResult<C>>>
  subscribe<E extends keyof EventContract>(channel: E, cb: (payload: EventContract[E]) => void): Unsubscribe
  rendererReady(): void
  grantFile(file: File): Promise<Result<GrantedFile>>
  /** Base of media URLs, e.g. `app-image://` in Electron or `/app-image/` over HTTP. */
  mediaBase: string
}

export function createApi(t: ApiTransport): Api {
  return {
    app: {
      getInfo: () => t.invoke('app:get-info'),
      rendererReady: () => t.rendererReady(),
      onMenuCommand: (cb) => t.subscribe('menu:command', cb),
      reportError: (report) => t.invoke('app:report-error', report),
      openLogsFolder: () => t.invoke('app:open-logs-folder'),
      openDataFolder: () => t.invoke('app:open-data-folder'),
      getHealth: () => t.invoke('app:get-health')
    },
    settings: {
      get: () => t.invoke('settings:get'),
      update: (patch) => t.invoke('settings:update', patch)
    },
    secrets: {
      apiKeyStatus: () => t.invoke('secrets:get-api-key-status'),
      setApiKey: (apiKey) => t.invoke('secrets:set-api-key', apiKey),
      clearApiKey: () => t.invoke('secrets:clear-api-key')
    },
    shell: {
      openExternal: (url) => t.invoke('shell:open-external', url)
    },
    library: {
      stats: () => t.invoke('library:get-stats'),
      onChanged: (cb) => t.subscribe('library:changed', cb),
      page: (view, cursor, limit) => t.invoke('library:page', view, cursor, limit),
      count: (view) => t.invoke('library:count', view),
      idList: (view) => t.invoke('library:id-list', view),
      monthCounts: (view) => t.invoke('library:month-counts', view),
      images: (ids) => t.invoke('library:get-images', ids),
      swatches: (ids) => t.invoke('library:swatches', ids),
      setFavorite: (ids, favorite) => t.invoke('library:set-favorite', ids, favorite),
      setRating: (ids, rating) => t.invoke('library:set-rating', ids, rating),
      setNote: (id, note) => t.invoke('library:set-note', id, note),
      addTags: (ids, tags) => t.invoke('library:add-tags', ids, tags),
      removeTags: (ids, tags) => t.invoke('library:remove-tags', ids, tags),
      tags: () => t.invoke('library:list-tags'),
      trash: (ids) => t.invoke('library:trash', ids),
      restore: (ids) => t.invoke('library:restore', ids),
      emptyTrash: () => t.invoke('library:empty-trash'),
      deleteForever: (ids) => t.invoke('library:delete-forever', ids),
      lineage: (id) => t.invoke('library:lineage', id),
      collections: () => t.invoke('library:list-collections'),
      createCollection: (name) => t.invoke('library:create-collection', name),
      renameCollection: (id, name) => t.invoke('library:rename-collection', id, name),
      deleteCollection: (id) => t.invoke('library:delete-collection', id),
      addToCollection: (id, ids) => t.invoke('library:add-to-collection', id, ids),
      removeFromCollection: (id, ids) => t.invoke('library:remove-from-collection', id, ids),
      collectionMembership: (ids) => t.invoke('library:collection-membership', ids),
      costTotals: (by, range) => (range === undefined ? t.invoke('library:cost-totals', by) : t.invoke('library:cost-totals', by, range)),
      prompts: (prefix, limit) => t.invoke('library:prompts', prefix, limit),
      promptList: (query) => t.invoke('library:prompt-list', query),
      savedSearches: () => t.invoke('library:list-saved-searches'),
      saveSearch: (name, query) => t.invoke('library:save-search', name, query),
      deleteSavedSearch: (id) => t.invoke('library:delete-saved-search', id),
      renameSavedSearch: (id, name) => t.invoke('library:rename-saved-search', id, name),
      reorderSavedSearches: (ids) => t.invoke('library:reorder-saved-searches', ids)
    },
    generation: {
      start: (params) => t.invoke('generation:start', params),
      cancel: (id) => t.invoke('generation:cancel', id),
      list: () => t.invoke('generation:list'),
      images: (id) => t.invoke('generation:get-images', id),
      recipe: (id) => t.invoke('generation:get-recipe', id),
      runAgain: (id) => t.invoke('generation:run-again', id),
      resume: (id) => t.invoke('generation:resume', id),
      clearFinished: () => t.invoke('generation:clear-finished'),
      onProgress: (cb) => t.subscribe('generation:progress', cb),
      onReveal: (cb) => t.subscribe('generation:reveal', cb)
    },
    account: {
      balance: () => t.invoke('account:get-balance')
    },
    references: {
      prepare: (source) => t.invoke('references:prepare', source)
    },
    files: {
      grantFile: (file) => t.grantFile(file)
    },
    desktop: {
      startDrag: (ids) => t.invoke('desktop:start-drag', ids),
      copyImage: (id) => t.invoke('desktop:copy-image', id),
      copyText: (text) => t.invoke('desktop:copy-text', text),
      showInFolder: (id) => t.invoke('desktop:show-in-folder', id)
    },
    export: {
      chooseFolder: () => t.invoke('export:choose-folder'),
      start: (target, options) => t.invoke('export:start', target, options),
      cancel: (id) => t.invoke('export:cancel', id),
      previewNames: (settings, ids, collectionId) => t.invoke('export:preview-names', settings, ids, collectionId),
      lastSettings: () => t.invoke('export:get-last-settings'),
      lastExport: () => t.invoke('export:get-last-export'),
      presets: () => t.invoke('export:list-presets'),
      savePreset: (name, settings) => t.invoke('export:save-preset', name, settings),
      deletePreset: (name) => t.invoke('export:delete-preset', name),
      credentials: () => t.invoke('export:get-credentials'),
      chooseCredentialsFile: (file) => t.invoke('export:choose-credentials-file', file),
      clearCredentials: () => t.invoke('export:clear-credentials'),
      onProgress: (cb) => t.subscribe('export:progress', cb)
    },
    backup: {
      status: () => t.invoke('backup:get-status'),
      chooseFolder: () => t.invoke('backup:choose-folder'),
      start: (token) => t.invoke('backup:start', token),
      cancel: (id) => t.invoke('backup:cancel', id),
      onProgress: (cb) => t.subscribe('backup:progress', cb)
    },
    media: {
      imageUrl: (id) => `${t.mediaBase}image/${encodeURIComponent(String(id))}`,
      thumbUrl: (id) => `${t.mediaBase}thumb/${encodeURIComponent(String(id))}`,
      referenceUrl: (id) => `${t.mediaBase}ref/${encodeURIComponent(String(id))}`
    }
  }
}

declare global {
  interface Window {
    api: Api
  }
}
