/**
 * The gallery's view as main understands it (LibraryView), derived from the
 * sidebar choice, the search box and the sort menu. Pure, so slices, hooks and
 * tests share one definition.
 */
import type { LibrarySort, LibraryView } from '../../../electron/shared/library'
import { parseQuery } from '../../../electron/shared/query-language'
import type { LibrarySection } from './ui-slice'

export interface ViewState {
  activeSection: LibrarySection
  activeCollectionId: number | null
  galleryQuery: string
  gallerySort: LibrarySort
}

const SHARED_SECTION = { all: 'all', favourites: 'favorites', trash: 'trash' } as const

/** The order a search asks for with `sort:`, which then wins over the sort menu; null when it asks for none. */
export function querySort(query: string): LibrarySort | null {
  if (!/sort:/i.test(query)) return null
  try {
    return parseQuery(query).filters.sort ?? null
  } catch {
    return null
  }
}

export function currentView(s: ViewState): LibraryView {
  const view: LibraryView = { section: SHARED_SECTION[s.activeSection] }
  const query = s.galleryQuery.trim()
  if (query !== '') view.query = query
  if (s.activeCollectionId !== null) view.collectionId = s.activeCollectionId
  if (querySort(query) === null) view.sort = s.gallerySort
  return view
}

/** Equal for equal views: what the gallery reloads on. */
export function viewKey(view: LibraryView): string {
  return JSON.stringify([view.section ?? 'all', view.collectionId ?? null, view.query ?? '', view.sort ?? null])
}

/** The whole live library or trash in id order: no filter or sort reads a row's organise fields. */
export function isTimeline(view: LibraryView): boolean {
  return (view.query ?? '') === '' && view.collectionId === undefined && view.section !== 'favorites' && (view.sort === undefined || view.sort === 'newest' || view.sort === 'oldest')
}
