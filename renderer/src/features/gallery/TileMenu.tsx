/**
 * The right-click menu on a gallery tile: Remix and the other reuse actions,
 * Open, and Trash. One menu for the whole grid (not one per tile): the tile
 * under the pointer is found when it opens. Radix's ContextMenu gives the roles,
 * roving focus, typeahead and Esc; non-modal, so no style element is injected
 * (our CSP allows none) and the page behind keeps scrolling.
 */
import * as ContextMenu from '@radix-ui/react-context-menu'
import { type ReactNode, useState } from 'react'
import type { LibraryImage } from '../../../../electron/shared/library'
import { useAppStore } from '../../store'
import { exportTargetOf, isSelected, selectionSize, selectionTarget } from '../../store/selection-slice'

export function TileMenu({ children }: { children: ReactNode }) {
  const [image, setImage] = useState<LibraryImage | null>(null)
  const s = useAppStore.getState
  // Subscribed: main's memory of the last export may arrive while the menu is open.
  const canExportAgain = useAppStore((st) => st.exportLast !== null)

  const onContextMenu = (event: React.MouseEvent): void => {
    const el = (event.target as HTMLElement).closest<HTMLElement>('[data-image-id]')
    const id = Number(el?.dataset.imageId)
    const found = useAppStore.getState().galleryImage(id) ?? null
    if (!found) {
      event.preventDefault() // no menu on the gaps between tiles
      return
    }
    // Right-click acts on the tile under the pointer; it joins the selection if it was not in it.
    if (!isSelected(useAppStore.getState(), found.id)) useAppStore.getState().selectImage(found.id, 'single')
    setImage(found)
  }

  const trashed = image?.trashedAt != null
  return (
    <ContextMenu.Root modal={false} onOpenChange={(open) => (open ? undefined : setImage(null))}>
      <ContextMenu.Trigger asChild onContextMenu={onContextMenu}>
        {children}
      </ContextMenu.Trigger>
      <ContextMenu.Portal>
        <ContextMenu.Content className="menu-content" data-testid="tile-menu" aria-label="Image actions" collisionPadding={8}>
          {image && !trashed ? (
            <>
              <ContextMenu.Item className="menu-row" onSelect={() => void s().remixImage(image)}>
                Remix<span className="menu-shortcut">R</span>
              </ContextMenu.Item>
              {image.prompt ? (
                <ContextMenu.Item
                  className="menu-row"
                  onSelect={() => {
                    s().updateComposer({ prompt: image.prompt ?? '' })
                    s().requestPromptFocus()
                  }}
                >
                  Use prompt
                </ContextMenu.Item>
              ) : null}
              {image.generationId !== null ? (
                <>
                  <ContextMenu.Item className="menu-row" onSelect={() => void s().applyImageSettings(image)}>
                    Use all settings
                  </ContextMenu.Item>
                  <ContextMenu.Item className="menu-row" onSelect={() => void s().runAgain(image.generationId!, image.prompt ?? '')}>
                    Vary
                  </ContextMenu.Item>
                </>
              ) : null}
              <ContextMenu.Separator className="menu-separator" />
            </>
          ) : null}
          {image ? (
            <>
              <ContextMenu.Item className="menu-row" onSelect={() => void s().openDetail(image.id)}>
                Open<span className="menu-shortcut">↵</span>
              </ContextMenu.Item>
              <ContextMenu.Item
                className="menu-row"
                onSelect={() => {
                  const size = selectionSize(s())
                  if (size <= 1) return void s().openExport({ kind: 'ids', ids: [image.id] }, 1)
                  const target = selectionTarget(s())
                  void s().openExport(exportTargetOf(target), size)
                }}
              >
                Export…
              </ContextMenu.Item>
              {canExportAgain ? (
                <ContextMenu.Item
                  className="menu-row"
                  onSelect={() => {
                    const size = selectionSize(s())
                    if (size <= 1) return void s().exportAgain({ kind: 'ids', ids: [image.id] }, 1)
                    void s().exportAgain(exportTargetOf(selectionTarget(s())), size)
                  }}
                >
                  Export again
                </ContextMenu.Item>
              ) : null}
              <ContextMenu.Item className="menu-row" onSelect={() => void s().copyImage(image.id)}>
                Copy image
              </ContextMenu.Item>
              <ContextMenu.Item className="menu-row" onSelect={() => void s().showInFolder(image.id)}>
                Show in folder
              </ContextMenu.Item>
              {!trashed && s().activeCollectionId !== null ? (
                <ContextMenu.Item className="menu-row" onSelect={() => void s().removeFromCollection(s().activeCollectionId!, [image.id])}>
                  Remove from collection
                </ContextMenu.Item>
              ) : null}
              {trashed ? (
                <>
                  <ContextMenu.Item className="menu-row" onSelect={() => void s().restoreImages([image.id])}>
                    Restore
                  </ContextMenu.Item>
                  <ContextMenu.Item className="menu-row menu-row-danger" onSelect={() => s().askDeleteForever([image.id])}>
                    Delete forever…
                  </ContextMenu.Item>
                </>
              ) : (
                <ContextMenu.Item className="menu-row menu-row-danger" onSelect={() => void s().trashImages([image.id])}>
                  Move to Trash<span className="menu-shortcut">⌫</span>
                </ContextMenu.Item>
              )}
            </>
          ) : null}
        </ContextMenu.Content>
      </ContextMenu.Portal>
    </ContextMenu.Root>
  )
}
