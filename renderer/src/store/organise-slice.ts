/**
 * Organising images: favourite, rating, tags, note, collections, trash. Each
 * action asks main, then patches what is shown at once; main's library:changed
 * push follows with the rows and counts, and the gallery re-reads the id list
 * only where membership may have changed (an unfavourited image leaves
 * Favourites, a tagged one joins a tag: search). Failures become toasts.
 */
import type { CollectionInfo, EmptyTrashResult, ImageTarget, LibraryImage } from '../../../electron/shared/library'
import { type ApiError, api, call, toApiError } from '../api'
import { isSelected, selectedInOrder, selectionSize, selectionTarget } from './selection-slice'
import type { AppState, SliceCreator } from './types'

/**
 * Every action takes a target: ids (a list longer than main takes at once is sent
 * in parts), or a whole view (⌘/Ctrl+A: main reads the ids itself).
 */
export interface OrganiseSlice {
  setFavorite(target: ImageTarget, favorite: boolean): Promise<void>
  setRating(target: ImageTarget, rating: number): Promise<void>
  /** Resolves null when added, else the error (validation errors are left to the caller to show). */
  addTags(target: ImageTarget, tags: string[]): Promise<ApiError | null>
  removeTag(ids: number[], tag: string): Promise<void>
  setNote(id: number, note: string | null): Promise<void>
  trashImages(target: ImageTarget): Promise<void>
  restoreImages(target: ImageTarget): Promise<void>
  emptyTrash(): Promise<boolean>
  addToCollection(collectionId: number, target: ImageTarget): Promise<void>
  /** Creates a collection and adds the images to it; resolves null when done, else the error. */
  createCollectionWith(name: string, target: ImageTarget): Promise<ApiError | null>
  /** Takes images out of a collection (they stay in the library); the toast offers Undo. */
  removeFromCollection(collectionId: number, target: ImageTarget): Promise<void>
  /** A tile dropped on a collection: the whole selection when the tile is in it, else that image. */
  dropOnCollection(collectionId: number, imageId: number): Promise<void>
  /** Resolves null when renamed, else the error (validation errors are left to the caller to show). */
  renameCollection(id: number, name: string): Promise<ApiError | null>
  /** The collection the delete-collection dialog asks about. */
  collectionToDelete: number | null
  askDeleteCollection(id: number): void
  /** Deletes a collection (its images stay); true when done. */
  deleteCollection(id: number): Promise<boolean>
  /** The trashed images the delete-forever dialog asks about. */
  foreverIds: number[]
  askDeleteForever(ids: number[]): void
  /** Deletes trashed images for good; true when done. */
  deleteForever(ids: number[]): Promise<boolean>
  /** How many of these images each collection holds, by collection id (first 10,000 images); null when it could not be read. */
  collectionMembership(ids: number[]): Promise<Map<number, number> | null>
}

/** main's largest list target. */
export const MAX_IDS_PER_CALL = 10_000

/** A list target in parts main accepts; a view target as it is. */
function parts(target: ImageTarget): ImageTarget[] {
  if (!Array.isArray(target) || target.length <= MAX_IDS_PER_CALL) return [target]
  const out: number[][] = []
  for (let i = 0; i < target.length; i += MAX_IDS_PER_CALL) out.push(target.slice(i, i + MAX_IDS_PER_CALL))
  return out
}

function isEmpty(target: ImageTarget): boolean {
  return Array.isArray(target) && target.length === 0
}

/** How many images a target names, as the person sees it. */
function sizeOf(s: AppState, target: ImageTarget): number {
  return Array.isArray(target) ? target.length : selectionSize(s)
}

/** The ids of a target that are in the view now (a view target: the selected ones). */
function shownOf(s: AppState, target: ImageTarget): number[] {
  return Array.isArray(target) ? target : selectedInOrder(s)
}

/** Cached rows a target names: what can be patched at once. */
function cachedOf(s: AppState, target: ImageTarget): number[] {
  if (Array.isArray(target)) return target
  return [...s.galleryRows.keys()].filter((id) => isSelected(s, id))
}

const plural = (n: number): string => `${n.toLocaleString()} ${n === 1 ? 'image' : 'images'}`

/** main's largest id list per call. */
const MAX_IDS = 10_000

