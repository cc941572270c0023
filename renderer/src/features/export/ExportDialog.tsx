/**
 * Export: images leave as files in a folder the user chose (in main's OS dialog;
 * the window only knows the folder's name), named from a template with a live
 * preview, in the original or another format, with the metadata other tools
 * read. A running export shows n of N, the rate and the time left, and can be
 * canceled; only whole files are ever left behind. Content credentials (C2PA),
 * when ticked, sign each file with the certificate chosen here through main's file
 * dialog; the window sees only the files' names and the certificate's subject.
 */
import { type FormEvent, useEffect, useId, useState } from 'react'
import {
  MAX_PRESET_NAME_LENGTH,
  presetMatching,
  EXPORT_EXISTING,
  EXPORT_FORMATS,
  EXPORT_METADATA_LEVELS,
  EXPORT_SUBFOLDERS,
  type ExportExisting,
  type ExportFormat,
  type ExportMetadataLevel,
  type ExportSettings,
  type ExportSubfolders,
  type ExportTarget
} from '../../../../electron/shared/export'
import { api, call } from '../../api'
import { FolderIcon } from '../../components/icons'
import { Modal } from '../../components/Modal'
import { Select } from '../../components/Select'
import { useAppStore } from '../../store'

const FORMAT_LABELS: Record<ExportFormat, string> = { original: 'Original (bytes untouched)', png: 'PNG', jpg: 'JPG', webp: 'WEBP' }
const SUBFOLDER_LABELS: Record<ExportSubfolders, string> = { none: 'None', day: 'One per day', month: 'One per month', collection: 'One per collection' }
const METADATA_LABELS: Record<ExportMetadataLevel, string> = {
  full: 'Full: prompt, settings and our record',
  minimal: 'Minimal: prompt, size, model, seed',
  none: 'None: no prompt in the file'
}
const EXISTING_LABELS: Record<ExportExisting, string> = { suffix: 'Keep both (add a number)', skip: 'Skip the image' }

