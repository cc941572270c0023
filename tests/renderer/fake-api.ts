/**
 * An in-memory `Api` for renderer tests. It behaves like main where it matters
 * (validates arguments with the real zod schemas, keeps state between calls),
 * records every call, lets a test push menu commands and library events, and
 * can make any call fail with a given error. The library calls are answered by
 * the real core on a temp folder (core-library.ts), whose change feed publishes.
 */
import type { Api } from '../../electron/shared/api'
import type { AccountBalance, ApiKeyCheck, ApiKeyStatus, AppInfo, LibraryChanged, LibraryStats, MenuCommand, Settings } from '../../electron/shared/domain'
import { checkGenerationParams, type GenerationParamsInput, type GenerationRecipe, type WindowGenerationRequest } from '../../electron/shared/generation'
import { FINAL_STATUSES, type JobImage, type JobProgress, type JobReveal } from '../../electron/shared/jobs'
import type { IpcError, Result } from '../../electron/shared/result'
import { invokeArgSchemas } from '../../electron/shared/schemas'
import type { CostTotal, LibraryImage, PromptStat } from '../../electron/shared/library'
import type { PromptListQuery, PromptPage } from '../../electron/shared/prompts'
import { localDayKey, type CostGrouping, type CostRange } from '../../electron/shared/spend'
import { DEFAULT_EXPORT_SETTINGS, presetKey, type ContentCredentialsInfo, type CredentialFile, type ExportPreset, type ExportProgress, type ExportSettings, type LastExport } from '../../electron/shared/export'
import { RECALLED_FIELDS, type PreparedReferenceResult, type SettingsOffer } from '../../electron/shared/recall'
import type { BackupProgress, LastBackup } from '../../electron/shared/backup'
import { CoreLibrary } from './core-library'
import type { HealthReport, StartupHealth } from '../../electron/shared/health'

type Methods<K extends keyof Api> = {
  [M in keyof Api[K] & string]: M extends `on${string}` | 'rendererReady' | 'grantFile' | 'imageUrl' | 'thumbUrl' ? never : `${K}.${M}`
}[keyof Api[K] & string]

/** Every invoke-backed method as "domain.method", e.g. 'library.page'. */
const NO_CREDENTIALS: ContentCredentialsInfo = { certificateFile: null, keyFile: null, subject: null, issuer: null, validTo: null, problem: 'No certificate is set.' }

export type FakeMethod = { [K in keyof Api]: Methods<K> }[keyof Api]

export interface FakeCall {
  method: FakeMethod | 'app.rendererReady'
  args: unknown[]
}

export interface FakeApiOptions {
  info?: Partial<AppInfo>
  settings?: Partial<Settings>
  apiKeyStatus?: ApiKeyStatus
  stats?: Partial<LibraryStats>
  /** What `generation.list` answers, newest first. */
  jobs?: JobProgress[]
  /** What `generation.images` answers, by generation id. */
  images?: Record<number, JobImage[]>
  balance?: AccountBalance
  /** The library's images; then `library.stats` is computed from them unless `stats` is given. */
  library?: LibraryImage[]
  /** Generations with their costs, for `library.costTotals`. */
  ledger?: LedgerEntry[]
  /** The prompt library (`library.prompts`, `library.promptList`), one row per distinct prompt. */
  prompts?: PromptStat[]
}

/** A prompt library row with sensible defaults; pass what the test cares about. */
export function makePromptStat(p: Partial<PromptStat> & { prompt: string }): PromptStat {
  return { uses: 1, lastUsedAt: Date.UTC(2026, 10, 1), totalCostUsd: 0.02, lastGenerationId: 1, bestImageId: null, bestRating: null, ...p }
}

/** `library:prompts` as the core answers it: prompts starting with the prefix (exactly), most recently used first. */
export function fakePrompts(stats: readonly PromptStat[], prefix: string, limit: number): PromptStat[] {
  return stats
    .filter((s) => s.prompt.startsWith(prefix))
    .sort((a, b) => b.lastUsedAt - a.lastUsedAt)
    .slice(0, limit)
}

