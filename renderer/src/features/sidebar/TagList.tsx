import { useState } from 'react'
import { TagIcon } from '../../components/icons'
import { useAppStore } from '../../store'
import { tagSearch } from '../../store/sidebar-slice'

/** Tags beyond this many wait behind "Show all tags", so Collections stay in reach. */
export const TAGS_SHOWN = 8

/** Every tag with its image count; a click shows All images searched with `tag:NAME`. */
export function TagList() {
  const tags = useAppStore((s) => s.tags)
  const shown = useAppStore((s) => (s.activeSection === 'all' && s.activeCollectionId === null ? s.galleryQuery.trim() : null))
  const showSearch = useAppStore((s) => s.showSearch)
  const [expanded, setExpanded] = useState(false)

  if (tags.length === 0) {
    return (
      <p className="sidebar-empty" data-testid="tags-empty">
        <TagIcon />
        <span>No tags yet</span>
      </p>
    )
  }
  const visible = expanded ? tags : tags.slice(0, TAGS_SHOWN)
  return (
    <>
      <ul className="nav-list" data-testid="tag-list" id="sidebar-tag-list" aria-label="Tags">
        {visible.map((t) => {
          const query = tagSearch(t.name)
          return (
            <li key={t.name}>
              <button
                type="button"
                className="nav-item nav-tag"
                data-testid="nav-tag"
                data-tag={t.name}
                aria-current={shown === query ? 'page' : undefined}
                title={`Show images tagged ${t.name} (${query})`}
                onClick={() => showSearch(query)}
              >
                <span className="nav-icon">
                  <TagIcon />
                </span>
                <span className="nav-label">{t.name}</span>
                <span className="nav-count">{t.images.toLocaleString()}</span>
              </button>
            </li>
          )
        })}
      </ul>
      {tags.length > TAGS_SHOWN ? (
        <button type="button" className="link-button sidebar-more" data-testid="tags-toggle" aria-expanded={expanded} aria-controls="sidebar-tag-list" onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show fewer tags' : `Show all ${tags.length.toLocaleString()} tags`}
        </button>
      ) : null}
    </>
  )
}
