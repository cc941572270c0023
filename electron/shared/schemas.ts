/**
 * zod schemas for every invoke channel's arguments. Main parses with these at the
 * boundary; the `satisfies` clause makes the compiler reject a schema whose output
 * differs from the contract's argument tuple.
 */
import { z } from 'zod'
import { rendererErrorSchema } from './renderer-error'
import { THUMBNAIL_FITS, THUMBNAIL_SIZES } from './domain'
import { MODEL_CAPABILITIES } from './model-capabilities'
import { API_KEY_CHARS, MALFORMED_API_KEY_MESSAGE } from './api-key'
import { EMPTY_REFERENCE_MESSAGE, MAX_REFERENCE_FILE_BYTES, MAX_REFERENCE_NAME_LENGTH, referenceTooLargeMessage, type WindowGenerationRequest } from './generation'
import type { InvokeArgs, InvokeChannel } from './ipc-contract'
import { COST_GROUPINGS } from './spend'
import { MAX_PROMPT_PAGE, PROMPT_SORTS, SORT_DIRECTIONS } from './prompts'
import { CREDENTIAL_FILES, EXPORT_EXISTING, EXPORT_FORMATS, EXPORT_METADATA_LEVELS, EXPORT_SUBFOLDERS, MAX_EXPORT_IMAGES, MAX_TEMPLATE_LENGTH } from './export'

export const MAX_API_KEY_LENGTH = 512
/** Text the window may put on the clipboard: a prompt, or an image's parameters as JSON. */
export const MAX_COPIED_TEXT = 100_000

/** What a new prompt starts with (Settings → Defaults); the aspect is 'auto' or one of a model's presets. */
export const promptDefaultsSchema = z
  .object({
    aspect: z.enum(['auto', ...new Set(Object.values(MODEL_CAPABILITIES).flatMap((m) => m.sizes.map((p) => p.aspect)))] as [string, ...string[]]),
    count: z.number().int().min(1, 'At least 1 image').max(20, 'At most 20 images'),
    outputFormat: z.enum(['JPG', 'PNG', 'WEBP']),
    outputQuality: z.number().int().min(20, 'Quality is 20 to 99').max(99, 'Quality is 20 to 99'),
    safetyCheck: z.boolean()
  })
  .strict()

export const settingsSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']),
  model: z.string().trim().min(1, 'Model id is required').max(200),
  concurrency: z.number().int().min(1, 'At least 1 job at a time').max(8, 'At most 8 jobs at a time'),
  sidebarCollapsed: z.boolean(),
  thumbnailSize: z.enum(THUMBNAIL_SIZES),
  thumbnailFit: z.enum(THUMBNAIL_FITS),
  spellcheck: z.boolean(),
  promptDefaults: promptDefaultsSchema,
  /** US dollars a day past which the estimate turns amber; null: no budget. */
  dailyBudgetUsd: z.number().positive('A budget is more than $0').max(100_000, 'A budget is at most $100,000').nullable(),
  notifications: z.boolean()
})

export const settingsPatchSchema = settingsSchema.partial().strict()

const apiKeySchema = z
  .string()
  .trim()
  .min(8, 'That API key is too short')
  .max(MAX_API_KEY_LENGTH, 'That API key is too long')
  .regex(API_KEY_CHARS, MALFORMED_API_KEY_MESSAGE)

const urlSchema = z.string().max(4096)

const epochMs = z.number().int('A time is whole milliseconds').min(0).max(8.64e15)
/** `library:cost-totals`' range: [from, to) in epoch ms. */
const costRangeSchema = z
  .object({ from: epochMs.optional(), to: epochMs.optional() })
  .strict()
  .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, 'A range ends after it starts')

const promptListQuerySchema = z
  .object({
    filter: z.string().max(4000),
    sort: z.enum(PROMPT_SORTS),
    direction: z.enum(SORT_DIRECTIONS),
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(MAX_PROMPT_PAGE)
  })
  .strict()

/** Bytes of a dropped or pasted image: checked for size here, for content in main (references.ts). */
const referenceBytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'Reference bytes must be binary data (a Uint8Array)').superRefine((data, ctx) => {
  if (data.byteLength === 0) ctx.addIssue({ code: 'custom', message: EMPTY_REFERENCE_MESSAGE })
  else if (data.byteLength > MAX_REFERENCE_FILE_BYTES) ctx.addIssue({ code: 'custom', message: referenceTooLargeMessage(data.byteLength) })
})

const newReferenceKinds = [
  z.object({ kind: z.literal('file'), token: z.string().min(1).max(100) }),
  z.object({ kind: z.literal('url'), url: z.string().max(4096) }),
  z.object({ kind: z.literal('image'), imageId: z.number().int().positive() }),
  z.object({ kind: z.literal('bytes'), data: referenceBytes, name: z.string().max(MAX_REFERENCE_NAME_LENGTH, 'A file name has at most 255 characters') })
] as const
/** What `references:prepare` takes: a granted file token, a URL, a library image or bytes; never a path. */
const newReferenceSchema = z.discriminatedUnion('kind', [...newReferenceKinds])
/** A reference the window may send to `generation:start`: any of those, or one main prepared. */
const windowReferenceSchema = z.discriminatedUnion('kind', [...newReferenceKinds, z.object({ kind: z.literal('prepared'), referenceId: z.number().int().positive() })])
export const PATH_FROM_WINDOW_MESSAGE = 'The window cannot name a file by its path: drop it or choose it.'

