import { type RefObject, useEffect, useRef } from 'react'
import { useAppStore } from '../../store'
import { GalleryTile } from './GalleryTile'
import { TileMenu } from './TileMenu'
import { useGridKeys } from './use-grid-keys'

/** Starts the next page this far before the end comes into view. */
const PRELOAD_MARGIN = '0px 0px 900px 0px'

/**
 * At the end of the loaded tiles while more exist. An IntersectionObserver loads
 * the next page as it nears the viewport; the button does the same by hand
 * (keyboard, or where there is no observer). The observer is renewed after each
 * page, so a tall window keeps loading until the sentinel is out of reach.
 */
function LoadMore({ scrollRoot, loaded }: { scrollRoot: RefObject<HTMLElement | null>; loaded: number }) {
  const sentinel = useRef<HTMLDivElement>(null)
  const loadMore = useAppStore((s) => s.loadMoreGallery)

  useEffect(() => {
    const el = sentinel.current
    if (!el || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void loadMore()
      },
      { root: scrollRoot.current, rootMargin: PRELOAD_MARGIN }
    )
    observer.observe(el)
    return () => observer.disconnect()
  }, [loadMore, scrollRoot, loaded])

  return (
    <div ref={sentinel} className="gallery-more" data-testid="gallery-more">
      <button type="button" className="button button-small" onClick={() => void loadMore()}>
        Show more
      </button>
    </div>
  )
}

/**
 * The loaded images of the view as a uniform grid of squares. Uniform rows keep
 * it ready for the virtualised gallery (fixed row height, index → position).
 */
export function GalleryGrid({ scrollRoot, label }: { scrollRoot: RefObject<HTMLElement | null>; label: string }) {
  const items = useAppStore((s) => s.galleryItems)
  const hasMore = useAppStore((s) => s.galleryCursor !== null)
  const lead = useAppStore((s) => s.selectionLead)
  const grid = useRef<HTMLDivElement>(null)
  const onKeyDown = useGridKeys(grid)
  const focusId = lead !== null && items.some((i) => i.id === lead) ? lead : items[0]?.id

  return (
    <>
      <TileMenu>
      <div
        ref={grid}
        className="gallery-grid"
        role="listbox"
        aria-multiselectable="true"
        aria-label={label}
        data-testid="gallery"
        onKeyDown={onKeyDown}
      >
        {items.map((image) => (
          <GalleryTile key={image.id} image={image} focusable={image.id === focusId} />
        ))}
      </div>
      </TileMenu>
      {hasMore ? <LoadMore scrollRoot={scrollRoot} loaded={items.length} /> : null}
    </>
  )
}
