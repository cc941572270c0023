import { type CSSProperties, type KeyboardEvent, type PointerEvent, type RefObject, useEffect, useRef, useState } from 'react'
import { api } from '../../api'
import { ArrowLeftIcon, ArrowRightIcon, MinusIcon, PlusIcon } from '../../components/icons'
import { Modal } from '../../components/Modal'
import { useElementSize } from '../../lib/use-element-size'
import { FIT_VIEW, panBy, pinchFactor, type Size, transformFor, type ViewState, wheelFactor, ZOOM_STEP, zoomAt, zoomForScale, zoomPercent } from '../../lib/zoom'
import { useAppStore } from '../../store'
import { DetailInfo } from './DetailInfo'
import css from './Detail.module.css'

const PAN_STEP = 48

function isTyping(target: EventTarget): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement
}

/**
 * Keeps focus inside `root` when the focused element is removed under it (a
 * lineage thumbnail that opened another image, a removed tag's chip): the browser
 * would drop it to the page, where Esc and the arrows no longer reach the view.
 */
function useKeepFocusIn(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current
    if (!root || typeof MutationObserver === 'undefined') return
    const observer = new MutationObserver(() => {
      if (!root.isConnected) return
      const active = document.activeElement
      if (active && root.contains(active)) return
      // Dropped to the page, or to the dialog around us: back to the view, where the keys work.
      if (!active || active === document.body || active.contains(root)) root.focus({ preventScroll: true })
    })
    observer.observe(root, { childList: true, subtree: true })
    return () => observer.disconnect()
  }, [ref])
}

/**
 * The detail view, a dialog: the image (fit, 100 %, wheel or pinch zoom about
 * the cursor, drag to pan) beside its details. Esc closes and gives focus back
 * to where it was. ← and → step through the gallery's view by position (its id
 * list, loaded rows or not) while the image is at fit; zoomed in, the arrows pan.
 */
