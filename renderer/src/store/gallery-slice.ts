/**
 * The gallery's data: the current view's loaded images (keyset pages of 100,
 * appended as the person scrolls), its count, the search's warnings or error,
 * and the collections. Views change often and answers can arrive out of order,
 * so every load carries a token and only the current view's answers land.
 */
import type { CollectionInfo, LibraryImage, LibrarySort } from '../../../electron/shared/library'
import { api, call, toApiError } from '../api'
import { currentView } from './gallery-view'
import type { SliceCreator } from './types'

export const PAGE_SIZE = 100
/** main's largest page; a refresh of many loaded images reads in steps of this. */
const MAX_PAGE = 500

export interface GallerySlice {
  /** The search as last committed by the search box (debounced). */
  galleryQuery: string
  gallerySort: LibrarySort
  /** A collection shown instead of a section; null for none. */
  activeCollectionId: number | null
  galleryItems: LibraryImage[]
  /** Cursor of the next page; null when everything is loaded. */
  galleryCursor: string | null
  /** The first page of the current view has arrived (or failed). */
  galleryLoaded: boolean
  galleryCount: number | null
  /** Filters main ignored, in its words. */
  galleryWarnings: string[]
  /** main refused the search itself (e.g. too long). */
  galleryQueryError: string | null
  /** Loading the view failed for another reason; the gallery offers a retry. */
  galleryLoadError: string | null
  collections: CollectionInfo[]
  setGalleryQuery(query: string): void
  setGallerySort(sort: LibrarySort): void
  selectCollection(id: number): void
  /** Loads the first page and the count of the current view, replacing what is shown. */
  loadGallery(): Promise<void>
  /** Appends the next page (ignored while one is loading or at the end). */
  loadMoreGallery(): Promise<void>
  /**
   * Re-reads as many images as are loaded, in place, after main reports a change:
   * new images appear where they sort, changed ones update, gone ones leave.
   * Bursts collapse into one follow-up read. `added` images (new ones) are read
   * on top, so nothing already shown drops off the end.
   */
  refreshGallery(added?: number): Promise<void>
  loadCollections(): Promise<void>
}

let viewToken = 0
let moreInFlight = false
let refreshing = false
let refreshAgain = false
let refreshGrow = 0

function isQueryError(error: { code: string; field: string | undefined }): boolean {
  return error.code === 'VALIDATION' && (error.field === 'query' || (error.field?.endsWith('.query') ?? false))
}

export const createGallerySlice: SliceCreator<GallerySlice> = (set, get) => {
  /** Reads the view from the start until `want` images (or the end) are in hand. */
  async function readFromStart(want: number) {
    const view = currentView(get())
    const countRequest = call(() => api.library.count(view))
    // Awaited below; marked handled now so a failing page first does not leave it unhandled.
    countRequest.catch(() => undefined)
    let items: LibraryImage[] = []
    let cursor: string | null = null
    let warnings: string[]
    do {
      const limit = Math.min(MAX_PAGE, Math.max(1, want - items.length))
      const page = await call(() => api.library.page(view, cursor, limit))
      items = items.concat(page.items)
      cursor = page.nextCursor
      warnings = page.warnings
    } while (cursor !== null && items.length < want)
    return { items, cursor, warnings, count: await countRequest }
  }

  /** Keeps selected ids that are still shown. */
  function pruneSelection(items: LibraryImage[]): void {
    const selected = get().selectedIds
    const shown = new Set(items.map((i) => i.id))
    const kept = Object.keys(selected).map(Number).filter((id) => shown.has(id))
    if (kept.length === Object.keys(selected).length) return
    const keep = (id: number | null): number | null => (id !== null && shown.has(id) ? id : null)
    set((s) => ({
      selectedIds: Object.fromEntries(kept.map((id) => [id, true as const])),
      selectionAnchor: keep(s.selectionAnchor),
      selectionLead: keep(s.selectionLead)
    }))
  }

  return {
    galleryQuery: '',
    gallerySort: 'newest',
    activeCollectionId: null,
    galleryItems: [],
    galleryCursor: null,
    galleryLoaded: false,
    galleryCount: null,
    galleryWarnings: [],
    galleryQueryError: null,
    galleryLoadError: null,
    collections: [],

    setGalleryQuery: (galleryQuery) => set({ galleryQuery }),
    setGallerySort: (gallerySort) => set({ gallerySort }),
    selectCollection: (id) => set({ activeCollectionId: id, activeSection: 'all', selectedIds: {}, selectionAnchor: null, selectionLead: null }),

    async loadGallery() {
      const token = ++viewToken
      set({ selectedIds: {}, selectionAnchor: null, selectionLead: null })
      try {
        const read = await readFromStart(PAGE_SIZE)
        if (token !== viewToken) return
        set({
          galleryItems: read.items,
          galleryCursor: read.cursor,
          galleryCount: read.count,
          galleryWarnings: read.warnings,
          galleryQueryError: null,
          galleryLoadError: null,
          galleryLoaded: true
        })
      } catch (error) {
        if (token !== viewToken) return
        const apiError = toApiError(error)
        const query = isQueryError(apiError)
        set({
          galleryItems: [],
          galleryCursor: null,
          galleryCount: null,
          galleryWarnings: [],
          galleryQueryError: query ? apiError.message : null,
          galleryLoadError: query ? null : apiError.message,
          galleryLoaded: true
        })
      }
    },

    async loadMoreGallery() {
      const s = get()
      if (moreInFlight || refreshing || s.galleryCursor === null) return
      const token = viewToken
      const before = s.galleryItems
      moreInFlight = true
      try {
        const page = await call(() => api.library.page(currentView(get()), s.galleryCursor, PAGE_SIZE))
        // A refresh or another view replaced the list meanwhile: this page no longer follows it.
        if (token !== viewToken || get().galleryItems !== before) return
        const known = new Set(before.map((i) => i.id))
        set({ galleryItems: before.concat(page.items.filter((i) => !known.has(i.id))), galleryCursor: page.nextCursor })
      } catch (error) {
        if (token === viewToken) get().reportError("Couldn't load more images", error)
      } finally {
        moreInFlight = false
      }
    },

    async refreshGallery(added = 0) {
      refreshGrow += added
      if (refreshing) {
        refreshAgain = true
        return
      }
      refreshing = true
      try {
        do {
          refreshAgain = false
          const grow = refreshGrow
          refreshGrow = 0
          const token = viewToken
          if (!get().galleryLoaded || get().galleryQueryError !== null) return
          try {
            const read = await readFromStart(Math.max(PAGE_SIZE, get().galleryItems.length + grow))
            if (token !== viewToken) return
            set({ galleryItems: read.items, galleryCursor: read.cursor, galleryCount: read.count, galleryWarnings: read.warnings, galleryLoadError: null })
            pruneSelection(read.items)
          } catch (error) {
            // The next change or view switch tries again; a toast per event would be noise.
            console.warn("Couldn't refresh the gallery", error)
          }
        } while (refreshAgain)
      } finally {
        refreshing = false
      }
    },

    async loadCollections() {
      try {
        const collections = await call(() => api.library.collections())
        set({ collections })
        const active = get().activeCollectionId
        if (active !== null && !collections.some((c) => c.id === active)) get().setActiveSection('all')
      } catch (error) {
        get().reportError("Couldn't load collections", error)
      }
    }
  }
}