const TOKENS = '{date} {time} {prompt:40} {seed} {index} {id} {w}x{h} {collection} {format} {rating} {sha:8}'

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`
}

/** The first ids a whole-view export takes, in view order (bounded by maxId, minus the unticked). */
function firstOfView(target: Extract<ExportTarget, { kind: 'view' }>): number[] {
  const except = new Set(target.except ?? [])
  const out: number[] = []
  for (const id of useAppStore.getState().galleryIds) {
    if (id <= (target.maxId ?? Infinity) && !except.has(id)) out.push(id)
    if (out.length === 3) break
  }
  return out
}

/** The first names the export would write, from main (the same code that names the files). */
function usePreview(template: string, format: ExportFormat): { names: string[]; error: string | null } {
  const target = useAppStore((s) => s.exportTarget)
  const collectionId = useAppStore((s) => s.activeCollectionId)
  const [state, setState] = useState<{ names: string[]; error: string | null }>({ names: [], error: null })
  useEffect(() => {
    // A whole view (⌘/Ctrl+A) is previewed by its first selected images, as the export will name them.
    const ids = target?.kind === 'ids' ? target.ids.slice(0, 3) : target ? firstOfView(target) : []
    let live = true
    const timer = setTimeout(() => {
      if (ids.length === 0) return setState({ names: [], error: null })
      call(() => api.export.previewNames({ template, format }, ids, collectionId))
        .then((names) => live && setState({ names, error: null }))
        .catch((error: Error) => live && setState({ names: [], error: error.message }))
    }, 150)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [template, format, target, collectionId])
  return state
}

function CredentialsPanel({ id }: { id: string }) {
  const info = useAppStore((s) => s.exportCredentials)
  const choose = useAppStore((s) => s.chooseExportCredentialsFile)
  const clear = useAppStore((s) => s.clearExportCredentials)
  return (
    <div className="export-credentials" role="group" aria-label="Signing certificate" data-testid="export-credentials">
      {info === null ? (
        <p className="field-help">Loading the certificate…</p>
      ) : info.problem !== null ? (
        <p className="field-error" role="alert" id={`${id}-credentials-status`} data-testid="export-credentials-problem">
          {info.problem} Content credentials are signed with your own certificate chain and its private key (PEM files, EC P-256).
        </p>
      ) : (
        <p className="field-help" id={`${id}-credentials-status`} data-testid="export-credentials-status">
          Signed as {info.subject}, issued by {info.issuer}, valid until {info.validTo?.slice(0, 10)}. Apps that check the C2PA trust list show your own certificate as an unknown signer.
        </p>
      )}
      <div className="export-folder">
        <span className="export-folder-name" id={`${id}-cert-file`}>
          Certificate: {info?.certificateFile ?? 'none'}
        </span>
        <button type="button" className="button button-small" aria-describedby={`${id}-cert-file`} onClick={() => void choose('certificate')}>
          Choose certificate…
        </button>
      </div>
      <div className="export-folder">
        <span className="export-folder-name" id={`${id}-key-file`}>
          Private key: {info?.keyFile ?? 'none'}
        </span>
        <button type="button" className="button button-small" aria-describedby={`${id}-key-file`} onClick={() => void choose('key')}>
          Choose private key…
        </button>
        {info?.certificateFile || info?.keyFile ? (
          <button type="button" className="button button-small" onClick={() => void clear()}>
            Forget certificate
          </button>
        ) : null}
      </div>
    </div>
  )
}

function ProgressView() {
  const progress = useAppStore((s) => s.exportProgress)
  const running = useAppStore((s) => s.exportRunning !== null)
  const folder = useAppStore((s) => s.exportFolder)
  if (!progress && running) return <p className="export-progress-text">Starting…</p>
  if (!progress) return null
  const summary = progress.final
  if (summary) {
    return (
      <div className="export-summary" data-testid="export-summary" role="status">
        <p>
          {summary.canceled ? 'Canceled: ' : ''}
          {summary.written.toLocaleString()} {summary.written === 1 ? 'file' : 'files'} written
          {summary.zip ? ` into ${summary.zip}` : ''} in {folder?.name ?? 'the folder'}
          {summary.skipped > 0 ? `, ${summary.skipped.toLocaleString()} skipped (the name was taken)` : ''}.
        </p>
        {summary.failed.length > 0 ? (
          <div role="alert" className="export-failures">
            <p>
              {summary.failed.length.toLocaleString()} could not be exported; the others were:
            </p>
            <ul>
              {summary.failed.slice(0, 5).map((f, i) => (
                <li key={i}>{f.imageId === null ? f.message : `Image ${f.imageId}: ${f.message}`}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    )
  }
  return (
    <div className="export-progress">
      <progress className="export-bar" max={progress.total} value={progress.done} aria-label="Exported" />
      <p className="export-progress-text" data-testid="export-progress" aria-live="polite">
        {progress.done.toLocaleString()} of {progress.total.toLocaleString()}
        {progress.rate !== null ? ` · ${progress.rate.toFixed(1)} images/s` : ''}
        {progress.etaMs !== null ? ` · about ${duration(progress.etaMs)} left` : ''}
      </p>
    </div>
  )
}

/** One line for the settings an "Export again" used, so the user sees what was repeated. */
function settingsLine(settings: ExportSettings, zipName: string | null): string {
  const format = settings.format === 'original' ? 'original format' : settings.format.toUpperCase() + (settings.format === 'png' ? '' : ` ${settings.quality}`)
  const parts = [format, `${settings.metadata} metadata`, `names ${settings.template}`]
  if (settings.resize !== null) parts.push(`long edge ${settings.resize} px`)
  if (settings.subfolders !== 'none') parts.push(`subfolders per ${settings.subfolders}`)
  if (settings.sidecar) parts.push('.json sidecars')
  if (zipName !== null) parts.push(`into ${zipName}`)
  return parts.join(' · ')
}

/** Named presets: pick one to fill the options, save the current options under a name, delete one. */
function Presets() {
  const presets = useAppStore((s) => s.exportPresets)
  const settings = useAppStore((s) => s.exportSettings)
  const apply = useAppStore((s) => s.applyExportPreset)
  const save = useAppStore((s) => s.saveExportPreset)
  const remove = useAppStore((s) => s.deleteExportPreset)
  const [naming, setNaming] = useState(false)
  const [name, setName] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const id = useId()
  const chosen = presetMatching(settings, presets)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const error = await save(name)
    setProblem(error)
    if (error === null) {
      setNaming(false)
      setName('')
    }
  }

  return (
    <div className="export-row">
      <label htmlFor={`${id}-preset`} className="field-label">
        Preset
      </label>
      <div className="export-presets">
        <Select
          id={`${id}-preset`}
          testId="export-preset"
          value={chosen?.name ?? ''}
          disabled={presets.length === 0}
          options={[{ value: '', label: presets.length === 0 ? 'No presets yet' : chosen ? 'Custom' : 'Custom (not saved)' }, ...presets.map((p) => ({ value: p.name, label: p.name }))]}
          onValueChange={(value) => value !== '' && apply(value)}
        />
        {chosen ? (
          <button type="button" className="button button-small" aria-label={`Delete the preset ${chosen.name}`} onClick={() => void remove(chosen.name)}>
            Delete
          </button>
        ) : null}
        {naming ? null : (
          <button type="button" className="button button-small" onClick={() => setNaming(true)}>
            Save as preset…
          </button>
        )}
      </div>
      {naming ? (
        // Not a <form>: the dialog's options are not one; Enter in the name saves.
        <div className="export-preset-name" role="group" aria-label="Save as preset">
          <input
            className="text-input"
            aria-label="Preset name"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-preset-problem` : undefined}
            maxLength={MAX_PRESET_NAME_LENGTH + 20}
            autoFocus
            value={name}
            onChange={(e) => {
              setName(e.target.value)
              setProblem(null)
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void submit(e)
              if (e.key === 'Escape') {
                e.stopPropagation()
                setNaming(false)
                setProblem(null)
              }
            }}
          />
          <button type="button" className="button button-small button-primary" onClick={(e) => void submit(e)}>
            Save preset
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setNaming(false)
              setProblem(null)
            }}
          >
            Cancel
          </button>
        </div>
      ) : null}
      {problem ? (
        <p id={`${id}-preset-problem`} className="field-error" role="alert" data-testid="export-preset-error">
          {problem}
        </p>
      ) : null}
    </div>
  )
}

