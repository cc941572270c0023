/**
 * The view as a virtual grid of squares. Tiles are drawn by position from the
 * view's id list; only the rows near the viewport are mounted, and their
 * metadata is fetched by id as they come near. The DOM scroll box stays small
 * and the real offset lives in JS (lib/virtual-window.ts), so every image is
 * reachable at any size and device scale. While the scroll is fast, tiles show
 * placeholders instead of requesting thumbnails (a velocity gate): in their
 * image's colour (from a cheap swatch call when the row is not there yet).
 * Otherwise the tiles on screen ask for theirs at once, and the overscan rows
 * (mounted, off screen) on the side the scroll went only once it is at rest and
 * every tile on screen has its thumbnail (loaded or failed): a prefetch of where
 * the user is heading that never queues ahead of what they see. The rows behind
 * wait until they come back on screen.
 */
import { type KeyboardEvent, type RefObject, useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import type { ThumbnailSize } from '../../../../electron/shared/domain'
import { buildTimeline } from '../../lib/timeline'
import { gridGeometry, offsetToShowRow, placeAt, reanchor, rowsInView, visibleRows } from '../../lib/virtual-window'
import { useAppStore } from '../../store'
import { canCompare, COMPARE_MAX, COMPARE_MIN } from '../../store/compare-slice'
import { hasSelection, isSelected, selectedInOrder, selectionTarget } from '../../store/selection-slice'
import { GalleryTile } from './GalleryTile'
import { TileMenu } from './TileMenu'
import { Timeline } from './Timeline'

/** The smallest cell of each thumbnail size; cells stretch to fill the row. */
export const MIN_CELL: Record<ThumbnailSize, number> = { small: 104, medium: 150, large: 232 }
const GAP = 6
const OVERSCAN_ROWS = 2
/** While fast, swatches are asked for this many screens beyond the mounted rows each way, so tiles arrive coloured. */
const SWATCH_SCREENS_AHEAD = 2
/** Faster than this (px/s) and thumbnails wait; measured in the reference as what keeps frames smooth. */
const FAST_SCROLL = 3000
/** No scroll event for this long and the scroll is at rest: the fast gate reopens, the overscan may prefetch. */
const REST_MS = 120
/** Where there is no layout (tests), a window of this size is assumed. */
const FALLBACK = { width: 1024, height: 768 }

/** How the scroll moves: fast closes the thumbnail gate until rest; slow loads what is on screen only. */
type Motion = 'fast' | 'slow' | 'rest'

function useSize(el: RefObject<HTMLElement | null>): { width: number; height: number; padBottom: number } {
  const [size, setSize] = useState({ width: 0, height: 0, padBottom: 0 })
  // The scroll box is GalleryArea's. When the two mount together (back from Spend or Prompts), its ref
  // is attached only after this child's layout effects, so the passive effect finds it (before the paint
  // of a click's render); otherwise the layout effect does, and no frame shows the fallback width.
  const [node, setNode] = useState<HTMLElement | null>(null)
  useLayoutEffect(() => setNode(el.current), [el])
  useEffect(() => setNode(el.current), [el])
  useLayoutEffect(() => {
    if (!node) return
    const read = (): void => {
      // Read each time: the bottom padding changes with the selection bar (room to scroll the last row out from under it).
      const style = getComputedStyle(node)
      const padX = (parseFloat(style.paddingLeft) || 0) + (parseFloat(style.paddingRight) || 0)
      setSize({ width: Math.max(0, node.clientWidth - padX), height: node.clientHeight, padBottom: parseFloat(style.paddingBottom) || 0 })
    }
    read()
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(read)
    observer.observe(node)
    return () => observer.disconnect()
  }, [node])
  return size
}

/**
 * `timelineSlot`: where the timeline scrubber goes (beside the scroll box, outside it); none without one.
 * `onAtTop`: told whether the first row is in view (the top, where new images show), and true once unmounted.
 */
export function GalleryGrid({ scrollRoot, label, timelineSlot, onAtTop }: { scrollRoot: RefObject<HTMLDivElement | null>; label: string; timelineSlot: HTMLElement | null; onAtTop?: (atTop: boolean) => void }) {
  const ids = useAppStore((s) => s.galleryIds)
  useAppStore((s) => s.galleryRowsVersion) // re-render as rows arrive
  const galleryImage = useAppStore((s) => s.galleryImage)
  const gallerySwatch = useAppStore((s) => s.gallerySwatch)
  const ensureRows = useAppStore((s) => s.ensureGalleryRows)
  const ensureSwatches = useAppStore((s) => s.ensureGallerySwatches)
  const lead = useAppStore((s) => s.selectionLead)
  const months = useAppStore((s) => s.galleryMonths)
  const measured = useSize(scrollRoot)
  const width = measured.width || FALLBACK.width
  const viewport = measured.height || FALLBACK.height
  const size = useAppStore((s) => s.settings?.thumbnailSize ?? 'medium')
  const fit = useAppStore((s) => s.settings?.thumbnailFit ?? 'square')
  const geo = useMemo(() => gridGeometry(width, ids.length, { minCell: MIN_CELL[size], gap: GAP }), [width, ids.length, size])
  // The real offset of the viewport's top; `base` is the real offset of the DOM box's top.
  const base = useRef(0)
  const [offset, setOffset] = useState(0)
  const [motion, setMotion] = useState<Motion>('rest')
  // Which way the last scroll went (1 down, −1 up): the overscan on that side is prefetched, the side behind is not.
  const [ahead, setAhead] = useState<1 | -1>(1)
  const fast = motion === 'fast'
  const jumped = useRef(false)
  const grid = useRef<HTMLDivElement>(null)
  const focusAfterMove = useRef<number | null>(null)

  const viewVersion = useAppStore((s) => s.galleryViewVersion)
  // New images that arrived above the viewport while the user was further down.
  const [arrived, setArrived] = useState(0)

  // A new view starts at the top.
  useEffect(() => {
    base.current = 0
    setOffset(0)
    setArrived(0)
    const el = scrollRoot.current
    // Back to the top is a jump, not a fast scroll: the new view's thumbnails load at once.
    if (el && el.scrollTop !== 0) {
      jumped.current = true
      el.scrollTop = 0
    }
  }, [viewVersion, scrollRoot])

  useEffect(() => {
    const el = scrollRoot.current
    if (!el) return
    let last = { t: performance.now(), real: base.current + el.scrollTop }
    let slowTimer: ReturnType<typeof setTimeout> | undefined
    let frame = 0
    const onScroll = (): void => {
      const again = reanchor({ base: base.current, scrollTop: el.scrollTop }, geo.contentHeight, viewport)
      if (again) {
        base.current = again.base
        el.scrollTop = again.scrollTop
      }
      const real = base.current + el.scrollTop
      const now = performance.now()
      const speed = (Math.abs(real - last.real) / Math.max(1, now - last.t)) * 1000
      if (real !== last.real) setAhead(real > last.real ? 1 : -1)
      last = { t: now, real }
      // A jump (End, Home, the timeline, keys) lands at once: its thumbnails load now, not after the gate's pause.
      const jump = jumped.current
      jumped.current = false
      if (!jump) {
        // Fast holds until rest (the gate does not flicker open between wheel steps).
        setMotion((m) => (m === 'fast' || speed > FAST_SCROLL ? 'fast' : 'slow'))
        clearTimeout(slowTimer)
        slowTimer = setTimeout(() => setMotion('rest'), REST_MS)
      }
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => setOffset(base.current + el.scrollTop))
    }
    el.addEventListener('scroll', onScroll, { passive: true })
    return () => {
      el.removeEventListener('scroll', onScroll)
      clearTimeout(slowTimer)
      // The timer that would reopen the gate goes with this effect (a new view, a resize): reopen it now.
      setMotion('rest')
      cancelAnimationFrame(frame)
    }
  }, [scrollRoot, geo.contentHeight, viewport])

  /** Puts the real offset `to` at the top of the viewport (as near as the end allows); returns where it landed. */
  const scrollToOffset = useCallback(
    (to: number): number => {
      const el = scrollRoot.current
      const p = placeAt(to, geo.contentHeight, viewport)
      base.current = p.base
      // The scroll event this causes is a jump, not a fast scroll.
      if (el && el.scrollTop !== p.scrollTop) jumped.current = true
      if (el) el.scrollTop = p.scrollTop
      setOffset(p.base + p.scrollTop)
      return p.base + p.scrollTop
    },
    [scrollRoot, geo.contentHeight, viewport]
  )

  // The same view with new ids (images arrived, left or moved): the image at the top
  // stays where it is, unless the user is at the very top, where new images show.
  const previous = useRef({ ids, viewVersion })
  useLayoutEffect(() => {
    const before = previous.current
    previous.current = { ids, viewVersion }
    if (before.ids === ids || before.viewVersion !== viewVersion) return
    if (offset <= 0) return
    // The image the user is on (the focused one when it is in view), else the one at the top left.
    const topRow = Math.floor(offset / geo.rowHeight)
    const bottomRow = Math.floor((offset + viewport - 1) / geo.rowHeight)
    const leadIndex = lead === null ? -1 : before.ids.indexOf(lead)
    const from = leadIndex >= 0 && Math.floor(leadIndex / geo.columns) >= topRow && Math.floor(leadIndex / geo.columns) <= bottomRow ? leadIndex : topRow * geo.columns
    const anchor = before.ids[from]
    if (anchor === undefined) return
    const grown = ids.length - before.ids.length
    // Arrivals at the top shift every image by their count: check that place first.
    const at = grown > 0 && ids[from + grown] === anchor ? from + grown : ids.indexOf(anchor)
    if (at < 0) return
    const above = before.ids.length > 0 ? (ids[grown] === before.ids[0] ? grown : ids.indexOf(before.ids[0]!)) : 0
    if (above > 0) setArrived((n) => n + above)
    const shift = (Math.floor(at / geo.columns) - Math.floor(from / geo.columns)) * geo.rowHeight
    if (shift !== 0) scrollToOffset(offset + shift)
  }, [ids, viewVersion])

  // Back at the top, the new images are in view.
  useEffect(() => {
    if (offset < geo.rowHeight && arrived > 0) setArrived(0)
  }, [offset, geo.rowHeight, arrived])
  const atTop = offset < geo.rowHeight
  useEffect(() => onAtTop?.(atTop), [atTop, onAtTop])
  useEffect(() => () => onAtTop?.(true), [onAtTop])

  // A new thumbnail size or window width keeps the image at the top in view.
  const laidOut = useRef({ columns: geo.columns, rowHeight: geo.rowHeight })
  useLayoutEffect(() => {
    const before = laidOut.current
    laidOut.current = { columns: geo.columns, rowHeight: geo.rowHeight }
    if (before.columns === geo.columns && before.rowHeight === geo.rowHeight) return
    const topIndex = Math.floor(offset / before.rowHeight) * before.columns
    scrollToOffset(Math.floor(topIndex / geo.columns) * geo.rowHeight)
  }, [geo.columns, geo.rowHeight])

  const rows = visibleRows(offset, viewport, geo, OVERSCAN_ROWS)
  const firstIndex = rows.first * geo.columns
  const lastIndex = Math.min(ids.length - 1, (rows.last + 1) * geo.columns - 1)
  const shown = useMemo(() => (lastIndex >= firstIndex ? Array.from(ids.subarray(firstIndex, lastIndex + 1)) : []), [ids, firstIndex, lastIndex])

  // The tiles on screen ask for their thumbnails first; the overscan ones once the scroll rests and each
  // tile on screen has settled (its thumbnail loaded or failed, so it had its row too). Settled ids are
  // kept in a ref for the mounted tiles: a settle re-renders the grid only when it completes the screen.
  const view = rowsInView(offset, viewport, geo)
  const viewFirst = view.first * geo.columns
  const viewLast = Math.min(ids.length - 1, (view.last + 1) * geo.columns - 1)
  const inViewIds = ids.subarray(viewFirst, viewLast + 1)
  const settled = useRef(new Set<number>())
  const inView = useRef(inViewIds)
  useLayoutEffect(() => {
    inView.current = inViewIds
  })
  useEffect(() => {
    const mounted = new Set(shown)
    for (const id of settled.current) if (!mounted.has(id)) settled.current.delete(id)
  }, [shown])
  const [, screenSettled] = useReducer((n: number) => n + 1, 0)
  const onSettled = useCallback((id: number) => {
    settled.current.add(id)
    if (inView.current.includes(id) && inView.current.every((v) => settled.current.has(v))) screenSettled()
  }, [])
  const prefetch = motion === 'rest' && inViewIds.every((id) => settled.current.has(id))

  useEffect(() => {
    if (!fast) return ensureRows(shown)
    // Too fast for rows and thumbnails: the tiles still get their colours (~30 bytes each), asked
    // for a couple of screens ahead both ways so the tiles coming in already have them.
    const reach = SWATCH_SCREENS_AHEAD * geo.columns * Math.ceil(viewport / geo.rowHeight)
    ensureSwatches(Array.from(ids.subarray(Math.max(0, firstIndex - reach), Math.min(ids.length, lastIndex + 1 + reach))))
  }, [shown, fast, ensureRows, ensureSwatches])

  // A job's notification was clicked: once its images are in the view, select them and bring the first into view.
  const reveal = useAppStore((s) => s.jobReveal)
  useEffect(() => {
    if (!reveal || reveal.imageIds.length === 0) return
    const inView = new Set(ids)
    const present = reveal.imageIds.filter((id) => inView.has(id))
    // Not yet: the view is loading, or the new images have not been pushed yet.
    if (present.length === 0) return
    const s = useAppStore.getState()
    s.selectImages(present)
    const first = Math.min(...present.map((id) => ids.indexOf(id)))
    const last = Math.max(...present.map((id) => ids.indexOf(id)))
    const visible = Math.max(geo.rowHeight, viewport - measured.padBottom)
    // The last row first, then the first: all of them when they fit, else the first at least.
    const toLast = offsetToShowRow(Math.floor(last / geo.columns), offset, visible, geo)
    const target = offsetToShowRow(Math.floor(first / geo.columns), toLast, visible, geo)
    if (target !== offset) scrollToOffset(target)
    focusAfterMove.current = ids[first]!
    s.finishJobReveal(reveal.seq)
  }, [reveal, ids, geo, offset, viewport, measured.padBottom, scrollToOffset])

  // After a keyboard move, focus the tile once it is mounted.
  useEffect(() => {
    const id = focusAfterMove.current
    if (id === null) return
    const tile = grid.current?.querySelector<HTMLElement>(`[data-image-id="${id}"]`)
    if (tile) {
      tile.focus({ preventScroll: true })
      focusAfterMove.current = null
    }
  })

  // Views ordered by date get the timeline, once it has something to scrub (more than a screen).
  // While its months load, an empty column holds the timeline's place, so the columns do not reflow when it arrives.
  const timeline = useMemo(() => (months && months !== 'loading' ? buildTimeline(months.counts, months.order, ids.length) : null), [months, ids.length])
  const scrollBy = useCallback(
    (dy: number) => {
      if (scrollRoot.current) scrollRoot.current.scrollTop += dy
    },
    [scrollRoot]
  )
  const tall = geo.contentHeight > viewport
  const scrubber =
    !timelineSlot || !tall
      ? null
      : months === 'loading'
        ? createPortal(<div className="timeline timeline-pending" aria-hidden="true" />, timelineSlot)
        : timeline && timeline.months.length > 0
          ? createPortal(<Timeline timeline={timeline} geo={geo} offset={offset} viewport={viewport} jumpTo={scrollToOffset} scrollBy={scrollBy} />, timelineSlot)
          : null

  // The mounted rows only (ids are unique): no scan of the whole view on every scroll frame.
  const focusId = lead !== null && shown.includes(lead) ? lead : (shown[0] ?? null)

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const s = useAppStore.getState()
    const mod = event.metaKey || event.ctrlKey
    const cols = geo.columns
    const pageRows = Math.max(1, Math.floor(viewport / geo.rowHeight))
    const from = s.selectionLead === null ? -1 : ids.indexOf(s.selectionLead)
    const moves: Record<string, number> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: -cols,
      ArrowDown: cols,
      PageUp: -cols * pageRows,
      PageDown: cols * pageRows,
      Home: -Infinity,
      End: Infinity
    }
    const move = moves[event.key]
    if (move !== undefined) {
      if (ids.length === 0) return
      event.preventDefault()
      const to = from < 0 ? (move < 0 ? 0 : Math.min(ids.length - 1, move === Infinity ? ids.length - 1 : 0)) : Math.min(ids.length - 1, Math.max(0, from + move))
      const id = ids[to]!
      s.selectImage(id, event.shiftKey && from >= 0 ? 'range' : 'single')
      const row = Math.floor(to / cols)
      // The bottom padding is covered by the selection bar: keep the row above it.
      const target = offsetToShowRow(row, offset, Math.max(geo.rowHeight, viewport - measured.padBottom), geo)
      if (target !== offset) scrollToOffset(target)
      focusAfterMove.current = id
      return
    }
    if (event.key === 'Delete' || event.key === 'Backspace') {
      if (!hasSelection(s) || s.activeSection === 'trash') return
      event.preventDefault()
      void s.trashImages(selectionTarget(s))
    } else if (event.key === 'Escape' && hasSelection(s)) {
      event.preventDefault()
      s.clearSelection()
    } else if (mod && event.key.toLowerCase() === 'a') {
      event.preventDefault()
      s.selectAll()
    } else if (!mod && !event.altKey && (event.key === 'f' || event.key === 'F') && s.activeSection !== 'trash') {
      // F: favourite the selection (or unfavourite it when every known one already is).
      if (!hasSelection(s)) return
      event.preventDefault()
      const known = [...s.galleryRows.keys()].filter((id) => isSelected(s, id)).flatMap((i) => s.galleryImage(i) ?? [])
      void s.setFavorite(selectionTarget(s), !(known.length > 0 && known.every((i) => i.favorite)))
    } else if (!mod && !event.altKey && /^[0-5]$/.test(event.key)) {
      // 0–5: rate the selection.
      if (!hasSelection(s)) return
      event.preventDefault()
      void s.setRating(selectionTarget(s), Number(event.key))
    } else if (event.key === 'Enter' || (event.key === ' ' && !mod)) {
      // Enter opens the image; Space previews it large (Space again, or Esc, closes).
      const id = s.selectionLead ?? selectedInOrder(s)[0]
      if (id === undefined) return
      event.preventDefault()
      void s.openDetail(id)
    } else if (mod && (event.key === '=' || event.key === '+' || event.key === '-')) {
      // Ctrl/⌘ + and −: thumbnail size (in Electron the View menu sends the same).
      event.preventDefault()
      s.stepThumbnailSize(event.key === '-' ? -1 : 1)
    } else if (event.key.toLowerCase() === 'c' && !mod && !event.altKey && !event.shiftKey) {
      // C: compare the 2–4 selected images.
      const selected = selectedInOrder(s)
      if (selected.length === 0) return
      event.preventDefault()
      if (canCompare(selected.length)) void s.openCompare(selected)
      else s.showToast({ tone: 'info', title: `Select ${COMPARE_MIN} to ${COMPARE_MAX} images to compare them` })
    } else if (event.key.toLowerCase() === 'r' && !mod && !event.altKey && !event.shiftKey) {
      // R: remix the focused (or first selected) image.
      const id = s.selectionLead ?? selectedInOrder(s)[0]
      const image = id === undefined ? undefined : s.galleryImage(id)
      if (!image || s.activeSection === 'trash') return
      event.preventDefault()
      void s.remixImage(image)
    }
  }

  return (
    <>
    {arrived > 0 ? (
      <div className="gallery-arrivals">
        <button
          type="button"
          className="gallery-arrivals-pill"
          data-testid="new-images-pill"
          onClick={() => {
            setArrived(0)
            scrollToOffset(0)
          }}
        >
          <span aria-hidden="true">↑</span> {arrived.toLocaleString()} new {arrived === 1 ? 'image' : 'images'}
        </button>
      </div>
    ) : null}
    <TileMenu>
    <div
      ref={grid}
      className="gallery-grid"
      role="listbox"
      aria-multiselectable="true"
      aria-label={label}
      data-testid="gallery"
      data-columns={geo.columns}
      data-fit={fit}
      style={{ height: geo.domHeight }}
      onKeyDown={onKeyDown}
    >
      {shown.map((id, i) => {
        const index = firstIndex + i
        const row = Math.floor(index / geo.columns)
        const col = index % geo.columns
        const onScreen = index >= viewFirst && index <= viewLast
        const thumbs = !fast && (onScreen || (prefetch && (ahead > 0 ? index > viewLast : index < viewFirst)))
        return <GalleryTile key={id} id={id} image={galleryImage(id)} swatch={gallerySwatch(id)} focusable={id === focusId} position={index + 1} total={ids.length} x={col * geo.rowHeight} y={row * geo.rowHeight - base.current} size={geo.cell} thumbs={thumbs} onSettled={onSettled} />
      })}
    </div>
    </TileMenu>
    {scrubber}
    </>
  )
}
