import { useEffect, useState } from 'react'
import type { Size } from './zoom'

/** An element's client size, kept current by a ResizeObserver (0 × 0 until it is there). */
export function useElementSize(el: HTMLElement | null): Size {
  const [size, setSize] = useState<Size>({ width: 0, height: 0 })
  useEffect(() => {
    if (!el) return
    const read = (): void => setSize((s) => (s.width === el.clientWidth && s.height === el.clientHeight ? s : { width: el.clientWidth, height: el.clientHeight }))
    read()
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(read)
    observer.observe(el)
    return () => observer.disconnect()
  }, [el])
  return size
}
