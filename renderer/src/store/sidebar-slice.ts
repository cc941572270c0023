/**
 * The sidebar's smart entries: saved searches (kept in the library by main, in
 * the order the person gives them) and tags with their image counts. Choosing
 * one shows All images with that search in the search box, so what the gallery
 * shows is always what the search box says.
 */
import type { SavedSearch } from '../../../electron/shared/library'
import { filterToken } from '../../../electron/shared/query-language'
import { type ApiError, api, call, toApiError } from '../api'
import type { AppState, SliceCreator } from './types'

export interface TagCount {
  name: string
  images: number
}

export interface SidebarSlice {
  savedSearches: SavedSearch[]
  tags: TagCount[]
  loadSavedSearches(): Promise<void>
  loadTags(): Promise<void>
  /** Saves (or, by name, replaces) a search; resolves it, or the error (validation errors are left to the caller to show). */
  saveSearch(name: string, query: string): Promise<SavedSearch | ApiError>
  /** Resolves null when renamed, else the error (validation errors are left to the caller to show). */
  renameSavedSearch(id: number, name: string): Promise<ApiError | null>
  /** Deletes a saved search; the toast offers Undo (saved again in its place). */
  deleteSavedSearch(id: number): Promise<void>
  /** One place up (−1) or down (+1). */
  moveSavedSearch(id: number, step: -1 | 1): Promise<void>
  /** To the place `target` has now (a drag onto another saved search). */
  moveSavedSearchTo(id: number, target: number): Promise<void>
  /** Shows All images with this search in the search box (a saved search, a tag). */
  showSearch(query: string): void
}

/** The search a tag in the sidebar stands for. */
export const tagSearch = (name: string): string => filterToken('tag', name)

/**
 * The search All images shows when it is one the sidebar lists (a saved search or
 * a tag), so that entry, not All images, is the current one; null otherwise.
 */
export function sidebarSearchShown(s: Pick<AppState, 'activeSection' | 'activeCollectionId' | 'galleryQuery' | 'savedSearches' | 'tags'>): string | null {
  if (s.activeSection !== 'all' || s.activeCollectionId !== null) return null
  const q = s.galleryQuery.trim()
  if (q === '') return null
  return s.savedSearches.some((x) => x.query.trim() === q) || s.tags.some((t) => tagSearch(t.name) === q) ? q : null
}

export const createSidebarSlice: SliceCreator<SidebarSlice> = (set, get) => {
  async function reorder(ids: number[]): Promise<boolean> {
    try {
      set({ savedSearches: await call(() => api.library.reorderSavedSearches(ids)) })
      return true
    } catch (error) {
      get().reportError("Couldn't reorder the saved searches", error)
      // The list may have changed elsewhere: show main's.
      void get().loadSavedSearches()
      return false
    }
  }

  return {
    savedSearches: [],
    tags: [],

    async loadSavedSearches() {
      try {
        set({ savedSearches: await call(() => api.library.savedSearches()) })
      } catch (error) {
        get().reportError("Couldn't load the saved searches", error)
      }
    },

    async loadTags() {
      try {
        set({ tags: await call(() => api.library.tags()) })
      } catch (error) {
        // Tags follow every organise change; a failed refresh keeps the last list.
        console.warn("Couldn't load the tags", error)
      }
    },

    async saveSearch(name, query) {
      let saved: SavedSearch
      try {
        saved = await call(() => api.library.saveSearch(name, query))
      } catch (error) {
        const apiError = toApiError(error)
        if (apiError.code !== 'VALIDATION') get().reportError("Couldn't save the search", apiError)
        return apiError
      }
      set((s) => ({
        savedSearches: s.savedSearches.some((x) => x.id === saved.id) ? s.savedSearches.map((x) => (x.id === saved.id ? saved : x)) : [...s.savedSearches, saved]
      }))
      get().showToast({ tone: 'info', title: `Saved the search ${saved.name}`, message: 'It is in the sidebar under Saved searches.' })
      return saved
    },

    async renameSavedSearch(id, name) {
      try {
        await call(() => api.library.renameSavedSearch(id, name))
      } catch (error) {
        const apiError = toApiError(error)
        if (apiError.code !== 'VALIDATION') get().reportError("Couldn't rename the saved search", apiError)
        return apiError
      }
      const clean = name.trim().replace(/\s+/g, ' ')
      set((s) => ({ savedSearches: s.savedSearches.map((x) => (x.id === id ? { ...x, name: clean } : x)) }))
      return null
    },

    async deleteSavedSearch(id) {
      const before = get().savedSearches
      const gone = before.find((x) => x.id === id)
      try {
        await call(() => api.library.deleteSavedSearch(id))
      } catch (error) {
        get().reportError("Couldn't delete the saved search", error)
        return
      }
      set((s) => ({ savedSearches: s.savedSearches.filter((x) => x.id !== id) }))
      if (!gone) return
      const undo = async (): Promise<void> => {
        const again = await get().saveSearch(gone.name, gone.query)
        if (!('id' in again)) return
        // Back in its old place: the old order with the new id where the old one was.
        const order = before.map((x) => (x.id === id ? again.id : x.id))
        const known = new Set(get().savedSearches.map((x) => x.id))
        if (order.every((x) => known.has(x)) && order.length === known.size) await reorder(order)
      }
      get().showToast({ tone: 'info', title: `Deleted the saved search ${gone.name}`, action: { label: 'Undo', run: () => void undo() } })
    },

    async moveSavedSearch(id, step) {
      const ids = get().savedSearches.map((x) => x.id)
      const to = ids.indexOf(id) + step
      if (ids.includes(id) && to >= 0 && to < ids.length) await get().moveSavedSearchTo(id, ids[to]!)
    },

    async moveSavedSearchTo(id, target) {
      const ids = get().savedSearches.map((x) => x.id)
      const from = ids.indexOf(id)
      const to = ids.indexOf(target)
      if (from < 0 || to < 0 || from === to) return
      ids.splice(from, 1)
      ids.splice(to, 0, id)
      // Moved at once; main's answer confirms (or a failure reloads its list).
      const byId = new Map(get().savedSearches.map((x) => [x.id, x]))
      set({ savedSearches: ids.map((x) => byId.get(x)!) })
      await reorder(ids)
    },

    showSearch(query) {
      get().setActiveSection('all')
      get().setGalleryQuery(query)
    }
  }
}
