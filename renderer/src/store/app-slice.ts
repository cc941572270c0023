import type { StoreApi } from 'zustand'
import type { AppInfo } from '../../../electron/shared/domain'
import type { StartupHealth } from '../../../electron/shared/health'
import { api, call } from '../api'
import type { AppState, SliceCreator } from './types'

export interface AppSlice {
  /** Name, version, runtime versions and data folder; null until loaded. */
  info: AppInfo | null
  /** Why `info` could not be loaded, for the About box. */
  infoError: string | null
  loadInfo(): Promise<void>
  /** The library check main ran at start-up (`app:get-health`); null until loaded. */
  health: StartupHealth | null
  /** Loads it and says what it found in a toast: problems always, a rebuild from the journal too; nothing when all is well. */
  checkHealth(): Promise<void>
  /**
   * Loads everything the shell shows at start-up, in parallel, then the balance
   * (it needs the key status), and asks for the library check once the gallery's
   * first view has landed. Never throws. The job list is loaded by the IPC
   * bridge, right after it subscribes to progress events.
   */
  bootstrap(): Promise<void>
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** The longest the library check waits for the gallery's first view. */
const CHECK_WAITS_MS = 3000

/**
 * Resolves once the gallery's view has landed (its whole id list, or its failure),
 * or after `CHECK_WAITS_MS`: main starts the start-up library check when asked, and
 * that check reads the whole database file (a core for seconds at a million
 * images), so it waits for the first screenful instead of competing with it.
 */
function galleryLanded(store: StoreApi<AppState>): Promise<void> {
  const landed = (s: AppState): boolean => s.galleryLoaded && (s.galleryCount !== null || s.galleryLoadError !== null || s.galleryQueryError !== null)
  if (landed(store.getState())) return Promise.resolve()
  return new Promise((done) => {
    const finish = (): void => {
      clearTimeout(timer)
      stop()
      done()
    }
    const timer = setTimeout(finish, CHECK_WAITS_MS)
    const stop = store.subscribe((s) => {
      if (landed(s)) finish()
    })
  })
}

export const createAppSlice: SliceCreator<AppSlice> = (set, get, store) => ({
  info: null,
  infoError: null,
  health: null,

  async loadInfo() {
    try {
      const info = await call(() => api.app.getInfo())
      set({ info, infoError: null })
    } catch (error) {
      const reported = get().reportError("Couldn't load app information", error)
      set({ infoError: reported.message })
    }
  },

  async checkHealth() {
    let health: StartupHealth
    try {
      health = await call(() => api.app.getHealth())
    } catch (error) {
      get().reportError("Couldn't check the library", error)
      return
    }
    set({ health })
    const restored = health.restoredFromJournal
    if (restored) {
      get().showToast({
        tone: 'info',
        title: 'The library was rebuilt from its journal',
        message: `library.db was missing, so ${plural(restored.generations, 'generation')} and ${plural(restored.images, 'image')} were restored from the journal.`
      })
    }
    const { problems } = health.report
    if (problems.length > 0) {
      const more = problems.length > 2 ? ` (and ${problems.length - 2} more)` : ''
      get().showToast({
        tone: 'error',
        title: `The library check found ${plural(problems.length, 'problem')}`,
        message: `${problems.slice(0, 2).join('; ')}${more}. Details: imagine doctor, and the log.`
      })
    }
  },

  async bootstrap() {
    const s = get()
    const check = galleryLanded(store).then(() => get().checkHealth())
    await Promise.all([s.loadInfo(), s.loadSettings(), s.loadApiKeyStatus(), s.loadStats(), s.loadCollections(), s.loadSavedSearches(), s.loadTags()])
    await Promise.all([get().loadBalance(), get().loadSpendSummary(), check])
  }
})
