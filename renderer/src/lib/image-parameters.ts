/**
 * The detail view's parameter list and its "Copy all parameters as JSON": what
 * the image's generation was sent with (its recipe, read from main), what came
 * back (size, format, seed, cost, when), and its references. Only recorded
 * values: a setting the request left out says so, nothing is filled in. The
 * window never holds the API key, and no file path is included. Pure.
 */
import { type GenerationRecipe, sentSize } from '../../../electron/shared/generation'
import type { ImageReference, LibraryImage } from '../../../electron/shared/library'

export interface ParameterRow {
  label: string
  value: string
  /** data-testid of the value. */
  testId: string
  /** Shown in monospace and wrapped anywhere (ids, UUIDs). */
  code?: boolean
}

const NOT_SENT = 'Not sent'

/** Unlike Compare's, a request that left safety out says so rather than "Off". */
function safetyText(safety: GenerationRecipe['safety']): string {
  if (!safety) return NOT_SENT
  if (!safety.checkContent) return 'Off'
  return safety.mode ? `On (${safety.mode})` : 'On'
}

/** The size the request sent: a width and height, or a resolution tier (main's rule when none was chosen). */
function requestedSize(r: GenerationRecipe): string {
  const size = sentSize(r, r.referenceIds.length)
  return 'resolution' in size ? size.resolution : `${size.width} × ${size.height}`
}

function referencesText(refs: readonly ImageReference[], recipe: GenerationRecipe | null): string {
  if (refs.length > 0) return refs.map((r) => r.label).join(', ')
  const count = recipe?.referenceIds.length ?? 0
  return count === 0 ? 'None' : `${count} reference${count === 1 ? '' : 's'}`
}

/** The request's rows, in the order a person reads them; empty when there is no recipe. */
export function requestRows(recipe: GenerationRecipe | null, references: readonly ImageReference[]): ParameterRow[] {
  if (!recipe) return []
  const rows: ParameterRow[] = [
    { label: 'Model', value: recipe.model, testId: 'param-model', code: true },
    { label: 'Size', value: requestedSize(recipe), testId: 'param-size' },
    { label: 'Format', value: recipe.outputFormat, testId: 'param-format' },
    { label: 'Quality', value: recipe.outputQuality === undefined ? NOT_SENT : String(recipe.outputQuality), testId: 'param-quality' },
    { label: 'Count', value: String(recipe.numberResults), testId: 'param-count' },
    { label: 'Delivery', value: recipe.deliveryMethod, testId: 'param-delivery' },
    { label: 'Output', value: recipe.outputType, testId: 'param-output' },
    { label: 'Safety', value: safetyText(recipe.safety), testId: 'param-safety' }
  ]
  if (recipe.ttl !== undefined) rows.push({ label: 'TTL', value: `${recipe.ttl} s`, testId: 'param-ttl' })
  rows.push({ label: 'References', value: referencesText(references, recipe), testId: 'param-references' })
  if (recipe.taskUUID !== undefined) rows.push({ label: 'Task UUID', value: recipe.taskUUID, testId: 'param-task-uuid', code: true })
  return rows
}

/**
 * Everything about the image as one JSON object: the request as it was sent
 * (Runware's field names), its references and the result. Absent values are
 * left out, never guessed.
 */
export function parametersJson(image: LibraryImage, recipe: GenerationRecipe | null, references: readonly ImageReference[]): string {
  const request = recipe
    ? {
        model: recipe.model,
        taskUUID: recipe.taskUUID,
        positivePrompt: recipe.prompt,
        ...sentSize(recipe, recipe.referenceIds.length),
        numberResults: recipe.numberResults,
        outputFormat: recipe.outputFormat,
        outputQuality: recipe.outputQuality,
        outputType: recipe.outputType,
        deliveryMethod: recipe.deliveryMethod,
        safety: recipe.safety,
        ttl: recipe.ttl
      }
    : null
  const value = {
    prompt: image.prompt,
    request,
    references: references.map((r) => ({ label: r.label, kind: r.sourceKind, ...(r.libraryImageId === null ? {} : { libraryImageId: r.libraryImageId }) })),
    image: {
      id: image.id,
      width: image.width,
      height: image.height,
      format: image.format,
      bytes: image.bytes,
      seed: image.seed,
      costUsd: image.cost,
      createdAt: new Date(image.createdAt).toISOString()
    }
  }
  return JSON.stringify(value, null, 2)
}
