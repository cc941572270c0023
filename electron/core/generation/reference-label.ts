/**
 * How a reference's origin is named to a person (the tray, the detail view's
 * "Made from"): a file by its name, never its full path; a URL as it is; a
 * library image by its prompt.
 */
import { basename } from 'node:path'
import type { PreparedReferenceInfo } from '../../shared/generation'
import { assertNever } from '../errors'

/** What generation_references records of where a reference came from (its source_kind). */
export type LinkKind = 'path' | 'url' | 'image' | 'bytes'

/** Where a reference came from, as main saw it (never as a window describes it). */
export interface ReferenceOrigin {
  sourceKind: LinkKind
  /** The path, the URL, the library image's id, or the name bytes came with. */
  source: string
  /** The library image it is: dragged from the gallery, or recalled by its content. */
  sourceImageId: number | null
}

/** How much of a library image's prompt labels it. */
export const LABEL_PROMPT_LENGTH = 80

/** The label and kind a person sees for a reference's origin (the tray, "Made from"). */
export function referenceLabel(origin: ReferenceOrigin, promptOf: (imageId: number) => string | null): Pick<PreparedReferenceInfo, 'label' | 'sourceKind'> {
  switch (origin.sourceKind) {
    case 'path':
      return { label: basename(origin.source), sourceKind: 'file' }
    case 'bytes':
      return { label: origin.source, sourceKind: 'bytes' }
    case 'url':
      return { label: origin.source, sourceKind: 'url' }
    case 'image': {
      const prompt = origin.sourceImageId === null ? null : promptOf(origin.sourceImageId)
      const label = prompt === null ? `Image #${origin.source}` : prompt.length > LABEL_PROMPT_LENGTH ? `${prompt.slice(0, LABEL_PROMPT_LENGTH - 1)}…` : prompt
      return { label, sourceKind: 'image' }
    }
    default:
      return assertNever(origin.sourceKind, 'reference source kind')
  }
}
