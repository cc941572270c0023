import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { api } from '../../api'
import { ArrowLeftIcon, ArrowRightIcon } from '../../components/icons'
import { useAppStore } from '../../store'
import { DetailInfo } from './DetailInfo'

function isTyping(target: EventTarget): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement
}

/**
 * The lightbox: the full image on the left, its details on the right. Esc
 * closes, ←/→ step through the gallery's loaded images. App makes the shell
 * inert meanwhile; focus returns to where it was on close.
 */
export function ImageDetail() {
  const id = useAppStore((s) => s.detailId)
  const image = useAppStore((s) => s.detailImage)
  const ids = useAppStore((s) => s.galleryIds)
  const closeDetail = useAppStore((s) => s.closeDetail)
  const openDetail = useAppStore((s) => s.openDetail)
  const panel = useRef<HTMLDivElement>(null)
  const [returnFocusTo] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null))
  const [broken, setBroken] = useState<number | null>(null)

  useEffect(() => {
    panel.current?.focus()
    return () => {
      if (returnFocusTo?.isConnected) returnFocusTo.focus()
    }
  }, [returnFocusTo])

  if (id === null) return null
  // Previous and next walk the whole view (its id list), not the rows that happen to be loaded.
  const index = ids.indexOf(id)
  const prevId = index > 0 ? ids[index - 1] : undefined
  const nextId = index >= 0 && index + 1 < ids.length ? ids[index + 1] : undefined
  const prev = prevId === undefined ? undefined : { id: prevId }
  const next = nextId === undefined ? undefined : { id: nextId }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape' || (event.key === ' ' && event.target === event.currentTarget)) {
      // Esc, or Space on the panel itself (a button keeps Space for itself): back to the grid.
      event.preventDefault()
      event.stopPropagation()
      closeDetail()
    } else if (!isTyping(event.target) && event.key === 'ArrowLeft' && prev) {
      void openDetail(prev.id)
    } else if (!isTyping(event.target) && event.key === 'ArrowRight' && next) {
      void openDetail(next.id)
    }
  }

  return createPortal(
    <div className="detail-backdrop">
      <div
        ref={panel}
        className="detail"
        role="dialog"
        aria-modal="true"
        aria-label="Image details"
        data-testid="image-detail"
        data-image-id={id}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <div
          className="detail-stage"
          onMouseDown={(event) => {
            if (event.target === event.currentTarget) closeDetail()
          }}
        >
          {broken === id ? (
            <p className="detail-missing">The image file could not be read.</p>
          ) : (
            <img
              key={id}
              className="detail-img"
              data-testid="detail-image"
              src={api.media.imageUrl(id)}
              alt={image?.prompt ?? `Image ${id}`}
              draggable={false}
              onError={() => setBroken(id)}
            />
          )}
          {prev ? (
            <button type="button" className="detail-nav detail-prev" data-testid="detail-prev" aria-label="Previous image" onClick={() => void openDetail(prev.id)}>
              <ArrowLeftIcon size={20} />
            </button>
          ) : null}
          {next ? (
            <button type="button" className="detail-nav detail-next" data-testid="detail-next" aria-label="Next image" onClick={() => void openDetail(next.id)}>
              <ArrowRightIcon size={20} />
            </button>
          ) : null}
        </div>
        {image ? <DetailInfo image={image} onClose={closeDetail} /> : <aside className="detail-info" aria-busy="true" />}
      </div>
    </div>,
    document.body
  )
}
