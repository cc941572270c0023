/**
 * Spend per day as an SVG bar chart of our own: a y axis with round dollar
 * ticks, day labels under the bars, and the value of the day under the pointer
 * (or picked with the arrow keys when the chart has focus) in a readout above.
 * One focusable element, not one per bar: 365 tab stops would be a trap. The
 * table beside it is the accessible account of the same numbers.
 */
import { type KeyboardEvent, type PointerEvent, useEffect, useLayoutEffect, useRef, useState } from 'react'
import { axisLabels, dayLabel, niceAxis, type SpendDay } from '../../lib/spend'
import { formatUsd } from '../composer/generate-status'
import css from './Spend.module.css'

const HEIGHT = 220
const PAD = { top: 12, right: 8, bottom: 24, left: 52 }
/** Width before the first measurement (and in tests, which have no layout). */
const FALLBACK_WIDTH = 640

function useWidth(ref: React.RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(FALLBACK_WIDTH)
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    const read = (): void => {
      const w = el.clientWidth
      if (w > 0) setWidth(w)
    }
    read()
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(read)
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref])
  return width
}

function readout(day: SpendDay): string {
  const what = day.generations === 0 ? 'nothing spent' : `${formatUsd(day.costUsd)} · ${day.images} ${day.images === 1 ? 'image' : 'images'}`
  return `${dayLabel(day.key, true)}: ${what}`
}

export function SpendChart({ days, label }: { days: readonly SpendDay[]; label: string }) {
  const box = useRef<HTMLDivElement>(null)
  const width = useWidth(box)
  const [active, setActive] = useState<number | null>(null)
  useEffect(() => setActive(null), [days])

  const plotW = Math.max(1, width - PAD.left - PAD.right)
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const max = days.reduce((m, d) => Math.max(m, d.costUsd), 0)
  const axis = niceAxis(max)
  const slot = plotW / Math.max(1, days.length)
  // Bars keep a gap while there is room for one; at 365 days they touch.
  const gap = slot >= 6 ? Math.min(4, slot * 0.25) : slot >= 3 ? 1 : 0
  const barW = Math.max(1, slot - gap)
  const y = (v: number): number => PAD.top + plotH - (v / axis.top) * plotH
  const labels = axisLabels(days, Math.ceil(56 / slot))
  const total = days.reduce((s, d) => s + d.costUsd, 0)

  const pick = (event: PointerEvent<SVGSVGElement>): void => {
    const rect = event.currentTarget.getBoundingClientRect()
    const x = event.clientX - rect.left - PAD.left
    const i = Math.floor(x / slot)
    setActive(i >= 0 && i < days.length ? i : null)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const last = days.length - 1
    const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, PageUp: -7, PageDown: 7 }
    let next: number | null = null
    if (event.key in step) next = Math.min(last, Math.max(0, (active ?? last) + step[event.key]!))
    else if (event.key === 'Home') next = 0
    else if (event.key === 'End') next = last
    if (next === null) return
    event.preventDefault()
    setActive(next)
  }

  const shown = active === null ? null : days[active]
  return (
    <div className={css.chart}>
      <p className={css.readout} data-testid="spend-chart-readout" aria-live="polite">
        {shown ? readout(shown) : `${formatUsd(total)} in ${days.length} days · point at a bar for its day`}
      </p>
      <div
        ref={box}
        className={css.plot}
        tabIndex={0}
        role="group"
        aria-label={`${label}. Arrow keys move between days.`}
        data-testid="spend-chart"
        onKeyDown={onKeyDown}
        onBlur={() => setActive(null)}
      >
        <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} aria-hidden="true" onPointerMove={pick} onPointerLeave={() => setActive(null)}>
          {axis.ticks.map((t) => (
            <g key={t}>
              <line className={t === 0 ? css.baseline : css.grid} x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} />
              <text className={css.tick} x={PAD.left - 8} y={y(t)} dy="0.32em" textAnchor="end">
                {formatUsd(t)}
              </text>
            </g>
          ))}
          {active !== null ? <rect className={css.cursor} x={PAD.left + active * slot} y={PAD.top} width={slot} height={plotH} /> : null}
          <g shapeRendering={barW < 6 ? 'crispEdges' : undefined}>
            {days.map((d, i) => {
              if (d.costUsd <= 0) return null
              // Whole pixels when bars are thin, so 365 of them read as even bars, not a moiré.
              const x0 = barW < 6 ? Math.round(PAD.left + i * slot + gap / 2) : PAD.left + i * slot + gap / 2
              const w = barW < 6 ? Math.max(1, Math.round(PAD.left + (i + 1) * slot - gap / 2) - x0) : barW
              const top = Math.min(y(d.costUsd), PAD.top + plotH - 1)
              return (
                <rect
                  key={d.key}
                  className={i === active ? `${css.bar} ${css.barActive}` : css.bar}
                  data-day={d.key}
                  x={x0}
                  y={top}
                  width={w}
                  height={PAD.top + plotH - top}
                  rx={w >= 6 ? 2 : 0}
                />
              )
            })}
          </g>
          {labels.map((l) => (
            <text key={l.index} className={css.tick} x={PAD.left + l.index * slot + slot / 2} y={HEIGHT - 6} textAnchor="middle">
              {l.text}
            </text>
          ))}
        </svg>
      </div>
    </div>
  )
}
