/**
 * What the user dropped, pasted or picked, turned into reference inputs, and the
 * early refusals that need no trip to main (an empty or huge file, a folder, a
 * type main cannot read). Main checks everything again. Pure: no store, no DOM
 * beyond the DataTransfer it is given.
 */
import { MAX_REFERENCE_FILE_BYTES, REFERENCE_MIME_TYPES } from '../../../electron/shared/reference-limits'

/** Drag type of an image dragged from the gallery or the detail view (its library id). */
export const IMAGE_DRAG_TYPE = 'application/x-imagine-image-id'

export type ReferenceInput =
  | { kind: 'file'; file: File }
  | { kind: 'url'; url: string }
  | { kind: 'image'; imageId: number; label: string }

export type DropReading = { inputs: ReferenceInput[]; problem: string | null }

const mb = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`

/** Why this file cannot be a reference, before reading it; null when it may be tried. */
export function fileProblem(file: File): string | null {
  const name = file.name || 'The file'
  if (file.size === 0) return `${name} is empty (0 bytes). Use a PNG, JPEG or WebP image.`
  if (file.size > MAX_REFERENCE_FILE_BYTES) return `${name} is too large (${mb(file.size)}); a reference can be at most ${mb(MAX_REFERENCE_FILE_BYTES)}.`
  const type = file.type.toLowerCase()
  if (type === 'image/svg+xml') return `${name} is an SVG drawing; references must be PNG, JPEG or WebP images.`
  if (type !== '' && !(REFERENCE_MIME_TYPES as readonly string[]).includes(type)) return `${name} is not an image (${type}). Use a PNG, JPEG or WebP image.`
  return null
}

/** An http(s) URL from dropped text, or null. */
export function httpUrl(text: string): string | null {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'))
  if (!line || /\s/.test(line)) return null
  try {
    const u = new URL(line)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null
  } catch {
    return null
  }
}

/** Whether a drag carries something the tray can take (shown before the drop). */
export function dragHasReference(types: readonly string[]): boolean {
  return types.includes('Files') || types.includes(IMAGE_DRAG_TYPE) || types.includes('text/uri-list')
}

/** Reads a drop (or a paste): library images first, then files, then a URL. */
export function readDataTransfer(dt: DataTransfer): DropReading {
  const imageId = Number(dt.getData(IMAGE_DRAG_TYPE))
  if (Number.isInteger(imageId) && imageId > 0) {
    return { inputs: [{ kind: 'image', imageId, label: dt.getData('text/plain') || `Image #${imageId}` }], problem: null }
  }
  const items = Array.from(dt.items ?? [])
  const folder = items.some((item) => item.kind === 'file' && (item as { webkitGetAsEntry?: () => { isDirectory?: boolean } | null }).webkitGetAsEntry?.()?.isDirectory)
  if (folder) return { inputs: [], problem: 'A folder cannot be a reference: drop one image file.' }
  const files = Array.from(dt.files ?? [])
  if (files.length > 0) return { inputs: files.map((file) => ({ kind: 'file', file })), problem: null }
  const url = httpUrl(dt.getData('text/uri-list')) ?? httpUrl(dt.getData('text/plain'))
  if (url) return { inputs: [{ kind: 'url', url }], problem: null }
  return { inputs: [], problem: null }
}
