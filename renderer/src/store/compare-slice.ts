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

let compareToken = 0

export const createCompareSlice: SliceCreator<CompareSlice> = (set, get) => ({
  compareIds: [],
  compareEntries: null,

  async openCompare(ids) {
    if (!canCompare(ids.length)) return
    const token = ++compareToken
    set({ compareIds: ids, compareEntries: null })
    get().openDialog('compare')
    try {
      const images = await call(() => api.library.images(ids))
      const byId = new Map(images.map((i) => [i.id, i]))
      const found = ids.flatMap((id) => byId.get(id) ?? [])
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
      if (token !== compareToken || get().dialog !== 'compare') return
      set({ compareEntries: entries })
    } catch (error) {
      if (token !== compareToken) return
      get().closeCompare()
      get().reportError("Couldn't open Compare", error)
    }
  },

  closeCompare() {
    compareToken++
    set({ compareIds: [], compareEntries: null })
    if (get().dialog === 'compare') get().closeDialog()
  }
})
