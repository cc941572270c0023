import { useEffect, useRef, useState } from 'react'
import { useAppStore } from '../../store'

/**
 * The image's note: edited freely, saved when the field loses focus, and also
 * when the panel closes or moves to another image with an unsaved edit.
 */
export function DetailNote({ imageId, note }: { imageId: number; note: string | null }) {
  const setNote = useAppStore((s) => s.setNote)
  const [text, setText] = useState(note ?? '')
  const pending = useRef<{ id: number; text: string; saved: string } | null>(null)

  // A new image, or main's copy changed while the field is not being edited.
  useEffect(() => {
    if (pending.current === null) setText(note ?? '')
  }, [imageId, note])

  const save = (): void => {
    const edit = pending.current
    pending.current = null
    if (edit && edit.text.trim() !== edit.saved.trim()) void setNote(edit.id, edit.text)
  }

  // Flushes an edit on unmount or when the image changes.
  useEffect(() => save, [imageId])

  return (
    <textarea
      className="text-input detail-note"
      data-testid="detail-note"
      aria-label="Note"
      placeholder="Add a note…"
      rows={3}
      maxLength={10_000}
      value={text}
      onChange={(event) => {
        setText(event.target.value)
        pending.current = { id: imageId, text: event.target.value, saved: note ?? '' }
      }}
      onBlur={save}
    />
  )
}