export function ImageDetail() {
  const id = useAppStore((s) => s.detailId)
  const image = useAppStore((s) => s.detailImage)
  const ids = useAppStore((s) => s.galleryIds)
  const closeDetail = useAppStore((s) => s.closeDetail)
  const openDetail = useAppStore((s) => s.openDetail)
  const rootRef = useRef<HTMLDivElement>(null)
  const [stage, setStage] = useState<HTMLDivElement | null>(null)
  const pane = useElementSize(stage)
  const [view, setView] = useState<ViewState>(FIT_VIEW)
  const [viewOf, setViewOf] = useState(id)
  const [broken, setBroken] = useState<number | null>(null)
  const [natural, setNatural] = useState<{ id: number; size: Size } | null>(null)
  const drag = useRef<{ pointerId: number; x: number; y: number } | null>(null)
  useKeepFocusIn(rootRef)

  // Another image starts at fit.
  if (viewOf !== id) {
    setViewOf(id)
    setView(FIT_VIEW)
  }

  // The record's size (the gallery's copy at once), else the file's own once decoded.
  const size: Size = image?.id === id ? { width: image.width, height: image.height } : natural?.id === id ? natural.size : { width: 0, height: 0 }
  const t = transformFor(view, size, pane)
  const zoomed = view.zoom > 1 && t.scale > 0
  const percent = zoomPercent(view, size, pane)

  // The wheel must be able to stop the page's own zoom and scroll, so it is not passive (React's onWheel is).
  const wheel = useRef<(event: WheelEvent) => void>(() => {})
  wheel.current = (event) => {
    if (!stage) return
    event.preventDefault()
    const rect = stage.getBoundingClientRect()
    const point = { x: event.clientX - rect.left, y: event.clientY - rect.top }
    // A touchpad pinch arrives as a wheel with ctrlKey (and the page's own zoom is prevented above).
    const factor = event.ctrlKey && event.deltaMode === 0 ? pinchFactor(event.deltaY) : wheelFactor(event.deltaY, event.deltaMode)
    setView((v) => zoomAt(v, v.zoom * factor, size, pane, point))
  }
  useEffect(() => {
    if (!stage) return
    const listener = (event: WheelEvent): void => wheel.current(event)
    stage.addEventListener('wheel', listener, { passive: false })
    return () => stage.removeEventListener('wheel', listener)
  }, [stage])

  if (id === null) return null

  // Previous and next walk the whole view (its id list), not the rows that happen to be loaded.
  const index = ids.indexOf(id)
  const prevId = index > 0 ? ids[index - 1] : undefined
  const nextId = index >= 0 && index + 1 < ids.length ? ids[index + 1] : undefined

  const zoomBy = (factor: number): void => setView((v) => zoomAt(v, v.zoom * factor, size, pane))
  const fit = (): void => setView(FIT_VIEW)
  const actualSize = (point?: { x: number; y: number }): void => setView((v) => zoomAt(v, zoomForScale(1, size, pane), size, pane, point))
  const pan = (dx: number, dy: number): void => setView((v) => panBy(v, dx, dy, size, pane))
  const go = (to: number | undefined): void => {
    if (to !== undefined) void openDetail(to)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return
    if (event.key === ' ' && event.target === event.currentTarget) {
      // Space on the view itself (a button keeps Space for itself): back to the grid, as Space opened it.
      event.preventDefault()
      closeDetail()
      return
    }
    const keys: Record<string, () => void> = {
      '+': () => zoomBy(ZOOM_STEP),
      '=': () => zoomBy(ZOOM_STEP),
      '-': () => zoomBy(1 / ZOOM_STEP),
      '0': fit,
      '1': () => actualSize(),
      // At fit the arrows step through the view; zoomed in, they move the image.
      ArrowLeft: () => (zoomed ? pan(PAN_STEP, 0) : go(prevId)),
      ArrowRight: () => (zoomed ? pan(-PAN_STEP, 0) : go(nextId)),
      ...(zoomed ? { ArrowUp: () => pan(0, PAN_STEP), ArrowDown: () => pan(0, -PAN_STEP) } : {})
    }
    const action = keys[event.key]
    if (!action) return
    event.preventDefault()
    action()
  }

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0 || (event.target as HTMLElement).closest('button')) return
    event.currentTarget.setPointerCapture?.(event.pointerId)
    drag.current = { pointerId: event.pointerId, x: event.clientX, y: event.clientY }
  }
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current
    if (!d || d.pointerId !== event.pointerId) return
    drag.current = { ...d, x: event.clientX, y: event.clientY }
    pan(event.clientX - d.x, event.clientY - d.y)
  }
  const endDrag = (event: PointerEvent<HTMLDivElement>): void => {
    if (drag.current?.pointerId === event.pointerId) drag.current = null
  }

  const imageStyle: CSSProperties = { width: size.width, height: size.height, transform: `translate(${t.x}px, ${t.y}px) scale(${t.scale})` }
  const position = index >= 0 ? `${(index + 1).toLocaleString()} of ${ids.length.toLocaleString()}` : null

  return (
    <Modal
      title="Image details"
      description="Scroll or pinch to zoom, drag to pan. ← → previous and next."
      onClose={closeDetail}
      testId="image-detail-dialog"
      size="full"
      initialFocus={rootRef}
    >
      <div
        ref={rootRef}
        className={css.detail}
        data-testid="image-detail"
        data-image-id={id}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <div className={css.viewer}>
          <div className={css.toolbar} role="toolbar" aria-label="Zoom">
            <button type="button" className="icon-button" aria-label="Zoom out" title="Zoom out (−)" data-testid="detail-zoom-out" onClick={() => zoomBy(1 / ZOOM_STEP)}>
              <MinusIcon size={15} />
            </button>
            <output className={css.percent} data-testid="detail-zoom" aria-label="Zoom">
              {percent} %
            </output>
            <button type="button" className="icon-button" aria-label="Zoom in" title="Zoom in (+)" data-testid="detail-zoom-in" onClick={() => zoomBy(ZOOM_STEP)}>
              <PlusIcon size={15} />
            </button>
            <button type="button" className="button button-small" aria-pressed={!zoomed} title="Show the whole image (0)" data-testid="detail-fit" onClick={fit}>
              Fit
            </button>
            <button
              type="button"
              className="button button-small"
              aria-pressed={zoomed && percent === 100}
              title="One image pixel per screen pixel (1)"
              data-testid="detail-actual-size"
              onClick={() => actualSize()}
            >
              100 %
            </button>
            <span className={css.spacer} />
            {position ? (
              <span className={css.position} data-testid="detail-position">
                {position}
              </span>
            ) : null}
          </div>
          <div
            ref={setStage}
            className={css.stage}
            data-testid="detail-stage"
            data-zoomed={zoomed ? 'true' : undefined}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={endDrag}
            onPointerCancel={endDrag}
            onDoubleClick={(event) => {
              if ((event.target as HTMLElement).closest('button')) return
              const rect = event.currentTarget.getBoundingClientRect()
              if (zoomed) fit()
              else actualSize({ x: event.clientX - rect.left, y: event.clientY - rect.top })
            }}
          >
            {broken === id ? (
              <p className={css.missing}>The image file could not be read.</p>
            ) : (
              <img
                key={id}
                className={css.image}
                data-testid="detail-image"
                data-pixelated={t.scale >= 3 ? 'true' : undefined}
                src={api.media.imageUrl(id)}
                alt={image?.prompt ?? `Image ${id}`}
                draggable={false}
                style={imageStyle}
                hidden={t.scale === 0}
                onLoad={(event) => setNatural({ id, size: { width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight } })}
                onError={() => setBroken(id)}
              />
            )}
            {prevId !== undefined ? (
              <button type="button" className={`${css.nav} ${css.prev}`} data-testid="detail-prev" aria-label="Previous image" title="Previous image (←)" onClick={() => go(prevId)}>
                <ArrowLeftIcon size={20} />
              </button>
            ) : null}
            {nextId !== undefined ? (
              <button type="button" className={`${css.nav} ${css.next}`} data-testid="detail-next" aria-label="Next image" title="Next image (→)" onClick={() => go(nextId)}>
                <ArrowRightIcon size={20} />
              </button>
            ) : null}
          </div>
        </div>
        {image ? <DetailInfo image={image} onClose={closeDetail} /> : <aside className="detail-info" aria-label="Details" aria-busy="true" />}
      </div>
    </Modal>
  )
}
