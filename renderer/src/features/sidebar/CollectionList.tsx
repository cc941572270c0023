import { FolderIcon } from '../../components/icons'
import { useAppStore } from '../../store'

/** The collections under "Collections"; clicking one shows it in the gallery. */
export function CollectionList({ collapsed }: { collapsed: boolean }) {
  const collections = useAppStore((s) => s.collections)
  const activeId = useAppStore((s) => s.activeCollectionId)
  const selectCollection = useAppStore((s) => s.selectCollection)

  if (collections.length === 0) {
    return (
      <p className="sidebar-empty">
        <FolderIcon />
        <span>No collections yet</span>
      </p>
    )
  }
  return (
    <ul className="nav-list" data-testid="collection-list">
      {collections.map((c) => (
        <li key={c.id}>
          <button
            type="button"
            className="nav-item"
            data-testid="nav-collection"
            data-collection-id={c.id}
            aria-current={c.id === activeId ? 'page' : undefined}
            aria-label={collapsed ? `${c.name}, ${c.images}` : undefined}
            title={collapsed ? c.name : undefined}
            onClick={() => selectCollection(c.id)}
          >
            <span className="nav-icon">
              <FolderIcon />
            </span>
            <span className="nav-label">{c.name}</span>
            <span className="nav-count">{c.images.toLocaleString()}</span>
          </button>
        </li>
      ))}
    </ul>
  )
}
