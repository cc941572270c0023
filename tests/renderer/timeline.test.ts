/** Issue 12: the timeline scrubber's month ↔ position arithmetic, at a million images and past the DOM scroll cap. */
import { describe, expect, it } from 'vitest'
import type { MonthCount } from '../../electron/shared/library'
import {
  buildTimeline,
  fractionOf,
  lastPositionInView,
  layoutLabels,
  monthAt,
  monthName,
  monthToPosition,
  offsetOfPosition,
  positionAtFraction,
  positionAtOffset,
  stepPosition,
  type Timeline
} from '../../renderer/src/lib/timeline'
import { DOM_SCROLL_CAP, gridGeometry, placeAt } from '../../renderer/src/lib/virtual-window'

/** Month counts as main sends them (newest first) for months from `from` (YYYYMM) backwards. */
function counts(from: number, sizes: number[]): MonthCount[] {
  let y = Math.floor(from / 100)
  let m = from % 100
  return sizes.map((count) => {
    const month = y * 100 + m
    m--
    if (m === 0) {
      m = 12
      y--
    }
    return { month, count }
  })
}

// A million images over 36 months ending March 2026, one month (June 2025) holding 100,000.
const SIZES: number[] = Array.from({ length: 36 }, (_, i) => (i === 9 ? 100_000 : 0))
const rest = 1_000_000 - 100_000
for (let i = 0, left = rest; i < 36; i++) {
  if (i === 9) continue
  const share = i === 35 ? left : Math.floor(rest / 35)
  SIZES[i] = share
  left -= share
}
const MILLION = counts(202603, SIZES)

describe('buildTimeline', () => {
  it('a million images: each month starts where the months before it end, in the view order', () => {
    const t = buildTimeline(MILLION, 'newest', 1_000_000)
    expect(t.months).toHaveLength(36)
    expect(t.months[0]).toMatchObject({ month: 202603, start: 0 })
    const big = t.months.find((m) => m.count === 100_000)!
    expect(big.month).toBe(202506)
    expect(big.start).toBe(9 * Math.floor(rest / 35))
    const last = t.months[35]!
    expect(last.start + last.count).toBe(1_000_000)
    for (let i = 1; i < 36; i++) expect(t.months[i]!.start).toBe(t.months[i - 1]!.start + t.months[i - 1]!.count)
  })

  it('oldest first reverses the months: the oldest month starts at 0', () => {
    const t = buildTimeline(counts(202603, [5, 3, 7]), 'oldest', 15)
    expect(t.months.map((m) => [m.month, m.start])).toEqual([
      [202601, 0],
      [202602, 7],
      [202603, 10]
    ])
  })

  it('counts that disagree with the id list (an image arrived between the reads) stay inside the view', () => {
    const more = buildTimeline(counts(202603, [5, 3]), 'newest', 10)
    expect(more.months.at(-1)).toMatchObject({ month: 202602, start: 5, count: 5 })
    const fewer = buildTimeline(counts(202603, [5, 3, 4]), 'newest', 6)
    expect(fewer.months.map((m) => [m.month, m.start, m.count])).toEqual([
      [202603, 0, 5],
      [202602, 5, 1]
    ])
    expect(buildTimeline([], 'newest', 0).months).toEqual([])
  })
})

