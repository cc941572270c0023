/**
 * Which images of the view are selected, by id, over the whole view (not only
 * the rows that happen to be loaded). Click selects one, ⌘/Ctrl-click toggles,
 * Shift-click selects the range from the anchor (the last plain or toggled
 * click) to the clicked image by position in the view's id list; ⌘/Ctrl+A
 * selects the whole view, held as a flag (not a million keys) and acted on as a
 * view target, so main reads the ids itself.
 */
import type { ExportTarget } from '../../../electron/shared/export'
import type { ImageTarget } from '../../../electron/shared/library'
import { currentView, type ViewState } from './gallery-view'
import type { SliceCreator } from './types'

export type SelectMode = 'single' | 'toggle' | 'range'

export interface SelectionSlice {
  /** Picked one by one or by range (ignored while the whole view is selected). */
  selectedIds: Record<number, true>
  /**
   * The whole view is selected (⌘/Ctrl+A): every id up to `maxId` (the newest the
   * person could see), less `except` (unticked since). Null otherwise.
   */
  selectionAll: { maxId: number; except: Record<number, true> } | null
  selectionAnchor: number | null
  /** The image last clicked or moved to (keyboard focus); ranges run from the anchor to it. */
  selectionLead: number | null
  selectImage(id: number, mode: SelectMode): void
  /** Selects exactly these images (a job's results); the first is the anchor and keyboard focus. */
  selectImages(ids: readonly number[]): void
  /** Selects every image of the view. */
  selectAll(): void
  clearSelection(): void
}

type SelectionState = { galleryIds: Uint32Array; selectedIds: Record<number, true>; selectionAll: SelectionSlice['selectionAll'] }

export function isSelected(s: Pick<SelectionState, 'selectedIds' | 'selectionAll'>, id: number): boolean {
  return s.selectionAll ? id <= s.selectionAll.maxId && s.selectionAll.except[id] !== true : s.selectedIds[id] === true
}

/** How many images are selected (O(1) while the whole view is selected with nothing unticked). */
export function selectionSize(s: SelectionState): number {
  if (!s.selectionAll) return Object.keys(s.selectedIds).length
  const { maxId, except } = s.selectionAll
  const unticked = Object.keys(except).length
  // Ids above maxId arrived after the selection: only then is a scan needed.
  let newer = 0
  for (const id of s.galleryIds) if (id > maxId) newer++
  return s.galleryIds.length - newer - unticked
}

export function hasSelection(s: SelectionState): boolean {
  return s.selectionAll !== null || Object.keys(s.selectedIds).length > 0
}

/**
 * What a bulk action applies to: the ids, or (whole view selected) the view
 * itself, so a million images never cross IPC as a list.
 */
export function selectionTarget(s: SelectionState & ViewState): ImageTarget {
  if (!s.selectionAll) return selectedInOrder(s)
  const except = Object.keys(s.selectionAll.except).map(Number)
  return { view: currentView(s), maxId: s.selectionAll.maxId, ...(except.length > 0 ? { except } : {}) }
}

/** The selection as an export's target: the same ids, or the same whole view. */
export function exportTargetOf(target: ImageTarget): ExportTarget {
  return Array.isArray(target) ? { kind: 'ids', ids: target } : { kind: 'view', ...target }
}

function asSet(ids: ArrayLike<number>): Record<number, true> {
  const out: Record<number, true> = {}
  for (let i = 0; i < ids.length; i++) out[ids[i]!] = true
  return out
}

/** The selected ids in view order (ids no longer in the view are left out). */
export function selectedInOrder(s: Pick<SelectionState, 'galleryIds' | 'selectedIds'> & Partial<Pick<SelectionState, 'selectionAll'>>): number[] {
  const out: number[] = []
  // Nothing selected: no walk over the view (a million ids, each time the id list changes).
  if (!s.selectionAll && Object.keys(s.selectedIds).length === 0) return out
  const probe = { selectedIds: s.selectedIds, selectionAll: s.selectionAll ?? null }
  for (const id of s.galleryIds) if (isSelected(probe, id)) out.push(id)
  return out
}

/** The newest id of a view (ids grow with time). */
function newestId(ids: Uint32Array): number {
  let max = 0
  for (const id of ids) if (id > max) max = id
  return max
}

export const createSelectionSlice: SliceCreator<SelectionSlice> = (set, get) => ({
  selectedIds: {},
  selectionAll: null,
  selectionAnchor: null,
  selectionLead: null,

  selectImage(id, mode) {
    const s = get()
    if (mode === 'toggle' && s.selectionAll) {
      // Unticking from a whole-view selection: remember the exception, not the rest.
      const { [id]: was, ...rest } = s.selectionAll.except
      const except = was ? rest : { ...rest, [id]: true as const }
      set({ selectionAll: { maxId: s.selectionAll.maxId, except }, selectionAnchor: id, selectionLead: id })
      return
    }
    if (mode === 'toggle') {
      const { [id]: was, ...rest } = s.selectedIds
      set({ selectedIds: was ? rest : { ...rest, [id]: true }, selectionAnchor: id, selectionLead: id })
      return
    }
    const ids = s.galleryIds
    const from = s.selectionAnchor === null ? -1 : ids.indexOf(s.selectionAnchor)
    const to = ids.indexOf(id)
    if (mode === 'range' && from >= 0 && to >= 0) {
      set({ selectedIds: asSet(ids.subarray(Math.min(from, to), Math.max(from, to) + 1)), selectionAll: null, selectionLead: id })
      return
    }
    set({ selectedIds: { [id]: true }, selectionAll: null, selectionAnchor: id, selectionLead: id })
  },

  selectImages(ids) {
    const first = ids[0]
    if (first === undefined) return get().clearSelection()
    set({ selectedIds: asSet(ids), selectionAll: null, selectionAnchor: first, selectionLead: first })
  },

  selectAll: () =>
    set((s) => (s.galleryIds.length === 0 ? {} : { selectedIds: {}, selectionAll: { maxId: newestId(s.galleryIds), except: {} } })),

  clearSelection: () => set({ selectedIds: {}, selectionAll: null, selectionAnchor: null, selectionLead: null })
})
