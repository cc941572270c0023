import type { LibraryImage } from '../../../../electron/shared/library'
import { formatUsd } from '../composer/generate-status'

/** "1.4 MB", "820 KB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** "15 Jan 2026, 10:04" in the person's locale and time zone. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** What came back, shown in the detail panel as label/value pairs: the file, its seed and cost, when. */
export function imageFacts(image: LibraryImage): { label: string; value: string; testId: string }[] {
  const facts = [
    { label: 'Size', value: `${image.width} × ${image.height}`, testId: 'detail-size' },
    { label: 'Format', value: `${image.format.toUpperCase()} · ${formatBytes(image.bytes)}`, testId: 'detail-format' },
    { label: 'Seed', value: image.seed === null ? 'Not reported' : String(image.seed), testId: 'detail-seed' },
    { label: 'Cost', value: image.cost === null ? 'Not reported' : formatUsd(image.cost), testId: 'detail-cost' },
    { label: 'Created', value: formatDateTime(image.createdAt), testId: 'detail-created' }
  ]
  if (image.trashedAt !== null) facts.push({ label: 'Trashed', value: formatDateTime(image.trashedAt), testId: 'detail-trashed' })
  return facts
}