/** The first problem with a window reference, as one plain sentence, or null. */
function windowReferenceProblem(ref: unknown, schema: z.ZodType): string | null {
  const kind = (ref as { kind?: unknown } | null)?.kind
  if (kind === 'path') return PATH_FROM_WINDOW_MESSAGE
  const r = schema.safeParse(ref)
  if (r.success) return null
  const issue = r.error.issues[0]
  if (issue?.code === 'invalid_union' && issue.path.length === 0) return 'Not a reference: give a file, a URL, a library image or image bytes'
  return issue?.message ?? 'Not a reference'
}
const generationId = z.number().int().positive()
const imageId = z.number().int().positive()
const collectionId = z.number().int().positive()
const ids = z.array(imageId).min(1, 'No images were given').max(10_000, 'At most 10000 images at a time')
const tagNames = z.array(z.string().trim().min(1, 'A tag needs a name').max(64, 'A tag has at most 64 characters')).min(1).max(50)
const collectionName = z.string().trim().min(1, 'A collection needs a name').max(120, 'A collection name has at most 120 characters')
const savedSearchId = z.number().int().positive()
const savedSearchName = z.string().trim().min(1, 'A saved search needs a name').max(120, 'A saved search name has at most 120 characters')
const viewSchema = z
  .object({
    query: z.string().max(10_000).optional(),
    section: z.enum(['all', 'favorites', 'trash']).optional(),
    collectionId: collectionId.optional(),
    sort: z.enum(['newest', 'oldest', 'rating', 'cost']).optional()
  })
  .strict()

export const exportSettingsSchema = z
  .object({
    template: z.string().trim().min(1, 'A file name template is needed').max(MAX_TEMPLATE_LENGTH, `A template has at most ${MAX_TEMPLATE_LENGTH} characters`),
    subfolders: z.enum(EXPORT_SUBFOLDERS),
    format: z.enum(EXPORT_FORMATS),
    quality: z.number().int().min(1, 'Quality is 1 to 100').max(100, 'Quality is 1 to 100'),
    resize: z.number().int().min(16, 'Resize takes a long edge of 16 to 65535 px').max(65_535, 'Resize takes a long edge of 16 to 65535 px').nullable(),
    metadata: z.enum(EXPORT_METADATA_LEVELS),
    sidecar: z.boolean(),
    existing: z.enum(EXPORT_EXISTING),
    contentCredentials: z.boolean().optional()
  })
  .strict()
const windowExportOptionsSchema = exportSettingsSchema
  .extend({
    folderToken: z.string().min(1, 'Choose a folder first').max(100),
    zipName: z.string().trim().min(1).max(255, 'A zip name has at most 255 characters').nullable()
  })
  .strict()
/** An organise action's target: ids, or a whole view (main reads its ids), bounded by `maxId`, minus `except`. */
const viewTargetFields = { except: z.array(imageId).max(10_000, 'At most 10000 images can be left out').optional(), maxId: imageId.optional() }
const target = z.union([ids, z.object({ view: viewSchema, ...viewTargetFields }).strict()])
const exportTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ids'), ids: z.array(imageId).min(1, 'No images were given').max(MAX_EXPORT_IMAGES, `At most ${MAX_EXPORT_IMAGES} images per export`) }).strict(),
  z.object({ kind: z.literal('view'), view: viewSchema, ...viewTargetFields }).strict()
])
const presetName = z.string().trim().min(1, 'A preset needs a name').max(120, 'A preset name has at most 120 characters')

type ArgSchemas = { [C in InvokeChannel]: z.ZodType<InvokeArgs<C>> }