/** `library:prompt-list` as the core answers it: containing the filter (ASCII case aside), in the order asked for. */
export function fakePromptList(stats: readonly PromptStat[], q: PromptListQuery): PromptPage {
  const f = q.filter.toLowerCase()
  const key = (s: PromptStat): number | string => (q.sort === 'uses' ? s.uses : q.sort === 'cost' ? s.totalCostUsd : q.sort === 'prompt' ? s.prompt : s.lastUsedAt)
  const sorted = stats
    .filter((s) => s.prompt.toLowerCase().includes(f))
    .sort((a, b) => {
      const [ka, kb] = [key(a), key(b)]
      const d = ka < kb ? -1 : ka > kb ? 1 : a.lastUsedAt - b.lastUsedAt
      return q.direction === 'asc' ? d : -d
    })
  return { rows: sorted.slice(q.offset, q.offset + q.limit), hasMore: sorted.length > q.offset + q.limit }
}

/** One generation in the fake's cost ledger. */
export interface LedgerEntry {
  prompt: string
  createdAt: number
  costUsd: number
  images?: number
  /** The collections its images are in. */
  collections?: string[]
}

/** `library:cost-totals` as the core answers it (local days and months, newest first; the rest by cost). */
export function fakeCostTotals(ledger: readonly LedgerEntry[], by: CostGrouping, range: CostRange = {}): CostTotal[] {
  const from = range.from ?? 0
  const to = range.to ?? Number.MAX_SAFE_INTEGER
  const groups = new Map<string, CostTotal>()
  for (const e of ledger) {
    if (e.createdAt < from || e.createdAt >= to) continue
    const keys = by === 'day' ? [localDayKey(e.createdAt)] : by === 'month' ? [localDayKey(e.createdAt).slice(0, 7)] : by === 'prompt' ? [e.prompt] : (e.collections ?? [])
    for (const key of keys) {
      const g = groups.get(key) ?? { key, costUsd: 0, images: 0, generations: 0 }
      g.costUsd += e.costUsd
      g.images += e.images ?? 1
      g.generations += 1
      groups.set(key, g)
    }
  }
  const out = [...groups.values()]
  return by === 'day' || by === 'month' ? out.sort((a, b) => (a.key < b.key ? 1 : -1)) : out.sort((a, b) => b.costUsd - a.costUsd || a.key.localeCompare(b.key))
}

/** A job snapshot with sensible defaults; pass what the test cares about. */
export function makeJob(patch: Partial<JobProgress> & { generationId: number }): JobProgress {
  return {
    taskUUID: `task-${patch.generationId}`,
    prompt: `prompt ${patch.generationId}`,
    status: 'running',
    imagesDone: 0,
    imagesTotal: 1,
    elapsedMs: 1000,
    costUsd: null,
    waitingForNetwork: false,
    retries: 0,
    ...patch
  }
}

/** `count` stored images with ids from `firstId`. */
export function makeImages(firstId: number, count: number): JobImage[] {
  return Array.from({ length: count }, (_, i) => ({
    imageId: firstId + i,
    sha256: `sha-${firstId + i}`,
    path: `/library/images/${firstId + i}.jpg`,
    width: 1024,
    height: 1024,
    format: 'jpg' as const,
    bytes: 123_456
  }))
}

export const NO_KEY: ApiKeyStatus = { set: false, source: 'none', persistent: true, osProtected: true }
export const KEYCHAIN_KEY: ApiKeyStatus = { set: true, source: 'keychain', persistent: true, osProtected: true }
export const ENV_KEY: ApiKeyStatus = { set: true, source: 'environment', persistent: true, osProtected: true }

const DEFAULT_INFO: AppInfo = {
  name: 'Imagine Studio',
  version: '0.1.0',
  dataDir: '/tmp/imagine-studio-test',
  logsDir: '/tmp/imagine-studio-test/logs',
  platform: 'linux',
  versions: { app: '0.1.0', electron: '45.5.0', chrome: '148.0.0.0', node: '24.11.0', sqlite: '3.50.4' },
  shell: 'electron'
}

