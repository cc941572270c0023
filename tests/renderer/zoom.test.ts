import { describe, expect, it } from 'vitest'
import {
  clampView,
  clampZoom,
  FIT_VIEW,
  fitScale,
  MAX_SCALE,
  panBy,
  transformFor,
  pinchFactor,
  wheelFactor,
  zoomAt,
  zoomForScale,
  zoomPercent
} from '../../renderer/src/lib/zoom'

const image = { width: 2000, height: 1000 }
const pane = { width: 500, height: 500 }

/** The image point (in image pixels) shown at a pane point. */
function imagePointAt(view: Parameters<typeof transformFor>[0], at: { x: number; y: number }, img = image, p = pane) {
  const t = transformFor(view, img, p)
  return { x: (at.x - t.x) / t.scale, y: (at.y - t.y) / t.scale }
}

describe('fit and clamp', () => {
  it('fits the image inside the pane, centred', () => {
    expect(fitScale(image, pane)).toBe(0.25)
    expect(transformFor(FIT_VIEW, image, pane)).toEqual({ scale: 0.25, x: 0, y: 125 })
  })

  it('is inert while the pane or image is unmeasured', () => {
    expect(fitScale(image, { width: 0, height: 0 })).toBe(0)
    expect(clampView({ zoom: 3, cx: 0.1, cy: 0.9 }, image, { width: 0, height: 300 })).toEqual(FIT_VIEW)
    expect(zoomAt(FIT_VIEW, 2, { width: 0, height: 0 }, pane)).toBe(FIT_VIEW)
  })

  it('keeps zoom between fit and MAX_SCALE screen pixels per image pixel', () => {
    expect(clampZoom(0.2, 0.25)).toBe(1)
    expect(clampZoom(1000, 0.25)).toBe(MAX_SCALE / 0.25)
    expect(clampZoom(Number.NaN, 0.25)).toBe(1)
    // An image smaller than MAX_SCALE's reach still zooms no further than 16:1.
    expect(clampZoom(100, 8)).toBe(2)
  })

  it('centres an axis where the image is smaller than the pane and keeps the edges flush where it is larger', () => {
    // At zoom 2 the image is 1000×500 in a 500×500 pane: x pans, y exactly fills.
    expect(clampView({ zoom: 2, cx: 0, cy: 0 }, image, pane)).toEqual({ zoom: 2, cx: 0.25, cy: 0.5 })
    expect(clampView({ zoom: 2, cx: 1, cy: 1 }, image, pane)).toEqual({ zoom: 2, cx: 0.75, cy: 0.5 })
    const left = transformFor({ zoom: 2, cx: -5, cy: 0 }, image, pane)
    expect(left.x).toBe(0)
    const right = transformFor({ zoom: 2, cx: 5, cy: 0 }, image, pane)
    expect(right.x + image.width * right.scale).toBe(pane.width)
  })
})

describe('zoomAt', () => {
  it('keeps the image point under the cursor where it is', () => {
    const cursor = { x: 400, y: 250 }
    const before = imagePointAt(FIT_VIEW, cursor)
    const zoomed = zoomAt(FIT_VIEW, 3, image, pane, cursor)
    expect(zoomed.zoom).toBe(3)
    const after = imagePointAt(zoomed, cursor)
    expect(after.x).toBeCloseTo(before.x, 6)
    expect(after.y).toBeCloseTo(before.y, 6)
    // Zooming again about another point keeps that one.
    const other = { x: 100, y: 300 }
    const mid = imagePointAt(zoomed, other)
    const again = zoomAt(zoomed, 5, image, pane, other)
    expect(imagePointAt(again, other).x).toBeCloseTo(mid.x, 6)
    expect(imagePointAt(again, other).y).toBeCloseTo(mid.y, 6)
  })

  it('without a point zooms about the centre', () => {
    const zoomed = zoomAt({ zoom: 2, cx: 0.4, cy: 0.5 }, 4, image, pane)
    expect(zoomed.cx).toBeCloseTo(0.4, 9)
  })

  it('clamps: zooming about a corner cannot show past the image edge, and zooming out returns to fit', () => {
    const zoomed = zoomAt(FIT_VIEW, 4, image, pane, { x: 0, y: 0 })
    const t = transformFor(zoomed, image, pane)
    expect(t.x).toBeLessThanOrEqual(0)
    expect(t.y).toBeLessThanOrEqual(0)
    expect(zoomAt(zoomed, 0.1, image, pane, { x: 20, y: 20 })).toEqual(FIT_VIEW)
  })
})

