import { useRef, useState } from 'react'
import { Modal } from '../../components/Modal'
import { useAppStore } from '../../store'

/** Asks before deleting the Trash for good. Cancel has the focus, so Enter is safe. */
export function EmptyTrashDialog() {
  const closeDialog = useAppStore((s) => s.closeDialog)
  const emptyTrash = useAppStore((s) => s.emptyTrash)
  const trashed = useAppStore((s) => s.stats?.trashed ?? null)
  const [busy, setBusy] = useState(false)
  const cancel = useRef<HTMLButtonElement>(null)
  const what = trashed === null ? 'The images in the Trash' : trashed === 1 ? 'The image in the Trash' : `The ${trashed.toLocaleString()} images in the Trash`

  const confirm = async (): Promise<void> => {
    setBusy(true)
    const done = await emptyTrash()
    setBusy(false)
    if (done) closeDialog()
  }

  return (
    <Modal
      title="Empty the Trash?"
      onClose={closeDialog}
      testId="empty-trash-dialog"
      initialFocus={cancel}
      size="small"
      footer={
        <>
          <button ref={cancel} type="button" className="button" data-testid="empty-trash-cancel" onClick={closeDialog}>
            Cancel
          </button>
          <button type="button" className="button button-danger" data-testid="empty-trash-confirm" disabled={busy} onClick={() => void confirm()}>
            {busy ? 'Deleting…' : 'Empty trash'}
          </button>
        </>
      }
    >
      <p className="confirm-text">{what} will be deleted from your library and from disk. This can’t be undone.</p>
    </Modal>
  )
}
