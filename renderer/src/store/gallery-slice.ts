/**
 * The gallery's data. The view's truth is its ordered id list (`library:id-list`,
 * a Uint32Array: 4 MB for a million images); tiles are drawn by position and the
 * metadata of the rows near the viewport is fetched by id into a bounded LRU
 * cache. Nothing here holds an array of every row. Views change often and
 * answers can arrive out of order, so every load carries a token and only the
 * current view's answers land.
 */
import type { LibraryChanged } from '../../../electron/shared/domain'
import type { CollectionInfo, ImageSwatch, LibraryImage, LibrarySort, LibraryView, MonthCount } from '../../../electron/shared/library'
import { parseQuery } from '../../../electron/shared/query-language'
import { api, call, toApiError } from '../api'
import { LruCache } from '../lib/lru'
import type { TimelineOrder } from '../lib/timeline'
import { currentView, isTimeline, querySort } from './gallery-view'
import type { SliceCreator } from './types'

/** Rows of metadata kept: a few screens of the largest thumbnails, many of the smallest. */
export const ROW_CACHE_SIZE = 4000
/** The first page of a view, asked for beside its id list so the first tiles paint at once. */
const FIRST_PAGE = 120
/** main's largest `library:get-images` call. */
const FETCH_CHUNK = 500
/** Swatches kept (colour and shape, ~50 bytes each): many screens of the smallest tiles. */
export const SWATCH_CACHE_SIZE = 20_000
/** main's largest `library:swatches` call. */
const SWATCH_CHUNK = 2000
/** Swatches asked for during a fast scroll are gathered this long into one call (a few a second, not one a frame). */
const SWATCH_GATHER_MS = 40

export interface GallerySlice {
  /** The search as last committed by the search box (debounced). */
  galleryQuery: string
  gallerySort: LibrarySort
  /** A collection shown instead of a section; null for none. */
  activeCollectionId: number | null
  /** The view's ids in order: the gallery's truth. */
  galleryIds: Uint32Array
  /** Metadata of rows near the viewport, by id (bounded). Read with `galleryImage`. */
  galleryRows: LruCache<number, LibraryImage>
  /**
   * Colour and shape of images whose rows were not fetched (the scroll was too
   * fast), by id, bounded; kept across views (an image's shape never changes).
   */
  gallerySwatches: LruCache<number, ImageSwatch>
  /** Bumped whenever `galleryRows` (or `gallerySwatches`) gains or changes entries, so tiles re-render. */
  galleryRowsVersion: number
  /** Bumped when a new view is loaded (not when the same view's ids change): the grid goes to the top. */
  galleryViewVersion: number
  /**
   * The view's images per month (main's counts, newest month first) and the order
   * the view walks them in, for the timeline scrubber; 'loading' until they first
   * arrive (the scrubber keeps its place meanwhile). Null when they failed and for
   * views not ordered by date (rating, cost, the Trash).
   */
  galleryMonths: GalleryMonths | 'loading' | null
  /** The current view's ids have arrived (or failed). */
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
  /** Loads the id list (and the search's warnings) of the current view, replacing what is shown. */
  loadGallery(): Promise<void>
  /**
   * Re-reads the id list after main reports a change; rows of `changedIds` are read
   * again. Bursts collapse into one follow-up read.
   */
  refreshGallery(changedIds?: readonly number[]): Promise<void>
  /**
   * Applies a push from main to the view: rows it carries are patched in, ids leave
   * or join the view, and the id list is read again only when the view's membership
   * may have changed in a way the push cannot tell (a search, Favourites, a collection).
   */
  applyLibraryChange(change: LibraryChanged): void
  /** Fetches the metadata of these ids unless cached or already on the way. */
  ensureGalleryRows(ids: readonly number[]): void
  /**
   * Asks main for the colour and shape of these ids unless their row or swatch is
   * cached or on the way: cheap enough for a fast scroll, when rows wait.
   */
  ensureGallerySwatches(ids: readonly number[]): void
  /** A row's metadata if it is cached. */
  galleryImage(id: number): LibraryImage | undefined
  /** What a placeholder tile can show: the cached row, else a cached swatch. */
  gallerySwatch(id: number): ImageSwatch | undefined
  /** Applies a change to cached rows (and the open detail) at once. */
  patchGalleryRows(ids: readonly number[], change: (image: LibraryImage) => LibraryImage): void
  /** Takes ids out of the view at once (trash, restore, empty trash). */
  removeFromGallery(ids: readonly number[] | 'all'): void
  loadCollections(): Promise<void>
}

export interface GalleryMonths {
  order: TimelineOrder
  counts: MonthCount[]
}

