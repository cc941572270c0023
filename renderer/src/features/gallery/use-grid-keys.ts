import type { KeyboardEvent, RefObject } from 'react'
import { useAppStore } from '../../store'
import { selectedInOrder } from '../../store/selection-slice'

/** Tiles per row, read from the laid-out grid (1 where there is no layout, as in tests). */
function columns(grid: HTMLElement): number {
  const template = getComputedStyle(grid).gridTemplateColumns
  return Math.max(1, template.split(' ').filter((part) => part !== '' && part !== 'none').length)
}

const MOVES: Record<string, (cols: number) => number> = {
  ArrowLeft: () => -1,
  ArrowRight: () => 1,
  ArrowUp: (cols) => -cols,
  ArrowDown: (cols) => cols
}

/**
 * Keys on the grid: Delete/Backspace trash the selection (not in the Trash),
 * Esc clears it, ⌘/Ctrl+A selects all loaded, Enter opens the focused image, R remixes it,
 * arrows move (Shift extends).
 */
export function useGridKeys(grid: RefObject<HTMLDivElement | null>): (event: KeyboardEvent<HTMLDivElement>) => void {
  return (event) => {
    const s = useAppStore.getState()
    const mod = event.metaKey || event.ctrlKey
    if (event.key === 'Delete' || event.key === 'Backspace') {
      const ids = selectedInOrder(s)
      if (ids.length === 0 || s.activeSection === 'trash') return
      event.preventDefault()
      void s.trashImages(ids)
    } else if (event.key === 'Escape' && Object.keys(s.selectedIds).length > 0) {
      event.preventDefault()
      s.clearSelection()
    } else if (mod && event.key.toLowerCase() === 'a') {
      event.preventDefault()
      s.selectAllLoaded()
    } else if (event.key.toLowerCase() === 'r' && !mod && !event.altKey && !event.shiftKey) {
      // R: remix the focused (or first selected) image.
      const id = s.selectionLead ?? selectedInOrder(s)[0]
      const image = s.galleryItems.find((i) => i.id === id)
      if (!image || s.activeSection === 'trash') return
      event.preventDefault()
      void s.remixImage(image)
    } else if (event.key === 'Enter') {
      const id = s.selectionLead ?? selectedInOrder(s)[0]
      if (id === undefined) return
      event.preventDefault()
      void s.openDetail(id)
    } else if (MOVES[event.key] && grid.current) {
      event.preventDefault()
      const ids = s.galleryItems.map((i) => i.id)
      const from = s.selectionLead === null ? -1 : ids.indexOf(s.selectionLead)
      const to = from < 0 ? 0 : Math.min(ids.length - 1, Math.max(0, from + MOVES[event.key]!(columns(grid.current))))
      const id = ids[to]
      if (id === undefined) return
      // Shift extends the range from the anchor; the lead moves either way.
      s.selectImage(id, event.shiftKey && from >= 0 ? 'range' : 'single')
      const tile = grid.current.querySelector<HTMLElement>(`[data-image-id="${id}"]`)
      tile?.focus()
      tile?.scrollIntoView?.({ block: 'nearest' })
    }
  }
}