describe('panBy', () => {
  it('moves the image with the drag and stops at its edges', () => {
    const view = { zoom: 4, cx: 0.5, cy: 0.5 }
    const before = transformFor(view, image, pane)
    const moved = transformFor(panBy(view, 30, -20, image, pane), image, pane)
    expect(moved.x - before.x).toBeCloseTo(30, 9)
    expect(moved.y - before.y).toBeCloseTo(-20, 9)
    const far = transformFor(panBy(view, 100_000, 100_000, image, pane), image, pane)
    expect(far.x).toBe(0)
    expect(far.y).toBe(0)
  })

  it('does nothing at fit (nothing to pan)', () => {
    expect(panBy(FIT_VIEW, 50, 50, image, pane)).toEqual(FIT_VIEW)
  })
})

describe('shared view across panes of different sizes', () => {
  it('shows the same image point at each pane centre at the same relative zoom', () => {
    const view = zoomAt(FIT_VIEW, 3, image, pane, { x: 120, y: 260 })
    const small = { width: 1000, height: 500 }
    const tall = { width: 300, height: 600 }
    const a = imagePointAt(view, { x: 250, y: 250 })
    const b = imagePointAt(view, { x: 150, y: 300 }, small, tall)
    expect(b.x / small.width).toBeCloseTo(a.x / image.width, 2)
  })
})

describe('100 % and the readout', () => {
  it('zoomForScale(1) shows one image pixel per screen pixel', () => {
    const z = zoomForScale(1, image, pane)
    expect(z).toBe(4)
    expect(transformFor({ zoom: z, cx: 0.5, cy: 0.5 }, image, pane).scale).toBe(1)
    expect(zoomPercent({ zoom: z, cx: 0.5, cy: 0.5 }, image, pane)).toBe(100)
    expect(zoomPercent(FIT_VIEW, image, pane)).toBe(25)
  })

  it('an image smaller than its pane is shown enlarged at fit; 100 % is then the fit itself', () => {
    const small = { width: 100, height: 100 }
    expect(fitScale(small, pane)).toBe(5)
    expect(zoomForScale(1, small, pane)).toBe(1)
  })
})

describe('wheelFactor', () => {
  it('zooms in on a wheel up, out on a wheel down, symmetrically, and bounds a huge delta', () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1)
    expect(wheelFactor(100)).toBeLessThan(1)
    expect(wheelFactor(-100) * wheelFactor(100)).toBeCloseTo(1, 9)
    expect(wheelFactor(-1e6)).toBe(wheelFactor(-400))
    // Line mode (Firefox) counts ~16 px per line.
    expect(wheelFactor(-3, 1)).toBe(wheelFactor(-48))
  })
})

describe('pinchFactor', () => {
  it('follows the fingers (Chromium sends −100·ln of the scale step), and bounds a Ctrl+wheel notch', () => {
    expect(pinchFactor(-100 * Math.log(1.05))).toBeCloseTo(1.05, 9)
    expect(pinchFactor(-100 * Math.log(0.95))).toBeCloseTo(0.95, 9)
    expect(pinchFactor(-120)).toBeCloseTo(Math.exp(0.5), 9)
    expect(pinchFactor(120)).toBeCloseTo(Math.exp(-0.5), 9)
  })
})
