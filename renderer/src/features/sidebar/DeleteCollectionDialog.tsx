import { useRef, useState } from 'react'
import { Modal } from '../../components/Modal'
import { useAppStore } from '../../store'

/** Asks before deleting a collection; its images stay. Cancel has the focus, so Enter is safe. */
export function DeleteCollectionDialog() {
  const closeDialog = useAppStore((s) => s.closeDialog)
  const deleteCollection = useAppStore((s) => s.deleteCollection)
  const collection = useAppStore((s) => s.collections.find((c) => c.id === s.collectionToDelete) ?? null)
  const [busy, setBusy] = useState(false)
  const cancel = useRef<HTMLButtonElement>(null)

  const confirm = async (): Promise<void> => {
    if (!collection) return
    setBusy(true)
    const done = await deleteCollection(collection.id)
    setBusy(false)
    if (done) closeDialog()
  }

  const count = collection?.images ?? 0
  return (
    <Modal
      title={collection ? `Delete the collection “${collection.name}”?` : 'Delete the collection?'}
      onClose={closeDialog}
      testId="delete-collection-dialog"
      initialFocus={cancel}
      size="small"
      footer={
        <>
          <button ref={cancel} type="button" className="button" data-testid="delete-collection-cancel" onClick={closeDialog}>
            Cancel
          </button>
          <button type="button" className="button button-danger" data-testid="delete-collection-confirm" disabled={busy || !collection} onClick={() => void confirm()}>
            {busy ? 'Deleting…' : 'Delete collection'}
          </button>
        </>
      }
    >
      <p className="confirm-text">
        {count === 0
          ? 'The collection is empty. Deleting it removes only its name.'
          : count === 1
            ? 'The image in it stays in your library; only the collection goes.'
            : `The ${count.toLocaleString()} images in it stay in your library; only the collection goes.`}
      </p>
    </Modal>
  )
}
