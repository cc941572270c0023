/**
 * The timeline scrubber's arithmetic: months laid out on positions in the view,
 * and positions mapped to offsets in the grid and back. Pure.
 *
 * A date-sorted view's id order is its images in creation order, so the month
 * counts of the view (main's `library:month-counts`, newest month first), added
 * up in the view's order, give each month's first position exactly: month k
 * starts after the images of months 0..k-1. That is exact at any size (a click
 * lands on the month's first image, not months off as in immich #7979) as long
 * as ids grow with creation time, which is how main stores images. Views in
 * another order (rating, cost, the Trash by deletion) have no timeline.
 */
import type { MonthCount } from '../../../electron/shared/library'
import type { GridGeometry } from './virtual-window'

export interface TimelineMonth {
  /** YYYYMM (UTC), e.g. 202603. */
  month: number
  count: number
  /** 0-based position of the month's first image in the view. */
  start: number
}

export interface Timeline {
  /** In the view's order. Every month has at least one image; starts are below `total`. */
  months: TimelineMonth[]
  /** The view's size (its id list's length). */
  total: number
}

export type TimelineOrder = 'newest' | 'oldest'

/**
 * The months of a view in its order. `counts` are main's (newest first); `total`
 * is the id list's length. When they disagree (an image arrived between the two
 * reads), months past the end are dropped and the last month runs to the end.
 */
export function buildTimeline(counts: readonly MonthCount[], order: TimelineOrder, total: number): Timeline {
  const ordered = order === 'newest' ? counts : [...counts].reverse()
  const months: TimelineMonth[] = []
  let start = 0
  for (const m of ordered) {
    if (m.count <= 0) continue
    if (start >= total) break
    months.push({ month: m.month, count: Math.min(m.count, total - start), start })
    start += m.count
  }
  const last = months[months.length - 1]
  if (last && start < total) last.count = total - last.start
  return { months, total }
}

