import { type CSSProperties, type KeyboardEvent, type PointerEvent, useEffect, useMemo, useRef, useState } from 'react'
import { api } from '../../api'
import { MinusIcon, PlusIcon } from '../../components/icons'
import { Modal } from '../../components/Modal'
import { Tooltip } from '../../components/Tooltip'
import { FIT_VIEW, panBy, type Size, transformFor, type ViewState, wheelFactor, ZOOM_STEP, zoomAt, zoomForScale, zoomPercent } from '../../lib/zoom'
import { useElementSize } from '../../lib/use-element-size'
import { markPrompts } from '../../lib/word-diff'
import { useAppStore } from '../../store'
import type { CompareEntry } from '../../store/compare-slice'
import { compareRows } from './compare-rows'
import css from './Compare.module.css'

type Mode = 'side' | 'swipe'

const PAN_STEP = 48

const imageSize = (e: CompareEntry): Size => ({ width: e.image.width, height: e.image.height })

function altText(entry: CompareEntry, index: number, total: number): string {
  const prompt = entry.image.prompt?.trim()
  const about = prompt ? (prompt.length > 140 ? `${prompt.slice(0, 139)}…` : prompt) : `image #${entry.image.id}`
  return `Image ${index + 1} of ${total}: ${about}`
}

/** One image placed by the shared view. */
function PlacedImage({ entry, index, total, view, pane }: { entry: CompareEntry; index: number; total: number; view: ViewState; pane: Size }) {
  const t = transformFor(view, imageSize(entry), pane)
  const style: CSSProperties = {
    width: entry.image.width,
    height: entry.image.height,
    transform: `translate(${t.x}px, ${t.y}px) scale(${t.scale})`
  }
  return (
    <img
      className={css.image}
      data-testid="compare-image"
      data-image-id={entry.image.id}
      data-pixelated={t.scale >= 3 ? 'true' : undefined}
      src={api.media.imageUrl(entry.image.id)}
      alt={altText(entry, index, total)}
      draggable={false}
      style={style}
    />
  )
}

/**
 * Compare: 2–4 images side by side (or, for two, one over the other with a
 * swipe line) sharing one zoom and pan, and under each image the parameters
 * it was made with, every value that differs between them in a <mark>, the
 * prompts word by word. Wheel zooms about the cursor, a drag pans, + − 0 1 and
 * the arrows do the same from the keyboard.
 */
