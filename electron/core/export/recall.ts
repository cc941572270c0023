/**
 * Recall from files (issue 9), the read side of export metadata: the settings a
 * dropped image carries, checked against what the model accepts. Pure but for the
 * two library lookups it is given. Order of trust: a library image (by the sha256
 * of the file's bytes, or the hash our record names, checked against the library)
 * offers its own recipe; then our JSON record (every setting); then an A1111
 * `parameters` text (prompt and size). Each value is offered only if the model's
 * capability table accepts it; unknown fields are ignored; a file with no metadata
 * offers nothing.
 */
import { checkGenerationParams, type GenerationRecipe } from '../../shared/generation'
import { capabilitiesFor } from '../../shared/model-capabilities'
import { RECALLED_FIELDS, type RecalledField, type RecalledSettings, type SettingsOffer } from '../../shared/recall'
import { parseParameters, readMetadata } from './metadata'

export interface RecallDeps {
  /** The model the composer generates with (Settings). */
  model: string
  /** A live library image with these bytes (sha256 hex), or null. */
  imageBySha(sha256: string): number | null
  /** The recipe of a library image's generation, or null (an image with no generation). */
  recipeOfImage(imageId: number): GenerationRecipe | null
}

/** Fields checked together: a size is a width and a height. The prompt is checked on its own. */
const GROUPS: readonly (readonly RecalledField[])[] = [['width', 'height'], ['resolution'], ['numberResults'], ['outputFormat'], ['outputQuality'], ['safety'], ['deliveryMethod'], ['outputType'], ['ttl']]

const LABELS: Record<RecalledField, string> = {
  prompt: 'Prompt',
  width: 'Size',
  height: 'Size',
  resolution: 'Resolution',
  numberResults: 'Count',
  outputFormat: 'Format',
  outputQuality: 'Quality',
  safety: 'Safety check',
  deliveryMethod: 'Delivery',
  outputType: 'Output type',
  ttl: 'TTL'
}

/** Stands in for the prompt while the other fields are checked, so a bad prompt blocks nothing else. */
const PLACEHOLDER_PROMPT = 'recall'

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}

function ignoredLabel(group: readonly RecalledField[], raw: Record<string, unknown>): string {
  if (group[0] === 'width') return `Size ${short(raw.width)}×${short(raw.height)}`
  return `${LABELS[group[0]!]} ${short(raw[group[0]!])}`
}

/**
 * The values of `raw` (a recipe's fields, from any source) the model accepts, field
 * group by field group, each checked with everything accepted before it (a TTL
 * needs URL output; a size and a resolution exclude each other); the rest as labels.
 */
export function acceptedSettings(model: string, raw: Record<string, unknown>): { settings: RecalledSettings; ignored: string[] } {
  const settings: Record<string, unknown> = {}
  const ignored: string[] = []
  if (raw.prompt !== undefined) {
    if (typeof raw.prompt === 'string' && checkGenerationParams(model, { prompt: raw.prompt }).ok) settings.prompt = raw.prompt
    else ignored.push(typeof raw.prompt === 'string' && raw.prompt.trim() === '' ? 'an empty prompt' : 'Prompt (too long, or not text)')
  }
  for (const group of GROUPS) {
    if (group.every((k) => raw[k] === undefined)) continue
    const values = Object.fromEntries(group.map((k) => [k, raw[k]]))
    if (checkGenerationParams(model, { ...settings, ...values, prompt: PLACEHOLDER_PROMPT }).ok) Object.assign(settings, values)
    else ignored.push(ignoredLabel(group, raw))
  }
  return { settings: settings as RecalledSettings, ignored }
}

const pickFields = (source: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(RECALLED_FIELDS.filter((k) => Object.hasOwn(source, k) && source[k] !== undefined).map((k) => [k, source[k]]))

/** Keys of an A1111 text that say nothing to apply: Grok takes no seed, Version names the tool. */
const SILENT_PARAMETERS = new Set(['Size', 'Model', 'Seed', 'Version'])

/** An A1111 `parameters` text as recipe fields: the prompt and `Size: WxH`; every other key is ignored (named). */
export function fieldsFromParameters(text: string, model: string): { raw: Record<string, unknown>; ignored: string[] } {
  const parsed = parseParameters(text)
  const raw: Record<string, unknown> = {}
  const ignored: string[] = []
  if (parsed.prompt.trim() !== '') raw.prompt = parsed.prompt
  const size = /^(\d{1,6})\s*x\s*(\d{1,6})$/.exec(parsed.params.Size?.trim() ?? '')
  if (size) {
    raw.width = Number(size[1])
    raw.height = Number(size[2])
  } else if (parsed.params.Size !== undefined) ignored.push(`Size ${short(parsed.params.Size)}`)
  if (parsed.negativePrompt !== null) ignored.push('Negative prompt')
  const fileModel = parsed.params.Model?.trim()
  if (fileModel && fileModel !== model) ignored.push(`Model ${short(fileModel)}`)
  for (const key of Object.keys(parsed.params)) if (!SILENT_PARAMETERS.has(key)) ignored.push(key)
  return { raw, ignored }
}

function offer(source: SettingsOffer['source'], imageId: number | null, model: string, raw: Record<string, unknown>, alsoIgnored: string[], complete: boolean): SettingsOffer {
  const { settings, ignored } = acceptedSettings(model, raw)
  const all = [...alsoIgnored, ...ignored]
  const usable = Object.keys(settings).length > 0
  const label = capabilitiesFor(model)?.label ?? model
  return {
    source,
    imageId,
    settings: usable ? settings : null,
    complete,
    ignored: all,
    message: usable ? null : `This image carries settings, but none that ${label} accepts${all.length > 0 ? ` (${all.join(', ')})` : ''}.`
  }
}

const SHA256 = /^[0-9a-f]{64}$/

/**
 * The settings offer for a dropped file's bytes, or null when it carries none.
 * `libraryImageId`: the library image these very bytes are (found by the caller from their hash).
 */
export function recallOffer(bytes: Buffer, libraryImageId: number | null, deps: RecallDeps): SettingsOffer | null {
  const meta = readMetadata(bytes)
  // An exported copy is not byte-identical (metadata, conversion): its record names the original's hash.
  const recordSha = typeof meta.record?.sha256 === 'string' && SHA256.test(meta.record.sha256) ? meta.record.sha256 : null
  const imageId = libraryImageId ?? (recordSha === null ? null : deps.imageBySha(recordSha))
  if (imageId !== null) {
    const recipe = deps.recipeOfImage(imageId)
    if (recipe) {
      const fileModel = recipe.model !== deps.model ? [`Model ${short(recipe.model)}`] : []
      return offer('library', imageId, deps.model, pickFields(recipe), fileModel, true)
    }
  }
  const params = meta.record?.params
  if (params !== null && typeof params === 'object' && !Array.isArray(params)) {
    const model = meta.record?.model
    const fileModel = typeof model === 'string' && model !== deps.model ? [`Model ${short(model)}`] : []
    return offer('record', null, deps.model, pickFields(params as Record<string, unknown>), fileModel, true)
  }
  if (meta.parameters !== null) {
    const { raw, ignored } = fieldsFromParameters(meta.parameters, deps.model)
    return offer('parameters', null, deps.model, raw, ignored, false)
  }
  return null
}
