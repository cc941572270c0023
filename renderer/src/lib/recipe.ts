/**
 * A generation's recipe → the composer form, field by field, so Use all settings
 * and Remix set everything the image was made with; and the settings a dropped
 * file carries (recall from files) → the composer. Pure.
 */
import type { GenerationRecipe } from '../../../electron/shared/generation'
import { GROK_IMAGINE_SIZES } from '../../../electron/shared/model-capabilities'
import type { RecalledSettings } from '../../../electron/shared/recall'
import { initialComposer, type ComposerForm } from '../store/composer-slice'

export function composerFromRecipe(recipe: GenerationRecipe): ComposerForm {
  const preset = GROK_IMAGINE_SIZES.find((s) => s.width === recipe.width && s.height === recipe.height)
  return {
    prompt: recipe.prompt,
    // A preset by its aspect; a resolution (or nothing) is Auto / Match reference.
    aspect: preset ? preset.aspect : 'auto',
    count: recipe.numberResults,
    outputFormat: recipe.outputFormat,
    outputQuality: recipe.outputQuality ?? initialComposer.outputQuality,
    safetyCheck: recipe.safety?.checkContent ?? false,
    deliveryMethod: recipe.deliveryMethod,
    // dataURI is base64 with a prefix; the composer offers the two that differ.
    outputType: recipe.outputType === 'URL' ? 'URL' : 'base64Data',
    ttl: recipe.ttl === undefined ? '' : String(recipe.ttl)
  }
}

/**
 * Recalled settings (main checked each against the model) → the composer. A whole
 * recipe (`complete`: a library image, our record) sets every field, a field it does
 * not name going back to its default, as Use all settings does; a partial one (an
 * A1111 text: prompt and size) changes only what it names.
 */
export function composerFromSettings(current: ComposerForm, s: RecalledSettings, complete: boolean): ComposerForm {
  if (complete) {
    return composerFromRecipe({
      numberResults: initialComposer.count,
      outputFormat: initialComposer.outputFormat,
      outputType: initialComposer.outputType,
      deliveryMethod: initialComposer.deliveryMethod,
      ...s,
      prompt: s.prompt ?? current.prompt,
      model: '',
      referenceIds: []
    })
  }
  const next = { ...current }
  if (s.prompt !== undefined) next.prompt = s.prompt
  const preset = GROK_IMAGINE_SIZES.find((p) => p.width === s.width && p.height === s.height)
  if (preset) next.aspect = preset.aspect
  else if (s.resolution !== undefined) next.aspect = 'auto'
  if (s.numberResults !== undefined) next.count = s.numberResults
  if (s.outputFormat !== undefined) next.outputFormat = s.outputFormat
  if (s.outputQuality !== undefined) next.outputQuality = s.outputQuality
  if (s.safety !== undefined) next.safetyCheck = s.safety.checkContent
  if (s.deliveryMethod !== undefined) next.deliveryMethod = s.deliveryMethod
  if (s.outputType !== undefined) next.outputType = s.outputType === 'URL' ? 'URL' : 'base64Data'
  if (s.ttl !== undefined) next.ttl = String(s.ttl)
  return next
}