export function ExportDialog() {
  const count = useAppStore((s) => s.exportCount)
  const folder = useAppStore((s) => s.exportFolder)
  const settings = useAppStore((s) => s.exportSettings)
  const zipName = useAppStore((s) => s.exportZipName)
  const running = useAppStore((s) => s.exportRunning !== null)
  const done = useAppStore((s) => s.exportProgress?.final !== undefined)
  const error = useAppStore((s) => s.exportError)
  const repeat = useAppStore((s) => s.exportRepeat)
  const update = useAppStore((s) => s.updateExportSettings)
  const setZipName = useAppStore((s) => s.setExportZipName)
  const chooseFolder = useAppStore((s) => s.chooseExportFolder)
  const start = useAppStore((s) => s.startExport)
  const cancel = useAppStore((s) => s.cancelExport)
  const close = useAppStore((s) => s.closeExport)
  const credentialsProblem = useAppStore((s) => (s.exportCredentials === null ? 'Loading the certificate…' : s.exportCredentials.problem))
  const preview = usePreview(settings.template, settings.format)
  const id = useId()
  const lossy = settings.format === 'jpg' || settings.format === 'webp'
  const unsigned = settings.contentCredentials === true && credentialsProblem !== null

  const footer = running ? (
    <button type="button" className="button" onClick={() => void cancel()}>
      Cancel export
    </button>
  ) : (
    <>
      <button type="button" className="button" onClick={close}>
        {done ? 'Done' : 'Cancel'}
      </button>
      {done ? null : (
        <button type="button" className="button button-primary" data-testid="export-start" disabled={folder === null || unsigned} onClick={() => void start()}>
          Export {count.toLocaleString()} {count === 1 ? 'image' : 'images'}
        </button>
      )}
    </>
  )

  const images = `${count.toLocaleString()} ${count === 1 ? 'image' : 'images'}`
  if (repeat) {
    // Export again: no options to set, only what is being repeated, the progress and the summary.
    return (
      <Modal
        title={`Export ${images} again`}
        onClose={close}
        testId="export-dialog"
        footer={
          done || error ? (
            <button type="button" className="button" onClick={close}>
              Done
            </button>
          ) : (
            <button type="button" className="button" disabled={!running} onClick={() => void cancel()}>
              Cancel export
            </button>
          )
        }
      >
        <p className="export-repeat" data-testid="export-repeat">
          To {folder?.name ?? 'the folder'} with the last settings: {settingsLine(settings, zipName)}
        </p>
        {error ? (
          <p className="field-error" role="alert" data-testid="export-error">
            {error}
          </p>
        ) : null}
        {!running && !done && !error ? <p className="export-progress-text">Starting…</p> : null}
        <ProgressView />
      </Modal>
    )
  }

  return (
    <Modal title={`Export ${images}`} onClose={close} footer={footer} testId="export-dialog">
      <fieldset className="export-form" disabled={running || done}>
        <div className="export-row">
          <span className="field-label" id={`${id}-folder-label`}>
            Folder
          </span>
          <div className="export-folder">
            <span className="export-folder-name" data-testid="export-folder" aria-labelledby={`${id}-folder-label`}>
              <FolderIcon size={14} aria-hidden="true" />
              {folder ? folder.name : 'No folder chosen'}
            </span>
            <button type="button" className="button button-small" onClick={() => void chooseFolder()} data-autofocus>
              {folder ? 'Change…' : 'Choose folder…'}
            </button>
          </div>
        </div>

        <Presets />

        <div className="export-row">
          <label htmlFor={`${id}-template`} className="field-label">
            File names
          </label>
          <input
            id={`${id}-template`}
            className="text-input"
            data-testid="export-template"
            spellCheck={false}
            value={settings.template}
            aria-describedby={`${id}-tokens ${id}-preview`}
            aria-invalid={preview.error ? true : undefined}
            onChange={(e) => update({ template: e.target.value })}
          />
          <p id={`${id}-tokens`} className="field-help">
            Tokens: {TOKENS}
          </p>
          <div id={`${id}-preview`} className="export-preview" aria-live="polite">
            {preview.error ? (
              <p className="field-error" role="alert">
                {preview.error}
              </p>
            ) : (
              <ul data-testid="export-preview" aria-label="First names">
                {preview.names.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            )}
          </div>
        </div>

        <div className="export-grid">
          <label htmlFor={`${id}-format`} className="field-label">
            Format
          </label>
          <Select id={`${id}-format`} testId="export-format" value={settings.format} options={EXPORT_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))} onValueChange={(format) => update({ format })} />

          <label htmlFor={`${id}-quality`} className="field-label">
            Quality
          </label>
          <input
            id={`${id}-quality`}
            className="text-input export-number"
            type="number"
            min={1}
            max={100}
            disabled={!lossy}
            value={settings.quality}
            onChange={(e) => update({ quality: Math.min(100, Math.max(1, Math.round(Number(e.target.value) || 90))) })}
          />

          <label htmlFor={`${id}-resize`} className="field-label">
            Long edge (px)
          </label>
          <input
            id={`${id}-resize`}
            className="text-input export-number"
            type="number"
            min={16}
            placeholder="Original size"
            value={settings.resize ?? ''}
            onChange={(e) => update({ resize: e.target.value === '' ? null : Math.max(16, Math.round(Number(e.target.value))) })}
          />

          <label htmlFor={`${id}-subfolders`} className="field-label">
            Subfolders
          </label>
          <Select id={`${id}-subfolders`} value={settings.subfolders} options={EXPORT_SUBFOLDERS.map((v) => ({ value: v, label: SUBFOLDER_LABELS[v] }))} onValueChange={(subfolders) => update({ subfolders })} />

          <label htmlFor={`${id}-metadata`} className="field-label">
            Metadata
          </label>
          <Select id={`${id}-metadata`} testId="export-metadata" value={settings.metadata} options={EXPORT_METADATA_LEVELS.map((v) => ({ value: v, label: METADATA_LABELS[v] }))} onValueChange={(metadata) => update({ metadata })} />

          <label htmlFor={`${id}-existing`} className="field-label">
            If a name is taken
          </label>
          <Select id={`${id}-existing`} value={settings.existing} options={EXPORT_EXISTING.map((v) => ({ value: v, label: EXISTING_LABELS[v] }))} onValueChange={(existing) => update({ existing })} />
        </div>

        <div className="export-checks">
          <label className="export-check">
            <input type="checkbox" checked={settings.sidecar} onChange={(e) => update({ sidecar: e.target.checked })} />A .json file beside each image
          </label>
          <label className="export-check">
            <input type="checkbox" checked={zipName !== null} onChange={(e) => setZipName(e.target.checked ? 'Imagine Studio export.zip' : null)} />
            One zip file instead of loose files
          </label>
          {zipName !== null ? (
            <input className="text-input" aria-label="Zip file name" value={zipName} onChange={(e) => setZipName(e.target.value)} />
          ) : null}
          <label className="export-check">
            <input type="checkbox" checked={settings.contentCredentials === true} onChange={(e) => update({ contentCredentials: e.target.checked })} />
            Content credentials (C2PA): sign each file as made by the AI model through Imagine Studio
          </label>
          {settings.contentCredentials ? <CredentialsPanel id={id} /> : null}
        </div>
      </fieldset>
      {error ? (
        <p className="field-error" role="alert" data-testid="export-error">
          {error}
        </p>
      ) : null}
      <ProgressView />
    </Modal>
  )
}
