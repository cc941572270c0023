/**
 * What a person asks for: one schema validates both the composer form and the
 * request, with messages that name the field. Limits come from the model's
 * capability table, so another model changes the table, not this file.
 */
import { z } from 'zod'
import { issueMessage } from './issue-message'
import { capabilitiesFor, type ModelCapabilities } from './model-capabilities'

export const OUTPUT_TYPES = ['URL', 'dataURI', 'base64Data'] as const
export const OUTPUT_FORMATS = ['JPG', 'PNG', 'WEBP'] as const
export const DELIVERY_METHODS = ['sync', 'async'] as const
export const MAX_PROMPT_LENGTH = 4000

/** Largest reference a person may give (file, URL body or bytes from the window), before downscaling. */
export const MAX_REFERENCE_FILE_BYTES = 50 * 1024 * 1024
/** Longest name a window may give bytes (a dropped or pasted file's name). */
export const MAX_REFERENCE_NAME_LENGTH = 255
export const EMPTY_REFERENCE_MESSAGE = 'The reference image is empty (0 bytes)'
/** e.g. "The reference image is too large (600 MB; at most 50 MB)". */
export const referenceTooLargeMessage = (bytes: number): string =>
  `The reference image is too large (${Math.round(bytes / 1048576)} MB; at most ${MAX_REFERENCE_FILE_BYTES / 1048576} MB)`

/**
 * What the core takes: a path (the CLI; the window's file tokens become paths in
 * main), a URL, a library image, bytes (the window's drops and pastes), or a
 * reference main already prepared. The core checks bytes exactly as it checks a
 * file's content (references.ts); a prepared reference carries only its id, so
 * the label recorded with it is the one main remembered, never one a window made up.
 */
export const referenceSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1, 'Empty file path').max(4096) }),
  z.object({ kind: z.literal('url'), url: z.string().regex(/^https?:\/\//i, 'Reference URLs must start with http:// or https://').max(4096) }),
  z.object({ kind: z.literal('image'), imageId: z.number().int().positive() }),
  z.object({ kind: z.literal('bytes'), data: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'Reference bytes must be binary data (a Uint8Array)'), name: z.string().max(MAX_REFERENCE_NAME_LENGTH) }),
  z.object({ kind: z.literal('prepared'), referenceId: z.number().int().positive() })
])
export type ReferenceSource = z.infer<typeof referenceSourceSchema>

/**
 * A reference as the window may send it: never a path (main cannot tell a path the
 * user gave from one a compromised page made up), but a token main handed out for
 * a file the user dropped or chose (`files:grant-path`, core/files/path-grants.ts).
 */
export type WindowReferenceSource =
  | Exclude<ReferenceSource, { kind: 'path' }>
  | { kind: 'file'; token: string }
  /** Bytes from the window (a browser drop, a pasted image, an image dragged out of a web page). */
  | { kind: 'bytes'; data: Uint8Array; name: string }
  /** A reference `references:prepare` already checked and stored (ready on drop). */
  | { kind: 'prepared'; referenceId: number }

/** What the tray shows for a reference main has checked, downscaled and stored in `refs/`. */
export interface PreparedReferenceInfo {
  referenceId: number
  sha256: string
  /** The stored (normalised, ≤ 2048 px) image. */
  width: number
  height: number
  format: 'png' | 'jpg'
  bytes: number
  /** What the user gave: a file name, the URL, or the library image's prompt. */
  label: string
  sourceKind: 'file' | 'bytes' | 'url' | 'image'
  /** The library image this is (dropped from the gallery, or a file whose bytes are one: recall by content). */
  libraryImageId: number | null
}

/**
 * What a generation was made with, for Use all settings, Remix and Vary: every
 * setting it was sent with, and its references by stored id (they are its lineage).
 */
export type GenerationRecipe = Omit<GenerationParams, 'references' | 'webhookURL' | 'uploadEndpoint' | 'includeCost'> & {
  model: string
  referenceIds: number[]
  /** The task's id at Runware, as sent; main always names it (a recipe built in the window, e.g. from a file's record, has none). */
  taskUUID?: string
}

/** `generation:start` from the window: GenerationParamsInput with window references. */
export type WindowGenerationRequest = Omit<GenerationParamsInput, 'references'> & { references?: WindowReferenceSource[] }

