/**
 * Zoom and pan for images shown side by side. Pure.
 *
 * The panes share one `ViewState`: a zoom relative to each pane's fit (1 shows
 * the whole image) and the point of the image at the pane's centre, as
 * fractions of its width and height. Images of different sizes or aspect
 * ratios therefore show the same region at the same relative magnification.
 * Each pane turns the shared view into its own `Transform` (scale and offset of
 * the image's top-left corner in pane pixels), clamped so the image never
 * leaves a gap it could fill: centred on an axis where it is smaller than the
 * pane, flush with the edges where it is larger.
 */

export interface Size {
  width: number
  height: number
}

export interface Point {
  x: number
  y: number
}

export interface ViewState {
  /** Magnification relative to the fit scale (1 = fit). */
  zoom: number
  /** The image point at the pane's centre, 0..1 across its width and height. */
  cx: number
  cy: number
}

export interface Transform {
  /** CSS pixels per image pixel. */
  scale: number
  /** The image's top-left corner in the pane, in CSS pixels. */
  x: number
  y: number
}

export const FIT_VIEW: ViewState = { zoom: 1, cx: 0.5, cy: 0.5 }
/** The closest look: 16 screen pixels per image pixel. */
export const MAX_SCALE = 16
/** One press of Zoom in or Zoom out. */
export const ZOOM_STEP = 1.25

const usable = (s: Size): boolean => s.width > 0 && s.height > 0

/** The scale that shows the whole image in the pane (0 while either is unmeasured). */
export function fitScale(image: Size, pane: Size): number {
  if (!usable(image) || !usable(pane)) return 0
  return Math.min(pane.width / image.width, pane.height / image.height)
}

/** Zoom kept between fit and MAX_SCALE screen pixels per image pixel. */
export function clampZoom(zoom: number, fit: number): number {
  const max = fit > 0 ? Math.max(1, MAX_SCALE / fit) : 1
  if (!Number.isFinite(zoom)) return 1
  return Math.min(max, Math.max(1, zoom))
}

function clampAxis(c: number, imagePx: number, panePx: number): number {
  if (imagePx <= panePx) return 0.5
  const half = panePx / (2 * imagePx)
  return Math.min(1 - half, Math.max(half, c))
}

/** The view with its zoom and centre clamped for this image in this pane. */
export function clampView(view: ViewState, image: Size, pane: Size): ViewState {
  const fit = fitScale(image, pane)
  if (fit === 0) return { ...FIT_VIEW }
  const zoom = clampZoom(view.zoom, fit)
  const scale = fit * zoom
  return { zoom, cx: clampAxis(view.cx, image.width * scale, pane.width), cy: clampAxis(view.cy, image.height * scale, pane.height) }
}

/** Where the image sits in the pane for a (clamped) view. */
export function transformFor(view: ViewState, image: Size, pane: Size): Transform {
  const v = clampView(view, image, pane)
  const scale = fitScale(image, pane) * v.zoom
  return { scale, x: pane.width / 2 - v.cx * image.width * scale, y: pane.height / 2 - v.cy * image.height * scale }
}

/**
 * The view zoomed to `zoom`, keeping the image point under `point` (pane
 * coordinates, e.g. the cursor) where it is. Without a point, about the centre.
 */
export function zoomAt(view: ViewState, zoom: number, image: Size, pane: Size, point?: Point): ViewState {
  const fit = fitScale(image, pane)
  if (fit === 0) return view
  const from = clampView(view, image, pane)
  const to = clampZoom(zoom, fit)
  const p = point ?? { x: pane.width / 2, y: pane.height / 2 }
  // The image point under p must stay under p: u = cx + dx / (s·w) before and after.
  const before = transformFor(from, image, pane)
  const u = (p.x - before.x) / (before.scale * image.width)
  const v = (p.y - before.y) / (before.scale * image.height)
  const scale = fit * to
  const cx = u - (p.x - pane.width / 2) / (scale * image.width)
  const cy = v - (p.y - pane.height / 2) / (scale * image.height)
  return clampView({ zoom: to, cx, cy }, image, pane)
}

/** The view after dragging the image by (dx, dy) screen pixels. */
export function panBy(view: ViewState, dx: number, dy: number, image: Size, pane: Size): ViewState {
  const fit = fitScale(image, pane)
  if (fit === 0) return view
  const from = clampView(view, image, pane)
  const scale = fit * from.zoom
  return clampView({ zoom: from.zoom, cx: from.cx - dx / (scale * image.width), cy: from.cy - dy / (scale * image.height) }, image, pane)
}

/** A wheel's deltaY (pixels) as a zoom factor: a notch of ~100 px is about ×1.2. */
export function wheelFactor(deltaY: number, deltaMode = 0): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY
  return Math.exp(-Math.max(-400, Math.min(400, px)) * 0.0018)
}

/**
 * A pinch on a touchpad as a zoom factor. Chromium sends a pinch as wheel events
 * with ctrlKey set and deltaY = −100·ln(scale step), so exp(−deltaY / 100) makes
 * the image follow the fingers; a mouse wheel turned with Ctrl held (about 100 px
 * a notch) is bounded to about ×1.65 a notch.
 */
export function pinchFactor(deltaY: number): number {
  return Math.exp(-Math.max(-50, Math.min(50, deltaY)) / 100)
}

/** The zoom at which the image is shown at `scale` screen pixels per image pixel (1 = 100 %). */
export function zoomForScale(scale: number, image: Size, pane: Size): number {
  const fit = fitScale(image, pane)
  return fit === 0 ? 1 : clampZoom(scale / fit, fit)
}

/** The magnification as a whole percentage of the image's own pixels ("100 %" is 1:1). */
export function zoomPercent(view: ViewState, image: Size, pane: Size): number {
  return Math.round(fitScale(image, pane) * clampView(view, image, pane).zoom * 100)
}