export function CompareDialog() {
  const entries = useAppStore((s) => s.compareEntries)
  const count = useAppStore((s) => s.compareIds.length)
  const closeCompare = useAppStore((s) => s.closeCompare)
  const [view, setView] = useState<ViewState>(FIT_VIEW)
  const [mode, setMode] = useState<Mode>('side')
  const [swipe, setSwipe] = useState(50)
  const [onlyDifferences, setOnlyDifferences] = useState(false)
  const [firstPane, setFirstPane] = useState<HTMLDivElement | null>(null)
  const [stage, setStage] = useState<HTMLDivElement | null>(null)
  const pane = useElementSize(firstPane)
  const drag = useRef<{ pointerId: number; x: number; y: number; index: number } | null>(null)

  const allRows = useMemo(() => (entries ? compareRows(entries) : []), [entries])
  const rows = onlyDifferences ? allRows.filter((r) => r.differs) : allRows
  const prompts = useMemo(() => (entries ? markPrompts(entries.map((e) => e.image.prompt)) : []), [entries])
  const promptDiffers = entries !== null && new Set(entries.map((e) => e.image.prompt)).size > 1
  const showPrompt = promptDiffers || !onlyDifferences
  const swipeable = entries?.length === 2
  const shownMode: Mode = swipeable ? mode : 'side'
  const first = entries?.[0]

  // The wheel must be able to prevent the page's scroll, so it is not passive (React's onWheel is).
  const wheel = useRef<(event: WheelEvent) => void>(() => {})
  wheel.current = (event) => {
    if (!entries) return
    const el = (event.target as HTMLElement).closest<HTMLElement>('[data-pane-index]')
    if (!el) return
    event.preventDefault()
    const entry = entries[Number(el.dataset.paneIndex)]
    if (!entry) return
    const rect = el.getBoundingClientRect()
    const point = { x: event.clientX - rect.left, y: event.clientY - rect.top }
    setView((v) => zoomAt(v, v.zoom * wheelFactor(event.deltaY, event.deltaMode), imageSize(entry), pane, point))
  }
  useEffect(() => {
    if (!stage) return
    const listener = (event: WheelEvent): void => wheel.current(event)
    stage.addEventListener('wheel', listener, { passive: false })
    return () => stage.removeEventListener('wheel', listener)
  }, [stage])

  const zoomBy = (factor: number): void => {
    if (first) setView((v) => zoomAt(v, v.zoom * factor, imageSize(first), pane))
  }
  const fit = (): void => setView(FIT_VIEW)
  const actualSize = (): void => {
    if (first) setView((v) => zoomAt(v, zoomForScale(1, imageSize(first), pane), imageSize(first), pane))
  }
  const pan = (dx: number, dy: number, index = 0): void => {
    const entry = entries?.[index]
    if (entry) setView((v) => panBy(v, dx, dy, imageSize(entry), pane))
  }

  const onStageKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.metaKey || event.ctrlKey || event.altKey || event.target !== event.currentTarget) return
    const keys: Record<string, () => void> = {
      '+': () => zoomBy(ZOOM_STEP),
      '=': () => zoomBy(ZOOM_STEP),
      '-': () => zoomBy(1 / ZOOM_STEP),
      '0': fit,
      '1': actualSize,
      ArrowLeft: () => pan(PAN_STEP, 0),
      ArrowRight: () => pan(-PAN_STEP, 0),
      ArrowUp: () => pan(0, PAN_STEP),
      ArrowDown: () => pan(0, -PAN_STEP)
    }
    const action = keys[event.key]
    if (!action) return
    event.preventDefault()
    action()
  }

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0) return
    const el = (event.target as HTMLElement).closest<HTMLElement>('[data-pane-index]')
    if (!el || (event.target as HTMLElement).closest('input')) return
    event.currentTarget.setPointerCapture?.(event.pointerId)
    drag.current = { pointerId: event.pointerId, x: event.clientX, y: event.clientY, index: Number(el.dataset.paneIndex) }
  }
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current
    if (!d || d.pointerId !== event.pointerId) return
    const dx = event.clientX - d.x
    const dy = event.clientY - d.y
    drag.current = { ...d, x: event.clientX, y: event.clientY }
    pan(dx, dy, d.index)
  }
  const endDrag = (event: PointerEvent<HTMLDivElement>): void => {
    if (drag.current?.pointerId === event.pointerId) drag.current = null
  }

  const percent = first ? zoomPercent(view, imageSize(first), pane) : 100
  const total = entries?.length ?? count

  return (
    <Modal title="Compare" onClose={closeCompare} testId="compare" size="full">
      <div className={css.toolbar} role="toolbar" aria-label="Zoom and view">
        <div className={css.group}>
          <Tooltip label="Zoom out" shortcut="−">
            <button type="button" className="icon-button" aria-label="Zoom out" onClick={() => zoomBy(1 / ZOOM_STEP)}>
              <MinusIcon size={15} />
            </button>
          </Tooltip>
          <output className={css.percent} data-testid="compare-zoom" aria-label="Zoom">
            {percent} %
          </output>
          <Tooltip label="Zoom in" shortcut="+">
            <button type="button" className="icon-button" aria-label="Zoom in" onClick={() => zoomBy(ZOOM_STEP)}>
              <PlusIcon size={15} />
            </button>
          </Tooltip>
          <button type="button" className="button button-small" aria-pressed={view.zoom === 1} title="Fit the images in their panes (0)" onClick={fit}>
            Fit
          </button>
          <button type="button" className="button button-small" title="One image pixel per screen pixel (1)" onClick={actualSize}>
            100 %
          </button>
        </div>
        {swipeable ? (
          <div className={css.group} role="group" aria-label="Layout">
            <button type="button" className="button button-small" aria-pressed={shownMode === 'side'} onClick={() => setMode('side')}>
              Side by side
            </button>
            <button type="button" className="button button-small" aria-pressed={shownMode === 'swipe'} onClick={() => setMode('swipe')}>
              Swipe
            </button>
          </div>
        ) : null}
        <label className={css.check}>
          <input type="checkbox" checked={onlyDifferences} onChange={(event) => setOnlyDifferences(event.target.checked)} />
          Only differences
        </label>
        <span className={css.hint}>Scroll to zoom, drag to pan</span>
      </div>

      <div
        ref={setStage}
        className={css.stage}
        data-mode={shownMode}
        style={{ '--columns': shownMode === 'swipe' ? 1 : total } as CSSProperties}
        role="group"
        aria-label="Images (+ and − zoom, arrows pan, 0 fits, 1 is 100 %)"
        aria-busy={entries === null}
        tabIndex={0}
        data-autofocus
        onKeyDown={onStageKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        data-zoomed={view.zoom > 1 ? 'true' : undefined}
      >
        {entries === null ? (
          <p className={css.loading}>Loading {count} images…</p>
        ) : shownMode === 'swipe' && entries[0] && entries[1] ? (
          <div ref={setFirstPane} className={css.pane} data-pane-index={0}>
            <PlacedImage entry={entries[0]} index={0} total={2} view={view} pane={pane} />
            <div className={css.overlay} style={{ clipPath: `inset(0 0 0 ${swipe}%)` }}>
              <PlacedImage entry={entries[1]} index={1} total={2} view={view} pane={pane} />
            </div>
            <div className={css.swipeLine} style={{ left: `${swipe}%` }} aria-hidden="true" />
            <span className={css.badge}>1</span>
            <span className={`${css.badge} ${css.badgeRight}`}>2</span>
            <input
              className={css.swipe}
              type="range"
              min={0}
              max={100}
              step={1}
              value={swipe}
              aria-label="Swipe"
              aria-valuetext={`${swipe} % of image 1 shown`}
              onChange={(event) => setSwipe(Number(event.target.value))}
            />
          </div>
        ) : (
          entries.map((entry, index) => (
            <div key={entry.image.id} ref={index === 0 ? setFirstPane : undefined} className={css.pane} data-pane-index={index}>
              <PlacedImage entry={entry} index={index} total={total} view={view} pane={pane} />
              <span className={css.badge}>{index + 1}</span>
            </div>
          ))
        )}
      </div>

      {entries === null ? null : (
        <div className={css.params} style={{ '--columns': total } as CSSProperties} data-testid="compare-params">
          {entries.map((entry, index) => (
            <dl key={entry.image.id} className={css.facts} data-testid="compare-column" data-image-id={entry.image.id} style={{ gridRow: `span ${rows.length + (showPrompt ? 2 : 1)}` }}>
              <div className={css.columnHead}>
                <dt className={css.badgeInline}>{index + 1}</dt>
                <dd>Image #{entry.image.id}</dd>
              </div>
              {showPrompt ? (
                <div className={css.fact} data-differs={promptDiffers}>
                  <dt>Prompt</dt>
                  <dd className={`${css.prompt} selectable`} data-testid="compare-prompt">
                    {entry.image.prompt === null
                      ? promptDiffers
                        ? <mark>Not recorded</mark>
                        : 'Not recorded'
                      : prompts[index]!.segments.map((s, k) => (s.changed ? <mark key={k}>{s.text}</mark> : <span key={k}>{s.text}</span>))}
                  </dd>
                </div>
              ) : null}
              {rows.map((row) => {
                const value = row.values[index]!
                return (
                  <div key={row.label} className={css.fact} data-differs={row.differs}>
                    <dt>{row.label}</dt>
                    <dd data-testid={`compare-${row.label.toLowerCase().replace(/\s+/g, '-')}`}>{row.differs ? <mark>{value.text}</mark> : value.text}</dd>
                  </div>
                )
              })}
            </dl>
          ))}
        </div>
      )}
    </Modal>
  )
}
