import { type DragEvent, type KeyboardEvent, useState } from 'react'
import type { SavedSearch } from '../../../../electron/shared/library'
import { BookmarkIcon } from '../../components/icons'
import { Tooltip } from '../../components/Tooltip'
import { useAppStore } from '../../store'
import { RenameField, RowMenu } from './RowMenu'

/**
 * The saved searches under "Saved searches", in the person's order. A click
 * shows All images with that search; F2 renames, Alt+↑/↓ moves (or drag one onto
 * another), Delete deletes (with Undo on the toast); the same actions are in the
 * row's menu.
 */
export function SavedSearchList({ collapsed }: { collapsed: boolean }) {
  const saved = useAppStore((s) => s.savedSearches)
  // The search shown in All images, to mark the saved search it is.
  const shown = useAppStore((s) => (s.activeSection === 'all' && s.activeCollectionId === null ? s.galleryQuery.trim() : null))
  const [renaming, setRenaming] = useState<number | null>(null)

  if (saved.length === 0) {
    return (
      <p className="sidebar-empty" data-testid="saved-searches-empty">
        <BookmarkIcon />
        <span>No saved searches yet</span>
      </p>
    )
  }
  return (
    <ul className="nav-list" data-testid="saved-search-list" aria-label="Saved searches">
      {saved.map((item, index) => (
        <SavedSearchRow
          key={item.id}
          item={item}
          first={index === 0}
          last={index === saved.length - 1}
          current={shown !== null && shown === item.query.trim()}
          collapsed={collapsed}
          renaming={renaming === item.id}
          onRename={(on) => setRenaming(on ? item.id : null)}
        />
      ))}
    </ul>
  )
}

/** Drag type of a saved search being reordered (its id). Not a reference: the window's drop ignores it. */
export const SAVED_SEARCH_DRAG_TYPE = 'application/x-imagine-saved-search'

const carriesSavedSearch = (event: DragEvent): boolean => Array.from(event.dataTransfer?.types ?? []).includes(SAVED_SEARCH_DRAG_TYPE)

interface RowProps {
  item: SavedSearch
  first: boolean
  last: boolean
  current: boolean
  collapsed: boolean
  renaming: boolean
  onRename(on: boolean): void
}

function SavedSearchRow({ item, first, last, current, collapsed, renaming, onRename }: RowProps) {
  const showSearch = useAppStore((s) => s.showSearch)
  const renameSavedSearch = useAppStore((s) => s.renameSavedSearch)
  const deleteSavedSearch = useAppStore((s) => s.deleteSavedSearch)
  const moveSavedSearch = useAppStore((s) => s.moveSavedSearch)
  const moveSavedSearchTo = useAppStore((s) => s.moveSavedSearchTo)
  const showToast = useAppStore((s) => s.showToast)
  const [dropping, setDropping] = useState(false)

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (event.key === 'F2') {
      event.preventDefault()
      onRename(true)
    } else if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault()
      // The row moves in the list; keep the focus on it.
      void moveSavedSearch(item.id, event.key === 'ArrowUp' ? -1 : 1).then(() => document.querySelector<HTMLElement>(`[data-saved-search-id="${item.id}"]`)?.focus())
    } else if (event.key === 'Delete') {
      event.preventDefault()
      void deleteSavedSearch(item.id)
    }
  }

  return (
    <RowMenu
      name={item.name}
      testId="saved-search-row"
      quiet={collapsed}
      renaming={renaming}
      actions={[
        { label: 'Rename…', shortcut: 'F2', run: () => onRename(true) },
        { label: 'Move up', shortcut: '⌥↑', disabled: first, run: () => void moveSavedSearch(item.id, -1) },
        { label: 'Move down', shortcut: '⌥↓', disabled: last, run: () => void moveSavedSearch(item.id, 1) },
        { label: 'Delete', shortcut: 'Del', danger: true, run: () => void deleteSavedSearch(item.id) }
      ]}
      drop={{
        active: dropping,
        onDragOver: (event) => {
          if (!carriesSavedSearch(event)) return
          event.preventDefault()
          event.dataTransfer.dropEffect = 'move'
          setDropping(true)
        },
        onDragLeave: (event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false)
        },
        onDrop: (event) => {
          setDropping(false)
          if (!carriesSavedSearch(event)) return
          event.preventDefault()
          const dragged = Number(event.dataTransfer.getData(SAVED_SEARCH_DRAG_TYPE))
          if (Number.isInteger(dragged) && dragged !== item.id) void moveSavedSearchTo(dragged, item.id)
        }
      }}
    >
      {renaming ? (
        <RenameField
          label={`Rename the saved search ${item.name}`}
          initial={item.name}
          onCommit={async (name) => (await renameSavedSearch(item.id, name))?.message ?? null}
          onDone={() => onRename(false)}
          onLeftWithError={(message) => showToast({ tone: 'error', title: "Couldn't rename the saved search", message })}
        />
      ) : (
        <Tooltip label={item.name} side="right" off={!collapsed}>
          <button
            type="button"
            className="nav-item"
            data-testid="nav-saved-search"
            data-saved-search-id={item.id}
            aria-current={current ? 'page' : undefined}
            aria-label={collapsed ? item.name : undefined}
            aria-keyshortcuts="F2 Alt+ArrowUp Alt+ArrowDown Delete"
            title={collapsed ? undefined : item.query}
            onClick={() => showSearch(item.query)}
            onKeyDown={onKeyDown}
            // Drag onto another saved search to put it there.
            draggable
            onDragStart={(event) => {
              event.dataTransfer.setData(SAVED_SEARCH_DRAG_TYPE, String(item.id))
              event.dataTransfer.effectAllowed = 'move'
            }}
          >
            <span className="nav-icon">
              <BookmarkIcon />
            </span>
            <span className="nav-label">{item.name}</span>
          </button>
        </Tooltip>
      )}
    </RowMenu>
  )
}
