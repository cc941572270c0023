import { type CSSProperties, memo, useState } from 'react'
import type { LibraryImage } from '../../../../electron/shared/library'
import { api } from '../../api'
import { CheckIcon, StarIcon } from '../../components/icons'
import { IMAGE_DRAG_TYPE } from '../../lib/reference-input'
import { useAppStore } from '../../store'

const DOTS = [1, 2, 3, 4, 5] as const

interface Placed {
  focusable: boolean
  /** 1-based position in the view, and the view's size (aria-posinset / aria-setsize). */
  position: number
  total: number
  style: CSSProperties
}

/** A tile whose row has not arrived yet: its place, selectable by position, no thumbnail request. */
export function PlaceholderTile({ id, focusable, position, total, style }: Placed & { id: number }) {
  const selected = useAppStore((s) => s.selectedIds[id] === true)
  const selectImage = useAppStore((s) => s.selectImage)
  return (
    <div
      className="tile tile-placeholder"
      role="option"
      aria-selected={selected}
      aria-label={`Image ${position.toLocaleString()} of ${total.toLocaleString()}`}
      aria-posinset={position}
      aria-setsize={total}
      aria-busy="true"
      tabIndex={focusable ? 0 : -1}
      data-testid="gallery-tile"
      data-image-id={id}
      style={style}
      onClick={(event) => selectImage(id, event.shiftKey ? 'range' : event.metaKey || event.ctrlKey ? 'toggle' : 'single')}
    />
  )
}

/** One square thumbnail: click selects, ⌘/Ctrl toggles, Shift ranges, double-click opens it. */
export const GalleryTile = memo(function GalleryTile({ image, focusable, position, total, style, thumbs }: Placed & { image: LibraryImage; thumbs: boolean }) {
  const selected = useAppStore((s) => s.selectedIds[image.id] === true)
  const selectImage = useAppStore((s) => s.selectImage)
  const openDetail = useAppStore((s) => s.openDetail)
  const setFavorite = useAppStore((s) => s.setFavorite)
  const [broken, setBroken] = useState(false)
  const [loadedOnce, setLoadedOnce] = useState(false)
  const label = image.prompt?.trim() || `Image ${image.id}`

  return (
    <div
      className="tile"
      role="option"
      aria-selected={selected}
      aria-label={label}
      aria-posinset={position}
      aria-setsize={total}
      tabIndex={focusable ? 0 : -1}
      style={style}
      title={label}
      data-testid="gallery-tile"
      data-image-id={image.id}
      data-favorite={image.favorite || undefined}
      data-broken={broken || undefined}
      onClick={(event) => selectImage(image.id, event.shiftKey ? 'range' : event.metaKey || event.ctrlKey ? 'toggle' : 'single')}
      onDoubleClick={() => void openDetail(image.id)}
      // Drag a tile onto the composer (or anywhere in the window) to use it as the reference.
      draggable={image.trashedAt === null}
      onDragStart={(event) => {
        event.dataTransfer.setData(IMAGE_DRAG_TYPE, String(image.id))
        event.dataTransfer.setData('text/plain', label)
        event.dataTransfer.effectAllowed = 'copy'
      }}
    >
      {/* While the scroll is fast no thumbnail is requested; a mounted one stays. */}
      {thumbs || loadedOnce ? (
        <img
          className="tile-img"
          src={api.media.thumbUrl(image.id)}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          onLoad={() => setLoadedOnce(true)}
          onError={() => setBroken(true)}
        />
      ) : null}
      <button
        type="button"
        className="tile-fav"
        data-testid="tile-favorite"
        aria-pressed={image.favorite}
        aria-label={image.favorite ? 'Remove from favourites' : 'Add to favourites'}
        title={image.favorite ? 'Remove from favourites' : 'Add to favourites'}
        tabIndex={-1}
        onClick={(event) => {
          event.stopPropagation()
          void setFavorite([image.id], !image.favorite)
        }}
        onDoubleClick={(event) => event.stopPropagation()}
      >
        <StarIcon size={15} />
      </button>
      {image.rating > 0 ? (
        <span className="tile-rating" data-testid="tile-rating" data-rating={image.rating} role="img" aria-label={`Rated ${image.rating} of 5`}>
          {DOTS.map((n) => (
            <span key={n} className="tile-dot" data-on={n <= image.rating || undefined} />
          ))}
        </span>
      ) : null}
      {selected ? (
        <span className="tile-check" aria-hidden="true">
          <CheckIcon size={12} strokeWidth={3} />
        </span>
      ) : null}
    </div>
  )
})
