/**
 * Builds the plain-Node core of the app: database, services and the IPC
 * handlers. Electron's composition root, the browser test host and the tests
 * all call this, so they run the same handlers against the same code.
 */
import { mkdirSync } from 'node:fs'
import type { AppInfo } from '../shared/domain'
import type { WritableDB } from './db/connection'
import { openLibraryDb } from './db/open-library-db'
import { ImagesRepo } from './db/repos/images-repo'
import { SettingsRepo } from './db/repos/settings-repo'
import { AppError, ValidationError } from './errors'
import { referenceSourceSchema } from '../shared/generation'
import { createRouter, type Handlers, type Router } from './ipc/router'
import type { Logger } from './log'
import type { MediaDeps } from './media/media-request'
import { libraryPaths, type LibraryPaths } from './paths'
import type { SecretStore } from './secrets/secret-store'
import { externalHref } from './security/trusted-url'
import { PathGrants } from './files/path-grants'
import { SettingsService } from './services/settings-service'
import { randomUUID } from 'node:crypto'
import type { Emit } from './ipc/event-queue'
import { GenerationsRepo } from './db/repos/generations-repo'
import { ImageStore, type ImageStoreFs } from './files/image-store'
import { GenerationService, type GenerationServiceDeps } from './generation/generation-service'
import { ReferenceService } from './generation/references'
import type { LookupAll } from './generation/reference-url'
import { DEFAULT_ENDPOINT, RunwareClient, taskError } from './runware/client'
import { tcpConnectivity, type Connectivity } from './runware/retry'
import type { AccountBalance, ApiKeyCheck } from '../shared/domain'
import { LibraryService } from './library/library-service'
import { ChangeFeed, type ChangeFeedOptions } from './library/change-feed'
import { LibraryQueries } from './library/library-queries'
import { inProcessRunner, workerRunner, type LibraryQueryRunner } from './library/query-runner'
import { ExportService } from './export/export-service'
import { exportHandlers, type ChooseFile, type ChooseFolder } from './export/export-handlers'
import { rendererErrorLog } from './logging/renderer-errors'
import { serializeError } from './logging/serialize-error'
import { recallOffer } from './export/recall'
import type { SettingsOffer } from '../shared/recall'
import type { DesktopShell } from './media/library-files'
import { desktopHandlers } from './media/desktop-handlers'
import { backupRunner } from './backup/backup-handlers'
import { Journal } from './journal/journal'
import { runDoctor, type DoctorOptions } from './journal/doctor'
import { ColorBackfill, type ColorBackfillOptions } from './library/color-backfill'
import { restoreMissingDatabase } from './journal/rebuild'
import type { HealthReport, StartupHealth } from '../shared/health'
import { JobNotifications, type Notifier, type WindowFocus } from './notify/job-notifications'

