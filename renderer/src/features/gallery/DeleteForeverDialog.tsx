import { useRef, useState } from 'react'
import { Modal } from '../../components/Modal'
import { useAppStore } from '../../store'

/** Asks before deleting the selected Trash images for good. Cancel has the focus, so Enter is safe. */
export function DeleteForeverDialog() {
  const closeDialog = useAppStore((s) => s.closeDialog)
  const deleteForever = useAppStore((s) => s.deleteForever)
  const ids = useAppStore((s) => s.foreverIds)
  const [busy, setBusy] = useState(false)
  const cancel = useRef<HTMLButtonElement>(null)
  const what = ids.length === 1 ? 'The selected image' : `The ${ids.length.toLocaleString()} selected images`

  const confirm = async (): Promise<void> => {
    setBusy(true)
    const done = await deleteForever(ids)
    setBusy(false)
    if (done) closeDialog()
  }

  return (
    <Modal
      title={ids.length === 1 ? 'Delete this image forever?' : `Delete ${ids.length.toLocaleString()} images forever?`}
      onClose={closeDialog}
      testId="delete-forever-dialog"
      initialFocus={cancel}
      size="small"
      footer={
        <>
          <button ref={cancel} type="button" className="button" data-testid="delete-forever-cancel" onClick={closeDialog}>
            Cancel
          </button>
          <button type="button" className="button button-danger" data-testid="delete-forever-confirm" disabled={busy || ids.length === 0} onClick={() => void confirm()}>
            {busy ? 'Deleting…' : 'Delete forever'}
          </button>
        </>
      }
    >
      <p className="confirm-text">{what} will be deleted from your library and from disk. This can’t be undone.</p>
    </Modal>
  )
}
