/**
 * The image detail panel: which image is open, its fresh record from main, its
 * lineage (the images it was made from, and those made from it) and the recipe
 * its generation was sent with (every parameter, read-only).
 */
import type { GenerationRecipe } from '../../../electron/shared/generation'
import type { LibraryImage, Lineage } from '../../../electron/shared/library'
import { api, call } from '../api'
import type { SliceCreator } from './types'

export interface DetailSlice {
  detailId: number | null
  /** The open image; the gallery's copy at first, main's fresh one once read. */
  detailImage: LibraryImage | null
  detailLineage: Lineage | null
  /** The open image's generation recipe; null while read, for an image with no generation, or when it failed. */
  detailRecipe: GenerationRecipe | null
  /** `none`: the image has no generation (imported), so nothing was sent. */
  detailRecipeStatus: 'loading' | 'ready' | 'none' | 'failed'
  /** The detail's last recipe read, pending or done (kept after a close: Remix closes the detail, then applies it). */
  detailRecipeRead: { generationId: number; promise: Promise<GenerationRecipe> } | null
  openDetail(id: number): Promise<void>
  closeDetail(): void
  /** Re-reads the open image (after main reports it changed). */
  refreshDetail(): Promise<void>
  /**
   * A generation's recipe: the open detail's read when it is that generation's
   * (pending or done), so Use all settings and Remix from the detail do not ask
   * main again; otherwise read now.
   */
  recipeOf(generationId: number): Promise<GenerationRecipe>
}

export const createDetailSlice: SliceCreator<DetailSlice> = (set, get) => {
  // This store's own: a newer read (or a close) makes an older answer stale.
  let detailToken = 0

  /** The recipe of the open image's generation; kept when it is already the one shown. */
  async function readRecipe(id: number, generationId: number | null, token: number): Promise<void> {
    if (generationId === null) {
      set({ detailRecipe: null, detailRecipeStatus: 'none' })
      return
    }
    // A generation's recipe never changes: another image of the same job, or a refresh, reuses the read.
    const promise = get().recipeOf(generationId)
    set({ detailRecipeRead: { generationId, promise } })
    try {
      const recipe = await promise
      if (token !== detailToken || get().detailId !== id) return
      set({ detailRecipe: recipe, detailRecipeStatus: 'ready' })
    } catch {
      if (get().detailRecipeRead?.promise === promise) set({ detailRecipeRead: null })
      // The image and its other facts still show; the parameters say they could not be read.
      if (token === detailToken && get().detailId === id) set({ detailRecipe: null, detailRecipeStatus: 'failed' })
    }
  }

  async function read(id: number, withLineage: boolean): Promise<void> {
    const token = ++detailToken
    try {
      const [images, lineage] = await Promise.all([
        call(() => api.library.images([id])),
        withLineage ? call(() => api.library.lineage(id)) : Promise.resolve(get().detailLineage)
      ])
      if (token !== detailToken || get().detailId !== id) return
      const image = images[0]
      if (!image) {
        // Deleted for good meanwhile (Trash emptied elsewhere).
        set({ detailId: null, detailImage: null, detailLineage: null })
        return
      }
      set({ detailImage: image, detailLineage: lineage })
      await readRecipe(id, image.generationId, token)
    } catch (error) {
      if (token === detailToken) get().reportError("Couldn't load the image details", error)
    }
  }

  return {
    detailId: null,
    detailImage: null,
    detailLineage: null,
    detailRecipe: null,
    detailRecipeStatus: 'loading',
    detailRecipeRead: null,

    async openDetail(id) {
      const shown = get().galleryImage(id) ?? null
      set({ detailId: id, detailImage: shown, detailLineage: null, detailRecipe: null, detailRecipeStatus: 'loading' })
      await read(id, true)
    },

    closeDetail() {
      detailToken++
      set({ detailId: null, detailImage: null, detailLineage: null, detailRecipe: null, detailRecipeStatus: 'loading' })
    },

    async refreshDetail() {
      const id = get().detailId
      if (id !== null) await read(id, false)
    },

    recipeOf(generationId) {
      const read = get().detailRecipeRead
      if (read?.generationId === generationId) return read.promise
      return call(() => api.generation.recipe(generationId))
    }
  }
}
