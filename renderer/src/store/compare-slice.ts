/**
 * Compare: 2 to 4 images side by side. Which images (in view order) and, once
 * read from main, each one's fresh record, the recipe its generation was sent
 * with and its references, which the dialog diffs.
 */
import type { GenerationRecipe } from '../../../electron/shared/generation'
import type { ImageReference, LibraryImage } from '../../../electron/shared/library'
import { api, call } from '../api'
import type { SliceCreator } from './types'

export const COMPARE_MIN = 2
export const COMPARE_MAX = 4

/** Whether this many selected images can be compared. */
export function canCompare(count: number): boolean {
  return count >= COMPARE_MIN && count <= COMPARE_MAX
}

export interface CompareEntry {
  image: LibraryImage
  /** Null for an image with no generation (or whose recipe could not be read). */
  recipe: GenerationRecipe | null
  references: ImageReference[]
}

export interface CompareSlice {
  compareIds: number[]
  /** Null until main has answered for every image. */
  compareEntries: CompareEntry[] | null
  /** Opens Compare for 2–4 images (other counts are ignored). */
  openCompare(ids: number[]): Promise<void>
  closeCompare(): void
}

export const createCompareSlice: SliceCreator<CompareSlice> = (set, get) => ({
  compareIds: [],
  compareEntries: null,

  async openCompare(ids) {
    if (!canCompare(ids.length)) return
    // This open's own array: a later open or a close replaces it, so a stale answer is dropped.
    const request = [...ids]
    const current = (): boolean => get().compareIds === request && get().dialog === 'compare'
    set({ compareIds: request, compareEntries: null })
    get().openDialog('compare')
    try {
      const images = await call(() => api.library.images(request))
      const byId = new Map(images.map((i) => [i.id, i]))
      const found = request.flatMap((id) => byId.get(id) ?? [])
      // The parameters are a comparison's point, but one unreadable recipe should not hide the images.
      const entries = await Promise.all(
        found.map(async (image): Promise<CompareEntry> => {
          const [recipe, lineage] = await Promise.all([
            image.generationId === null ? null : call(() => api.generation.recipe(image.generationId!)).catch(() => null),
            call(() => api.library.lineage(image.id)).catch(() => null)
          ])
          return { image, recipe, references: lineage?.references ?? [] }
        })
      )
      if (!current()) return
      set({ compareEntries: entries })
    } catch (error) {
      if (!current()) return
      get().closeCompare()
      get().reportError("Couldn't open Compare", error)
    }
  },

  closeCompare() {
    set({ compareIds: [], compareEntries: null })
    if (get().dialog === 'compare') get().closeDialog()
  }
})
