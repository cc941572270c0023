import { useEffect, useState } from 'react'
import { CheckIcon, FolderIcon, MinusIcon, PlusIcon } from '../../components/icons'
import { Popover } from '../../components/Popover'
import type { ImageTarget } from '../../../../electron/shared/library'
import { useAppStore } from '../../store'

type Membership = 'all' | 'some' | 'none'

/**
 * "Add to collection": the existing collections, each with a check mark when it
 * holds every selected image (a dash when it holds some), and "New collection…"
 * to make one with the selection. Choosing a collection that holds them all
 * takes them out of it again.
 */
export function CollectionMenu({ target }: { target: ImageTarget }) {
  // Check marks need the ids: a whole-view selection (⌘/Ctrl+A) is acted on without them.
  const ids = Array.isArray(target) ? target : null
  const collections = useAppStore((s) => s.collections)
  const addToCollection = useAppStore((s) => s.addToCollection)
  const removeFromCollection = useAppStore((s) => s.removeFromCollection)
  const createCollectionWith = useAppStore((s) => s.createCollectionWith)
  const collectionMembership = useAppStore((s) => s.collectionMembership)
  const [open, setOpen] = useState(false)
  // How many of the selection each collection holds, read each time the menu opens.
  const [held, setHeld] = useState<Map<number, number> | null>(null)
  const [naming, setNaming] = useState(false)
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!open || ids === null) return
    let current = true
    setHeld(null)
    void collectionMembership(ids).then((answer) => {
      if (current) setHeld(answer)
    })
    return () => {
      current = false
    }
  }, [open, ids, collectionMembership])

  const membership = (id: number): Membership => {
    const n = held?.get(id) ?? 0
    return ids === null || n === 0 ? 'none' : n >= ids.length ? 'all' : 'some'
  }

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
          {collections.map((c) => {
            const state = membership(c.id)
            return (
              <li key={c.id}>
                <button
                  type="button"
                  className="menu-item"
                  data-testid="collection-menu-item"
                  data-membership={held === null ? undefined : state}
                  aria-pressed={held === null ? undefined : state === 'all' ? true : state === 'some' ? 'mixed' : false}
                  title={state === 'all' ? `Every selected image is in ${c.name}: choose it to take them out` : state === 'some' ? `Some selected images are in ${c.name}: choose it to add the rest` : `Add to ${c.name}`}
                  onClick={() => {
                    close()
                    if (state === 'all') void removeFromCollection(c.id, target)
                    else void addToCollection(c.id, target)
                  }}
                >
                  <span className="menu-item-check" aria-hidden="true">
                    {state === 'all' ? <CheckIcon size={14} strokeWidth={2.4} /> : state === 'some' ? <MinusIcon size={14} strokeWidth={2.4} /> : null}
                  </span>
                  <FolderIcon size={14} />
                  <span className="menu-item-label">{c.name}</span>
                  <span className="menu-item-count">{c.images.toLocaleString()}</span>
                </button>
              </li>
            )
          }          )}
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
