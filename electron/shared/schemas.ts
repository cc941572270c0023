/**
 * zod schemas for every invoke channel's arguments. Main parses with these at the
 * boundary; the `satisfies` clause makes the compiler reject a schema whose output
 * differs from the contract's argument tuple.
 */
import { z } from 'zod'
import type { GenerationParamsInput } from './generation'
import type { InvokeArgs, InvokeChannel } from './ipc-contract'

export const MAX_API_KEY_LENGTH = 512

export const settingsSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']),
  model: z.string().trim().min(1, 'Model id is required').max(200),
  concurrency: z.number().int().min(1, 'At least 1 job at a time').max(8, 'At most 8 jobs at a time'),
  sidebarCollapsed: z.boolean()
})

export const settingsPatchSchema = settingsSchema.partial().strict()

const apiKeySchema = z
  .string()
  .trim()
  .min(8, 'That API key is too short')
  .max(MAX_API_KEY_LENGTH, 'That API key is too long')
  .regex(/^[\x21-\x7e]+$/, 'An API key has no spaces or special characters')

const urlSchema = z.string().max(4096)
const generationId = z.number().int().positive()

type ArgSchemas = { [C in InvokeChannel]: z.ZodType<InvokeArgs<C>> }

export const invokeArgSchemas = {
  'app:get-info': z.tuple([]),
  'settings:get': z.tuple([]),
  'settings:update': z.tuple([settingsPatchSchema]),
  'secrets:get-api-key-status': z.tuple([]),
  'secrets:set-api-key': z.tuple([apiKeySchema]),
  'secrets:clear-api-key': z.tuple([]),
  'shell:open-external': z.tuple([urlSchema]),
  'library:get-stats': z.tuple([]),
  // The full check needs the model's capability table (a setting), so the service
  // runs it (checkGenerationParams) and names the failing field.
  'generation:start': z.tuple([z.custom<GenerationParamsInput>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'Generation parameters must be an object')]),
  'generation:cancel': z.tuple([generationId]),
  'generation:list': z.tuple([]),
  'generation:get-images': z.tuple([generationId]),
  'account:get-balance': z.tuple([])
} satisfies ArgSchemas
