/**
 * Which gallery tiles are selected. Click selects one, ⌘/Ctrl-click toggles,
 * Shift-click selects the range from the anchor (the last plain or toggled
 * click) to the clicked tile, in the gallery's order.
 */
import type { SliceCreator } from './types'

export type SelectMode = 'single' | 'toggle' | 'range'

export interface SelectionSlice {
  selectedIds: Record<number, true>
  selectionAnchor: number | null
  /** The tile last clicked or moved to (keyboard focus); ranges run from the anchor to it. */
  selectionLead: number | null
  selectImage(id: number, mode: SelectMode): void
  /** Selects every loaded image of the view. */
  selectAllLoaded(): void
  clearSelection(): void
}

const asSet = (ids: number[]): Record<number, true> => Object.fromEntries(ids.map((id) => [id, true as const]))

/** The selected ids in gallery order (ids no longer shown are left out). */
export function selectedInOrder(s: { galleryItems: { id: number }[]; selectedIds: Record<number, true> }): number[] {
  return s.galleryItems.filter((i) => s.selectedIds[i.id] === true).map((i) => i.id)
}

export const createSelectionSlice: SliceCreator<SelectionSlice> = (set, get) => ({
  selectedIds: {},
  selectionAnchor: null,
  selectionLead: null,

  selectImage(id, mode) {
    const s = get()
    if (mode === 'toggle') {
      const { [id]: was, ...rest } = s.selectedIds
      set({ selectedIds: was ? rest : { ...rest, [id]: true }, selectionAnchor: id, selectionLead: id })
      return
    }
    const ids = s.galleryItems.map((i) => i.id)
    const from = s.selectionAnchor === null ? -1 : ids.indexOf(s.selectionAnchor)
    const to = ids.indexOf(id)
    if (mode === 'range' && from >= 0 && to >= 0) {
      set({ selectedIds: asSet(ids.slice(Math.min(from, to), Math.max(from, to) + 1)), selectionLead: id })
      return
    }
    set({ selectedIds: { [id]: true }, selectionAnchor: id, selectionLead: id })
  },

  selectAllLoaded: () => set((s) => ({ selectedIds: asSet(s.galleryItems.map((i) => i.id)) })),

  clearSelection: () => set({ selectedIds: {}, selectionAnchor: null, selectionLead: null })
})
