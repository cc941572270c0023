import { type RefObject, useId, useRef, useState } from 'react'
import { THUMBNAIL_FITS, THUMBNAIL_SIZES, type ThumbnailSize } from '../../../../electron/shared/domain'
import type { LibrarySort } from '../../../../electron/shared/library'
import { TrashIcon } from '../../components/icons'
import { Select } from '../../components/Select'
import { useAppStore } from '../../store'
import { querySort } from '../../store/gallery-view'
import { isFinal } from '../../store/jobs-slice'
import type { AppState } from '../../store/types'
import { SECTION_LABELS } from '../library/sections'
import { countText, FIT_LABELS, SORT_LABELS } from './gallery-text'
import { GalleryEmpty } from './GalleryEmpty'
import { GalleryGrid } from './GalleryGrid'
import { PendingStrip } from './PendingStrip'
import { SearchBox } from './SearchBox'
import { SelectionBar } from './SelectionBar'

const SORTS = Object.keys(SORT_LABELS) as LibrarySort[]

function SortSelect() {
  const sort = useAppStore((s) => s.gallerySort)
  const setSort = useAppStore((s) => s.setGallerySort)
  const fromQuery = useAppStore((s) => querySort(s.galleryQuery))
  const title = fromQuery ? 'The search sets the order (sort:)' : 'Order'
  return (
    <Select
      className="sort-select"
      testId="sort-select"
      aria-label="Sort"
      title={title}
      disabled={fromQuery !== null}
      value={fromQuery ?? sort}
      options={SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] }))}
      onValueChange={setSort}
    />
  )
}

const SIZE_LABELS: Record<ThumbnailSize, string> = { small: 'Small', medium: 'Medium', large: 'Large' }

/** Thumbnail size (also Ctrl/⌘ + and −). */
function SizeSelect() {
  const size = useAppStore((s) => s.settings?.thumbnailSize ?? 'medium')
  const updateSettings = useAppStore((s) => s.updateSettings)
  return (
    <Select
      className="size-select"
      testId="thumbnail-size"
      aria-label="Thumbnail size"
      title="Thumbnail size (Ctrl/⌘ + and −)"
      value={size}
      options={THUMBNAIL_SIZES.map((s) => ({ value: s, label: SIZE_LABELS[s] }))}
      onValueChange={(thumbnailSize) => void updateSettings({ thumbnailSize })}
    />
  )
}

function FitSelect() {
  const fit = useAppStore((s) => s.settings?.thumbnailFit ?? 'square')
  const updateSettings = useAppStore((s) => s.updateSettings)
  return (
    <Select
      className="fit-select"
      testId="thumbnail-fit"
      aria-label="Thumbnail shape"
      title="Square crops, or each whole image in its cell"
      value={fit}
      options={THUMBNAIL_FITS.map((f) => ({ value: f, label: FIT_LABELS[f] }))}
      onValueChange={(thumbnailFit) => void updateSettings({ thumbnailFit })}
    />
  )
}

/** The ignored filters (warnings) or the refused search (error), under the header. */
function SearchFeedback({ id }: { id: string }) {
  const warnings = useAppStore((s) => s.galleryWarnings)
  const error = useAppStore((s) => s.galleryQueryError)
  if (error !== null) {
    return (
      <p id={id} className="search-feedback search-error" data-testid="search-error" role="alert">
        {error}
      </p>
    )
  }
  if (warnings.length === 0) return null
  return (
    <ul id={id} className="search-feedback search-warnings" data-testid="search-warnings" aria-live="polite">
      {warnings.map((w) => (
        <li key={w}>{w}</li>
      ))}
    </ul>
  )
}

/** New images appear in this view: All images, no collection, no search. */
function showsArrivals(s: AppState): boolean {
  return s.activeSection === 'all' && s.activeCollectionId === null && s.galleryQuery.trim() === ''
}

