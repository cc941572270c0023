/**
 * What each model accepts, in one table. The composer offers these presets and
 * the request validator (generation engine) enforces them. Source: the model's
 * parameter page (shared/reference/000_7cf9c1d7f0e2ad1f.txt) and runware-api.md §5.
 */

export interface SizePreset {
  /** Aspect label as the model page writes it. */
  aspect: string
  width: number
  height: number
}

export interface ModelCapabilities {
  id: string
  label: string
  sizes: readonly SizePreset[]
  resolutions: readonly string[]
  maxReferenceImages: number
  numberResults: { min: number; max: number }
  outputFormats: readonly ('JPG' | 'PNG' | 'WEBP')[]
  outputQuality: { min: number; max: number; default: number }
  /** US dollars per image at 1024×1024, for estimates before `includeCost` reports the real figure. */
  pricePerImageUsd: number
}

/** The model a new library uses; settings may name another one later. */
export const DEFAULT_MODEL = 'xai:grok-imagine@image'

export const GROK_IMAGINE_SIZES: readonly SizePreset[] = [
  { aspect: '1:1', width: 1024, height: 1024 },
  { aspect: '3:4', width: 896, height: 1280 },
  { aspect: '4:3', width: 1280, height: 896 },
  { aspect: '9:16', width: 768, height: 1408 },
  { aspect: '16:9', width: 1408, height: 768 },
  { aspect: '2:3', width: 864, height: 1296 },
  { aspect: '3:2', width: 1296, height: 864 },
  { aspect: '9:19.5', width: 576, height: 1248 },
  { aspect: '19.5:9', width: 1248, height: 576 },
  { aspect: '9:20', width: 576, height: 1280 },
  { aspect: '20:9', width: 1280, height: 576 },
  { aspect: '1:2', width: 704, height: 1408 },
  { aspect: '2:1', width: 1408, height: 704 }
]

export const MODEL_CAPABILITIES: Readonly<Record<string, ModelCapabilities>> = {
  [DEFAULT_MODEL]: {
    id: DEFAULT_MODEL,
    label: 'Grok Imagine Image',
    sizes: GROK_IMAGINE_SIZES,
    resolutions: ['1K'],
    // The model page says 1; other sources say 3. The page is our contract.
    maxReferenceImages: 1,
    numberResults: { min: 1, max: 20 },
    outputFormats: ['JPG', 'PNG', 'WEBP'],
    outputQuality: { min: 20, max: 99, default: 95 },
    pricePerImageUsd: 0.02
  }
}

/** Own entries only: an id such as `constructor` or `__proto__` is an unknown model, not an Object.prototype member. */
export function capabilitiesFor(model: string): ModelCapabilities | undefined {
  return Object.hasOwn(MODEL_CAPABILITIES, model) ? MODEL_CAPABILITIES[model] : undefined
}
