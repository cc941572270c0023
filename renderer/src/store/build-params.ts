/**
 * The composer form → the request main validates with the same schema
 * (electron/shared/generation.ts). Pure, so tests can check the exact params.
 */
import type { GenerationParamsInput } from '../../../electron/shared/generation'
import { capabilitiesFor, DEFAULT_MODEL, GROK_IMAGINE_SIZES } from '../../../electron/shared/model-capabilities'
import type { ComposerForm } from './composer-slice'

/** Used for client-side checks until settings have loaded (main uses its own setting). */
export const FALLBACK_MODEL = DEFAULT_MODEL

/** Auto → the model's 1K default resolution; a preset → its exact width and height. */
function sizeParams(aspect: string): Pick<GenerationParamsInput, 'width' | 'height' | 'resolution'> {
  if (aspect === 'auto') return { resolution: '1K' }
  const preset = GROK_IMAGINE_SIZES.find((s) => s.aspect === aspect)
  // An unknown label cannot come from the select; sending it as width lets validation name it.
  return preset ? { width: preset.width, height: preset.height } : { width: Number.NaN, height: Number.NaN }
}

/** A TTL only applies to URL output; empty means Runware's default. */
function ttlParam(form: ComposerForm): Pick<GenerationParamsInput, 'ttl'> {
  const text = form.ttl.trim()
  if (form.outputType !== 'URL' || text === '') return {}
  return { ttl: Number(text) }
}

export function buildGenerationParams(form: ComposerForm): Omit<GenerationParamsInput, 'references'> {
  return {
    prompt: form.prompt.trim(),
    ...sizeParams(form.aspect),
    numberResults: form.count,
    outputType: form.outputType,
    outputFormat: form.outputFormat,
    outputQuality: form.outputQuality,
    deliveryMethod: form.deliveryMethod,
    includeCost: true,
    ...(form.safetyCheck ? { safety: { checkContent: true, mode: 'fast' as const } } : {}),
    ...ttlParam(form)
  }
}

/** "≈ $0.08 · 4 images" before generating; null when the model's price is unknown. */
export function estimateCostUsd(model: string, count: number): number | null {
  const caps = capabilitiesFor(model)
  return caps ? caps.pricePerImageUsd * count : null
}
