/**
 * A generation's recipe → the composer form, field by field, so Use all settings
 * and Remix set everything the image was made with. Pure.
 */
import type { GenerationRecipe } from '../../../electron/shared/generation'
import { GROK_IMAGINE_SIZES } from '../../../electron/shared/model-capabilities'
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
