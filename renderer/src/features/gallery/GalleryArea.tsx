import { ImagesIcon } from '../../components/icons'
import { useAppStore } from '../../store'
import { SECTION_LABELS, useSectionCount } from '../library/sections'
import type { LibrarySection } from '../../store/ui-slice'
import { EmptyLibraryArt } from './EmptyLibraryArt'

const EMPTY_COPY: Record<LibrarySection, { title: string; body: string }> = {
  all: {
    title: 'Your library is empty',
    body: 'Describe an image below and press Generate. Every result is kept here, offline.'
  },
  favourites: {
    title: 'No favourites yet',
    body: 'Star the images you love and they will gather here.'
  },
  trash: {
    title: 'Trash is empty',
    body: 'Images you delete wait here before they are gone for good.'
  }
}

/** Where the counted images are, for the stand-in shown until the gallery view lands. */
const PLACE: Record<LibrarySection, string> = {
  all: 'in your library',
  favourites: 'in Favourites',
  trash: 'in the Trash'
}

export function formatCount(n: number): string {
  return `${n.toLocaleString()} ${n === 1 ? 'image' : 'images'}`
}

export function GalleryArea() {
  const section = useAppStore((s) => s.activeSection)
  const count = useSectionCount(section)
  const title = SECTION_LABELS[section]
  const copy = EMPTY_COPY[section]
  const statsError = useAppStore((s) => s.statsError)
  const loadStats = useAppStore((s) => s.loadStats)

  return (
    <section className="gallery-area" aria-labelledby="gallery-title">
      <header className="gallery-header">
        <h1 id="gallery-title" className="gallery-title">
          {title}
        </h1>
        <span className="gallery-count" data-testid="gallery-count">
          {count === null ? '' : formatCount(count)}
        </span>
      </header>

      <div className="gallery-body">
        {count === null ? (
          statsError === null ? null : (
            <div className="empty-state" data-testid="gallery-error" role="alert">
              <h2 className="empty-title">Couldn't load your library</h2>
              <p className="empty-body">{statsError}</p>
              <button type="button" className="button empty-action" onClick={() => void loadStats()}>
                Try again
              </button>
            </div>
          )
        ) : count === 0 ? (
          <div className="empty-state" data-testid="gallery-empty">
            <EmptyLibraryArt />
            <h2 className="empty-title">{copy.title}</h2>
            <p className="empty-body">{copy.body}</p>
          </div>
        ) : (
          <div className="empty-state gallery-placeholder" data-testid="gallery" role="region" aria-label={title}>
            <span className="placeholder-icon" aria-hidden="true">
              <ImagesIcon size={22} />
            </span>
            <h2 className="empty-title">{formatCount(count)} {PLACE[section]}</h2>
            <p className="empty-body">
              Browsing the library here comes in a later build. Meanwhile, each generation's results show as thumbnails in the
              Queue on the right.
            </p>
          </div>
        )}
      </div>
    </section>
  )
}
