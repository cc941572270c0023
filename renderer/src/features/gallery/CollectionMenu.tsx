import { useState } from 'react'
import { FolderIcon, PlusIcon } from '../../components/icons'
import { Popover } from '../../components/Popover'
import type { ImageTarget } from '../../../../electron/shared/library'
import { useAppStore } from '../../store'

/** "Add to collection": the existing collections, and "New collection…" to make one with the selection. */
export function CollectionMenu({ target }: { target: ImageTarget }) {
  const collections = useAppStore((s) => s.collections)
  const addToCollection = useAppStore((s) => s.addToCollection)
  const createCollectionWith = useAppStore((s) => s.createCollectionWith)
  const [open, setOpen] = useState(false)
  const [naming, setNaming] = useState(false)
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)

  const close = (): void => {
    setOpen(false)
    setNaming(false)
    setName('')
    setError(null)
  }

  const create = async (): Promise<void> => {
    if (name.trim() === '') return
    const failed = await createCollectionWith(name, target)
    if (failed) setError(failed.message)
    else close()
  }

  return (
    <Popover
      open={open}
      onOpenChange={(next) => (next ? setOpen(true) : close())}
      label="Add to collection"
      testId="collection-menu"
      placement="above"
      className="collection-menu"
      trigger={
        <button type="button" className="bar-button" data-testid="collection-menu-button" title="Add the selected images to a collection" aria-haspopup="dialog" aria-expanded={open} onClick={() => (open ? close() : setOpen(true))}>
          <FolderIcon size={15} />
          <span>Add to collection</span>
        </button>
      }
    >
      {collections.length > 0 ? (
        <ul className="menu-list">
          {collections.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="menu-item"
                data-testid="collection-menu-item"
                onClick={() => {
                  close()
                  void addToCollection(c.id, target)
                }}
              >
                <FolderIcon size={14} />
                <span className="menu-item-label">{c.name}</span>
                <span className="menu-item-count">{c.images.toLocaleString()}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {naming ? (
        <form
          className="popover-form"
          onSubmit={(event) => {
            event.preventDefault()
            void create()
          }}
        >
          <div className="popover-row">
            <input
              className={`text-input${error ? ' has-error' : ''}`}
              data-testid="new-collection-input"
              aria-label="New collection name"
              placeholder="Collection name"
              autoFocus
              value={name}
              onChange={(event) => {
                setName(event.target.value)
                setError(null)
              }}
            />
            <button type="submit" className="button button-primary" data-testid="new-collection-create" disabled={name.trim() === ''}>
              Create
            </button>
          </div>
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      ) : (
        <button type="button" className="menu-item menu-item-new" data-testid="new-collection" onClick={() => setNaming(true)}>
          <PlusIcon size={14} />
          <span className="menu-item-label">New collection…</span>
        </button>
      )}
    </Popover>
  )
}
