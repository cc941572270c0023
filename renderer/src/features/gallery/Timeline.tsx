/**
 * The timeline scrubber beside the grid (as in Immich and Google Photos): year
 * and month labels laid out from the view's month counts, a band marking the
 * part of the view on screen, and a floating date while scrolling, dragging or
 * hovering. Click a month to land on its first image; drag to any date. As a
 * control it is a vertical `slider` named "Timeline" whose value is the position
 * in view (1 to the view's size) and whose value text names the month there;
 * arrows move by month, PageUp/PageDown by year, Home/End to the ends. The math
 * is lib/timeline.ts.
 */
import { type KeyboardEvent, type PointerEvent, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import {
  fractionOf,
  lastPositionInView,
  layoutLabels,
  monthAt,
  monthName,
  offsetOfPosition,
  positionAtFraction,
  positionAtOffset,
  stepPosition,
  type Timeline as TimelineModel,
  type TimelineKey
} from '../../lib/timeline'
import type { GridGeometry } from '../../lib/virtual-window'

/** Heights the label layout reserves (match .timeline-label and .timeline-dot). */
const LABEL_SIZES = { text: 16, dot: 7 }
/** A press that moves less than this is a click (snaps to the month), more is a drag. */
const DRAG_SLOP = 4
/** How long the floating date stays after scrolling stops, ms. */
const BUBBLE_LINGER = 900
const KEYS = new Set<string>(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End'])

export interface TimelineProps {
  timeline: TimelineModel
  geo: GridGeometry
  /** The real offset of the viewport's top. */
  offset: number
  viewport: number
  /** Puts the real offset at the viewport's top; returns the offset it landed on. */
  jumpTo(offset: number): number
  /** Scrolls the grid as a wheel would (a wheel over the timeline scrolls the grid). */
  scrollBy(dy: number): void
}

export function Timeline({ timeline, geo, offset, viewport, jumpTo, scrollBy }: TimelineProps) {
  const track = useRef<HTMLDivElement>(null)
  const [height, setHeight] = useState(0)
  // After a jump, the position asked for (a month's first image) stands until the view moves:
  // the top row may hold the end of the month before it, and near the end the view cannot scroll that far.
  const [pin, setPin] = useState<{ offset: number; index: number } | null>(null)
  const [pointer, setPointer] = useState<{ y: number; dragging: boolean } | null>(null)
  const [scrolling, setScrolling] = useState(false)
  const press = useRef<{ y: number; moved: boolean } | null>(null)

  useLayoutEffect(() => {
    const node = track.current
    if (!node) return
    const read = (): void => setHeight(node.clientHeight)
    read()
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(read)
    observer.observe(node)
    return () => observer.disconnect()
  }, [])
  // Where there is no layout (tests), the scrubber is as tall as the grid's viewport.
  const h = height || viewport

  const position = pin && pin.offset === offset ? pin.index : positionAtOffset(timeline, offset, geo)
  const current = monthAt(timeline, position)
  const labels = useMemo(() => layoutLabels(timeline, h, LABEL_SIZES), [timeline, h])

  // The floating date shows while the view scrolls, and a moment after.
  const lastOffset = useRef(offset)
  useEffect(() => {
    if (lastOffset.current === offset) return
    lastOffset.current = offset
    setScrolling(true)
    const t = setTimeout(() => setScrolling(false), BUBBLE_LINGER)
    return () => clearTimeout(t)
  }, [offset])

  const jumpToPosition = (index: number): void => {
    const landed = jumpTo(offsetOfPosition(index, geo))
    setPin({ offset: landed, index })
  }

  const yOf = (event: PointerEvent<HTMLDivElement>): number => {
    const top = track.current?.getBoundingClientRect().top ?? 0
    return Math.min(h, Math.max(0, event.clientY - top))
  }
  const positionAtY = (y: number): number => positionAtFraction(timeline, h === 0 ? 0 : y / h)

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0) return
    // The press focuses the slider natively (no ring for a mouse), so the keys work next.
    event.currentTarget.setPointerCapture?.(event.pointerId)
    const y = yOf(event)
    press.current = { y, moved: false }
    setPointer({ y, dragging: true })
  }

  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const y = yOf(event)
    const p = press.current
    if (!p) {
      setPointer({ y, dragging: false })
      return
    }
    if (!p.moved && Math.abs(y - p.y) < DRAG_SLOP) return
    p.moved = true
    setPointer({ y, dragging: true })
    // Dragging goes to any date, image by image (row by row in the grid).
    jumpToPosition(positionAtY(y))
  }

  const onPointerUp = (event: PointerEvent<HTMLDivElement>): void => {
    const p = press.current
    press.current = null
    event.currentTarget.releasePointerCapture?.(event.pointerId)
    setPointer({ y: yOf(event), dragging: false })
    if (!p || p.moved) return
    // A click lands on the first image of the month clicked.
    const month = monthAt(timeline, positionAtY(p.y))
    if (month) jumpToPosition(month.start)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (!KEYS.has(event.key) || event.altKey || event.ctrlKey || event.metaKey) return
    event.preventDefault()
    jumpToPosition(stepPosition(timeline, position, event.key as TimelineKey))
  }

  const top = fractionOf(timeline, position) * h
  const bottom = fractionOf(timeline, lastPositionInView(timeline, offset, viewport, geo) + 1) * h
  // The floating date: under the pointer while it is over the scrubber, else at the band while scrolling.
  const bubbleMonth = pointer ? monthAt(timeline, positionAtY(pointer.y)) : scrolling ? current : null
  const bubbleY = pointer ? pointer.y : top
  const shown = pointer?.dragging ? current : bubbleMonth

  return (
    <div
      className="timeline"
      role="slider"
      aria-label="Timeline"
      aria-orientation="vertical"
      aria-valuemin={timeline.total === 0 ? 0 : 1}
      aria-valuemax={timeline.total}
      aria-valuenow={timeline.total === 0 ? 0 : position + 1}
      aria-valuetext={current ? monthName(current.month) : 'No images'}
      tabIndex={0}
      data-testid="timeline"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => {
        press.current = null
        setPointer(null)
      }}
      onPointerLeave={() => {
        if (!press.current) setPointer(null)
      }}
      onKeyDown={onKeyDown}
      onWheel={(event) => scrollBy(event.deltaMode === 1 ? event.deltaY * 16 : event.deltaMode === 2 ? event.deltaY * viewport : event.deltaY)}
    >
      <div ref={track} className="timeline-track">
        {labels.map((l) => (
          <span key={l.month} className={`timeline-${l.kind}`} style={{ top: l.y }} data-month={l.month} data-testid={`timeline-${l.kind}`}>
            {l.text}
          </span>
        ))}
        <div className="timeline-band" style={{ top: Math.min(top, Math.max(0, h - 4)), height: Math.max(4, bottom - top) }} />
        {pointer && !pointer.dragging ? <div className="timeline-hover" style={{ top: pointer.y }} /> : null}
        {shown ? (
          <div className="timeline-bubble" data-testid="timeline-bubble" style={{ top: Math.min(Math.max(0, bubbleY - 13), Math.max(0, h - 26)) }}>
            {monthName(shown.month)}
          </div>
        ) : null}
      </div>
    </div>
  )
}