function GalleryBody({ scrollRoot, label, timelineSlot, onAtTop }: { scrollRoot: RefObject<HTMLDivElement | null>; label: string; timelineSlot: HTMLElement | null; onAtTop: (atTop: boolean) => void }) {
  const loaded = useAppStore((s) => s.galleryLoaded)
  const loadError = useAppStore((s) => s.galleryLoadError)
  const queryError = useAppStore((s) => s.galleryQueryError)
  const empty = useAppStore((s) => s.galleryIds.length === 0)
  const loadGallery = useAppStore((s) => s.loadGallery)
  const timeline = useAppStore(showsArrivals)
  const hasPending = useAppStore((s) => Object.values(s.jobs).some((j) => !isFinal(j.status) && j.imagesTotal > j.imagesDone))

  if (loadError !== null) {
    return (
      <div className="empty-state" data-testid="gallery-error" role="alert">
        <h2 className="empty-title">Couldn't load your library</h2>
        <p className="empty-body">{loadError}</p>
        <button type="button" className="button empty-action" onClick={() => void loadGallery()}>
          Try again
        </button>
      </div>
    )
  }
  if (!loaded || queryError !== null) return null
  // While the first images are on their way, the strip above says so instead of "empty".
  if (empty) return timeline && hasPending ? null : <GalleryEmpty />
  return <GalleryGrid scrollRoot={scrollRoot} label={label} timelineSlot={timelineSlot} onAtTop={onAtTop} />
}

/** Header (title, count, search, sort), the grid or an empty state, and the selection bar. */
export function GalleryArea() {
  const section = useAppStore((s) => s.activeSection)
  const collection = useAppStore((s) => s.collections.find((c) => c.id === s.activeCollectionId) ?? null)
  const count = useAppStore((s) => s.galleryCount)
  const searching = useAppStore((s) => s.galleryQuery.trim() !== '')
  const openDialog = useAppStore((s) => s.openDialog)
  const clearSelection = useAppStore((s) => s.clearSelection)
  const scrollRoot = useRef<HTMLDivElement>(null)
  const arrivals = useAppStore(showsArrivals)
  const [timelineSlot, setTimelineSlot] = useState<HTMLDivElement | null>(null)
  // The strip of images on their way shows while the grid is at its top, where they will appear; further
  // down it would push the grid the person is looking at down as a job starts and back up as it ends.
  const [gridAtTop, setGridAtTop] = useState(true)
  const feedbackId = useId()
  const title = collection?.name ?? SECTION_LABELS[section]

  return (
    <section className="gallery-area" aria-labelledby="gallery-title">
      <header className="gallery-header">
        <div className="gallery-heading">
          <h1 id="gallery-title" className="gallery-title" title={title}>
            {title}
          </h1>
          <span className="gallery-count" data-testid="gallery-count">
            {count === null ? '' : countText(count, searching)}
          </span>
        </div>
        <SearchBox describedBy={feedbackId} />
        {/* The Trash is always ordered by when images were deleted. */}
        {section === 'trash' ? null : <SortSelect />}
        <SizeSelect />
        <FitSelect />
        {section === 'trash' && (count ?? 0) > 0 ? (
          <button type="button" className="button button-small button-danger-quiet" data-testid="empty-trash-button" onClick={() => openDialog('empty-trash')}>
            <TrashIcon size={14} />
            Empty trash
          </button>
        ) : null}
      </header>
      <SearchFeedback id={feedbackId} />
      {arrivals && gridAtTop ? <PendingStrip /> : null}
      <div className="gallery-main">
        <div
          ref={scrollRoot}
          className="gallery-body"
          data-testid="gallery-scroll"
          onClick={(event) => {
            // A click on the background, between or below the tiles, drops the selection.
            const target = event.target as HTMLElement
            if (target === event.currentTarget || target.classList.contains('gallery-grid')) clearSelection()
          }}
        >
          <GalleryBody scrollRoot={scrollRoot} label={title} timelineSlot={timelineSlot} onAtTop={setGridAtTop} />
        </div>
        {/* The timeline scrubber (GalleryGrid puts it here when the view has one). */}
        <div ref={setTimelineSlot} className="timeline-slot" />
      </div>
      <SelectionBar />
    </section>
  )
}