export interface CoreOptions {
  dataDir: string
  secrets: SecretStore
  log: Logger
  /** Opens a URL in the OS browser (Electron's shell.openExternal; a recorder in tests). */
  openExternal(url: string): Promise<void>
  /**
   * Opens a folder in the OS file manager (Electron's shell.openPath: resolves to '' or
   * to why it failed; a recorder in the test host). Without it, `app:open-logs-folder` is refused.
   */
  openPath?(path: string): Promise<string>
  /** Where the window's reported errors go (default: `log`'s child `renderer`). */
  rendererLog?: Logger
  /** Static facts about the running shell for the About box. */
  info: Omit<AppInfo, 'dataDir' | 'logsDir' | 'versions'> & { versions: Omit<AppInfo['versions'], 'sqlite'> }
  /** better-sqlite3 binary to load (the desktop app's Electron-ABI build). */
  nativeBinding?: string
  /** Pushes events to the UI (Electron's window sender, the host's event stream). */
  emit?: Emit
  runware?: {
    /** Default: https://api.runware.ai/v1. The CLI and development builds pass a checked RUNWARE_API_URL (runware/endpoint.ts). */
    endpoint?: string
    fetch?: typeof fetch
    /** Resolves the hosts of URL references before they are checked (default: the system resolver). */
    lookup?: LookupAll
    connectivity?: Connectivity
  } & Pick<GenerationServiceDeps, 'retry' | 'poll' | 'downloadConcurrency' | 'syncTimeoutMs' | 'adoptOrphans' | 'staleMs'>
  /** Overrides of settings for this process only (the CLI's IMAGINE_MODEL), never written. */
  settingsOverride?: { model?: string }
  /**
   * Run library queries in worker threads (the app; see workerRunner): its entry file and, under
   * tsx, the loader. Without it queries run in-process (tests, CLI).
   */
  libraryWorker?: { script: string; execArgv?: string[] }
  /** Resume unfinished generations at start (default true). */
  autoRecover?: boolean
  /** For tests: the file operations the image store writes with (to inject ENOSPC or EACCES). */
  imageFs?: ImageStoreFs
  /** Timings of the library:changed pushes (tests shorten them). */
  changeFeed?: Pick<ChangeFeedOptions, 'intervalMs' | 'pollMs'>
  /** The OS folder dialog (Electron's main process; a test hook in the browser host). Without it, `export:choose-folder` and `backup:choose-folder` are refused. */
  chooseFolder?: ChooseFolder
  /** The OS open-file dialog for the content credentials' PEM files (a test hook in the browser host). Without it, `export:choose-credentials-file` is refused. */
  chooseFile?: ChooseFile
  /** Drag out, Copy image, Show in folder (Electron's webContents, clipboard and shell; a recorder in the test host). Without it they are refused. */
  desktop?: DesktopShell
  /** Segment size of the journal (tests make it small to see rotation). */
  journalSegmentBytes?: number
  /**
   * Desktop notifications when a job ends while the window is in the background: the OS
   * notification (Electron's Notification; a recorder in the test host) and the window's focus.
   * Without them (the CLI) nothing is shown.
   */
  notifications?: { notifier: Notifier; window: WindowFocus }
  /**
   * Fill in the average colours of images stored without one (a library from
   * before schema 8), in the background (library/color-backfill.ts). The app and
   * the test host turn it on; the CLI and tests leave it off unless they pass it.
   */
  colorBackfill?: boolean | Omit<ColorBackfillOptions, 'log'>
}

/** The AppInfo a core gets when it runs under plain Node (CLI, test host, tests, benchmarks). */
export function nodeInfo(version: string, name = 'Imagine Studio'): CoreOptions['info'] {
  return { name, version, platform: process.platform, shell: 'browser-host', versions: { app: version, electron: null, chrome: null, node: process.versions.node } }
}

export interface Core {
  paths: LibraryPaths
  db: WritableDB
  /** Every write to the history goes through it (core/journal). */
  journal: Journal
  settings: SettingsService
  images: ImagesRepo
  store: ImageStore
  client: RunwareClient
  generation: GenerationService
  library: LibraryService
  queries: LibraryQueryRunner
  exports: ExportService
  handlers: Handlers
  router: Router
  /** What the image protocol (Electron) and the /app-image route (test host) resolve against. */
  media: MediaDeps
  /** `imagine doctor`: checks the database, the files and the journal; `fix` repairs what is safe. */
  doctor(options?: DoctorOptions): Promise<HealthReport>
  /** The background fill of average colours, when `colorBackfill` asked for it. */
  colors: ColorBackfill | null
  /** Stops running jobs where they are (resumable) and closes the database. */
  close(): Promise<void>
}

/** The settings-table key holding when Clear finished last ran (jobs that ended by then stay cleared). */
const QUEUE_CLEARED_KEY = 'queue.clearedThrough'

/** A key check waits this long for Runware before saving the key unchecked. */
const KEY_CHECK_TIMEOUT_MS = 10_000

