import type { ThumbnailFit } from '../../../../electron/shared/domain'
import type { LibrarySort } from '../../../../electron/shared/library'
import { describeQuery, parseQuery } from '../../../../electron/shared/query-language'

/** "1,234 images" */
export function formatCount(n: number): string {
  return `${n.toLocaleString()} ${n === 1 ? 'image' : 'images'}`
}

/** The header count: images in a view, or results of a search. */
export function countText(count: number, searching: boolean): string {
  if (!searching) return formatCount(count)
  return `${count.toLocaleString()} ${count === 1 ? 'result' : 'results'}`
}

export const SORT_LABELS: Record<LibrarySort, string> = {
  newest: 'Newest',
  oldest: 'Oldest',
  rating: 'Rating',
  cost: 'Cost'
}

/** What a search looks for, in words ("words fox, tag cats"); null when it cannot be read. */
export function searchSummary(query: string): string | null {
  try {
    return describeQuery(parseQuery(query))
  } catch {
    return null
  }
}

/** The gallery's cell shapes, as the header and Settings name them. */
export const FIT_LABELS: Record<ThumbnailFit, string> = { square: 'Square', fit: 'Whole image' }
