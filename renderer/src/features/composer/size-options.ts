import { GROK_IMAGINE_SIZES } from '../../../../electron/shared/model-capabilities'
import type { AspectChoice } from '../../store/composer-slice'

export interface SizeOption {
  value: AspectChoice
  label: string
}

/** "Auto (1K)" first, then every preset the model accepts, e.g. "16:9 · 1408×768". */
export const SIZE_OPTIONS: readonly SizeOption[] = [
  { value: 'auto', label: 'Auto (1K)' },
  ...GROK_IMAGINE_SIZES.map((s) => ({ value: s.aspect, label: `${s.aspect} · ${s.width}×${s.height}` }))
]
