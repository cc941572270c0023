import { useMemo } from 'react'
import { CloseIcon, CompareIcon, FolderIcon, RestoreIcon, StarIcon, TrashIcon } from '../../components/icons'
import { RatingInput } from '../../components/RatingInput'
import { useAppStore } from '../../store'
import { canCompare, COMPARE_MAX, COMPARE_MIN } from '../../store/compare-slice'
import { selectedInOrder } from '../../store/selection-slice'
import { AddTagPopover } from './AddTagPopover'
import { CollectionMenu } from './CollectionMenu'

/** Floats over the gallery while images are selected: what can be done to all of them at once. */
export function SelectionBar() {
  const galleryIds = useAppStore((s) => s.galleryIds)
  const rowsVersion = useAppStore((s) => s.galleryRowsVersion)
  const galleryImage = useAppStore((s) => s.galleryImage)
  const selectedIds = useAppStore((s) => s.selectedIds)
  const inTrash = useAppStore((s) => s.activeSection === 'trash')
  const setFavorite = useAppStore((s) => s.setFavorite)
  const setRating = useAppStore((s) => s.setRating)
  const trashImages = useAppStore((s) => s.trashImages)
  const restoreImages = useAppStore((s) => s.restoreImages)
  const clearSelection = useAppStore((s) => s.clearSelection)
  const openExport = useAppStore((s) => s.openExport)
  const openCompare = useAppStore((s) => s.openCompare)

  const ids = useMemo(() => selectedInOrder({ galleryIds, selectedIds }), [galleryIds, selectedIds])
  // The known rows of the selection (the favourite and rating shown reflect those; all are acted on).
  const selected = useMemo(
    () => ids.slice(0, 2000).flatMap((id) => galleryImage(id) ?? []),
    [ids, galleryImage, rowsVersion]
  )
  if (ids.length === 0) return null

  const allFavourite = selected.every((i) => i.favorite)
  const firstRating = selected[0]?.rating ?? 0
  const commonRating = selected.every((i) => i.rating === firstRating) ? firstRating : 0

  return (
    <div className="selection-bar" data-testid="selection-bar" role="toolbar" aria-label="Selected images">
      <span className="selection-count" data-testid="selection-count">
        {ids.length.toLocaleString()} selected
      </span>
      <span className="bar-divider" aria-hidden="true" />
      {inTrash ? (
        <button type="button" className="bar-button" data-testid="restore-button" onClick={() => void restoreImages(ids)}>
          <RestoreIcon size={15} />
          <span>Restore</span>
        </button>
      ) : (
        <>
          <button
            type="button"
            className="bar-button"
            data-testid="selection-favorite"
            aria-pressed={allFavourite}
            title={allFavourite ? 'Remove from favourites (F)' : 'Add to favourites (F)'}
            onClick={() => void setFavorite(ids, !allFavourite)}
          >
            <StarIcon size={15} className="bar-star" />
            <span>{allFavourite ? 'Unfavourite' : 'Favourite'}</span>
          </button>
          <RatingInput value={commonRating} onChange={(r) => void setRating(ids, r)} testId="selection-rating" label="Rate the selected images" />
          <span className="bar-divider" aria-hidden="true" />
          <AddTagPopover ids={ids} />
          <CollectionMenu ids={ids} />
          <button type="button" className="bar-button" data-testid="selection-export" title="Export the selected images to a folder" onClick={() => void openExport({ kind: 'ids', ids }, ids.length)}>
            <FolderIcon size={15} />
            <span>Export…</span>
          </button>
          <button
            type="button"
            className="bar-button"
            data-testid="selection-compare"
            disabled={!canCompare(ids.length)}
            title={canCompare(ids.length) ? 'Compare the selected images side by side (C)' : `Select ${COMPARE_MIN} to ${COMPARE_MAX} images to compare them (C)`}
            onClick={() => void openCompare(ids)}
          >
            <CompareIcon size={15} />
            <span>Compare</span>
          </button>
          <span className="bar-divider" aria-hidden="true" />
          <button type="button" className="bar-button bar-danger" data-testid="selection-trash" title="Move to Trash (Delete)" onClick={() => void trashImages(ids)}>
            <TrashIcon size={15} />
            <span>Trash</span>
          </button>
        </>
      )}
      <button type="button" className="icon-button bar-close" data-testid="selection-clear" aria-label="Clear selection" title="Clear selection (Esc)" onClick={clearSelection}>
        <CloseIcon size={14} />
      </button>
    </div>
  )
}
