import { useEffect, useMemo } from 'react'
import { CloseIcon, CompareIcon, ExportIcon, FolderMinusIcon, RepeatIcon, RestoreIcon, StarIcon, TrashIcon } from '../../components/icons'
import { RatingInput } from '../../components/RatingInput'
import { Tooltip } from '../../components/Tooltip'
import { useAppStore } from '../../store'
import { canCompare, COMPARE_MAX, COMPARE_MIN } from '../../store/compare-slice'
import { exportTargetOf, selectedInOrder, selectionSize, selectionTarget } from '../../store/selection-slice'
import { viewKey, currentView } from '../../store/gallery-view'
import { AddTagPopover } from './AddTagPopover'
import { CollectionMenu } from './CollectionMenu'

/** Floats over the gallery while images are selected: what can be done to all of them at once. */
export function SelectionBar() {
  const galleryIds = useAppStore((s) => s.galleryIds)
  const rowsVersion = useAppStore((s) => s.galleryRowsVersion)
  const galleryImage = useAppStore((s) => s.galleryImage)
  const selectedIds = useAppStore((s) => s.selectedIds)
  const selectionAll = useAppStore((s) => s.selectionAll)
  const view = useAppStore((s) => viewKey(currentView(s)))
  const inTrash = useAppStore((s) => s.activeSection === 'trash')
  const setFavorite = useAppStore((s) => s.setFavorite)
  const setRating = useAppStore((s) => s.setRating)
  const trashImages = useAppStore((s) => s.trashImages)
  const restoreImages = useAppStore((s) => s.restoreImages)
  const clearSelection = useAppStore((s) => s.clearSelection)
  const openExport = useAppStore((s) => s.openExport)
  const exportAgain = useAppStore((s) => s.exportAgain)
  const lastExportFolder = useAppStore((s) => s.exportLast?.folder.name ?? null)
  const loadLastExport = useAppStore((s) => s.loadLastExport)
  const openCompare = useAppStore((s) => s.openCompare)
  const activeCollection = useAppStore((s) => s.collections.find((c) => c.id === s.activeCollectionId) ?? null)
  const removeFromCollection = useAppStore((s) => s.removeFromCollection)
  const askDeleteForever = useAppStore((s) => s.askDeleteForever)

  // Picked images in view order; with the whole view selected, it is acted on as the view (main reads the ids).
  const ids = useMemo(() => (selectionAll ? [] : selectedInOrder({ galleryIds, selectedIds })), [galleryIds, selectedIds, selectionAll])
  const count = useMemo(() => selectionSize({ galleryIds, selectedIds, selectionAll }), [galleryIds, selectedIds, selectionAll])
  // The view key names the view a whole-view target stands for.
  const target = useMemo(() => (selectionAll ? selectionTarget(useAppStore.getState()) : ids), [ids, selectionAll, view])
  // The known rows of the selection (the favourite and rating shown reflect those; all are acted on).
  const selected = useMemo(
    () => (selectionAll ? selectedInOrder({ galleryIds: galleryIds.subarray(0, 2000), selectedIds, selectionAll }) : ids.slice(0, 2000)).flatMap((id) => galleryImage(id) ?? []),
    [ids, galleryIds, selectedIds, selectionAll, galleryImage, rowsVersion]
  )
  // Export again after a restart: main remembers the last export (asked once, when a selection first shows the bar).
  const shown = count > 0
  useEffect(() => {
    if (shown) void loadLastExport()
  }, [shown, loadLastExport])
  if (count === 0) return null

  const allFavourite = selected.every((i) => i.favorite)
  const firstRating = selected[0]?.rating ?? 0
  const commonRating = selected.every((i) => i.rating === firstRating) ? firstRating : 0

  return (
    <div className="selection-bar" data-testid="selection-bar" data-crowded={activeCollection !== null && !inTrash ? '' : undefined} role="toolbar" aria-label="Selected images">
      <span className="selection-count" data-testid="selection-count">
        {count.toLocaleString()} selected
      </span>
      <span className="bar-divider" aria-hidden="true" />
      {inTrash ? (
        <>
          <button type="button" className="bar-button" data-testid="restore-button" onClick={() => void restoreImages(target)}>
            <RestoreIcon size={15} />
            <span>Restore</span>
          </button>
          <span className="bar-divider" aria-hidden="true" />
          <Tooltip label="Delete the selected images from your library and from disk">
            <button type="button" className="bar-button bar-danger" data-testid="selection-delete-forever" onClick={() => askDeleteForever(selectionAll ? selectedInOrder({ galleryIds, selectedIds, selectionAll }) : ids)}>
              <TrashIcon size={15} />
              <span>Delete forever…</span>
            </button>
          </Tooltip>
        </>
      ) : (
        <>
          <Tooltip label={allFavourite ? 'Remove from favourites' : 'Add to favourites'} shortcut="F">
            <button
              type="button"
              className="bar-button"
              data-testid="selection-favorite"
              aria-pressed={allFavourite}
              onClick={() => void setFavorite(target, !allFavourite)}
            >
              <StarIcon size={15} className="bar-star" />
              <span>{allFavourite ? 'Unfavourite' : 'Favourite'}</span>
            </button>
          </Tooltip>
          <RatingInput value={commonRating} onChange={(r) => void setRating(target, r)} testId="selection-rating" label="Rate the selected images" />
          <span className="bar-divider" aria-hidden="true" />
          <AddTagPopover target={target} count={count} />
          <CollectionMenu target={target} />
          {activeCollection ? (
            <Tooltip label={`Take the selected images out of ${activeCollection.name} (they stay in your library)`}>
              <button
                type="button"
                className="bar-button"
                data-testid="selection-remove-from-collection"
                onClick={() => void removeFromCollection(activeCollection.id, target)}
              >
                <FolderMinusIcon size={15} />
                <span>Remove from collection</span>
              </button>
            </Tooltip>
          ) : null}
          <Tooltip label="Export the selected images to a folder">
            <button type="button" className="bar-button" data-testid="selection-export" onClick={() => void openExport(exportTargetOf(target), count)}>
              <ExportIcon size={15} />
              <span>Export…</span>
            </button>
          </Tooltip>
          {lastExportFolder !== null ? (
            <Tooltip label={`Export the selected images to ${lastExportFolder} with the last export's settings`}>
              <button type="button" className="bar-button" data-testid="selection-export-again" onClick={() => void exportAgain(exportTargetOf(target), count)}>
                <RepeatIcon size={15} />
                <span>Export again</span>
              </button>
            </Tooltip>
          ) : null}
          <Tooltip label="Compare the selected images side by side" shortcut="C">
            <button
              type="button"
              className="bar-button"
              data-testid="selection-compare"
              disabled={!canCompare(count)}
              // A disabled button takes no pointer events, so no Radix tooltip: the native title says why.
              title={canCompare(count) ? undefined : `Select ${COMPARE_MIN} to ${COMPARE_MAX} images to compare them (C)`}
              onClick={() => void openCompare(selectionAll ? selectedInOrder({ galleryIds, selectedIds, selectionAll }) : ids)}
            >
              <CompareIcon size={15} />
              <span>Compare</span>
            </button>
          </Tooltip>
          <span className="bar-divider" aria-hidden="true" />
          <Tooltip label="Move to Trash" shortcut="Delete">
            <button type="button" className="bar-button bar-danger" data-testid="selection-trash" onClick={() => void trashImages(target)}>
              <TrashIcon size={15} />
              <span>Trash</span>
            </button>
          </Tooltip>
        </>
      )}
      <Tooltip label="Clear selection" shortcut="Esc">
        <button type="button" className="icon-button bar-close" data-testid="selection-clear" aria-label="Clear selection" onClick={clearSelection}>
          <CloseIcon size={14} />
        </button>
      </Tooltip>
    </div>
  )
}