let viewToken = 0
/** Only the latest read's month counts land (a refresh's can overtake another's). */
let monthsToken = 0
let refreshing = false
let refreshAgain = false
const refreshChanged = new Set<number>()
const inFlight = new Set<number>()

/** The date order a view walks, or null when it is ordered by something else. */
export function timelineOrder(view: LibraryView): TimelineOrder | null {
  if (view.section === 'trash') return null // by when images were deleted
  const sort = view.sort ?? querySort(view.query ?? '') ?? 'newest'
  return sort === 'newest' || sort === 'oldest' ? sort : null
}

function isQueryError(error: { code: string; field: string | undefined }): boolean {
  return error.code === 'VALIDATION' && (error.field === 'query' || (error.field?.endsWith('.query') ?? false))
}

export const createGallerySlice: SliceCreator<GallerySlice> = (set, get) => {
  // Swatches asked for and not yet answered, and those gathered for the next call (this store's own).
  const swatchesInFlight = new Set<number>()
  const swatchesWanted: number[] = []
  let swatchTimer: ReturnType<typeof setTimeout> | null = null

  async function fetchSwatches(): Promise<void> {
    swatchTimer = null
    const ids = swatchesWanted.splice(0)
    for (let i = 0; i < ids.length; i += SWATCH_CHUNK) {
      const chunk = ids.slice(i, i + SWATCH_CHUNK)
      try {
        const swatches = await call(() => api.library.swatches(chunk))
        const cache = get().gallerySwatches
        for (const s of swatches) cache.set(s.id, s)
        if (swatches.length > 0) set((s) => ({ galleryRowsVersion: s.galleryRowsVersion + 1 }))
      } catch (error) {
        // A placeholder without its colour is still a placeholder.
        console.warn("Couldn't read tile colours", error)
      } finally {
        for (const id of chunk) swatchesInFlight.delete(id)
      }
    }
  }

  /**
   * The view's ids, and its search's warnings. Main's warnings are the query
   * parser's (shared code), so they are read here instead of by a second call.
   */
  async function readView() {
    const view = currentView(get())
    // The month counts are read alongside and land after the ids: the first tiles never wait for them.
    const months = readMonths(view)
    const { ids } = await call(() => api.library.idList(view))
    // Main accepted the query, so the same parser does too.
    return { ids, warnings: parseQuery(view.query ?? '').warnings, months }
  }

  /** The view's month counts for the timeline, or null (not ordered by date, or the read failed: no scrubber). */
  async function readMonths(view: LibraryView): Promise<GalleryMonths | null> {
    const order = timelineOrder(view)
    if (order === null) return null
    try {
      return { order, counts: await call(() => api.library.monthCounts(view)) }
    } catch (error) {
      // A refused search is the id list's to report.
      if (!isQueryError(toApiError(error))) console.warn("Couldn't read the view's months", error)
      return null
    }
  }

  /** Lands the month counts of the read that carried `token`, if its view is still shown. */
  function landMonths(months: Promise<GalleryMonths | null>, token: number): void {
    const mine = ++monthsToken
    void months.then((galleryMonths) => {
      if (token === viewToken && mine === monthsToken) set({ galleryMonths })
    })
  }

  /** Keeps selected ids that are still in the view. */
  function pruneSelection(ids: Uint32Array): void {
    const selected = Object.keys(get().selectedIds).map(Number)
    if (selected.length === 0) return
    const shown = new Set(ids)
    const kept = selected.filter((id) => shown.has(id))
    if (kept.length === selected.length) return
    const keep = (id: number | null): number | null => (id !== null && shown.has(id) ? id : null)
    set((s) => ({
      selectedIds: Object.fromEntries(kept.map((id) => [id, true as const])),
      selectionAnchor: keep(s.selectionAnchor),
      selectionLead: keep(s.selectionLead)
    }))
  }

  /**
   * New images in the id-ordered timeline: newer than everything shown, they go at
   * the newest end without asking main. False when they cannot be placed that way.
   */
  function addToTimeline(added: readonly number[], oldestFirst: boolean): boolean {
    const ids = get().galleryIds
    const fresh = [...new Set(added)].sort((a, b) => a - b)
    if (fresh.length === 0) return true
    const newest = ids.length === 0 ? 0 : oldestFirst ? ids[ids.length - 1]! : ids[0]!
    if (fresh[0]! <= newest) return false
    const next = new Uint32Array(ids.length + fresh.length)
    if (oldestFirst) {
      next.set(ids, 0)
      next.set(fresh, ids.length)
    } else {
      next.set(fresh.reverse(), 0)
      next.set(ids, fresh.length)
    }
    set({ galleryIds: next, galleryCount: next.length })
    return true
  }

  /** Takes ids out of the view; the rest of the selection stays. True when any left. */
  function dropIds(gone: readonly number[]): boolean {
    const drop = new Set(gone)
    const ids = get().galleryIds
    const kept = ids.filter((id) => !drop.has(id))
    if (kept.length === ids.length) return false
    set({ galleryIds: kept, galleryCount: kept.length })
    pruneSelection(kept)
    return true
  }

  /** The view's ids changed in place: its month counts are read again (the scrubber). */
  function refreshMonths(): void {
    if (get().galleryMonths === null) return
    landMonths(readMonths(currentView(get())), viewToken)
  }

  async function fetchRows(ids: number[], token: number): Promise<void> {
    for (let i = 0; i < ids.length; i += FETCH_CHUNK) {
      const chunk = ids.slice(i, i + FETCH_CHUNK)
      try {
        const rows = await call(() => api.library.images(chunk))
        if (token !== viewToken) return
        const cache = get().galleryRows
        for (const row of rows) cache.set(row.id, row)
        set((s) => ({ galleryRowsVersion: s.galleryRowsVersion + 1 }))
      } catch (error) {
        if (token === viewToken) console.warn("Couldn't read gallery rows", error)
      } finally {
        for (const id of chunk) inFlight.delete(id)
      }
    }
  }

  return {
    galleryQuery: '',
    gallerySort: 'newest',
    activeCollectionId: null,
    galleryIds: new Uint32Array(0),
    galleryRows: new LruCache<number, LibraryImage>(ROW_CACHE_SIZE),
    gallerySwatches: new LruCache<number, ImageSwatch>(SWATCH_CACHE_SIZE),
    galleryRowsVersion: 0,
    galleryViewVersion: 0,
    galleryMonths: null,
    galleryLoaded: false,
    galleryCount: null,
    galleryWarnings: [],
    galleryQueryError: null,
    galleryLoadError: null,
    collections: [],

    setGalleryQuery: (galleryQuery) => set({ galleryQuery }),
    setGallerySort: (gallerySort) => set({ gallerySort }),
    selectCollection: (id) => set({ activeCollectionId: id, activeSection: 'all', mainView: 'gallery', selectedIds: {}, selectionAll: null, selectionAnchor: null, selectionLead: null }),

    async loadGallery() {
      const token = ++viewToken
      inFlight.clear()
      set({ selectedIds: {}, selectionAll: null, selectionAnchor: null, selectionLead: null, galleryMonths: timelineOrder(currentView(get())) === null ? null : 'loading' })
      // A fresh cache per view: rows of the last view are not needed, and nothing is shared between stores.
      const rows = new LruCache<number, LibraryImage>(ROW_CACHE_SIZE)
      // The first screenful, rows included, is asked for beside the whole id list and
      // shown as soon as it comes: the first tiles never wait for a million ids.
      let shownFirst = false
      let shownWhole = false
      const view = currentView(get())
      void call(() => api.library.page(view, null, FIRST_PAGE)).then(
        (page) => {
          if (token !== viewToken || shownWhole) return
          for (const row of page.items) rows.set(row.id, row)
          shownFirst = true
          set({
            galleryIds: Uint32Array.from(page.items.map((i) => i.id)),
            galleryRows: rows,
            // The total is not known yet: the header waits for the id list.
            galleryCount: page.nextCursor === null ? page.items.length : null,
            galleryWarnings: page.warnings,
            galleryQueryError: null,
            galleryLoadError: null,
            galleryLoaded: true,
            galleryViewVersion: get().galleryViewVersion + 1
          })
        },
        () => undefined // the id list reports the error
      )
      try {
        const read = await readView()
        if (token !== viewToken) return
        shownWhole = true
        landMonths(read.months, token)
        set({
          galleryIds: read.ids,
          galleryRows: rows,
          galleryCount: read.ids.length,
          galleryWarnings: read.warnings,
          galleryQueryError: null,
          galleryLoadError: null,
          galleryLoaded: true,
          // The same view growing from its first page to the whole: the grid keeps its place.
          galleryViewVersion: shownFirst ? get().galleryViewVersion : get().galleryViewVersion + 1
        })
      } catch (error) {
        if (token !== viewToken) return
        // The view failed: a first page answering after this must not paint over the error.
        shownWhole = true
        const apiError = toApiError(error)
        const query = isQueryError(apiError)
        set({
          galleryViewVersion: get().galleryViewVersion + 1,
          galleryIds: new Uint32Array(0),
          galleryMonths: null,
          galleryCount: null,
          galleryWarnings: [],
          galleryQueryError: query ? apiError.message : null,
          galleryLoadError: query ? null : apiError.message,
          galleryLoaded: true
        })
      }
    },

    async refreshGallery(changedIds = []) {
      for (const id of changedIds) refreshChanged.add(id)
      if (refreshing) {
        refreshAgain = true
        return
      }
      refreshing = true
      try {
        do {
          refreshAgain = false
          const token = viewToken
          if (!get().galleryLoaded || get().galleryQueryError !== null) return
          const changed = [...refreshChanged]
          refreshChanged.clear()
          try {
            const read = await readView()
            if (token !== viewToken) return
            landMonths(read.months, token)
            // Changed rows are read again when next shown.
            const cache = get().galleryRows
            for (const id of changed) cache.delete(id)
            set((s) => ({ galleryIds: read.ids, galleryCount: read.ids.length, galleryWarnings: read.warnings, galleryLoadError: null, galleryRowsVersion: s.galleryRowsVersion + 1 }))
            pruneSelection(read.ids)
          } catch (error) {
            // The next change or view switch tries again; a toast per event would be noise.
            console.warn("Couldn't refresh the gallery", error)
          }
        } while (refreshAgain)
      } finally {
        refreshing = false
      }
    },

    applyLibraryChange(change) {
      const s = get()
      if (!s.galleryLoaded || s.galleryQueryError !== null) return
      const view = currentView(s)
      const trashView = view.section === 'trash'
      const cache = s.galleryRows
      if (change.images && change.images.length > 0) {
        // New rows are cached only when the view will show them; updated ones only where cached.
        for (const row of change.images) if (cache.peek(row.id) || change.reason === 'images-added') cache.set(row.id, row)
        set((st) => ({ galleryRowsVersion: st.galleryRowsVersion + 1 }))
      } else if (change.reason === 'images-updated') {
        // Too many to carry: read again those that are cached (the rest are read when shown).
        const cached = change.imageIds.filter((id) => cache.peek(id) !== undefined)
        for (const id of cached) inFlight.add(id)
        if (cached.length > 0) void fetchRows(cached, viewToken)
      }
      switch (change.reason) {
        case 'images-added':
          if (trashView) return // new images are never in the trash
          if (isTimeline(view) && addToTimeline(change.imageIds, view.sort === 'oldest')) return refreshMonths()
          void get().refreshGallery()
          return
        case 'images-updated':
          if (!isTimeline(view)) void get().refreshGallery()
          return
        case 'images-trashed':
          if (trashView) void get().refreshGallery()
          else if (dropIds(change.imageIds)) refreshMonths()
          return
        case 'images-restored':
          if (trashView) {
            if (dropIds(change.imageIds)) refreshMonths()
          } else void get().refreshGallery()
          return
        case 'images-removed':
          if (dropIds(change.imageIds)) refreshMonths()
          return
        case 'external': {
          // Another process wrote: the view and any cached row may be stale.
          void get().refreshGallery()
          const stale = [...cache.keys()]
          for (const id of stale) inFlight.add(id)
          if (stale.length > 0) void fetchRows(stale, viewToken)
          return
        }
      }
    },

    ensureGalleryRows(ids) {
      const cache = get().galleryRows
      const missing = ids.filter((id) => !cache.has(id) && !inFlight.has(id))
      if (missing.length === 0) return
      for (const id of missing) inFlight.add(id)
      void fetchRows(missing, viewToken)
    },

    ensureGallerySwatches(ids) {
      const { galleryRows, gallerySwatches } = get()
      const missing = ids.filter((id) => !galleryRows.has(id) && !gallerySwatches.has(id) && !swatchesInFlight.has(id) && !inFlight.has(id))
      if (missing.length === 0) return
      for (const id of missing) swatchesInFlight.add(id)
      swatchesWanted.push(...missing)
      swatchTimer ??= setTimeout(() => void fetchSwatches(), SWATCH_GATHER_MS)
    },

    galleryImage: (id) => get().galleryRows.peek(id),

    gallerySwatch: (id) => get().galleryRows.peek(id) ?? get().gallerySwatches.peek(id),

    patchGalleryRows(ids, change) {
      const wanted = new Set(ids)
      const cache = get().galleryRows
      for (const id of ids) {
        const row = cache.peek(id)
        if (row) cache.set(id, change(row))
      }
      set((s) => ({
        galleryRowsVersion: s.galleryRowsVersion + 1,
        detailImage: s.detailImage && wanted.has(s.detailImage.id) ? change(s.detailImage) : s.detailImage
      }))
    },

    removeFromGallery(ids) {
      set((s) => {
        const gone = ids === 'all' ? null : new Set(ids)
        const galleryIds = gone === null ? new Uint32Array(0) : s.galleryIds.filter((id) => !gone.has(id))
        const removed = s.galleryIds.length - galleryIds.length
        return {
          galleryIds,
          galleryCount: s.galleryCount === null ? null : Math.max(0, s.galleryCount - removed),
          selectedIds: {},
          selectionAll: null,
          selectionAnchor: null,
          selectionLead: null
        }
      })
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