const DEFAULT_SETTINGS: Settings = { theme: 'system', model: 'xai:grok-imagine@image', concurrency: 2, sidebarCollapsed: false, thumbnailSize: 'medium', thumbnailFit: 'square', spellcheck: false, promptDefaults: { aspect: 'auto', count: 1, outputFormat: 'JPG', outputQuality: 95, safetyCheck: false }, dailyBudgetUsd: null, notifications: true }

function validationError(issue: { message: string; path: PropertyKey[] } | undefined): IpcError {
  return { code: 'VALIDATION', message: issue?.message ?? 'Invalid input', field: issue?.path.map(String).join('.') }
}

/** A start-up check that found nothing wrong; tests patch it to show problems. */
export function healthyReport(patch: Partial<HealthReport> = {}): HealthReport {
  return {
    ok: true,
    quick: true,
    checkedAt: 0,
    problems: [],
    fixed: [],
    sqlite: { ok: true, messages: [], foreignKeyProblems: 0 },
    files: { images: 0, checked: 0, references: 0, missing: [], changed: [], thumbnailsMissing: 0, orphans: [], movedToLostFound: [], orphanThumbnails: 0, tempFilesRemoved: 0 },
    jobs: { unfinished: [] },
    journal: { enabled: true, lastSeq: 0, databaseSeq: 0, torn: 0, corrupt: 0, gaps: [], unjournaled: { generations: 0, images: 0 }, notInDatabase: { generations: 0, images: 0 } },
    ...patch
  }
}

export class FakeApi {
  /** What `app.getHealth` answers. */
  health: StartupHealth = { report: healthyReport(), restoredFromJournal: null }
  info: AppInfo
  settings: Settings
  apiKeyStatus: ApiKeyStatus
  stats: LibraryStats
  /** Jobs main knows about: `generation.list` answers with these, newest first. */
  jobs: JobProgress[]
  images: Record<number, JobImage[]>
  balance: AccountBalance
  /** What the key check says when a key is saved (a refusal is a failNext with API_AUTH); accepted with `balance` by default. */
  keyCheck: ApiKeyCheck | null = null
  ledger: LedgerEntry[]
  /** The real core's library behind the browsing and organising calls. */
  readonly library: CoreLibrary
  /** Whether `library.stats` answers from `library` (else from `stats`). */
  statsFromLibrary: boolean
  /** Ids `generation.start` hands out. */
  nextGenerationId = 100
  /** Whether `generation.start` publishes a queued snapshot before it answers, as main does. */
  emitOnStart = true
  /** The last key main accepted; tests check it never leaks into the DOM. */
  storedKey: string | null = null
  readonly calls: FakeCall[] = []
  /** Subscriptions, readiness and calls in the order they happened ("subscribe:progress", "app.rendererReady", "generation.list"). */
  readonly timeline: string[] = []
  unsubscribeCount = 0
  /** The named export presets main keeps (saved and deleted as main does: by name, case-insensitively, sorted). */
  exportPresets: ExportPreset[] = []
  /** What main remembers as the last used export settings. */
  exportLastSettings: ExportSettings = DEFAULT_EXPORT_SETTINGS
  /** What main remembers of the last export (an earlier session's), for Export again. */
  exportLastExport: LastExport | null = null
  private exportCount = 0
  private readonly failures = new Map<FakeMethod, IpcError[]>()
  private readonly menuListeners = new Set<(c: MenuCommand) => void>()
  private readonly libraryListeners = new Set<(c: LibraryChanged) => void>()
  private readonly progressListeners = new Set<(p: JobProgress) => void>()
  private readonly revealListeners = new Set<(r: JobReveal) => void>()
  private readonly exportListeners = new Set<(p: ExportProgress) => void>()
  private readonly gates = new Map<FakeMethod, Promise<void>[]>()
  readonly api: Api

