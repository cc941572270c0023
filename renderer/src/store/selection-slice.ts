/**
 * Which images of the view are selected, by id, over the whole view (not only
 * the rows that happen to be loaded). Click selects one, ⌘/Ctrl-click toggles,
 * Shift-click selects the range from the anchor (the last plain or toggled
 * click) to the clicked image by position in the view's id list; ⌘/Ctrl+A
 * selects the whole view.
 */
import type { SliceCreator } from './types'

export type SelectMode = 'single' | 'toggle' | 'range'

export interface SelectionSlice {
  selectedIds: Record<number, true>
  selectionAnchor: number | null
  /** The image last clicked or moved to (keyboard focus); ranges run from the anchor to it. */
  selectionLead: number | null
  selectImage(id: number, mode: SelectMode): void
  /** Selects every image of the view. */
  selectAll(): void
  clearSelection(): void
}

function asSet(ids: ArrayLike<number>): Record<number, true> {
  const out: Record<number, true> = {}
  for (let i = 0; i < ids.length; i++) out[ids[i]!] = true
  return out
}

/** The selected ids in view order (ids no longer in the view are left out). */
export function selectedInOrder(s: { galleryIds: Uint32Array; selectedIds: Record<number, true> }): number[] {
  const out: number[] = []
  const selected = s.selectedIds
  for (const id of s.galleryIds) if (selected[id] === true) out.push(id)
  return out
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
    const ids = s.galleryIds
    const from = s.selectionAnchor === null ? -1 : ids.indexOf(s.selectionAnchor)
    const to = ids.indexOf(id)
    if (mode === 'range' && from >= 0 && to >= 0) {
      set({ selectedIds: asSet(ids.subarray(Math.min(from, to), Math.max(from, to) + 1)), selectionLead: id })
      return
    }
    set({ selectedIds: { [id]: true }, selectionAnchor: id, selectionLead: id })
  },

  selectAll: () => set((s) => ({ selectedIds: asSet(s.galleryIds) })),

  clearSelection: () => set({ selectedIds: {}, selectionAnchor: null, selectionLead: null })
})