export function createCore(options: CoreOptions): Core {
  const paths = libraryPaths(options.dataDir)
  for (const dir of [paths.dataDir, paths.imagesDir, paths.thumbsDir, paths.tmpDir]) mkdirSync(dir, { recursive: true })
  const native = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}
  // library.db gone but its journal kept (deleted, lost to a sync client): the history comes back before anything writes.
  const restored = restoreMissingDatabase(paths.dataDir, native)
  if (restored) options.log.warn('library.db was missing: rebuilt it from the journal', restored)
  const db = openLibraryDb(paths.dbFile, native)
  const journal = new Journal(db, paths.journalDir, { log: options.log.child('journal'), ...(options.journalSegmentBytes ? { maxSegmentBytes: options.journalSegmentBytes } : {}) })
  const settings = new SettingsService(new SettingsRepo(db, journal))
  const images = new ImagesRepo(db)
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v
  const emit: Emit = options.emit ?? (() => undefined)
  const pushRows = new LibraryQueries(db)
  // Only a shell with a UI hears of changes (the CLI passes no emit, so it runs no timers).
  const changes = options.emit
    ? new ChangeFeed({
        emit: (change) => emit('library:changed', change),
        stats: () => images.stats(),
        // A push's rows are read on this connection by primary key: ≤ 500 rows, about a millisecond.
        rows: (ids) => pushRows.images(ids),
        dataVersion: () => db.pragma('data_version', { simple: true }) as number,
        ...(options.changeFeed ?? {})
      })
    : null
  const rw = options.runware ?? {}
  // Never read from the environment here: each shell decides (see runware/endpoint.ts).
  const endpoint = rw.endpoint ?? DEFAULT_ENDPOINT
  const client = new RunwareClient({ endpoint, apiKey: () => options.secrets.getApiKey(), ...(rw.fetch ? { fetch: rw.fetch } : {}) })
  const store = new ImageStore(paths, options.imageFs ? { fs: options.imageFs } : {})
  const grants = new PathGrants()
  const generationsRepo = new GenerationsRepo(db, journal)
  const queueState = new SettingsRepo(db, journal)
  const notifications = options.notifications
    ? new JobNotifications({
        ...options.notifications,
        enabled: () => settings.get().notifications,
        imageIds: (generationId) => generationsRepo.images(generationId).map((i) => i.id),
        reveal: (target) => emit('generation:reveal', target)
      })
    : null
  const refs = new ReferenceService({ db, journal, store, client, imagePath: (id) => images.mediaPath('image', id), now: Date.now, ...(rw.fetch ? { fetch: rw.fetch } : {}), ...(rw.lookup ? { lookup: rw.lookup } : {}) })
  const generation = new GenerationService({
    db,
    journal,
    repo: generationsRepo,
    store,
    refs,
    client,
    connectivity: rw.connectivity ?? tcpConnectivity(endpoint),
    settings: () => ({ ...settings.get(), ...options.settingsOverride }),
    log: options.log.child('generation'),
    emit: (p) => {
      emit('generation:progress', p)
      notifications?.observe(p)
    },
    onImagesAdded: (imageIds) => changes?.add('images-added', imageIds),
    queueClearedAt: {
      get: () => {
        const v = queueState.get(QUEUE_CLEARED_KEY)
        return typeof v === 'number' && Number.isFinite(v) ? v : 0
      },
      set: (ms) => queueState.putMany({ [QUEUE_CLEARED_KEY]: ms })
    },
    ...(rw.fetch ? { fetch: rw.fetch } : {}),
    ...(rw.retry ? { retry: rw.retry } : {}),
    ...(rw.poll ? { poll: rw.poll } : {}),
    ...(rw.downloadConcurrency ? { downloadConcurrency: rw.downloadConcurrency } : {}),
    ...(rw.syncTimeoutMs ? { syncTimeoutMs: rw.syncTimeoutMs } : {}),
    ...(rw.adoptOrphans !== undefined ? { adoptOrphans: rw.adoptOrphans } : {}),
    ...(rw.staleMs !== undefined ? { staleMs: rw.staleMs } : {})
  })
  settings.onChange(() => generation.pump())

  const library = new LibraryService(db, paths.dataDir, Date.now, (reason, imageIds) => changes?.add(reason, imageIds), journal)
  const queries = options.libraryWorker
    ? workerRunner({ ...options.libraryWorker, dbFile: paths.dbFile, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) })
    : inProcessRunner(db)

  const exports = new ExportService({ db, dataDir: paths.dataDir, queries, appVersion: options.info.version })
  const colors = options.colorBackfill
    ? new ColorBackfill(db, paths.dataDir, { ...(options.colorBackfill === true ? {} : options.colorBackfill), log: options.log.child('colors') })
    : null
  colors?.start()

  const balance = async (candidateKey?: string): Promise<AccountBalance> => {
    const taskUUID = randomUUID()
    const r = await client.post([{ taskType: 'accountManagement', taskUUID, operation: 'getDetails' }], candidateKey === undefined ? {} : { apiKey: candidateKey, timeoutMs: KEY_CHECK_TIMEOUT_MS })
    const e = taskError(r, taskUUID)
    if (e) throw e
    const item = r.envelope.data.find((d) => d.taskUUID === taskUUID && d.balance)
    if (!item?.balance) throw new AppError('API_SERVER', 'Runware did not report a balance')
    return item.balance
  }

  const openFolder = async (dir: string, what: string): Promise<{ opened: boolean }> => {
    if (!options.openPath) throw new AppError('FORBIDDEN', 'This version of the app cannot open folders.')
    const problem = await options.openPath(dir)
    if (problem) throw new AppError('INTERNAL', `The ${what} could not be opened: ${problem}`)
    return { opened: true }
  }

  const media: MediaDeps = { dataDir: paths.dataDir, lookup: (k, i) => images.mediaPath(k, i) }
  const recallDeps = {
    imageBySha: (sha: string) => images.liveImageBySha(sha),
    recipeOfImage: (imageId: number) => {
      const generationId = images.generationOf(imageId)
      return generationId === null ? null : generation.recipe(generationId)
    }
  }
  const backups = backupRunner({
    dataDir: paths.dataDir,
    appVersion: options.info.version,
    db,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    grants,
    settings: new SettingsRepo(db),
    emit: (p) => emit('backup:progress', p),
    log: options.log.child('backup'),
    ...(options.chooseFolder ? { chooseFolder: options.chooseFolder } : {})
  })

  // The quick check, once per start (the window asks for it as it starts), logged either way.
  let startupHealth: Promise<StartupHealth> | null = null
  const healthLog = options.log.child('health')
  // SQLite's check reads the whole file (seconds at a million images): through the query runner, so in
  // the app it runs in a worker of its own (the pool starts one for it) and neither main's thread nor
  // the gallery's query workers wait for it; in-process (tests) it runs here, as doctor would.
  const sqliteCheck = (quick: boolean) => queries.sqliteCheck(quick)
  const checkAtStart = (): Promise<StartupHealth> =>
    (startupHealth ??= runDoctor({ db, paths, journal, store, repo: generationsRepo, sqliteCheck }, { quick: true }).then((report) => {
      if (report.ok) healthLog.info('library check at start-up: ok', { images: report.files.images, journalSeq: report.journal.lastSeq })
      else healthLog.warn('library check at start-up found problems', { problems: report.problems })
      return { report, restoredFromJournal: restored }
    }))

  const handlers: Handlers = {
    'app:get-info': () => ({ ...options.info, dataDir: paths.dataDir, logsDir: paths.logsDir, versions: { ...options.info.versions, sqlite } }),
    'app:report-error': rendererErrorLog(options.rendererLog ?? options.log.child('renderer')),
    'app:open-logs-folder': async () => {
      // Before the first entry the folder may not exist yet; the file manager needs it.
      mkdirSync(paths.logsDir, { recursive: true })
      return openFolder(paths.logsDir, 'logs folder')
    },
    'app:open-data-folder': () => openFolder(paths.dataDir, 'data folder'),
    'app:get-health': () => checkAtStart(),
    'settings:get': () => settings.get(),
    'settings:update': (patch) => settings.update(patch),
    'secrets:get-api-key-status': () => options.secrets.status(),
    // Checked with Runware first: a refused key is not saved (the old one stays); one that could not be checked is kept.
    'secrets:set-api-key': async (key) => {
      let check: ApiKeyCheck
      try {
        check = { result: 'accepted', balance: await balance(key.trim()) }
      } catch (error) {
        if (error instanceof AppError && error.code === 'API_AUTH') throw new AppError('API_AUTH', 'Runware refused this API key, so it was not saved. Check that you copied all of it.', { cause: error })
        options.log.warn('could not check an API key with Runware; saved unchecked', { error: serializeError(error) })
        check = { result: 'unchecked', reason: error instanceof Error ? error.message : 'Runware could not be reached.' }
      }
      return { ...(await options.secrets.setApiKey(key)), check }
    },
    'secrets:clear-api-key': () => options.secrets.clearApiKey(),
    'shell:open-external': async (url) => {
      const href = externalHref(url)
      if (href === null) throw new AppError('FORBIDDEN', 'That link is not on the list of sites the app may open.')
      await options.openExternal(href)
      return { opened: true }
    },
    'library:get-stats': () => images.stats(),
    // The window's file tokens become the paths the user gave; a path from the window is refused.
    'generation:start': (params) => generation.start(grants.toCoreParams(params)),
    'files:grant-path': (path) => grants.grant(path),
    // Ready on drop: checked, downscaled and stored now, so Generate only links it.
    'references:prepare': async (source) => {
      const parsed = referenceSourceSchema.safeParse(grants.toCoreReference(source))
      if (!parsed.success) throw new ValidationError(parsed.error.issues[0]?.message ?? 'Not a reference')
      // Recall from files: what a dropped file's metadata (or its library recipe) says, read from the bytes as given.
      let offer: SettingsOffer | null = null
      const inspect = (raw: Buffer, libraryImageId: number | null): void => {
        try {
          offer = recallOffer(raw, libraryImageId, { ...recallDeps, model: options.settingsOverride?.model ?? settings.get().model })
        } catch (error) {
          options.log.warn('could not read the settings a dropped image carries', { error: serializeError(error) })
        }
      }
      const info = refs.describe(await refs.prepare(parsed.data, undefined, parsed.data.kind === 'image' ? undefined : inspect))
      // Uploaded in the background now, so the Generate that uses it does not wait for the upload.
      refs.preupload(info.referenceId, (error) => options.log.warn('background reference upload failed; Generate will try again', { error: serializeError(error) }))
      return { ...info, offer }
    },
    ...desktopHandlers({ media, log: options.log.child('desktop'), ...(options.desktop ? { desktop: options.desktop } : {}) }),
    'generation:cancel': (id) => generation.cancel(id),
    'generation:list': () => generation.list(),
    'generation:get-images': (id) => generation.images(id),
    'generation:get-recipe': (id) => generation.recipe(id),
    'generation:run-again': (id) => generation.runAgain(id),
    'generation:resume': (id) => generation.resumeStopped(id),
    'generation:clear-finished': () => generation.clearFinished(),
    'account:get-balance': () => balance(),
    'library:page': (view, cursor, limit) => queries.page(view, cursor, limit),
    'library:count': (view) => queries.count(view),
    'library:id-list': async (view) => {
      const ids = await queries.idList(view)
      return { ids, total: ids.length }
    },
    'library:month-counts': (view) => queries.monthCounts(view),
    'library:get-images': (ids) => queries.images(ids),
    'library:swatches': (ids) => queries.swatches(ids),
    'library:set-favorite': (ids, favorite) => library.setFavorite(ids, favorite),
    'library:set-rating': (ids, rating) => library.setRating(ids, rating),
    'library:set-note': (id, note) => library.setNote(id, note),
    'library:add-tags': (ids, tags) => library.addTags(ids, tags),
    'library:remove-tags': (ids, tags) => library.removeTags(ids, tags),
    'library:list-tags': () => library.tags(),
    'library:trash': (ids) => library.trash(ids),
    'library:restore': (ids) => library.restore(ids),
    'library:empty-trash': () => library.emptyTrash(),
    'library:delete-forever': (ids) => library.deleteForever(ids),
    'library:lineage': (id) => ({ ancestors: library.ancestors(id), descendants: library.descendants(id), references: library.references(id) }),
    'library:list-collections': () => library.collections(),
    'library:create-collection': (name) => library.createCollection(name),
    'library:rename-collection': (id, name) => library.renameCollection(id, name),
    'library:delete-collection': (id) => library.deleteCollection(id),
    'library:add-to-collection': (id, ids) => library.addToCollection(id, ids),
    'library:remove-from-collection': (id, ids) => library.removeFromCollection(id, ids),
    'library:collection-membership': (ids) => library.collectionMembership(ids),
    // Up to 1000 days (or months): a 365-day chart is never cut short.
    'library:cost-totals': (by, range) => library.costTotals(by, range, by === 'day' || by === 'month' ? 1000 : 100),
    'library:prompts': (prefix, limit) => library.prompts(prefix, limit),
    'library:prompt-list': (query) => library.promptList(query),
    'library:list-saved-searches': () => library.savedSearches(),
    'library:save-search': (name, query) => library.saveSearch(name, query),
    'library:delete-saved-search': (id) => library.deleteSavedSearch(id),
    'library:rename-saved-search': (id, name) => library.renameSavedSearch(id, name),
    'library:reorder-saved-searches': (ids) => library.reorderSavedSearches(ids),
    ...exportHandlers({
      service: exports,
      grants,
      settings: new SettingsRepo(db, journal),
      emit: (p) => emit('export:progress', p),
      log: options.log.child('export'),
      ...(options.chooseFolder ? { chooseFolder: options.chooseFolder } : {}),
      ...(options.chooseFile ? { chooseFile: options.chooseFile } : {})
    }),
    ...backups.handlers
  }
  if (options.autoRecover !== false) generation.recover()

  return {
    paths,
    db,
    journal,
    settings,
    images,
    store,
    client,
    generation,
    library,
    queries,
    exports,
    handlers,
    router: createRouter(handlers, options.log.child('ipc')),
    media,
    doctor: (opts) => runDoctor({ db, paths, journal, store, repo: generationsRepo }, opts),
    colors,
    close: async () => {
      await colors?.stop()
      changes?.close()
      await generation.shutdown()
      await exports.shutdown()
      await backups.shutdown()
      await queries.close()
      await journal.flush()
      journal.close()
      db.close()
    }
  }
}
