/**
 * Drops and pastes anywhere in the window: while an image is dragged over it a
 * full-window overlay says where it will go; a drop or a pasted image lands in
 * the reference tray. A text paste stays text. An image from the gallery can
 * also go to a collection in the sidebar, so for those the overlay leaves the
 * sidebar uncovered; over any other drop zone (`data-drop-zone`, which takes
 * the drop itself) the overlay steps aside.
 */
import { useEffect, useState } from 'react'
import { ImageAddIcon } from '../../components/icons'
import { dragHasReference, IMAGE_DRAG_TYPE, readDataTransfer } from '../../lib/reference-input'
import { useAppStore } from '../../store'
import { referenceLimit } from '../../store/references-slice'

/** Whether a drag event carries something the tray can take. */
const carriesReference = (e: DragEvent): e is DragEvent & { dataTransfer: DataTransfer } => e.dataTransfer !== null && dragHasReference(Array.from(e.dataTransfer.types))

export function WindowDrop() {
  const [dragging, setDragging] = useState(false)
  const [fromLibrary, setFromLibrary] = useState(false)
  const [overZone, setOverZone] = useState(false)
  const full = useAppStore((s) => s.tray.length >= referenceLimit(s.settings?.model))
  const blocked = useAppStore((s) => s.dialog !== null)

  useEffect(() => {
    let depth = 0
    const onEnter = (e: DragEvent): void => {
      if (!carriesReference(e)) return
      depth++
      setDragging(true)
      setFromLibrary(Array.from(e.dataTransfer.types).includes(IMAGE_DRAG_TYPE))
    }
    const onLeave = (): void => {
      depth = Math.max(0, depth - 1)
      if (depth === 0) setDragging(false)
    }
    const onOver = (e: DragEvent): void => {
      if (!carriesReference(e)) return
      setOverZone(e.target instanceof Element && e.target.closest('[data-drop-zone]') !== null)
      // Without this the drop would open the file in the window.
      e.preventDefault()
      e.dataTransfer.dropEffect = blocked ? 'none' : 'copy'
    }
    const onDrop = (e: DragEvent): void => {
      depth = 0
      setDragging(false)
      setOverZone(false)
      if (!carriesReference(e)) return
      // The tray (or another drop target) already took it.
      if (e.defaultPrevented) return
      e.preventDefault()
      if (blocked) return
      const reading = readDataTransfer(e.dataTransfer)
      void useAppStore.getState().addReferences(reading.inputs, reading.problem)
    }
    const onEnd = (): void => {
      depth = 0
      setDragging(false)
      setOverZone(false)
    }
    const onPaste = (e: ClipboardEvent): void => {
      if (blocked || !e.clipboardData) return
      const files = Array.from(e.clipboardData.files).filter((f) => f.type.startsWith('image/'))
      if (files.length === 0) return // text stays text
      e.preventDefault()
      void useAppStore.getState().addReferences(files.map((file) => ({ kind: 'file' as const, file })))
    }
    window.addEventListener('dragenter', onEnter)
    window.addEventListener('dragleave', onLeave)
    window.addEventListener('dragover', onOver)
    window.addEventListener('drop', onDrop)
    window.addEventListener('dragend', onEnd)
    document.addEventListener('paste', onPaste)
    return () => {
      window.removeEventListener('dragenter', onEnter)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('drop', onDrop)
      window.removeEventListener('dragend', onEnd)
      document.removeEventListener('paste', onPaste)
    }
  }, [blocked])

  if (!dragging || blocked || overZone) return null
  return (
    <div className="drop-overlay" data-testid="drop-overlay" data-from-library={fromLibrary || undefined} aria-hidden="true">
      <div className="drop-overlay-card">
        <ImageAddIcon size={28} />
        <p className="drop-overlay-title">{full ? 'Drop to replace the reference image' : 'Drop to use as the reference image'}</p>
        <p className="drop-overlay-text">
          The next generation is made from it. You can undo this.
          {fromLibrary ? ' Or drop it on a collection in the sidebar.' : ''}
        </p>
      </div>
    </div>
  )
}
