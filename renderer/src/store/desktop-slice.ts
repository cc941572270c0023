/**
 * Library images leaving the app as files (issue 9): drag out, Copy image, Show in
 * folder; and text to the clipboard (Copy prompt, Copy all parameters as JSON). Main resolves the ids to the library's own files (checked inside the
 * library) and hands them to the OS; the window never sees a path.
 */
import { api, call } from '../api'
import { selectedInOrder } from './selection-slice'
import type { SliceCreator } from './types'

export interface DesktopSlice {
  /**
   * Called from a tile's dragstart: the images dragged (the whole selection when the
   * tile is in it) go to the OS as real files. The in-app drag (onto the tray) is set
   * by the tile itself and is not touched.
   */
  dragOut(imageId: number): Promise<void>
  copyImage(imageId: number): Promise<boolean>
  /** Puts text on the OS clipboard (through main, as Copy image); `what` names it in the toast ("Prompt copied"). */
  copyText(text: string, what: string): Promise<boolean>
  showInFolder(imageId: number): Promise<boolean>
}

export const createDesktopSlice: SliceCreator<DesktopSlice> = (_set, get) => ({
  async dragOut(imageId) {
    // The dragged tile first (its thumbnail is the drag icon), then the rest of the selection in view order.
    const ids = get().selectedIds[imageId] ? [imageId, ...selectedInOrder(get()).filter((id) => id !== imageId)] : [imageId]
    try {
      await call(() => api.desktop.startDrag(ids))
    } catch (error) {
      get().reportError("Couldn't drag the images out of the app", error)
    }
  },

  async copyImage(imageId) {
    try {
      await call(() => api.desktop.copyImage(imageId))
      get().showToast({ tone: 'info', title: 'Image copied' })
      return true
    } catch (error) {
      get().reportError("Couldn't copy the image", error)
      return false
    }
  },

  async copyText(text, what) {
    try {
      await call(() => api.desktop.copyText(text))
      get().showToast({ tone: 'info', title: `${what} copied` })
      return true
    } catch (error) {
      get().reportError(`Couldn't copy the ${what.toLowerCase()}`, error)
      return false
    }
  },

  async showInFolder(imageId) {
    try {
      await call(() => api.desktop.showInFolder(imageId))
      return true
    } catch (error) {
      get().reportError("Couldn't show the file", error)
      return false
    }
  }
})