  constructor(options: FakeApiOptions = {}) {
    this.info = { ...DEFAULT_INFO, ...options.info }
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings }
    this.apiKeyStatus = options.apiKeyStatus ?? NO_KEY
    this.stats = { images: 0, generations: 0, trashed: 0, favourites: 0, ...options.stats }
    this.jobs = options.jobs ?? []
    this.images = options.images ?? {}
    this.balance = options.balance ?? { amount: 12.5, currency: 'USD' }
    this.library = new CoreLibrary(options.library, (change) => this.publishLibraryChanged(change))
    this.ledger = options.ledger ?? []
    this.promptLibrary = options.prompts ?? []
    this.statsFromLibrary = options.library !== undefined && options.stats === undefined
    this.api = this.build()
  }

  /** Makes the next call to `method` fail with `error` (queue several for several calls). */
  failNext(method: FakeMethod, error: IpcError): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error])
  }

  /**
   * Holds the next call to `method` until the returned function is called, so a
   * test can look at the UI while the call is pending.
   */
  holdNext(method: FakeMethod): () => void {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    this.gates.set(method, [...(this.gates.get(method) ?? []), gate])
    return release
  }

  /** Publishes a progress snapshot to the renderer, like main's generation:progress event. */
  emitProgress(progress: JobProgress): void {
    const i = this.jobs.findIndex((j) => j.generationId === progress.generationId)
    if (i >= 0) this.jobs[i] = progress
    else this.jobs = [progress, ...this.jobs]
    for (const cb of this.progressListeners) cb(structuredClone(progress))
  }

  /** Like main's generation:reveal: the person clicked a job's desktop notification. */
  emitReveal(reveal: JobReveal): void {
    for (const cb of this.revealListeners) cb(structuredClone(reveal))
  }

  emitMenuCommand(command: MenuCommand): void {
    for (const cb of this.menuListeners) cb(command)
  }

  /** Pushes a change; like main, the push carries the counts as they are now unless given. */
  emitLibraryChanged(change: Omit<LibraryChanged, 'stats'> & { stats?: LibraryStats }): void {
    const full: LibraryChanged = { ...change, stats: change.stats ?? (this.statsFromLibrary ? this.library.stats() : this.stats) }
    for (const cb of this.libraryListeners) cb(structuredClone(full))
  }

  /** The core's own push; counts a test set by hand (`stats`) stand in for the library's. */
  private publishLibraryChanged(change: LibraryChanged): void {
    this.emitLibraryChanged(this.statsFromLibrary ? change : { ...change, stats: this.stats })
  }

  listenerCount(): number {
    return this.menuListeners.size + this.libraryListeners.size + this.progressListeners.size + this.revealListeners.size + this.exportListeners.size + this.backupListeners.size
  }

  progressListenerCount(): number {
    return this.progressListeners.size
  }

  /** Arguments of every call to `method`, oldest first. */
  callsTo(method: FakeCall['method']): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args)
  }

  private respond<T>(method: FakeMethod, args: unknown[], produce: () => Result<T> | Promise<Result<T>>): Promise<Result<T>> {
    this.calls.push({ method, args: structuredClone(args) })
    this.timeline.push(method)
    const failure = this.failures.get(method)?.shift()
    const gate = this.gates.get(method)?.shift()
    // Copy like contextBridge does, so the renderer cannot mutate fake state by reference.
    const answer = async (): Promise<Result<T>> => (failure ? { ok: false, error: failure } : structuredClone(await produce()))
    return gate ? gate.then(answer) : answer()
  }

  /** The prompt library behind `library.prompts` and `library.promptList`. */
  promptLibrary: PromptStat[]

  /** What `generation.recipe` answers, by generation id. */
  recipes: Record<number, GenerationRecipe> = {}

  /**
   * When set, a prepared file or bytes reference is this library image (recall by content),
   * and offers its recipe (from `recipes`) as main does.
   */
  recallImageId: number | null = null

  /** The settings offer a prepared file or bytes reference carries (its metadata), unless it is a library image. */
  fileOffer: SettingsOffer | null = null

  /** The library image's offer, as main makes it from the image's recipe. */
  private libraryOffer(imageId: number): SettingsOffer | null {
    const generationId = this.library.image(imageId)?.generationId
    const recipe = generationId == null ? undefined : this.recipes[generationId]
    if (!recipe) return null
    const settings = Object.fromEntries(RECALLED_FIELDS.filter((k) => recipe[k] !== undefined).map((k) => [k, recipe[k]]))
    return { source: 'library', imageId, settings, complete: true, ignored: [], message: null }
  }

  /** What `export.credentials` answers: none set until a test sets some (or picks files). */
  credentials: ContentCredentialsInfo = { ...NO_CREDENTIALS }
  /** What the credentials file dialog answers per file (null: dismissed): the file's name and, once both are set, a signer. */
  credentialPicks: Record<CredentialFile, string | null> = { certificate: 'chain.pem', key: 'signer.key' }

  /** What `backup.status` answers as the last backup. */
  lastBackup: LastBackup | null = null
  backupRunning: { backupId: string } | null = null
  /** What the backup folder dialog answers (null: dismissed). */
  backupFolder: { token: string; name: string } | null = { token: 'backup-folder-token', name: 'Backups' }
  private backupCount = 0
  private readonly backupListeners = new Set<(p: BackupProgress) => void>()

  /** Pushes a backup progress event, as main does while a backup runs; a final one ends it. */
  emitBackupProgress(progress: BackupProgress): void {
    if (progress.final) this.backupRunning = null
    for (const cb of this.backupListeners) cb(progress)
  }

  /** Pushes an export progress event, as main does while an export runs. */
  emitExportProgress(progress: ExportProgress): void {
    for (const cb of this.exportListeners) cb(progress)
  }

  /** Ids `references.prepare` hands out. */
  nextReferenceId = 500

  /** Prepares a reference the way main does, as far as a test needs: PNG or JPEG bytes, a URL, a library image. */
  private prepare(source: Parameters<Api['references']['prepare']>[0]): Result<PreparedReferenceResult> {
    const base = { referenceId: this.nextReferenceId, sha256: `sha-${this.nextReferenceId}`, width: 640, height: 480, format: 'jpg' as const, bytes: 48_000, libraryImageId: null, offer: null }
    if (source.kind === 'bytes') {
      const d = source.data
      const png = d[0] === 0x89 && d[1] === 0x50 && d[2] === 0x4e && d[3] === 0x47
      const jpeg = d[0] === 0xff && d[1] === 0xd8
      if (!png && !jpeg) return { ok: false, error: { code: 'BAD_IMAGE', message: `${source.name} is not an image this app can read (use PNG, JPEG or WebP).` } }
      this.nextReferenceId++
      const offer = this.recallImageId === null ? this.fileOffer : this.libraryOffer(this.recallImageId)
      return { ok: true, value: { ...base, format: png ? 'png' : 'jpg', label: source.name, sourceKind: 'bytes', libraryImageId: this.recallImageId, offer } }
    }
    if (source.kind === 'url') {
      this.nextReferenceId++
      return { ok: true, value: { ...base, label: source.url, sourceKind: 'url' } }
    }
    if (source.kind === 'image') {
      this.nextReferenceId++
      return { ok: true, value: { ...base, label: `Library image #${source.imageId}`, sourceKind: 'image', libraryImageId: source.imageId } }
    }
    return { ok: false, error: { code: 'VALIDATION', message: 'That file was not given to the app in this session: drop it or choose it again.' } }
  }

  /** Checks and records a start the way main's generation service does. */
  private start(request: WindowGenerationRequest): Result<{ generationId: number; taskUUID: string }> {
    // Main resolves the window's references (tokens, prepared ids, bytes); the fake checks only their number.
    const { references, ...rest } = request
    const params: GenerationParamsInput = references ? { ...rest, references: references.map((_r, i) => ({ kind: 'image' as const, imageId: i + 1 })) } : rest
    const check = checkGenerationParams(this.settings.model, params)
    if (!check.ok) return { ok: false, error: { code: 'VALIDATION', message: check.message, field: check.field } }
    if (!this.apiKeyStatus.set) return { ok: false, error: { code: 'NO_API_KEY', message: 'Add your Runware API key in Settings to generate.' } }
    const generationId = this.nextGenerationId++
    const taskUUID = `task-${generationId}`
    const job = makeJob({ generationId, taskUUID, prompt: check.params.prompt, status: 'queued', imagesTotal: check.params.numberResults, elapsedMs: 0 })
    if (this.emitOnStart) this.emitProgress(job)
    else this.jobs = [job, ...this.jobs]
    return { ok: true, value: { generationId, taskUUID } }
  }

  private cancel(generationId: number): Result<JobProgress> {
    const job = this.jobs.find((j) => j.generationId === generationId)
    if (!job) return { ok: false, error: { code: 'NOT_FOUND', message: `There is no generation #${generationId}` } }
    if (FINAL_STATUSES.includes(job.status)) return { ok: true, value: job }
    const canceled: JobProgress = { ...job, status: 'canceled', message: 'Canceled before anything was sent.' }
    this.emitProgress(canceled)
    return { ok: true, value: canceled }
  }

  private subscribe<T>(name: string, set: Set<(v: T) => void>, cb: (v: T) => void): () => void {
    this.timeline.push(`subscribe:${name}`)
    set.add(cb)
    return () => {
      if (set.delete(cb)) this.unsubscribeCount++
    }
  }

  private build(): Api {
    return {
      app: {
        getInfo: () => this.respond('app.getInfo', [], () => ({ ok: true, value: this.info })),
        rendererReady: () => {
          this.calls.push({ method: 'app.rendererReady', args: [] })
          this.timeline.push('app.rendererReady')
        },
        onMenuCommand: (cb) => this.subscribe('menu', this.menuListeners, cb),
        reportError: (report) =>
          this.respond('app.reportError', [report], () => {
            const parsed = invokeArgSchemas['app:report-error'].safeParse([report])
            if (!parsed.success) return { ok: false, error: validationError(parsed.error.issues[0]) }
            return { ok: true, value: { logged: true } }
          }),
        openLogsFolder: () => this.respond('app.openLogsFolder', [], () => ({ ok: true, value: { opened: true } })),
        openDataFolder: () => this.respond('app.openDataFolder', [], () => ({ ok: true, value: { opened: true } })),
        getHealth: () => this.respond('app.getHealth', [], () => ({ ok: true, value: this.health }))
      },
      settings: {
        get: () => this.respond('settings.get', [], () => ({ ok: true, value: this.settings })),
        update: (patch) =>
          this.respond('settings.update', [patch], () => {
            const parsed = invokeArgSchemas['settings:update'].safeParse([patch])
            if (!parsed.success) return { ok: false, error: validationError(parsed.error.issues[0]) }
            this.settings = { ...this.settings, ...parsed.data[0] }
            return { ok: true, value: this.settings }
          })
      },
      secrets: {
        apiKeyStatus: () => this.respond('secrets.apiKeyStatus', [], () => ({ ok: true, value: this.apiKeyStatus })),
        setApiKey: (key) =>
          this.respond('secrets.setApiKey', [key], () => {
            const parsed = invokeArgSchemas['secrets:set-api-key'].safeParse([key])
            if (!parsed.success) return { ok: false, error: validationError(parsed.error.issues[0]) }
            this.storedKey = parsed.data[0]
            this.apiKeyStatus = KEYCHAIN_KEY
            return { ok: true, value: { ...this.apiKeyStatus, check: this.keyCheck ?? { result: 'accepted', balance: this.balance } } }
          }),
        clearApiKey: () =>
          this.respond('secrets.clearApiKey', [], () => {
            this.storedKey = null
            this.apiKeyStatus = NO_KEY
            return { ok: true, value: this.apiKeyStatus }
          })
      },
      shell: {
        openExternal: (url) => this.respond('shell.openExternal', [url], () => ({ ok: true, value: { opened: true } }))
      },
      library: {
        stats: () => this.respond('library.stats', [], () => ({ ok: true, value: this.statsFromLibrary ? this.library.stats() : this.stats })),
        onChanged: (cb) => this.subscribe('library', this.libraryListeners, cb),
        ...this.library.api((method, args, produce) => this.respond(method, args, produce)),
        costTotals: (by, range) => {
          const args = range === undefined ? [by] : [by, range]
          return this.respond('library.costTotals', args, () => {
            const parsed = invokeArgSchemas['library:cost-totals'].safeParse(args)
            if (!parsed.success) return { ok: false, error: validationError(parsed.error.issues[0]) }
            return { ok: true, value: fakeCostTotals(this.ledger, by, range) }
          })
        },
        prompts: (prefix, limit) =>
          this.respond('library.prompts', [prefix, limit], () => {
            const parsed = invokeArgSchemas['library:prompts'].safeParse([prefix, limit])
            if (!parsed.success) return { ok: false, error: validationError(parsed.error.issues[0]) }
            return { ok: true, value: fakePrompts(this.promptLibrary, prefix, limit) }
          }),
        promptList: (query) =>
          this.respond('library.promptList', [query], () => {
            const parsed = invokeArgSchemas['library:prompt-list'].safeParse([query])
            if (!parsed.success) return { ok: false, error: validationError(parsed.error.issues[0]) }
            return { ok: true, value: fakePromptList(this.promptLibrary, query) }
          })
      },
      generation: {
        start: (params) => this.respond('generation.start', [params], () => this.start(params)),
        cancel: (id) => this.respond('generation.cancel', [id], () => this.cancel(id)),
        list: () => this.respond('generation.list', [], () => ({ ok: true, value: this.jobs })),
        clearFinished: () =>
          this.respond('generation.clearFinished', [], () => {
            // Like main: the jobs that ended leave the list for good.
            const ended = this.jobs.filter((j) => ['succeeded', 'failed', 'canceled', 'interrupted'].includes(j.status)).map((j) => j.generationId)
            this.jobs = this.jobs.filter((j) => !ended.includes(j.generationId))
            return { ok: true, value: ended }
          }),
        images: (id) => this.respond('generation.images', [id], () => ({ ok: true, value: this.images[id] ?? [] })),
        recipe: (id) =>
          this.respond('generation.recipe', [id], () => {
            const recipe = this.recipes[id]
            return recipe ? { ok: true, value: recipe } : { ok: false, error: { code: 'NOT_FOUND', message: `There is no generation #${id}` } }
          }),
        runAgain: (id) =>
          this.respond('generation.runAgain', [id], () => {
            const job = this.jobs.find((j) => j.generationId === id)
            return this.start({ prompt: this.recipes[id]?.prompt ?? job?.prompt ?? 'again', numberResults: this.recipes[id]?.numberResults ?? job?.imagesTotal ?? 1 })
          }),
        resume: (id) =>
          this.respond('generation.resume', [id], () => {
            // Like main: only a job the disk stopped goes on, where it was.
            const job = this.jobs.find((j) => j.generationId === id)
            if (!job || job.status !== 'failed' || (job.error?.code !== 'DISK_FULL' && job.error?.code !== 'READ_ONLY')) {
              return { ok: false, error: { code: 'VALIDATION', message: 'Only a job a full or read-only disk stopped can be resumed' } }
            }
            const resumed: JobProgress = { ...job, status: 'downloading', error: undefined, message: undefined }
            this.emitProgress(resumed)
            return { ok: true, value: resumed }
          }),
        onProgress: (cb) => this.subscribe('progress', this.progressListeners, cb),
        onReveal: (cb) => this.subscribe('reveal', this.revealListeners, cb)
      },
      account: {
        balance: () => this.respond('account.balance', [], () => ({ ok: true, value: this.balance }))
      },
      references: {
        prepare: (source) => this.respond('references.prepare', [source], () => this.prepare(source))
      },
      files: {
        // Files made in tests have no path on disk, like a browser drop: the tray sends their bytes.
        grantFile: async () => ({ ok: false, error: { code: 'NO_PATH', message: 'This file has no path on disk.' } })
      },
      desktop: {
        startDrag: (ids) => this.respond('desktop.startDrag', [ids], () => ({ ok: true, value: { files: ids.length, skipped: 0 } })),
        copyImage: (id) => this.respond('desktop.copyImage', [id], () => ({ ok: true, value: undefined })),
        copyText: (text) => this.respond('desktop.copyText', [text], () => ({ ok: true, value: undefined })),
        showInFolder: (id) => this.respond('desktop.showInFolder', [id], () => ({ ok: true, value: undefined }))
      },
      // Simple fakes until the export dialog has tests of its own.
      export: {
        chooseFolder: () => this.respond('export.chooseFolder', [], () => ({ ok: true, value: { token: 'folder-token', name: 'Exports' } })),
        start: (target, options) => this.respond('export.start', [target, options], () => ({ ok: true, value: { exportId: `export-${++this.exportCount}` } })),
        cancel: (id) => this.respond('export.cancel', [id], () => ({ ok: true, value: true })),
        previewNames: (settings, ids, collectionId) => this.respond('export.previewNames', [settings, ids, collectionId], () => ({ ok: true, value: ids.map((id) => `${id}.png`) })),
        lastSettings: () => this.respond('export.lastSettings', [], () => ({ ok: true, value: this.exportLastSettings })),
        lastExport: () => this.respond('export.lastExport', [], () => ({ ok: true, value: this.exportLastExport })),
        presets: () => this.respond('export.presets', [], () => ({ ok: true, value: this.exportPresets })),
        savePreset: (name, settings) =>
          this.respond('export.savePreset', [name, settings], () => {
            const others = this.exportPresets.filter((p) => presetKey(p.name) !== presetKey(name))
            this.exportPresets = [...others, { name, settings }].sort((a, b) => a.name.localeCompare(b.name))
            return { ok: true, value: this.exportPresets }
          }),
        deletePreset: (name) =>
          this.respond('export.deletePreset', [name], () => {
            this.exportPresets = this.exportPresets.filter((p) => presetKey(p.name) !== presetKey(name))
            return { ok: true, value: this.exportPresets }
          }),
        credentials: () => this.respond('export.credentials', [], () => ({ ok: true, value: this.credentials })),
        chooseCredentialsFile: (file) =>
          this.respond('export.chooseCredentialsFile', [file], () => {
            const picked = this.credentialPicks[file]
            if (picked === null) return { ok: true, value: null }
            const next = { ...this.credentials, [file === 'certificate' ? 'certificateFile' : 'keyFile']: picked }
            const complete = next.certificateFile !== null && next.keyFile !== null
            this.credentials = complete
              ? { ...next, subject: 'Test Signer', issuer: 'Test CA', validTo: '2046-01-01T00:00:00.000Z', problem: null }
              : { ...next, problem: next.certificateFile === null ? 'No certificate is set.' : 'No private key is set.' }
            return { ok: true, value: this.credentials }
          }),
        clearCredentials: () => this.respond('export.clearCredentials', [], () => ((this.credentials = { ...NO_CREDENTIALS }), { ok: true, value: this.credentials })),
        onProgress: (cb) => this.subscribe('export', this.exportListeners, cb)
      },
      backup: {
        status: () => this.respond('backup.status', [], () => ({ ok: true, value: { last: this.lastBackup, running: this.backupRunning } })),
        chooseFolder: () => this.respond('backup.chooseFolder', [], () => ({ ok: true, value: this.backupFolder })),
        start: (token) =>
          this.respond('backup.start', [token], () => {
            this.backupRunning = { backupId: `backup-${++this.backupCount}` }
            return { ok: true, value: this.backupRunning }
          }),
        cancel: (id) => this.respond('backup.cancel', [id], () => ({ ok: true, value: this.backupRunning?.backupId === id })),
        onProgress: (cb) => this.subscribe('backup', this.backupListeners, cb)
      },
      media: {
        imageUrl: (id) => `app-image://image/${id}`,
        thumbUrl: (id) => `app-image://thumb/${id}`,
        referenceUrl: (id) => `app-image://ref/${id}`
      }
    }
  }
}