export const invokeArgSchemas = {
  'app:get-info': z.tuple([]),
  'app:report-error': z.tuple([rendererErrorSchema]),
  'app:open-logs-folder': z.tuple([]),
  'app:open-data-folder': z.tuple([]),
  'app:get-health': z.tuple([]),
  'settings:get': z.tuple([]),
  'settings:update': z.tuple([settingsPatchSchema]),
  'secrets:get-api-key-status': z.tuple([]),
  'secrets:set-api-key': z.tuple([apiKeySchema]),
  'secrets:clear-api-key': z.tuple([]),
  'shell:open-external': z.tuple([urlSchema]),
  'library:get-stats': z.tuple([]),
  // The full check needs the model's capability table (a setting), so the service
  // runs it (checkGenerationParams) and names the failing field.
  // References are checked here only for what the window may name: never a path.
  'generation:start': z.tuple([
    z
      .custom<WindowGenerationRequest>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'Generation parameters must be an object')
      .superRefine((v, ctx) => {
        const refs = (v as { references?: unknown }).references
        if (refs === undefined) return
        if (!Array.isArray(refs) || refs.length > 16) return void ctx.addIssue({ code: 'custom', path: ['references'], message: 'References must be a short list' })
        for (const ref of refs) {
          const problem = windowReferenceProblem(ref, windowReferenceSchema)
          if (problem !== null) return void ctx.addIssue({ code: 'custom', path: ['references'], message: problem })
        }
      })
  ]),
  'references:prepare': z.tuple([
    z.custom<InvokeArgs<'references:prepare'>[0]>().superRefine((ref, ctx) => {
      const problem = windowReferenceProblem(ref, newReferenceSchema)
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
    })
  ]),
  'files:grant-path': z.tuple([z.string().min(1, 'Empty file path').max(4096)]),
  'desktop:start-drag': z.tuple([z.array(imageId).min(1, 'No images were given').max(1000, 'At most 1000 images can be dragged at once')]),
  'desktop:copy-image': z.tuple([imageId]),
  'desktop:copy-text': z.tuple([z.string().max(MAX_COPIED_TEXT, `At most ${MAX_COPIED_TEXT} characters can be copied`)]),
  'desktop:show-in-folder': z.tuple([imageId]),
  'generation:cancel': z.tuple([generationId]),
  'generation:list': z.tuple([]),
  'generation:get-images': z.tuple([generationId]),
  'generation:get-recipe': z.tuple([generationId]),
  'generation:run-again': z.tuple([generationId]),
  'generation:resume': z.tuple([generationId]),
  'generation:clear-finished': z.tuple([]),
  'account:get-balance': z.tuple([]),
  'library:page': z.tuple([viewSchema, z.string().max(1000).nullable(), z.number().int().min(1).max(500)]),
  'library:count': z.tuple([viewSchema]),
  'library:id-list': z.tuple([viewSchema]),
  'library:month-counts': z.tuple([viewSchema]),
  'library:get-images': z.tuple([ids.max(500)]),
  'library:swatches': z.tuple([ids.max(2000)]),
  'library:set-favorite': z.tuple([target, z.boolean()]),
  'library:set-rating': z.tuple([target, z.number().int().min(0, 'A rating is 0 to 5 stars').max(5, 'A rating is 0 to 5 stars')]),
  'library:set-note': z.tuple([imageId, z.string().max(10_000).nullable()]),
  'library:add-tags': z.tuple([target, tagNames]),
  'library:remove-tags': z.tuple([target, tagNames]),
  'library:list-tags': z.tuple([]),
  'library:trash': z.tuple([target]),
  'library:restore': z.tuple([target]),
  'library:empty-trash': z.tuple([]),
  'library:delete-forever': z.tuple([ids]),
  'library:lineage': z.tuple([imageId]),
  'library:list-collections': z.tuple([]),
  'library:create-collection': z.tuple([collectionName]),
  'library:rename-collection': z.tuple([collectionId, collectionName]),
  'library:delete-collection': z.tuple([collectionId]),
  'library:add-to-collection': z.tuple([collectionId, target]),
  'library:remove-from-collection': z.tuple([collectionId, target]),
  'library:collection-membership': z.tuple([ids]),
  'library:cost-totals': z.tuple([z.enum(COST_GROUPINGS), costRangeSchema.optional()]),
  'library:prompts': z.tuple([z.string().max(4000), z.number().int().min(1).max(200)]),
  'library:prompt-list': z.tuple([promptListQuerySchema]),
  'library:list-saved-searches': z.tuple([]),
  'library:save-search': z.tuple([savedSearchName, z.string().max(10_000)]),
  'library:delete-saved-search': z.tuple([savedSearchId]),
  'library:rename-saved-search': z.tuple([savedSearchId, savedSearchName]),
  'library:reorder-saved-searches': z.tuple([z.array(savedSearchId).max(1000, 'At most 1,000 saved searches')]),
  'export:choose-folder': z.tuple([]),
  'export:start': z.tuple([exportTargetSchema, windowExportOptionsSchema]),
  'export:cancel': z.tuple([z.string().min(1).max(100)]),
  'export:preview-names': z.tuple([exportSettingsSchema.partial().strict(), z.array(imageId).max(50, 'At most 50 names are previewed'), collectionId.nullable()]),
  'export:get-last-settings': z.tuple([]),
  'export:get-last-export': z.tuple([]),
  'export:list-presets': z.tuple([]),
  'export:save-preset': z.tuple([presetName, exportSettingsSchema]),
  'export:delete-preset': z.tuple([presetName]),
  'export:get-credentials': z.tuple([]),
  'export:choose-credentials-file': z.tuple([z.enum(CREDENTIAL_FILES)]),
  'export:clear-credentials': z.tuple([]),
  'backup:get-status': z.tuple([]),
  'backup:choose-folder': z.tuple([]),
  'backup:start': z.tuple([z.string().min(1).max(100)]),
  'backup:cancel': z.tuple([z.string().min(1).max(100)])
} satisfies ArgSchemas
