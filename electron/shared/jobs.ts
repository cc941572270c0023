/** Generation job states and the progress the UI and CLI see. Types only. */

export const GENERATION_STATUSES = [
  'queued',
  'submitting',
  'running',
  'downloading',
  'succeeded',
  'failed',
  'canceled',
  'interrupted'
] as const
export type GenerationStatus = (typeof GENERATION_STATUSES)[number]

export const FINAL_STATUSES: readonly GenerationStatus[] = ['succeeded', 'failed', 'canceled', 'interrupted']

export interface JobImage {
  imageId: number
  sha256: string
  path: string
  width: number
  height: number
  format: 'png' | 'jpg' | 'webp'
  bytes: number
}

/** Sent when the person clicks a job's notification: the window shows these images (or, with none, the job). */
export interface JobReveal {
  generationId: number
  imageIds: number[]
}

export interface JobProgress {
  generationId: number
  taskUUID: string
  prompt: string
  /** The state the person sees: 'canceled' as soon as they cancel, even while paid images are still collected. */
  status: GenerationStatus
  imagesDone: number
  imagesTotal: number
  elapsedMs: number
  /** US dollars reported by Runware so far. */
  costUsd: number | null
  /** Waiting for the network to come back: no retries are spent meanwhile. */
  waitingForNetwork: boolean
  /** Automatic retries so far (same taskUUID each time). */
  retries: number
  message?: string
  error?: { code: string; message: string }
  /** The job's reference images (stored ids, for their thumbnails); absent when it has none. */
  referenceIds?: number[]
}
