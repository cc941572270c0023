import { type CSSProperties, memo, useState } from 'react'
import { rgbHex } from '../../../../electron/shared/color'
import type { ImageSwatch, LibraryImage } from '../../../../electron/shared/library'
import { api } from '../../api'
import { CheckIcon, StarIcon } from '../../components/icons'
import { IMAGE_DRAG_TYPE } from '../../lib/reference-input'
import { useAppStore } from '../../store'
import { isSelected } from '../../store/selection-slice'

const DOTS = [1, 2, 3, 4, 5] as const

interface Placed {
  focusable: boolean
  /** 1-based position in the view, and the view's size (aria-posinset / aria-setsize). */
  position: number
  total: number
  /** Where the square cell goes in the grid's DOM box and its side, CSS px: numbers, not a style
   * object, so the memo holds across the grid's scroll frames (a tile re-renders only when it moves). */
  x: number
  y: number
  size: number
}

/**
 * One square tile by position: click selects, ⌘/Ctrl toggles, Shift ranges,
 * double-click opens it. Until its row arrives it is a placeholder (its place,
 * selectable, named by position); its thumbnail, asked for by id, does not wait
 * for the row (after a jump both are on their way at once). It stays the same
 * element when the row arrives, so focus survives. Until the thumbnail has
 * loaded (the scroll is fast, the tile is off screen and waits for those on
 * screen, or it is on its way), the tile shows the image's average colour, from
 * its row or, before the row, its swatch (a wash the image's shape in Fit, the
 * whole square in Square), which fades out over the thumbnail once it has
 * loaded; rows without a colour keep the neutral tile.
 */
export const GalleryTile = memo(function GalleryTile({
  id,
  image,
  swatch,
  focusable,
  position,
  total,
  x,
  y,
  size,
  thumbs,
  onSettled
}: Placed & {
  id: number
  image: LibraryImage | undefined
  swatch?: ImageSwatch | undefined
  /** Whether to ask for the thumbnail now (a loaded one stays either way). */
  thumbs: boolean
  /** The thumbnail loaded or failed (the grid holds the overscan's prefetch until the screen's have). */
  onSettled: (id: number) => void
}) {
  const selected = useAppStore((s) => isSelected(s, id))
  const selectImage = useAppStore((s) => s.selectImage)
  const openDetail = useAppStore((s) => s.openDetail)
  const setFavorite = useAppStore((s) => s.setFavorite)
  const dragOut = useAppStore((s) => s.dragOut)
  const [broken, setBroken] = useState(false)
  const [loadedOnce, setLoadedOnce] = useState(false)
  const label = image ? image.prompt?.trim() || `Image ${id}` : `Image ${position.toLocaleString()} of ${total.toLocaleString()}`
  // The row's colour and shape, or (before the row, during a fast scroll) its swatch's.
  const shape = image ?? swatch
  const color = rgbHex(shape?.avgColor)

  return (
    <div
      className={image ? 'tile' : 'tile tile-placeholder'}
      role="option"
      aria-selected={selected}
      aria-label={label}
      aria-posinset={position}
      aria-setsize={total}
      aria-busy={image ? undefined : true}
      tabIndex={focusable ? 0 : -1}
      style={{ width: size, height: size, transform: `translate(${x}px, ${y}px)` }}
      title={image ? label : undefined}
      data-testid="gallery-tile"
      data-image-id={id}
      data-favorite={image?.favorite || undefined}
      data-broken={broken || undefined}
      data-loaded={loadedOnce || undefined}
      onClick={(event) => selectImage(id, event.shiftKey ? 'range' : event.metaKey || event.ctrlKey ? 'toggle' : 'single')}
      onDoubleClick={() => void openDetail(id)}
      // Drag a tile onto the composer (or anywhere in the window) to use it as the reference;
      // out of the window, main hands the OS the original files (the selection, when the tile is in it).
      draggable={image ? image.trashedAt === null : false}
      onDragStart={(event) => {
        event.dataTransfer.setData(IMAGE_DRAG_TYPE, String(id))
        event.dataTransfer.setData('text/plain', label)
        event.dataTransfer.effectAllowed = 'copy'
        void dragOut(id)
      }}
    >
      {/* While the scroll is fast, or off screen until the screen's have loaded, no thumbnail is requested; a loaded one stays. */}
      {thumbs || loadedOnce ? (
        <img
          className="tile-img"
          // Element Timing names each thumbnail's paint (PerformanceObserver 'element'; React's types lack the attribute): bench -- gallery reads it.
          {...{ elementtiming: `thumb-${id}` }}
          src={api.media.thumbUrl(id)}
          alt=""
          decoding="async"
          draggable={false}
          onLoad={() => {
            setLoadedOnce(true)
            onSettled(id)
          }}
          onError={() => {
            setBroken(true)
            onSettled(id)
          }}
        />
      ) : null}
      {/* Over the thumbnail (below the star, dots and tick), fading out once it has loaded. */}
      {shape && color ? (
        <span
          className="tile-wash"
          data-testid="tile-wash"
          data-shape={shape.width >= shape.height ? 'wide' : 'tall'}
          aria-hidden="true"
          style={{ '--tile-color': color, aspectRatio: `${shape.width} / ${shape.height}` } as CSSProperties}
        />
      ) : null}
      {image ? (
        <>
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
              void setFavorite([id], !image.favorite)
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
        </>
      ) : null}
      {selected ? (
        <span className="tile-check" aria-hidden="true">
          <CheckIcon size={12} strokeWidth={3} />
        </span>
      ) : null}
    </div>
  )
})