/** The index in `months` of the month holding position `index` (clamped to the view). -1 when empty. */
export function monthIndexAt(t: Timeline, index: number): number {
  const { months } = t
  if (months.length === 0) return -1
  let lo = 0
  let hi = months.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (months[mid]!.start <= index) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** The month holding position `index`, or null for an empty timeline. */
export function monthAt(t: Timeline, index: number): TimelineMonth | null {
  const i = monthIndexAt(t, index)
  return i < 0 ? null : t.months[i]!
}

/** The first position of `month` (YYYYMM) in the view, or -1 when the view has none of it. */
export function monthToPosition(t: Timeline, month: number): number {
  return t.months.find((m) => m.month === month)?.start ?? -1
}

/** The position at a fraction (0 at the top, 1 at the bottom) of the scrubber. */
export function positionAtFraction(t: Timeline, fraction: number): number {
  if (t.total === 0) return 0
  return Math.min(t.total - 1, Math.max(0, Math.floor(fraction * t.total)))
}

/** Where position `index` sits on the scrubber, 0 (top) to 1 (bottom). */
export function fractionOf(t: Timeline, index: number): number {
  return t.total === 0 ? 0 : Math.min(1, Math.max(0, index / t.total))
}

/** The real grid offset that puts the row holding position `index` at the top. */
export function offsetOfPosition(index: number, geo: GridGeometry): number {
  return Math.floor(Math.max(0, index) / geo.columns) * geo.rowHeight
}

/**
 * The position the view is at, for the slider's value: the top row is the first
 * row at least half in view; when a month starts within that row, its first
 * image (the month the row ends in), else the row's first image. So a jump to a
 * month's first position reads back as that month. At the top of the view it is
 * the first image.
 */
export function positionAtOffset(t: Timeline, offset: number, geo: GridGeometry): number {
  if (t.total === 0 || geo.rows === 0) return 0
  const row = Math.min(geo.rows - 1, Math.max(0, Math.ceil((offset - geo.cell / 2) / geo.rowHeight)))
  if (row === 0) return 0
  const rowStart = row * geo.columns
  const rowEnd = Math.min(t.total - 1, rowStart + geo.columns - 1)
  const ending = monthAt(t, rowEnd)
  return Math.min(t.total - 1, Math.max(rowStart, ending?.start ?? rowStart))
}

/** The last position at least partly in view (for the scrubber's viewport band). */
export function lastPositionInView(t: Timeline, offset: number, viewport: number, geo: GridGeometry): number {
  if (t.total === 0 || geo.rows === 0) return 0
  const row = Math.min(geo.rows - 1, Math.max(0, Math.floor((offset + Math.max(viewport, 1) - 1) / geo.rowHeight)))
  return Math.min(t.total - 1, (row + 1) * geo.columns - 1)
}

export type TimelineKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'PageUp' | 'PageDown' | 'Home' | 'End'

/**
 * Where a key on the slider goes from position `index`: arrows by month (down /
 * right go further into the view), PageUp/PageDown by year, Home/End to the first
 * and last month. Returns the first position of the target month.
 */
export function stepPosition(t: Timeline, index: number, key: TimelineKey): number {
  const { months } = t
  if (months.length === 0) return 0
  const at = monthIndexAt(t, index)
  const here = months[at]!
  const year = (m: TimelineMonth): number => Math.floor(m.month / 100)
  let to = at
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      to = Math.min(months.length - 1, at + 1)
      break
    case 'ArrowUp':
    case 'ArrowLeft':
      // From inside a month, the first press goes back to its start.
      to = index > here.start ? at : Math.max(0, at - 1)
      break
    case 'PageDown': {
      to = months.findIndex((m, i) => i > at && year(m) !== year(here))
      if (to < 0) to = months.length - 1
      break
    }
    case 'PageUp': {
      // To the start of this year's run, or from there to the previous year's.
      let i = at
      while (i > 0 && year(months[i - 1]!) === year(here)) i--
      if (i === at && index <= here.start && at > 0) {
        const prev = year(months[at - 1]!)
        i = at - 1
        while (i > 0 && year(months[i - 1]!) === prev) i--
      }
      to = i
      break
    }
    case 'Home':
      to = 0
      break
    case 'End':
      to = months.length - 1
      break
  }
  return months[to]!.start
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const

/** "March 2026" for 202603. */
export function monthName(month: number): string {
  return `${MONTH_NAMES[(month % 100) - 1] ?? '?'} ${Math.floor(month / 100)}`
}

/** "Mar" for 202603. */
export function shortMonthName(month: number): string {
  return (MONTH_NAMES[(month % 100) - 1] ?? '?').slice(0, 3)
}

export interface TimelineLabel {
  month: number
  /** A year's text where the year begins in the view, a month's short name, or a dot for a month with no room. */
  kind: 'year' | 'month' | 'dot'
  /** The label's top, px from the scrubber's top (kept inside the scrubber). */
  y: number
  text: string
}

export interface LabelSizes {
  /** The height a text label needs, px. */
  text: number
  /** The height a dot needs, px. */
  dot: number
}

/**
 * The labels that fit on a scrubber `height` px tall without overlapping. Years
 * come first (each where its first month in the view starts; a year is dropped
 * only when it would overlap the previous year), then month names where there is
 * room, then dots for the remaining months where there is room for a dot.
 */
export function layoutLabels(t: Timeline, height: number, sizes: LabelSizes): TimelineLabel[] {
  if (t.months.length === 0 || height <= 0) return []
  const place = (m: TimelineMonth, size: number): number => Math.min(Math.max(0, height - size), fractionOf(t, m.start) * height)
  const years: TimelineLabel[] = []
  const rest: TimelineMonth[] = []
  let previousYear: number | null = null
  for (const m of t.months) {
    const year = Math.floor(m.month / 100)
    if (year === previousYear) {
      rest.push(m)
      continue
    }
    previousYear = year
    const y = place(m, sizes.text)
    const last = years[years.length - 1]
    if (last && y < last.y + sizes.text) {
      rest.push(m)
      continue
    }
    years.push({ month: m.month, kind: 'year', y, text: String(year) })
  }
  // Month names by size: the months that take the most of the scrubber are named first.
  const taken = [...years]
  const named = new Set<number>()
  const bySize = [...rest].sort((a, b) => b.count - a.count || a.start - b.start)
  for (const m of bySize) {
    const y = place(m, sizes.text)
    let lo = 0
    let hi = taken.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (taken[mid]!.y < y) lo = mid + 1
      else hi = mid
    }
    const before = taken[lo - 1]
    const after = taken[lo]
    if ((before && before.y + sizes.text > y) || (after && after.y < y + sizes.text)) continue
    taken.splice(lo, 0, { month: m.month, kind: 'month', y, text: shortMonthName(m.month) })
    named.add(m.month)
  }
  const dots = sweep(
    rest.filter((m) => !named.has(m.month)),
    taken,
    sizes.dot,
    place,
    sizes.text
  )
  return [...taken, ...dots].sort((a, b) => a.y - b.y)
}

/** Dots of `size` px for months (in increasing y) that overlap nothing in `taken` (sorted by y, each `takenSize` tall) nor each other. */
function sweep(months: readonly TimelineMonth[], taken: readonly TimelineLabel[], size: number, place: (m: TimelineMonth, size: number) => number, takenSize: number): TimelineLabel[] {
  const out: TimelineLabel[] = []
  let k = 0
  for (const m of months) {
    const y = place(m, size)
    while (k < taken.length && taken[k]!.y + takenSize <= y) k++
    // taken[k] is the first taken label not wholly above y: the only one that can overlap.
    const next = taken[k]
    if (next && next.y < y + size) continue
    const last = out[out.length - 1]
    if (last && last.y + size > y) continue
    out.push({ month: m.month, kind: 'dot', y, text: '' })
  }
  return out
}