/** The toast after deleting for good: files main refused to touch are named. */
function deletedToast(result: EmptyTrashResult): { tone: 'error' | 'info'; title: string; message?: string } {
  const { removed, refused } = result
  if (refused.length === 0) return { tone: 'info', title: `Deleted ${plural(removed)} for good` }
  // The database named files outside the library (tampered or synced): those files were left alone.
  return {
    tone: 'error',
    title: `Deleted ${plural(removed)}; ${refused.length} file${refused.length === 1 ? ' was' : 's were'} not deleted`,
    message: `The library pointed outside its folder (${refused.slice(0, 3).map((r) => r.path).join(', ')}${refused.length > 3 ? ', …' : ''}), so those files were left untouched.`
  }
}

/** "a, b,, c " → ["a", "b", "c"]: the tag field takes several at once. */
export function splitTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter((t) => t !== ''))]
}

export const createOrganiseSlice: SliceCreator<OrganiseSlice> = (set, get) => {
  const patch = (target: ImageTarget, change: (image: LibraryImage) => LibraryImage): void => get().patchGalleryRows(cachedOf(get(), target), change)
  const removeShown = (target: ImageTarget): void => get().removeFromGallery(shownOf(get(), target))
  /** Sends the target in as many calls as it takes. */
  const each = async (target: ImageTarget, send: (part: ImageTarget) => Promise<unknown>): Promise<void> => {
    for (const part of parts(target)) await send(part)
  }

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
    async setFavorite(target, favorite) {
      if (isEmpty(target)) return
      if (await attempt("Couldn't change favourites", () => each(target, (part) => call(() => api.library.setFavorite(part, favorite))))) {
        patch(target, (i) => ({ ...i, favorite }))
      }
    },

    async setRating(target, rating) {
      if (isEmpty(target)) return
      if (await attempt("Couldn't save the rating", () => each(target, (part) => call(() => api.library.setRating(part, rating))))) {
        patch(target, (i) => ({ ...i, rating }))
      }
    },

    async addTags(target, tags) {
      if (isEmpty(target) || tags.length === 0) return null
      try {
        await each(target, (part) => call(() => api.library.addTags(part, tags)))
      } catch (error) {
        const apiError = toApiError(error)
        if (apiError.code !== 'VALIDATION') get().reportError("Couldn't add the tag", apiError)
        return apiError
      }
      patch(target, (i) => ({ ...i, tags: [...new Set([...i.tags, ...tags])] }))
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

    async trashImages(target) {
      if (isEmpty(target)) return
      const count = sizeOf(get(), target)
      if (!(await attempt("Couldn't move to the Trash", () => each(target, (part) => call(() => api.library.trash(part)))))) return
      removeShown(target)
      get().showToast({
        tone: 'info',
        title: `Moved ${plural(count)} to the Trash`,
        message: `Restore ${count === 1 ? 'it' : 'them'} from the Trash in the sidebar.`,
        // A list can be put back as it was; a whole view's ids were read by main, so the Trash holds them.
        ...(Array.isArray(target) ? { action: { label: 'Undo', run: () => void get().restoreImages(target) } } : {})
      })
    },

    async restoreImages(target) {
      if (isEmpty(target)) return
      const count = sizeOf(get(), target)
      if (!(await attempt("Couldn't restore", () => each(target, (part) => call(() => api.library.restore(part)))))) return
      patch(target, (i) => ({ ...i, trashedAt: null }))
      if (get().activeSection === 'trash') removeShown(target)
      get().showToast({ tone: 'info', title: `Restored ${plural(count)}` })
    },

    async emptyTrash() {
      try {
        const result = await call(() => api.library.emptyTrash())
        if (get().activeSection === 'trash') get().removeFromGallery('all')
        get().showToast(deletedToast(result))
        return true
      } catch (error) {
        get().reportError("Couldn't empty the Trash", error)
        return false
      }
    },

    async addToCollection(collectionId, target) {
      if (isEmpty(target)) return
      const count = sizeOf(get(), target)
      if (!(await attempt("Couldn't add to the collection", () => each(target, (part) => call(() => api.library.addToCollection(collectionId, part)))))) return
      const name = get().collections.find((c) => c.id === collectionId)?.name ?? 'the collection'
      get().showToast({ tone: 'info', title: `Added ${plural(count)} to ${name}` })
      void get().loadCollections()
    },

    async createCollectionWith(name, target) {
      let created: CollectionInfo
      try {
        created = await call(() => api.library.createCollection(name))
      } catch (error) {
        const apiError = toApiError(error)
        if (apiError.code !== 'VALIDATION') get().reportError("Couldn't create the collection", apiError)
        return apiError
      }
      set((s) => ({ collections: [...s.collections, created].sort((a, b) => a.name.localeCompare(b.name)) }))
      await get().addToCollection(created.id, target)
      return null
    },

    async removeFromCollection(collectionId, target) {
      if (isEmpty(target)) return
      const count = sizeOf(get(), target)
      // Undo puts back exactly these images: the ids, read before they leave the view.
      const ids = shownOf(get(), target)
      if (!(await attempt("Couldn't remove from the collection", () => each(target, (part) => call(() => api.library.removeFromCollection(collectionId, part)))))) return
      if (get().activeCollectionId === collectionId) removeShown(ids)
      const name = get().collections.find((c) => c.id === collectionId)?.name ?? 'the collection'
      get().showToast({
        tone: 'info',
        title: `Removed ${plural(count)} from ${name}`,
        message: 'They are still in your library.',
        action: { label: 'Undo', run: () => void get().addToCollection(collectionId, ids) }
      })
      void get().loadCollections()
    },

    async dropOnCollection(collectionId, imageId) {
      const s = get()
      await get().addToCollection(collectionId, isSelected(s, imageId) ? selectionTarget(s) : [imageId])
    },

    async renameCollection(id, name) {
      try {
        await call(() => api.library.renameCollection(id, name))
      } catch (error) {
        const apiError = toApiError(error)
        if (apiError.code !== 'VALIDATION') get().reportError("Couldn't rename the collection", apiError)
        return apiError
      }
      const clean = name.trim().replace(/\s+/g, ' ')
      set((s) => ({ collections: s.collections.map((c) => (c.id === id ? { ...c, name: clean } : c)).sort((a, b) => a.name.localeCompare(b.name)) }))
      void get().loadCollections()
      return null
    },

    collectionToDelete: null,
    askDeleteCollection(id) {
      set({ collectionToDelete: id })
      get().openDialog('delete-collection')
    },

    async deleteCollection(id) {
      const name = get().collections.find((c) => c.id === id)?.name ?? 'the collection'
      if (!(await attempt("Couldn't delete the collection", () => call(() => api.library.deleteCollection(id))))) return false
      set((s) => ({ collections: s.collections.filter((c) => c.id !== id), collectionToDelete: null }))
      if (get().activeCollectionId === id) get().setActiveSection('all')
      get().showToast({ tone: 'info', title: `Deleted the collection ${name}`, message: 'Its images are still in your library.' })
      void get().loadCollections()
      return true
    },

    foreverIds: [],
    askDeleteForever(ids) {
      if (ids.length === 0) return
      set({ foreverIds: ids })
      get().openDialog('delete-forever')
    },

    async deleteForever(ids) {
      if (ids.length === 0) return true
      let removed = 0
      let filesDeleted = 0
      const refused: EmptyTrashResult['refused'] = []
      try {
        // main takes at most MAX_IDS at a time.
        for (let i = 0; i < ids.length; i += MAX_IDS) {
          const part = await call(() => api.library.deleteForever(ids.slice(i, i + MAX_IDS)))
          removed += part.removed
          filesDeleted += part.filesDeleted
          refused.push(...part.refused)
        }
      } catch (error) {
        get().reportError("Couldn't delete for good", error)
        if (removed === 0) return false
      }
      if (get().activeSection === 'trash') removeShown(ids)
      set({ foreverIds: [] })
      get().showToast(deletedToast({ removed, filesDeleted, refused }))
      return true
    },

    async collectionMembership(ids) {
      if (ids.length === 0) return new Map()
      try {
        const rows = await call(() => api.library.collectionMembership(ids.slice(0, MAX_IDS)))
        return new Map(rows.map((r) => [r.collectionId, r.images]))
      } catch (error) {
        console.warn("Couldn't read which collections hold the selection", error)
        return null
      }
    }
  }
}
