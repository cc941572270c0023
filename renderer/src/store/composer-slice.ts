import { MODEL_CAPABILITIES, type ModelCapabilities } from '../../../electron/shared/model-capabilities'
import type { SliceCreator } from './types'

export type OutputFormat = ModelCapabilities['outputFormats'][number]

/** 'auto' lets the model pick its 1K default; otherwise an aspect label from GROK_IMAGINE_SIZES. */
export type AspectChoice = 'auto' | (string & {})

/** The prompt form. The generation engine (next issue) turns this into a request. */
export interface ComposerForm {
  prompt: string
  aspect: AspectChoice
  count: number
  outputFormat: OutputFormat
}

export interface ComposerSlice {
  composer: ComposerForm
  updateComposer(patch: Partial<ComposerForm>): void
  resetComposer(): void
}

const GROK = MODEL_CAPABILITIES['xai:grok-imagine@image']
export const COUNT_LIMITS = GROK?.numberResults ?? { min: 1, max: 20 }
export const OUTPUT_FORMATS: readonly OutputFormat[] = GROK?.outputFormats ?? ['JPG', 'PNG', 'WEBP']

export const initialComposer: ComposerForm = { prompt: '', aspect: 'auto', count: 1, outputFormat: 'JPG' }

export function clampCount(n: number): number {
  if (!Number.isFinite(n)) return COUNT_LIMITS.min
  return Math.min(COUNT_LIMITS.max, Math.max(COUNT_LIMITS.min, Math.round(n)))
}

export const createComposerSlice: SliceCreator<ComposerSlice> = (set) => ({
  composer: initialComposer,

  updateComposer(patch) {
    set((s) => {
      const next = { ...s.composer, ...patch }
      return { composer: { ...next, count: clampCount(next.count) } }
    })
  },

  resetComposer() {
    set({ composer: initialComposer })
  }
})
