import { useAppStore } from '../../store'
import type { LibrarySection } from '../../store/ui-slice'

export const SECTION_LABELS: Record<LibrarySection, string> = {
  all: 'All images',
  favourites: 'Favourites',
  trash: 'Trash'
}

/** The image count for a library section; null until stats have loaded. */
export function useSectionCount(section: LibrarySection): number | null {
  return useAppStore((s) => {
    if (!s.stats) return null
    if (section === 'all') return s.stats.images
    if (section === 'favourites') return s.stats.favourites
    return s.stats.trashed
  })
}
