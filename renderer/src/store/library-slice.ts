import type { LibraryStats } from '../../../electron/shared/domain'
import { api, call } from '../api'
import type { SliceCreator } from './types'

export interface LibrarySlice {
  /** Counts for the sidebar and gallery header; null until the first load. */
  stats: LibraryStats | null
  /** Why the last stats load failed; cleared by the next success. */
  statsError: string | null
  loadStats(): Promise<void>
  /** Counts that came with a push from main (library:changed carries them). */
  setStats(stats: LibraryStats): void
}

let statsRequest = 0

export const createLibrarySlice: SliceCreator<LibrarySlice> = (set, get) => ({
  stats: null,
  statsError: null,

  setStats(stats) {
    // A push is newer than any stats answer still on its way.
    statsRequest++
    set({ stats, statsError: null })
  },

  async loadStats() {
    // library:changed can fire in bursts: only the newest answer is applied.
    const request = ++statsRequest
    try {
      const stats = await call(() => api.library.stats())
      if (request === statsRequest) set({ stats, statsError: null })
    } catch (error) {
      if (request !== statsRequest) return
      const reported = get().reportError("Couldn't load the library", error)
      set({ statsError: reported.message })
    }
  }
})