const httpUrl = z.string().url('Must be a URL').regex(/^https?:\/\//i, 'Must be an http(s) URL').max(2048)

const baseParams = z
  .object({
    prompt: z.string().trim().min(1, 'Write a prompt').max(MAX_PROMPT_LENGTH, `A prompt has at most ${MAX_PROMPT_LENGTH} characters`),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    resolution: z.string().optional(),
    numberResults: z.number().int('Count must be a whole number').default(1),
    // URL by default: `npm run bench -- pipeline` measured base64Data within 0.3 % of URL end to
    // end, and URL results are streamed to disk (bounded memory) and retried one by one.
    outputType: z.enum(OUTPUT_TYPES).default('URL'),
    outputFormat: z.enum(OUTPUT_FORMATS).default('JPG'),
    outputQuality: z.number().int('Quality must be a whole number').optional(),
    references: z.array(referenceSourceSchema).default([]),
    safety: z.object({ checkContent: z.boolean(), mode: z.enum(['none', 'fast']).optional() }).strict().optional(),
    ttl: z.number().int('TTL must be whole seconds').min(60, 'TTL is at least 60 seconds').optional(),
    includeCost: z.boolean().default(true),
    deliveryMethod: z.enum(DELIVERY_METHODS).default('sync'),
    webhookURL: httpUrl.optional(),
    uploadEndpoint: httpUrl.optional()
  })
  .strict()

export type GenerationParamsInput = z.input<typeof baseParams>
export type GenerationParams = z.output<typeof baseParams>

/** The schema for one model; cross-field rules use its capability table. */
export function generationParamsSchema(caps: ModelCapabilities) {
  return baseParams.superRefine((p, ctx) => {
    const hasW = p.width !== undefined
    const hasH = p.height !== undefined
    if (hasW !== hasH) ctx.addIssue({ code: 'custom', path: [hasW ? 'height' : 'width'], message: 'Width and height go together' })
    if (hasW && hasH && !caps.sizes.some((s) => s.width === p.width && s.height === p.height)) {
      ctx.addIssue({ code: 'custom', path: ['width'], message: `${p.width}×${p.height} is not a size this model makes; pick one of the presets` })
    }
    if (p.resolution !== undefined) {
      if (!caps.resolutions.includes(p.resolution)) ctx.addIssue({ code: 'custom', path: ['resolution'], message: `Resolution must be one of ${caps.resolutions.join(', ')}` })
      if (hasW || hasH) ctx.addIssue({ code: 'custom', path: ['resolution'], message: 'Use either a size preset or a resolution, not both' })
    }
    const { min, max } = caps.numberResults
    if (p.numberResults < min || p.numberResults > max) ctx.addIssue({ code: 'custom', path: ['numberResults'], message: `Count must be between ${min} and ${max}` })
    const q = caps.outputQuality
    if (p.outputQuality !== undefined && (p.outputQuality < q.min || p.outputQuality > q.max)) {
      ctx.addIssue({ code: 'custom', path: ['outputQuality'], message: `Quality must be between ${q.min} and ${q.max}` })
    }
    if (!caps.outputFormats.includes(p.outputFormat)) ctx.addIssue({ code: 'custom', path: ['outputFormat'], message: `Format must be one of ${caps.outputFormats.join(', ')}` })
    if (p.references.length > caps.maxReferenceImages) {
      ctx.addIssue({ code: 'custom', path: ['references'], message: `This model takes at most ${caps.maxReferenceImages} reference image${caps.maxReferenceImages === 1 ? '' : 's'}` })
    }
    if (p.ttl !== undefined && p.outputType !== 'URL') ctx.addIssue({ code: 'custom', path: ['ttl'], message: 'TTL applies only to URL output' })
  })
}

export type ParamsCheck = { ok: true; params: GenerationParams } | { ok: false; field: string; message: string }

/** Validates composer input for a model: the first problem, named by its field. */
export function checkGenerationParams(model: string, input: unknown): ParamsCheck {
  const caps = capabilitiesFor(model)
  if (!caps) return { ok: false, field: 'model', message: `Unknown model "${model}"` }
  const r = generationParamsSchema(caps).safeParse(input)
  if (r.success) return { ok: true, params: r.data }
  const issue = r.error.issues[0]!
  const field = issue.path.map(String).join('.') || 'params'
  return { ok: false, field, message: `${field}: ${issueMessage(issue)}` }
}

/**
 * The size a request sends to Runware: the width and height given, or the
 * resolution; else, with a reference, the 1K tier (it follows the first
 * reference's aspect ratio); else the square preset (explicit, not a server
 * default). One rule for the task builder and the detail view's "as sent".
 */
export function sentSize(p: { width?: number; height?: number; resolution?: string }, referenceCount: number): { width: number; height: number } | { resolution: string } {
  if (p.width !== undefined && p.height !== undefined) return { width: p.width, height: p.height }
  if (p.resolution !== undefined) return { resolution: p.resolution }
  return referenceCount > 0 ? { resolution: '1K' } : { width: 1024, height: 1024 }
}
