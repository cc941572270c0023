import { sentSize, type GenerationParams } from '../../shared/generation'
import { capabilitiesFor } from '../../shared/model-capabilities'

/** The aspect label of a preset size, if it is one. */
export function aspectOf(model: string, width?: number, height?: number): string | null {
  if (width === undefined || height === undefined) return null
  return capabilitiesFor(model)?.sizes.find((s) => s.width === width && s.height === height)?.aspect ?? null
}

/**
 * The exact `imageInference` task for Runware. Only fields the person set (or
 * that we default on purpose) are sent; sizes are one of the model's pairs or
 * a resolution, never both.
 */
export function buildInferenceTask(params: GenerationParams, model: string, taskUUID: string, referenceIds: readonly string[]): Record<string, unknown> {
  const task: Record<string, unknown> = {
    taskType: 'imageInference',
    taskUUID,
    model,
    positivePrompt: params.prompt,
    numberResults: params.numberResults,
    outputType: params.outputType,
    outputFormat: params.outputFormat,
    includeCost: params.includeCost,
    deliveryMethod: params.deliveryMethod
  }
  Object.assign(task, sentSize(params, referenceIds.length))
  if (params.outputQuality !== undefined) task.outputQuality = params.outputQuality
  if (referenceIds.length > 0) task.inputs = { referenceImages: [...referenceIds] }
  if (params.safety) task.safety = { checkContent: params.safety.checkContent, ...(params.safety.mode ? { mode: params.safety.mode } : {}) }
  if (params.ttl !== undefined) task.ttl = params.ttl
  if (params.webhookURL !== undefined) task.webhookURL = params.webhookURL
  if (params.uploadEndpoint !== undefined) task.uploadEndpoint = params.uploadEndpoint
  return task
}
