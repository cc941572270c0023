import { type DragEvent, type KeyboardEvent, useState } from 'react'
import type { CollectionInfo } from '../../../../electron/shared/library'
import { FolderIcon } from '../../components/icons'
import { Tooltip } from '../../components/Tooltip'
import { IMAGE_DRAG_TYPE } from '../../lib/reference-input'
import { useAppStore } from '../../store'
import { RenameField, RowMenu } from './RowMenu'

/**
 * The collections under "Collections"; clicking one shows it in the gallery.
 * Each can be renamed (F2) or deleted (Delete, after asking; its images stay),
 * and takes gallery tiles dropped on it.
 */
export function CollectionList({ collapsed }: { collapsed: boolean }) {
  const collections = useAppStore((s) => s.collections)
  const activeId = useAppStore((s) => (s.mainView === 'gallery' ? s.activeCollectionId : null))
  const [renaming, setRenaming] = useState<number | null>(null)

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
        <CollectionRow key={c.id} collection={c} active={c.id === activeId} collapsed={collapsed} renaming={renaming === c.id} onRename={(on) => setRenaming(on ? c.id : null)} />
      ))}
    </ul>
  )
}

const carriesImage = (event: DragEvent): boolean => Array.from(event.dataTransfer?.types ?? []).includes(IMAGE_DRAG_TYPE)

interface RowProps {
  collection: CollectionInfo
  active: boolean
  collapsed: boolean
  renaming: boolean
  onRename(on: boolean): void
}

function CollectionRow({ collection: c, active, collapsed, renaming, onRename }: RowProps) {
  const selectCollection = useAppStore((s) => s.selectCollection)
  const renameCollection = useAppStore((s) => s.renameCollection)
  const askDeleteCollection = useAppStore((s) => s.askDeleteCollection)
  const dropOnCollection = useAppStore((s) => s.dropOnCollection)
  const showToast = useAppStore((s) => s.showToast)
  const [dropping, setDropping] = useState(false)

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (event.key === 'F2') {
      event.preventDefault()
      onRename(true)
    } else if (event.key === 'Delete') {
      event.preventDefault()
      askDeleteCollection(c.id)
    }
  }

  return (
    <RowMenu
      name={c.name}
      testId="collection-row"
      quiet={collapsed}
      renaming={renaming}
      actions={[
        { label: 'Rename…', shortcut: 'F2', run: () => onRename(true) },
        { label: 'Delete…', shortcut: 'Del', danger: true, run: () => askDeleteCollection(c.id) }
      ]}
      drop={{
        active: dropping,
        onDragOver: (event) => {
          if (!carriesImage(event)) return
          // Taken here, so the window's reference drop leaves it alone.
          event.preventDefault()
          event.dataTransfer.dropEffect = 'copy'
          setDropping(true)
        },
        onDragLeave: (event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false)
        },
        onDrop: (event) => {
          setDropping(false)
          if (!carriesImage(event)) return
          event.preventDefault()
          const imageId = Number(event.dataTransfer.getData(IMAGE_DRAG_TYPE))
          if (Number.isInteger(imageId) && imageId > 0) void dropOnCollection(c.id, imageId)
        }
      }}
    >
      {renaming ? (
        <RenameField
          label={`Rename the collection ${c.name}`}
          initial={c.name}
          onCommit={async (name) => (await renameCollection(c.id, name))?.message ?? null}
          onDone={() => onRename(false)}
          onLeftWithError={(message) => showToast({ tone: 'error', title: "Couldn't rename the collection", message })}
        />
      ) : (
        <Tooltip label={c.name} side="right" off={!collapsed}>
          <button
            type="button"
            className="nav-item"
            data-testid="nav-collection"
            data-collection-id={c.id}
            aria-current={active ? 'page' : undefined}
            aria-label={collapsed ? `${c.name}, ${c.images}` : undefined}
            aria-keyshortcuts="F2 Delete"
            onClick={() => selectCollection(c.id)}
            onKeyDown={onKeyDown}
          >
            <span className="nav-icon">
              <FolderIcon />
            </span>
            <span className="nav-label">{c.name}</span>
            <span className="nav-count">{c.images.toLocaleString()}</span>
          </button>
        </Tooltip>
      )}
    </RowMenu>
  )
}
