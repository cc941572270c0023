/**
 * The image detail panel: which image is open, its fresh record from main and
 * its lineage (the images it was made from, and those made from it).
 */
import type { LibraryImage, Lineage } from '../../../electron/shared/library'
import { api, call } from '../api'
import type { SliceCreator } from './types'

export interface DetailSlice {
  detailId: number | null
  /** The open image; the gallery's copy at first, main's fresh one once read. */
  detailImage: LibraryImage | null
  detailLineage: Lineage | null
  openDetail(id: number): Promise<void>
  closeDetail(): void
  /** Re-reads the open image (after main reports it changed). */
  refreshDetail(): Promise<void>
}

let detailToken = 0

export const createDetailSlice: SliceCreator<DetailSlice> = (set, get) => {
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
    } catch (error) {
      if (token === detailToken) get().reportError("Couldn't load the image details", error)
    }
  }

  return {
    detailId: null,
    detailImage: null,
    detailLineage: null,

    async openDetail(id) {
      const shown = get().galleryImage(id) ?? null
      set({ detailId: id, detailImage: shown, detailLineage: null })
      await read(id, true)
    },

    closeDetail() {
      detailToken++
      set({ detailId: null, detailImage: null, detailLineage: null })
    },

    async refreshDetail() {
      const id = get().detailId
      if (id !== null) await read(id, false)
    }
  }
}
