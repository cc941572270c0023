/** Issue 12: the gallery's scroll geometry reaches every item past Chromium's scroll-height cap. */
import { describe, expect, it } from 'vitest'
import { LruCache } from '../../renderer/src/lib/lru'
import { DOM_SCROLL_CAP, gridGeometry, maxOffset, offsetToShowRow, placeAt, reanchor, rowsInView, visibleRows } from '../../renderer/src/lib/virtual-window'

const MILLION = 1_000_000
const VIEW = 800

describe('gridGeometry', () => {
  it('fits as many columns as the minimum cell allows and stretches the cells', () => {
    expect(gridGeometry(1000, 10, { minCell: 160, gap: 6 })).toMatchObject({ columns: 6, cell: 161, rowHeight: 167, rows: 2 })
    expect(gridGeometry(100, 3, { minCell: 160, gap: 6 })).toMatchObject({ columns: 1, rows: 3 })
    expect(gridGeometry(1000, 0, { minCell: 160, gap: 6 })).toMatchObject({ rows: 0, contentHeight: 0, domHeight: 0 })
  })

  it('a million images in 4 columns are 50 M px of content in a DOM box of at most the cap', () => {
    const geo = gridGeometry(4 * 206 - 6, MILLION, { minCell: 200, gap: 6 })
    expect(geo.columns).toBe(4)
    expect(geo.contentHeight).toBeGreaterThan(50_000_000)
    expect(geo.domHeight).toBe(DOM_SCROLL_CAP)
  })
})

describe('placeAt and reanchor', () => {
  const geo = gridGeometry(818, MILLION, { minCell: 200, gap: 6 })

  it('End and Home: the last and the first row are on screen', () => {
    const end = placeAt(Number.MAX_SAFE_INTEGER, geo.contentHeight, VIEW)
    expect(end.base + end.scrollTop).toBe(maxOffset(geo.contentHeight, VIEW))
    expect(end.scrollTop + VIEW).toBeLessThanOrEqual(geo.domHeight)
    expect(visibleRows(end.base + end.scrollTop, VIEW, geo, 0).last).toBe(geo.rows - 1)
    const home = placeAt(-5, geo.contentHeight, VIEW)
    expect(home).toEqual({ base: 0, scrollTop: 0 })
  })

  it('any offset is reachable and lands exactly, with the DOM box inside its height', () => {
    for (const target of [0, 1, 123_456, DOM_SCROLL_CAP, 33_554_428, 40_000_000, geo.contentHeight - VIEW]) {
      const p = placeAt(target, geo.contentHeight, VIEW)
      expect(p.base + p.scrollTop).toBe(Math.min(target, maxOffset(geo.contentHeight, VIEW)))
      expect(p.scrollTop).toBeGreaterThanOrEqual(0)
      expect(p.scrollTop + VIEW).toBeLessThanOrEqual(geo.domHeight)
      expect(p.base).toBeGreaterThanOrEqual(0)
    }
  })

  it('scrolling step by step (like a wheel) moves the real offset 1:1 all the way to the end, re-anchoring without a jump', () => {
    let pos = { base: 0, scrollTop: 0 }
    let real = 0
    let reanchors = 0
    const step = 97_531 // a large "wheel" step to keep the loop short; the logic is the same for 100 px
    while (real < maxOffset(geo.contentHeight, VIEW)) {
      // The browser clamps scrollTop to the DOM box.
      const scrollTop = Math.min(pos.scrollTop + step, geo.domHeight - VIEW)
      const moved = scrollTop - pos.scrollTop
      pos = { base: pos.base, scrollTop }
      expect(pos.base + pos.scrollTop).toBe(real + moved)
      real += moved
      const again = reanchor(pos, geo.contentHeight, VIEW)
      if (again) {
        expect(again.base + again.scrollTop).toBe(real)
        pos = again
        reanchors++
      }
      expect(moved).toBeGreaterThan(0) // never stuck at the DOM box's end
    }
    expect(real).toBe(maxOffset(geo.contentHeight, VIEW))
    expect(visibleRows(real, VIEW, geo, 0).last).toBe(geo.rows - 1)
    expect(reanchors).toBeGreaterThan(5)
  })

  it('content under the cap is never re-anchored', () => {
    const small = gridGeometry(818, 1000, { minCell: 200, gap: 6 })
    expect(reanchor({ base: 0, scrollTop: 10_000 }, small.contentHeight, VIEW)).toBeNull()
    expect(placeAt(10_000, small.contentHeight, VIEW)).toEqual({ base: 0, scrollTop: 10_000 })
  })
})

describe('visibleRows and offsetToShowRow', () => {
  const geo = gridGeometry(818, 100, { minCell: 200, gap: 6 })
  it('names the rows on screen, with overscan, clamped to the grid', () => {
    // Rows 0 (0–200 px) and 1 (206–406 px) touch a 400 px viewport; one more each way.
    expect(visibleRows(0, 400, geo, 1)).toEqual({ first: 0, last: 2 })
    expect(visibleRows(geo.contentHeight, 400, geo, 2).last).toBe(geo.rows - 1)
  })
  it('rows in view are those whose cells are on screen: no overscan, a row showing only its gap or starting at the bottom edge is out', () => {
    // Rows are 206 px apart: a 200 px cell, then a 6 px gap.
    expect(rowsInView(0, 400, geo)).toEqual({ first: 0, last: 1 })
    // From 200 px only row 0's gap shows (its cell ends there); from 199 its last pixel does.
    expect(rowsInView(200, 412, geo)).toEqual({ first: 1, last: 2 })
    expect(rowsInView(199, 413, geo)).toEqual({ first: 0, last: 2 })
    // Row 3 starts at 618 px: a viewport ending there does not show it, one a pixel longer does.
    expect(rowsInView(200, 418, geo)).toEqual({ first: 1, last: 2 })
    expect(rowsInView(200, 419, geo)).toEqual({ first: 1, last: 3 })
    expect(rowsInView(geo.contentHeight - 400, 400, geo).last).toBe(geo.rows - 1)
    expect(rowsInView(0, 400, gridGeometry(818, 0, { minCell: 200, gap: 6 }))).toEqual({ first: 0, last: -1 })
  })
  it('moves as little as possible to show a row', () => {
    expect(offsetToShowRow(0, 500, 400, geo)).toBe(0)
    expect(offsetToShowRow(10, 0, 400, geo)).toBe(10 * geo.rowHeight + geo.cell - 400)
    expect(offsetToShowRow(1, 0, 1000, geo)).toBe(0)
  })
})

describe('LruCache', () => {
  it('keeps the most recently used entries up to its capacity', () => {
    const lru = new LruCache<number, string>(3)
    lru.set(1, 'a')
    lru.set(2, 'b')
    lru.set(3, 'c')
    expect(lru.get(1)).toBe('a') // 1 is now the newest
    lru.set(4, 'd')
    expect(lru.has(2)).toBe(false)
    expect([1, 3, 4].every((k) => lru.has(k))).toBe(true)
    expect(lru.peek(3)).toBe('c')
    lru.set(5, 'e')
    expect(lru.has(3)).toBe(false) // peek did not refresh it
    expect(lru.size).toBe(3)
    expect(() => new LruCache(0)).toThrow()
  })
})
