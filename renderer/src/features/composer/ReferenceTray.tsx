/**
 * The reference images the next generation is made from: drop, paste or choose
 * one; each chip shows its preview, where it came from, its state and a Remove
 * button. A region named "Reference images" (a contract: tests and screen readers use it).
 */
import { type ChangeEvent, type DragEvent, useId, useRef, useState } from 'react'
import { AlertIcon, CloseIcon, ImageAddIcon } from '../../components/icons'
import { dragHasReference, readDataTransfer } from '../../lib/reference-input'
import { useAppStore } from '../../store'
import { referenceLimit, type TrayItem } from '../../store/references-slice'

const SOURCE_WORDS: Record<TrayItem['sourceKind'], string> = {
  file: 'File',
  bytes: 'Image',
  url: 'Web image',
  image: 'From your library'
}

function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

function Chip({ item }: { item: TrayItem }) {
  const removeReference = useAppStore((s) => s.removeReference)
  const applyLibraryImageSettings = useAppStore((s) => s.applyLibraryImageSettings)
  // Recall by content: a file whose bytes are one of your images.
  const recalled = item.info?.libraryImageId != null && item.sourceKind !== 'image' ? item.info.libraryImageId : null
  const details = item.info ? `${item.info.width}×${item.info.height} · ${sizeText(item.info.bytes)}` : 'Preparing…'
  return (
    <li className="ref-chip" data-testid="reference-chip" data-status={item.status} aria-busy={item.status === 'preparing'}>
      <span className="ref-thumb">
        {item.previewUrl ? <img src={item.previewUrl} alt={item.label} draggable={false} /> : <ImageAddIcon size={18} aria-hidden="true" />}
        {item.status === 'preparing' ? <span className="spinner ref-spinner" aria-hidden="true" /> : null}
      </span>
      <span className="ref-text">
        <span className="ref-label" title={item.label}>
          {item.label}
        </span>
        <span className="ref-meta">
          {SOURCE_WORDS[item.sourceKind]} · {details}
        </span>
        {recalled !== null ? (
          <span className="ref-recall" data-testid="reference-recalled">
            Already in your library ·{' '}
            <button type="button" className="link-button" onClick={() => void applyLibraryImageSettings(recalled)}>
              Use its settings
            </button>
          </span>
        ) : null}
      </span>
      <button type="button" className="icon-button ref-remove" aria-label="Remove reference" title="Remove reference" onClick={() => removeReference(item.key)}>
        <CloseIcon size={14} />
      </button>
    </li>
  )
}

export function ReferenceTray() {
  const tray = useAppStore((s) => s.tray)
  const notice = useAppStore((s) => s.trayNotice)
  const limit = useAppStore((s) => referenceLimit(s.settings?.model))
  const addReferences = useAppStore((s) => s.addReferences)
  const undo = useAppStore((s) => s.undoTrayChange)
  const dismiss = useAppStore((s) => s.dismissTrayNotice)
  const [over, setOver] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)
  const id = useId()
  const full = tray.length >= limit

  const onDragOver = (event: DragEvent<HTMLElement>): void => {
    if (!dragHasReference(event.dataTransfer.types)) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
    setOver(true)
  }
  const onDrop = (event: DragEvent<HTMLElement>): void => {
    // Handled here; the window's listener sees defaultPrevented and only hides its overlay.
    event.preventDefault()
    setOver(false)
    const reading = readDataTransfer(event.dataTransfer)
    void addReferences(reading.inputs, reading.problem)
  }
  const onPick = (event: ChangeEvent<HTMLInputElement>): void => {
    const files = Array.from(event.target.files ?? [])
    event.target.value = ''
    void addReferences(files.map((file) => ({ kind: 'file' as const, file })))
  }

  return (
    <section
      className="ref-tray"
      aria-label="Reference images"
      data-testid="reference-tray"
      data-over={over || undefined}
      data-empty={tray.length === 0 || undefined}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {tray.length > 0 ? (
        <ul className="ref-chips">
          {tray.map((item) => (
            <Chip key={item.key} item={item} />
          ))}
        </ul>
      ) : (
        <p className="ref-empty">
          <ImageAddIcon size={15} aria-hidden="true" />
          <span>Drop or paste an image to remix it</span>
        </p>
      )}
      <button type="button" className="button button-quiet ref-choose" aria-describedby={`${id}-limit`} onClick={() => inputRef.current?.click()}>
        {full ? 'Replace…' : 'Choose file…'}
      </button>
      <span id={`${id}-limit`} className="visually-hidden">
        {`This model takes ${limit === 1 ? 'one reference image' : `up to ${limit} reference images`}.`}
      </span>
      <input
        ref={inputRef}
        type="file"
        accept="image/png,image/jpeg,image/webp,image/gif,image/avif,image/tiff"
        multiple={limit > 1}
        hidden
        tabIndex={-1}
        aria-label="Choose a reference image"
        data-testid="reference-file-input"
        onChange={onPick}
      />
      {notice ? (
        <p className={`ref-notice ref-notice-${notice.tone}`} data-testid="reference-notice" role={notice.tone === 'error' ? 'alert' : 'status'}>
          {notice.tone === 'error' ? <AlertIcon size={13} aria-hidden="true" /> : null}
          <span>{notice.message}</span>
          {notice.undo ? (
            <button type="button" className="link-button" onClick={undo}>
              Undo
            </button>
          ) : null}
          <button type="button" className="icon-button ref-notice-close" aria-label="Dismiss" onClick={dismiss}>
            <CloseIcon size={12} />
          </button>
        </p>
      ) : null}
    </section>
  )
}
