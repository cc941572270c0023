/**
 * The parameters Compare shows under each image, row by row, and which rows
 * differ. A value has display text and a key it is compared by (references
 * compare by their stored ids, not their labels: two files named image.jpg are
 * not the same reference). Pure.
 */
import type { GenerationRecipe } from '../../../../electron/shared/generation'
import type { CompareEntry } from '../../store/compare-slice'
import { formatUsd } from '../composer/generate-status'
import { formatDateTime } from '../detail/detail-format'

export interface CompareValue {
  text: string
  key: string
}

export interface CompareRow {
  label: string
  values: CompareValue[]
  differs: boolean
}

const NOT_RECORDED = 'Not recorded'

const plain = (text: string): CompareValue => ({ text, key: text })

function safetyText(safety: GenerationRecipe['safety']): string {
  if (!safety?.checkContent) return 'Off'
  return safety.mode ? `On (${safety.mode})` : 'On'
}

/** The values of one image, in row order. */
function valuesOf(entry: CompareEntry): [label: string, value: CompareValue][] {
  const { image, recipe, references } = entry
  const fromRecipe = (f: (r: GenerationRecipe) => string): CompareValue => plain(recipe ? f(recipe) : NOT_RECORDED)
  const refIds = recipe ? [...recipe.referenceIds].sort((a, b) => a - b) : references.map((r) => r.referenceId).sort((a, b) => a - b)
  return [
    ['Model', fromRecipe((r) => r.model)],
    ['Size', plain(`${image.width} × ${image.height}`)],
    ['Format', plain(image.format.toUpperCase())],
    ['Quality', fromRecipe((r) => (r.outputQuality === undefined ? 'Default' : String(r.outputQuality)))],
    ['Seed', plain(image.seed === null ? 'Not reported' : String(image.seed))],
    ['Safety', fromRecipe((r) => safetyText(r.safety))],
    ['Count', fromRecipe((r) => String(r.numberResults))],
    ['Delivery', fromRecipe((r) => (r.deliveryMethod === 'async' ? 'Async' : 'Sync'))],
    ['Cost', plain(image.cost === null ? 'Not reported' : formatUsd(image.cost))],
    ['Created', plain(formatDateTime(image.createdAt))],
    [
      'References',
      {
        text: references.length > 0 ? references.map((r) => r.label).join(', ') : refIds.length > 0 ? `${refIds.length} reference${refIds.length === 1 ? '' : 's'}` : 'None',
        key: refIds.join(',')
      }
    ]
  ]
}

/** One row per parameter, its value for each image, and whether the values differ. */
export function compareRows(entries: readonly CompareEntry[]): CompareRow[] {
  const columns = entries.map(valuesOf)
  const first = columns[0] ?? []
  return first.map(([label], row) => {
    const values = columns.map((c) => c[row]![1])
    return { label, values, differs: new Set(values.map((v) => v.key)).size > 1 }
  })
}
