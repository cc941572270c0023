import * as DropdownMenu from '@radix-ui/react-dropdown-menu'
import { useEffect, useRef, useState } from 'react'
import { CheckIcon, FolderIcon, MinusIcon, PlusIcon } from '../../components/icons'
import { Popover } from '../../components/Popover'
import { Tooltip } from '../../components/Tooltip'
import type { ImageTarget } from '../../../../electron/shared/library'
import { useAppStore } from '../../store'

type Membership = 'all' | 'some' | 'none'

/**
 * "Add to collection": a menu (Radix DropdownMenu: arrow keys, typeahead, Esc
 * gives the focus back) of the existing collections, each a checkbox item
 * checked when it holds every selected image (mixed, with a dash, when it holds
 * some), and "New collection…", which swaps the menu for a small popover to
 * name one made with the selection. Choosing a collection that holds them all
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
  const namingRef = useRef(false)
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
    namingRef.current = false
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
      open={naming}
      onOpenChange={(next) => (next ? undefined : close())}
      label="New collection"
      testId="collection-menu"
      placement="above"
      className="collection-menu"
      trigger={
        <DropdownMenu.Root modal={false} open={open} onOpenChange={(next) => (next ? setOpen(true) : setOpen(false))}>
          <Tooltip label="Add the selected images to a collection">
            <DropdownMenu.Trigger
              asChild
              // Radix opens on the press; a click with no press before it (a test, some assistive tech) opens it too.
              onClick={(event) => (event.detail === 0 ? setOpen(!open) : undefined)}
            >
              <button type="button" className="bar-button" data-testid="collection-menu-button">
                <FolderIcon size={15} />
                <span>Add to collection</span>
              </button>
            </DropdownMenu.Trigger>
          </Tooltip>
          <DropdownMenu.Portal container={document.body}>
            <DropdownMenu.Content
              className="menu-content collection-menu-list"
              data-testid="collection-menu"
              aria-label="Add to collection"
              side="top"
              align="start"
              sideOffset={12}
              alignOffset={-6}
              collisionPadding={8}
              loop
              onCloseAutoFocus={(event) => {
                // Off to name a new collection: its field has the focus, not the button.
                if (namingRef.current) event.preventDefault()
              }}
            >
              {collections.map((c) => {
                const state = membership(c.id)
                return (
                  <DropdownMenu.CheckboxItem
                    key={c.id}
                    className="menu-row"
                    data-testid="collection-menu-item"
                    data-membership={held === null ? undefined : state}
                    checked={held !== null && (state === 'all' ? true : state === 'some' ? 'indeterminate' : false)}
                    title={state === 'all' ? `Every selected image is in ${c.name}: choose it to take them out` : state === 'some' ? `Some selected images are in ${c.name}: choose it to add the rest` : `Add to ${c.name}`}
                    onSelect={() => {
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
                  </DropdownMenu.CheckboxItem>
                )
              })}
              {collections.length > 0 ? <DropdownMenu.Separator className="menu-separator" /> : null}
              <DropdownMenu.Item
                className="menu-row menu-item-new"
                data-testid="new-collection"
                onSelect={() => {
                  namingRef.current = true
                  setNaming(true)
                }}
              >
                <PlusIcon size={14} />
                <span className="menu-item-label">New collection…</span>
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      }
    >
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
    </Popover>
  )
}
