// Invalid imageInference tasks for xai:grok-imagine@image and what the strict fake
// answers (HTTP 400, one error with this code and parameter). Each patch is applied to
// a valid task (testkit.inference); undefined removes the key. Reusable by client tests
// that check local validation agrees with the server.
import { randomUUID } from 'node:crypto'

export type InvalidCase = [name: string, patch: Record<string, unknown>, code: string, parameter: string | string[]]

const url = 'https://example.com/a.png'

export const INVALID_INFERENCE_CASES: InvalidCase[] = [
  ['another model', { model: 'xai:grok-imagine@image-pro' }, 'unknownModel', 'model'],
  ['no prompt', { positivePrompt: undefined }, 'missingPositivePrompt', 'positivePrompt'],
  ['a blank prompt', { positivePrompt: '  \n ' }, 'invalidPositivePrompt', 'positivePrompt'],
  ['a non-string prompt', { positivePrompt: 42 }, 'invalidPositivePrompt', 'positivePrompt'],
  ['a 4001-char prompt', { positivePrompt: 'a'.repeat(4001) }, 'invalidPositivePromptLength', 'positivePrompt'],
  ['width alone', { width: 1024 }, 'missingHeight', 'height'],
  ['height alone', { height: 1024 }, 'missingWidth', 'width'],
  ['an unsupported pair', { width: 1024, height: 768 }, 'invalidWidth', ['width', 'height']],
  ['a square 1408x1408', { width: 1408, height: 1408 }, 'invalidWidth', ['width', 'height']],
  ['a fractional width', { width: 1024.5, height: 1024 }, 'invalidWidth', 'width'],
  ['resolution 2K', { resolution: '2K' }, 'invalidResolution', 'resolution'],
  ['resolution 1k (case)', { resolution: '1k' }, 'invalidResolution', 'resolution'],
  ['resolution with width/height', { resolution: '1K', width: 1024, height: 1024 }, 'conflictingParameters', ['resolution', 'width', 'height']],
  ['numberResults 0', { numberResults: 0 }, 'invalidNumberResults', 'numberResults'],
  ['numberResults 21', { numberResults: 21 }, 'invalidNumberResults', 'numberResults'],
  ['numberResults "2"', { numberResults: '2' }, 'invalidNumberResults', 'numberResults'],
  ['outputType url', { outputType: 'url' }, 'invalidOutputType', 'outputType'],
  ['outputFormat JPEG', { outputFormat: 'JPEG' }, 'invalidOutputFormat', 'outputFormat'],
  ['outputQuality 19', { outputQuality: 19 }, 'invalidOutputQuality', 'outputQuality'],
  ['outputQuality 100', { outputQuality: 100 }, 'invalidOutputQuality', 'outputQuality'],
  ['ttl 59', { ttl: 59 }, 'invalidTtl', 'ttl'],
  ['ttl with base64Data', { ttl: 60, outputType: 'base64Data' }, 'invalidTtl', 'ttl'],
  ['includeCost "yes"', { includeCost: 'yes' }, 'invalidIncludeCost', 'includeCost'],
  ['deliveryMethod stream', { deliveryMethod: 'stream' }, 'invalidDeliveryMethod', 'deliveryMethod'],
  ['safety as a string', { safety: 'on' }, 'invalidSafety', 'safety'],
  ['safety.checkContent "yes"', { safety: { checkContent: 'yes' } }, 'invalidSafety', 'safety.checkContent'],
  ['safety.mode strict', { safety: { mode: 'strict' } }, 'invalidSafety', 'safety.mode'],
  ['an extra safety key', { safety: { checkContent: true, level: 2 } }, 'unsupportedParameter', 'safety.level'],
  ['an ftp webhookURL', { webhookURL: 'ftp://example.com/hook' }, 'invalidWebhookURL', 'webhookURL'],
  ['a non-URL uploadEndpoint', { uploadEndpoint: 'not a url' }, 'invalidUploadEndpoint', 'uploadEndpoint'],
  ['inputs as an array', { inputs: [url] }, 'invalidInputs', 'inputs'],
  ['an extra inputs key', { inputs: { seedImage: url } }, 'unsupportedParameter', 'inputs.seedImage'],
  ['two reference images', { inputs: { referenceImages: [url, url] } }, 'invalidReferenceImages', 'inputs.referenceImages'],
  ['no reference images', { inputs: { referenceImages: [] } }, 'invalidReferenceImages', 'inputs.referenceImages'],
  ['a non-image reference', { inputs: { referenceImages: ['hello there'] } }, 'invalidReferenceImages', 'inputs.referenceImages'],
  ['a GIF data URI', { inputs: { referenceImages: ['data:image/gif;base64,R0lGODlhAQABAAAAACw='] } }, 'invalidReferenceImages', 'inputs.referenceImages'],
  ['a data URI of text', { inputs: { referenceImages: ['data:image/png;base64,aGVsbG8gd29ybGQh'] } }, 'invalidReferenceImages', 'inputs.referenceImages'],
  ['an unknown imageUUID', { inputs: { referenceImages: [randomUUID()] } }, 'mediaNotFound', 'inputs.referenceImages'],
  ['a seed', { seed: 42 }, 'unsupportedParameter', 'seed'],
  ['a negativePrompt', { negativePrompt: 'blurry' }, 'unsupportedParameter', 'negativePrompt'],
  ['top-level referenceImages', { referenceImages: [url] }, 'unsupportedParameter', 'referenceImages']
]
