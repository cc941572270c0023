/**
 * The reference images the next generation is made from: drop, paste or choose
 * one; each chip shows its preview, where it came from, its state and a Remove
 * button. A region named "Reference images" (a contract: tests and screen readers use it).
 */
import { type ChangeEvent, type DragEvent, useId, useRef, useState } from 'react'
import { AlertIcon, CloseIcon, ImageAddIcon } from '../../components/icons'
import { Tooltip } from '../../components/Tooltip'
import { dragHasReference, readDataTransfer } from '../../lib/reference-input'
import { useAppStore } from '../../store'
import { referenceLimit, type TrayItem } from '../../store/references-slice'
import type { SettingsOffer } from '../../../../electron/shared/recall'

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
      </span>
      <Tooltip label="Remove reference">
        <button type="button" className="icon-button ref-remove" aria-label="Remove reference" onClick={() => removeReference(item.key)}>
          <CloseIcon size={14} />
        </button>
      </Tooltip>
    </li>
  )
}

const OFFER_TITLES: Record<SettingsOffer['source'], string> = {
  library: 'Already in your library, with its settings',
  record: 'This image carries its settings',
  parameters: 'This image carries its settings'
}

/** Recall from files: the settings the last dropped file carries, until used or dismissed. */
function SettingsOfferBar({ offer }: { offer: SettingsOffer }) {
  const apply = useAppStore((s) => s.applySettingsOffer)
  const dismiss = useAppStore((s) => s.dismissSettingsOffer)
  const id = useId()
  const settings = offer.settings
  return (
    <div className="ref-offer" role="group" aria-labelledby={`${id}-title`} data-testid="settings-offer" data-source={offer.source}>
      <span id={`${id}-title`} className="ref-offer-title">
        {settings ? `${OFFER_TITLES[offer.source]}:` : offer.message}
      </span>
      {settings?.prompt !== undefined ? (
        <button type="button" className="link-button" onClick={() => apply('prompt')}>
          Use prompt
        </button>
      ) : null}
      {settings ? (
        <button type="button" className="link-button" onClick={() => apply('all')}>
          Use all settings
        </button>
      ) : null}
      <button type="button" className="link-button" onClick={dismiss}>
        Dismiss
      </button>
      {settings && offer.ignored.length > 0 ? (
        <span className="ref-offer-ignored" data-testid="settings-offer-ignored">
          Not used: {offer.ignored.join(', ')}
        </span>
      ) : null}
    </div>
  )
}

export function ReferenceTray() {
  const tray = useAppStore((s) => s.tray)
  const notice = useAppStore((s) => s.trayNotice)
  const offer = useAppStore((s) => s.settingsOffer?.offer ?? null)
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
      {offer ? <SettingsOfferBar offer={offer} /> : null}
      {notice ? (
        <p className={`ref-notice ref-notice-${notice.tone}`} data-testid="reference-notice" role={notice.tone === 'error' ? 'alert' : 'status'}>
          {notice.tone === 'error' ? <AlertIcon size={13} aria-hidden="true" /> : null}
          <span>{notice.message}</span>
          {notice.undo ? (
            <button type="button" className="link-button" onClick={undo}>
              Undo
            </button>
          ) : null}
          <Tooltip label="Dismiss">
            <button type="button" className="icon-button ref-notice-close" aria-label="Dismiss" onClick={dismiss}>
              <CloseIcon size={12} />
            </button>
          </Tooltip>
        </p>
      ) : null}
    </section>
  )
}
