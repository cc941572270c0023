/**
 * Organising images: favourite, rating, tags, note, collections, trash. Each
 * action asks main, then patches what is shown at once; main's library:changed
 * push follows with the rows and counts, and the gallery re-reads the id list
 * only where membership may have changed (an unfavourited image leaves
 * Favourites, a tagged one joins a tag: search). Failures become toasts.
 */
import type { CollectionInfo, LibraryImage } from '../../../electron/shared/library'
import { type ApiError, api, call, toApiError } from '../api'
import type { SliceCreator } from './types'

export interface OrganiseSlice {
  setFavorite(ids: number[], favorite: boolean): Promise<void>
  setRating(ids: number[], rating: number): Promise<void>
  /** Resolves null when added, else the error (validation errors are left to the caller to show). */
  addTags(ids: number[], tags: string[]): Promise<ApiError | null>
  removeTag(ids: number[], tag: string): Promise<void>
  setNote(id: number, note: string | null): Promise<void>
  trashImages(ids: number[]): Promise<void>
  restoreImages(ids: number[]): Promise<void>
  emptyTrash(): Promise<boolean>
  addToCollection(collectionId: number, ids: number[]): Promise<void>
  /** Creates a collection and adds the images to it; resolves null when done, else the error. */
  createCollectionWith(name: string, ids: number[]): Promise<ApiError | null>
}

const plural = (n: number): string => `${n.toLocaleString()} ${n === 1 ? 'image' : 'images'}`

/** "a, b,, c " → ["a", "b", "c"]: the tag field takes several at once. */
export function splitTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter((t) => t !== ''))]
}

export const createOrganiseSlice: SliceCreator<OrganiseSlice> = (set, get) => {
  const patch = (ids: number[], change: (image: LibraryImage) => LibraryImage): void => get().patchGalleryRows(ids, change)
  const removeShown = (ids: number[]): void => get().removeFromGallery(ids)

  async function attempt(title: string, request: () => Promise<unknown>): Promise<boolean> {
    try {
      await request()
      return true
    } catch (error) {
      get().reportError(title, error)
      return false
    }
  }

  return {
    async setFavorite(ids, favorite) {
      if (ids.length === 0) return
      if (await attempt("Couldn't change favourites", () => call(() => api.library.setFavorite(ids, favorite)))) {
        patch(ids, (i) => ({ ...i, favorite }))
      }
    },

    async setRating(ids, rating) {
      if (ids.length === 0) return
      if (await attempt("Couldn't save the rating", () => call(() => api.library.setRating(ids, rating)))) {
        patch(ids, (i) => ({ ...i, rating }))
      }
    },

    async addTags(ids, tags) {
      if (ids.length === 0 || tags.length === 0) return null
      try {
        await call(() => api.library.addTags(ids, tags))
      } catch (error) {
        const apiError = toApiError(error)
        if (apiError.code !== 'VALIDATION') get().reportError("Couldn't add the tag", apiError)
        return apiError
      }
      patch(ids, (i) => ({ ...i, tags: [...new Set([...i.tags, ...tags])] }))
      return null
    },

    async removeTag(ids, tag) {
      if (await attempt("Couldn't remove the tag", () => call(() => api.library.removeTags(ids, [tag])))) {
        patch(ids, (i) => ({ ...i, tags: i.tags.filter((t) => t !== tag) }))
      }
    },

    async setNote(id, note) {
      const text = note === null || note.trim() === '' ? null : note
      if (await attempt("Couldn't save the note", () => call(() => api.library.setNote(id, text)))) {
        patch([id], (i) => ({ ...i, note: text === null ? null : text.trim() }))
      }
    },

    async trashImages(ids) {
      if (ids.length === 0) return
      if (!(await attempt("Couldn't move to the Trash", () => call(() => api.library.trash(ids))))) return
      removeShown(ids)
      get().showToast({ tone: 'info', title: `Moved ${plural(ids.length)} to the Trash`, message: 'Restore them from the Trash in the sidebar.' })
    },

    async restoreImages(ids) {
      if (ids.length === 0) return
      if (!(await attempt("Couldn't restore", () => call(() => api.library.restore(ids))))) return
      if (get().activeSection === 'trash') removeShown(ids)
      patch(ids, (i) => ({ ...i, trashedAt: null }))
      get().showToast({ tone: 'info', title: `Restored ${plural(ids.length)}` })
    },

    async emptyTrash() {
      try {
        const { removed, refused } = await call(() => api.library.emptyTrash())
        if (get().activeSection === 'trash') get().removeFromGallery('all')
        if (refused.length > 0) {
          // The database named files outside the library (tampered or synced): those files were left alone.
          get().showToast({
            tone: 'error',
            title: `Deleted ${plural(removed)}; ${refused.length} file${refused.length === 1 ? ' was' : 's were'} not deleted`,
            message: `The library pointed outside its folder (${refused.slice(0, 3).map((r) => r.path).join(', ')}${refused.length > 3 ? ', …' : ''}), so those files were left untouched.`
          })
        } else get().showToast({ tone: 'info', title: `Deleted ${plural(removed)} for good` })
        return true
      } catch (error) {
        get().reportError("Couldn't empty the Trash", error)
        return false
      }
    },

    async addToCollection(collectionId, ids) {
      if (ids.length === 0) return
      if (!(await attempt("Couldn't add to the collection", () => call(() => api.library.addToCollection(collectionId, ids))))) return
      const name = get().collections.find((c) => c.id === collectionId)?.name ?? 'the collection'
      get().showToast({ tone: 'info', title: `Added ${plural(ids.length)} to ${name}` })
      void get().loadCollections()
    },

    async createCollectionWith(name, ids) {
      let created: CollectionInfo
      try {
        created = await call(() => api.library.createCollection(name))
      } catch (error) {
        const apiError = toApiError(error)
        if (apiError.code !== 'VALIDATION') get().reportError("Couldn't create the collection", apiError)
        return apiError
      }
      set((s) => ({ collections: [...s.collections, created].sort((a, b) => a.name.localeCompare(b.name)) }))
      await get().addToCollection(created.id, ids)
      return null
    }
  }
}