describe('month → position → month', () => {
  const t = buildTimeline(MILLION, 'newest', 1_000_000)

  it('every month round-trips through its first position, and the position before it is the month before', () => {
    for (const m of t.months) {
      const p = monthToPosition(t, m.month)
      expect(p).toBe(m.start)
      expect(monthAt(t, p)?.month).toBe(m.month)
      expect(monthAt(t, p + m.count - 1)?.month).toBe(m.month)
      if (p > 0) expect(monthAt(t, p - 1)?.month).not.toBe(m.month)
    }
    expect(monthToPosition(t, 199001)).toBe(-1)
    expect(monthAt(t, -5)?.month).toBe(202603)
    expect(monthAt(t, 5_000_000)?.month).toBe(t.months[35]!.month)
  })

  it('a fraction of the scrubber is that fraction of the view, and back', () => {
    expect(positionAtFraction(t, 0)).toBe(0)
    expect(positionAtFraction(t, 0.5)).toBe(500_000)
    expect(positionAtFraction(t, 1)).toBe(999_999)
    expect(positionAtFraction(t, -1)).toBe(0)
    expect(fractionOf(t, 250_000)).toBe(0.25)
    const big = t.months.find((m) => m.count === 100_000)!
    // The 100,000-image month is a tenth of the scrubber.
    expect(fractionOf(t, big.start + big.count) - fractionOf(t, big.start)).toBeCloseTo(0.1, 10)
  })

  it('past the DOM scroll cap: a month’s first image lands in the top row and reads back as that month', () => {
    // 4 columns of 200 px cells: 250,000 rows, 51.5 M px, far past DOM_SCROLL_CAP and Chromium's cap.
    const geo = gridGeometry(4 * 206 - 6, 1_000_000, { minCell: 200, gap: 6 })
    const viewport = 800
    expect(geo.contentHeight).toBeGreaterThan(DOM_SCROLL_CAP * 10)
    for (const m of t.months) {
      const offset = offsetOfPosition(m.start, geo)
      const placed = placeAt(offset, geo.contentHeight, viewport)
      const real = placed.base + placed.scrollTop
      if (offset <= geo.contentHeight - viewport) {
        expect(real).toBe(offset)
        // The first image's row is the top row.
        expect(Math.floor(m.start / geo.columns) * geo.rowHeight - real).toBe(0)
        expect(positionAtOffset(t, real, geo)).toBe(m.start)
        expect(monthAt(t, positionAtOffset(t, real, geo))?.month).toBe(m.month)
      }
      expect(placed.scrollTop).toBeLessThanOrEqual(DOM_SCROLL_CAP)
    }
    const beyond = t.months.filter((m) => offsetOfPosition(m.start, geo) > DOM_SCROLL_CAP)
    expect(beyond.length).toBeGreaterThan(30)
  })

  it('a month starting mid-row reads as that month once its row is at the top, and its row mates of the month before do not', () => {
    const small = buildTimeline(counts(202603, [6, 10]), 'newest', 16)
    const geo = gridGeometry(4 * 156 - 6, 16, { minCell: 150, gap: 6 })
    expect(geo.columns).toBe(4)
    // February starts at position 6, in row 1 (positions 4–7).
    expect(positionAtOffset(small, geo.rowHeight, geo)).toBe(6)
    expect(positionAtOffset(small, 0, geo)).toBe(0)
    // At the top the view is at its first image, even when the next month starts in the first row.
    expect(positionAtOffset(buildTimeline(counts(202603, [2, 14]), 'newest', 16), 0, geo)).toBe(0)
    // A row less than half in view is not the top row.
    expect(positionAtOffset(small, geo.rowHeight * 0.6, geo)).toBe(6)
    expect(positionAtOffset(small, geo.rowHeight * 0.4, geo)).toBe(0)
    expect(lastPositionInView(small, 0, geo.rowHeight * 2, geo)).toBe(7)
    expect(lastPositionInView(small, 0, 10_000, geo)).toBe(15)
  })
})

