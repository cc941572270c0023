/**
 * Remembered window size and position. Pure geometry plus a tiny JSON file, so
 * it is tested under Node; the Electron adapter feeds it the real displays.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  bounds: Rect
  maximized: boolean
}

export const DEFAULT_SIZE = { width: 1280, height: 820 }
export const MIN_SIZE = { width: 900, height: 600 }

function isRect(v: unknown): v is Rect {
  if (typeof v !== 'object' || v === null) return false
  const r = v as Record<string, unknown>
  return ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k]))
}

export function loadWindowState(file: string): WindowState | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    if (!isRect(parsed.bounds)) return null
    return { bounds: parsed.bounds, maximized: parsed.maximized === true }
  } catch {
    return null
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.tmp`
  writeFileSync(tmp, JSON.stringify(state))
  renameSync(tmp, file)
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? w * h : 0
}

/**
 * Where to open the window: the saved bounds when a usable part of them is on a
 * display that still exists (monitors get unplugged), clamped to that display;
 * otherwise the default size centred on the primary display.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE }
  const centred = (): Rect => {
    const width = Math.min(DEFAULT_SIZE.width, primary.width)
    const height = Math.min(DEFAULT_SIZE.height, primary.height)
    return { x: primary.x + Math.round((primary.width - width) / 2), y: primary.y + Math.round((primary.height - height) / 2), width, height }
  }
  if (!saved) return { bounds: centred(), maximized: false }
  const b = saved.bounds
  let best: Rect | null = null
  let bestArea = 0
  for (const area of workAreas) {
    const o = overlapArea(b, area)
    if (o > bestArea) {
      bestArea = o
      best = area
    }
  }
  // Less than a 100×100 corner visible: treat the saved place as lost.
  if (!best || bestArea < 100 * 100) return { bounds: centred(), maximized: saved.maximized }
  const width = Math.min(Math.max(b.width, MIN_SIZE.width), best.width)
  const height = Math.min(Math.max(b.height, MIN_SIZE.height), best.height)
  const x = Math.min(Math.max(b.x, best.x), best.x + best.width - width)
  const y = Math.min(Math.max(b.y, best.y), best.y + best.height - height)
  return { bounds: { x, y, width, height }, maximized: saved.maximized }
}
