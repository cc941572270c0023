/**
 * The gallery's scroll geometry, beyond Chromium's scroll-height cap.
 *
 * Chromium clamps a scroll box at 33,554,428 CSS px ÷ devicePixelRatio, so a grid
 * of a million images cannot be one tall box (../shared/reference/virtual-gallery.md:
 * stock virtualizers stop near item 671,000). The DOM box here is at most
 * DOM_SCROLL_CAP tall; the real offset is `base + scrollTop`, held in JS. Wheel
 * and trackpad scroll the DOM box natively (1:1); when the box nears one of its
 * ends while more content lies beyond, it is re-anchored: `base` moves by a whole
 * chunk and `scrollTop` moves back by the same amount, so nothing on screen moves.
 * Jumps (End, the timeline, a position) place `base` around the target. Pure.
 */

/** The DOM scroll box's greatest height: far under the cap even at 3× and page zoom. */
export const DOM_SCROLL_CAP = 4_000_000

/** Re-anchor when the DOM offset is within this of an end (and more lies beyond). */
const EDGE = DOM_SCROLL_CAP / 4

export interface GridGeometry {
  columns: number
  /** A cell's width and height (square cells), CSS px. */
  cell: number
  gap: number
  /** cell + gap. */
  rowHeight: number
  rows: number
  /** The real content height: rows × rowHeight − gap (0 when empty). */
  contentHeight: number
  /** The DOM spacer's height: min(contentHeight, DOM_SCROLL_CAP). */
  domHeight: number
}

/** Columns from the width and the wanted thumbnail size; cells stretch to fill the row. */
export function gridGeometry(width: number, count: number, opts: { minCell: number; gap: number }): GridGeometry {
  const { minCell, gap } = opts
  const usable = Math.max(minCell, width)
  const columns = Math.max(1, Math.floor((usable + gap) / (minCell + gap)))
  const cell = Math.max(1, Math.floor((usable - gap * (columns - 1)) / columns))
  const rowHeight = cell + gap
  const rows = Math.ceil(count / columns)
  const contentHeight = rows === 0 ? 0 : rows * rowHeight - gap
  return { columns, cell, gap, rowHeight, rows, contentHeight, domHeight: Math.min(contentHeight, DOM_SCROLL_CAP) }
}

export interface WindowPosition {
  /** Real offset of the DOM box's top (0 when everything fits). */
  base: number
  /** The DOM box's scrollTop. */
  scrollTop: number
}

/** The greatest real offset of the viewport's top. */
export function maxOffset(contentHeight: number, viewport: number): number {
  return Math.max(0, contentHeight - viewport)
}

/** Where to put the DOM box so the real `offset` is at the viewport's top. */
export function placeAt(offset: number, contentHeight: number, viewport: number): WindowPosition {
  const real = Math.min(Math.max(0, offset), maxOffset(contentHeight, viewport))
  const dom = Math.min(contentHeight, DOM_SCROLL_CAP)
  if (contentHeight <= DOM_SCROLL_CAP) return { base: 0, scrollTop: real }
  const base = Math.min(Math.max(0, real - dom / 2), contentHeight - dom)
  return { base, scrollTop: real - base }
}

/**
 * After a native scroll moved the DOM box to `scrollTop`: the new position when it
 * must be re-anchored (near an end with more beyond), else null. The real offset
 * is the same before and after.
 */
export function reanchor(pos: WindowPosition, contentHeight: number, viewport: number): WindowPosition | null {
  if (contentHeight <= DOM_SCROLL_CAP) return null
  const dom = DOM_SCROLL_CAP
  const nearTop = pos.scrollTop < EDGE && pos.base > 0
  const nearBottom = pos.scrollTop + viewport > dom - EDGE && pos.base + dom < contentHeight
  if (!nearTop && !nearBottom) return null
  return placeAt(pos.base + pos.scrollTop, contentHeight, viewport)
}

/** The first and last rows that touch the viewport, widened by `overscan` rows each way. */
export function visibleRows(offset: number, viewport: number, geo: GridGeometry, overscan: number): { first: number; last: number } {
  if (geo.rows === 0) return { first: 0, last: -1 }
  const first = Math.max(0, Math.floor(offset / geo.rowHeight) - overscan)
  const last = Math.min(geo.rows - 1, Math.floor((offset + Math.max(viewport, 1)) / geo.rowHeight) + overscan)
  return { first, last }
}

/**
 * The rows whose cells (not just their gaps) are on screen: the mounted rows minus the overscan,
 * so the grid can ask for what the user sees before what is only near.
 */
export function rowsInView(offset: number, viewport: number, geo: GridGeometry): { first: number; last: number } {
  if (geo.rows === 0) return { first: 0, last: -1 }
  // Row r shows when r·rowHeight < offset + viewport and r·rowHeight + cell > offset.
  const first = Math.max(0, Math.floor((offset + geo.gap) / geo.rowHeight))
  const last = Math.min(geo.rows - 1, Math.ceil((offset + Math.max(viewport, 1)) / geo.rowHeight) - 1)
  return { first, last }
}

/** The real offset that brings row `row` fully into view with the least movement. */
export function offsetToShowRow(row: number, offset: number, viewport: number, geo: GridGeometry): number {
  const top = row * geo.rowHeight
  const bottom = top + geo.cell
  if (top < offset) return top
  if (bottom > offset + viewport) return Math.max(0, bottom - viewport)
  return offset
}