describe('stepPosition (slider keys)', () => {
  // Newest first: Mar, Feb, Jan 2026, Dec, Nov 2025, Jan 2024.
  const t: Timeline = buildTimeline([...counts(202603, [10, 10, 10, 10, 10]), { month: 202401, count: 10 }], 'newest', 60)
  const at = (index: number) => monthAt(t, index)!.month

  it('arrows move by month, Home and End to the ends', () => {
    expect(at(stepPosition(t, 0, 'ArrowDown'))).toBe(202602)
    expect(at(stepPosition(t, 10, 'ArrowRight'))).toBe(202601)
    expect(at(stepPosition(t, 10, 'ArrowUp'))).toBe(202603)
    expect(stepPosition(t, 0, 'ArrowUp')).toBe(0)
    expect(stepPosition(t, 55, 'ArrowDown')).toBe(50)
    // From inside a month, Up goes to its start first.
    expect(stepPosition(t, 14, 'ArrowUp')).toBe(10)
    expect(stepPosition(t, 33, 'Home')).toBe(0)
    expect(stepPosition(t, 3, 'End')).toBe(50)
  })

  it('PageDown goes to the next year in the view, PageUp to the start of this year, then the one before', () => {
    expect(at(stepPosition(t, 0, 'PageDown'))).toBe(202512)
    expect(at(stepPosition(t, 30, 'PageDown'))).toBe(202401)
    expect(at(stepPosition(t, 50, 'PageDown'))).toBe(202401)
    expect(at(stepPosition(t, 40, 'PageUp'))).toBe(202512)
    expect(at(stepPosition(t, 30, 'PageUp'))).toBe(202603)
    expect(at(stepPosition(t, 25, 'PageUp'))).toBe(202603)
    expect(stepPosition(t, 0, 'PageUp')).toBe(0)
  })
})

describe('labels', () => {
  it('names months as people do', () => {
    expect(monthName(202603)).toBe('March 2026')
    expect(monthName(202412)).toBe('December 2024')
  })

  it('never overlap: years are kept, months dropped when crowded, dots where only a dot fits', () => {
    const t = buildTimeline(MILLION, 'newest', 1_000_000)
    const sizes = { text: 14, dot: 6 }
    for (const height of [120, 300, 560, 800, 2000]) {
      const labels = layoutLabels(t, height, sizes)
      const boxes = labels.map((l) => ({ ...l, h: l.kind === 'dot' ? sizes.dot : sizes.text }))
      for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.y).toBeGreaterThanOrEqual(boxes[i - 1]!.y + boxes[i - 1]!.h)
      for (const b of boxes) {
        expect(b.y).toBeGreaterThanOrEqual(0)
        expect(b.y + b.h).toBeLessThanOrEqual(height)
      }
      // Every year of the view is labelled once there is room between them (2026's three months are 23 px at 300 px).
      const years = labels.filter((l) => l.kind === 'year').map((l) => l.text)
      expect(years).toEqual(height >= 300 ? ['2026', '2025', '2024', '2023'] : ['2026', '2024', '2023'])
    }
    // Tall enough, every month gets its name.
    expect(layoutLabels(t, 2000, sizes).filter((l) => l.kind !== 'dot')).toHaveLength(36)
    // Crowded, some months are only dots or nothing, and the years stay.
    const crowded = layoutLabels(t, 300, sizes)
    expect(crowded.filter((l) => l.kind === 'month').length).toBeLessThan(33)
    expect(crowded.some((l) => l.kind === 'dot')).toBe(true)
  })

  it('when two months crowd each other, the bigger one is named', () => {
    // May 2026 (5,000), April (100), March (60,000), February (5,000): April and March start 0.6 px apart.
    const t = buildTimeline(counts(202605, [5000, 100, 60_000, 5000]), 'newest', 70_100)
    const labels = layoutLabels(t, 400, { text: 14, dot: 6 })
    expect(labels.map((l) => [l.kind, l.text])).toEqual([
      ['year', '2026'],
      ['month', 'Mar'],
      ['month', 'Feb']
    ])
    expect(labels[1]!.y).toBeCloseTo((5100 / 70_100) * 400, 6)
  })

  it('the big month’s label sits a tenth of the way down and a tiny month in a crowd gives way', () => {
    const t = buildTimeline(counts(202603, [1, 1, 100_000, 1]), 'newest', 100_003)
    const labels = layoutLabels(t, 500, { text: 14, dot: 6 })
    expect(labels[0]).toMatchObject({ kind: 'year', text: '2026', y: 0 })
    // February (1 image) sits right under the year: no room for its name or a dot.
    expect(labels.some((l) => l.month === 202602)).toBe(false)
    // December 2025 starts the year 2025 at the very bottom, kept inside the scrubber.
    expect(labels.at(-1)).toMatchObject({ kind: 'year', text: '2025', y: 500 - 14 })
  })
})
