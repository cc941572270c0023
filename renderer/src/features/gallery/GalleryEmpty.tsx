import { SearchIcon } from '../../components/icons'
import { useAppStore } from '../../store'
import type { LibrarySection } from '../../store/ui-slice'
import { EmptyLibraryArt } from './EmptyLibraryArt'
import { searchSummary } from './gallery-text'

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

const COLLECTION_COPY = {
  title: 'This collection is empty',
  body: 'Select images in All images and choose Add to collection.'
}

const PLACE: Record<LibrarySection, string> = { all: '', favourites: ' in Favourites', trash: ' in the Trash' }

/** What the gallery says when the view has no images: a search with no match, or an empty place. */
export function GalleryEmpty() {
  const query = useAppStore((s) => s.galleryQuery.trim())
  const section = useAppStore((s) => s.activeSection)
  const inCollection = useAppStore((s) => s.activeCollectionId !== null)
  const setGalleryQuery = useAppStore((s) => s.setGalleryQuery)

  if (query !== '') {
    const summary = searchSummary(query)
    return (
      <div className="empty-state" data-testid="gallery-empty" data-kind="no-results">
        <span className="empty-icon" aria-hidden="true">
          <SearchIcon size={22} />
        </span>
        <h2 className="empty-title">No images match “{query}”{inCollection ? ' in this collection' : PLACE[section]}</h2>
        <p className="empty-body">
          {summary ? <>Looked for {summary}. </> : null}
          Try fewer words or filters; the <b>?</b> next to the search box lists them all.
        </p>
        <button type="button" className="button empty-action" data-testid="clear-search" onClick={() => setGalleryQuery('')}>
          Clear search
        </button>
      </div>
    )
  }

  const copy = inCollection ? COLLECTION_COPY : EMPTY_COPY[section]
  return (
    <div className="empty-state" data-testid="gallery-empty" data-kind={inCollection ? 'collection' : section}>
      <EmptyLibraryArt />
      <h2 className="empty-title">{copy.title}</h2>
      <p className="empty-body">{copy.body}</p>
    </div>
  )
}
