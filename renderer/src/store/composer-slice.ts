import { checkGenerationParams } from '../../../electron/shared/generation'
import { MODEL_CAPABILITIES, type ModelCapabilities } from '../../../electron/shared/model-capabilities'
import { api, call, toApiError } from '../api'
import { buildGenerationParams, FALLBACK_MODEL } from './build-params'
import type { SliceCreator } from './types'

export type OutputFormat = ModelCapabilities['outputFormats'][number]

/** 'auto' lets the model pick its 1K default; otherwise an aspect label from GROK_IMAGINE_SIZES. */
export type AspectChoice = 'auto' | (string & {})

/** The output types the composer offers (the API's dataURI is the same bytes with a prefix). */
export type ComposerOutputType = 'URL' | 'base64Data'
export type DeliveryMethod = 'sync' | 'async'

/** The prompt form; `buildGenerationParams` turns it into a request. */
export interface ComposerForm {
  prompt: string
  aspect: AspectChoice
  count: number
  outputFormat: OutputFormat
  /** JPG/WEBP quality, 20–99. */
  outputQuality: number
  /** Ask Runware to check the content (mode 'fast'). */
  safetyCheck: boolean
  deliveryMethod: DeliveryMethod
  outputType: ComposerOutputType
  /** Seconds Runware keeps the result URL; '' = its default. Text, so a half-typed value is kept. */
  ttl: string
}

/** A problem with the form, named by the request field it concerns (e.g. "ttl", "prompt"). */
export interface ComposerError {
  field: string
  message: string
}

export interface ComposerSlice {
  composer: ComposerForm
  /** The options panel (quality, safety, delivery, output, TTL) is open. */
  composerOptionsOpen: boolean
  /** The last start was refused for this field; cleared when the form changes. */
  composerError: ComposerError | null
  /** A start call is in flight: Generate is busy and a second submit is ignored. */
  generating: boolean
  updateComposer(patch: Partial<ComposerForm>): void
  setComposerOptionsOpen(open: boolean): void
  resetComposer(): void
  /**
   * Validates the form and asks main to start a generation. The prompt is kept
   * (people iterate on it). Field errors are shown inline, anything else as a
   * toast. Resolves true when main accepted the job.
   */
  generate(): Promise<boolean>
}

const GROK = MODEL_CAPABILITIES[FALLBACK_MODEL]
export const COUNT_LIMITS = GROK?.numberResults ?? { min: 1, max: 20 }
export const QUALITY_LIMITS = GROK?.outputQuality ?? { min: 20, max: 99, default: 95 }
export const OUTPUT_FORMATS: readonly OutputFormat[] = GROK?.outputFormats ?? ['JPG', 'PNG', 'WEBP']

export const initialComposer: ComposerForm = {
  prompt: '',
  aspect: 'auto',
  count: 1,
  outputFormat: 'JPG',
  outputQuality: QUALITY_LIMITS.default,
  safetyCheck: false,
  deliveryMethod: 'sync',
  outputType: 'URL',
  ttl: ''
}

/** Fields that live in the options panel: an error there opens it. */
export const OPTION_FIELDS = ['outputQuality', 'safety', 'deliveryMethod', 'outputType', 'ttl'] as const

export function isOptionField(field: string): boolean {
  return OPTION_FIELDS.some((f) => field === f || field.startsWith(`${f}.`))
}

/** How many options differ from their defaults (a badge on the Options button). */
export function changedOptionCount(form: ComposerForm): number {
  let n = 0
  if (form.outputQuality !== initialComposer.outputQuality) n++
  if (form.safetyCheck !== initialComposer.safetyCheck) n++
  if (form.deliveryMethod !== initialComposer.deliveryMethod) n++
  if (form.outputType !== initialComposer.outputType) n++
  if (form.outputType === 'URL' && form.ttl.trim() !== '') n++
  return n
}

export function clampCount(n: number): number {
  if (!Number.isFinite(n)) return COUNT_LIMITS.min
  return Math.min(COUNT_LIMITS.max, Math.max(COUNT_LIMITS.min, Math.round(n)))
}

/** "ttl: TTL is at least 60 seconds" → "TTL is at least 60 seconds": the field is shown by position. */
function withoutFieldPrefix(message: string, field: string): string {
  const prefix = `${field}: `
  return message.startsWith(prefix) ? message.slice(prefix.length) : message
}

export const createComposerSlice: SliceCreator<ComposerSlice> = (set, get) => ({
  composer: initialComposer,
  composerOptionsOpen: false,
  composerError: null,
  generating: false,

  updateComposer(patch) {
    set((s) => {
      const next = { ...s.composer, ...patch }
      return { composer: { ...next, count: clampCount(next.count) }, composerError: null }
    })
  },

  setComposerOptionsOpen: (composerOptionsOpen) => set({ composerOptionsOpen }),

  resetComposer() {
    set({ composer: initialComposer, composerError: null })
  },

  async generate() {
    const s = get()
    if (s.generating) return false
    const model = s.settings?.model ?? FALLBACK_MODEL
    const params = buildGenerationParams(s.composer)
    const check = checkGenerationParams(model, params)
    if (!check.ok) {
      showFieldError(check.field, withoutFieldPrefix(check.message, check.field))
      return false
    }

    // References are prepared on drop; Generate waits for none of them.
    const references = get().trayReferences()
    if (references === null) {
      showFieldError('references', 'The reference image is still being prepared: generate once it is ready.')
      return false
    }

    set({ generating: true, composerError: null })
    try {
      const started = await call(() => api.generation.start(references.length > 0 ? { ...params, references } : params))
      get().noteStartedJob(started.generationId, started.taskUUID, check.params.prompt, check.params.numberResults)
      return true
    } catch (error) {
      const apiError = toApiError(error)
      if (apiError.code === 'VALIDATION' || apiError.code === 'BAD_IMAGE') {
        const field = apiError.field ?? 'params'
        showFieldError(field, withoutFieldPrefix(apiError.message, field))
      } else {
        get().reportError("Couldn't start the generation", apiError)
        // The key may have gone (removed in another window, environment changed).
        if (apiError.code === 'NO_API_KEY') void get().loadApiKeyStatus()
      }
      return false
    } finally {
      set({ generating: false })
    }

    function showFieldError(field: string, message: string): void {
      set((st) => ({ composerError: { field, message }, composerOptionsOpen: st.composerOptionsOpen || isOptionField(field) }))
    }
  }
})
