/**
 * An error the window reports to main for the log (`app:report-error`): an uncaught
 * error, an unhandled rejection, or a render error the error boundary caught. Plain
 * strings only (an Error does not survive the IPC copy); the window cuts them to
 * these limits and the schema refuses anything longer.
 */
import { z } from 'zod'

export const RENDERER_ERROR_KINDS = ['error', 'unhandledrejection', 'render'] as const
export type RendererErrorKind = (typeof RENDERER_ERROR_KINDS)[number]

export const RENDERER_ERROR_LIMITS = { message: 2000, stack: 16_000, source: 1000 } as const

export const rendererErrorSchema = z
  .object({
    kind: z.enum(RENDERER_ERROR_KINDS),
    message: z.string().max(RENDERER_ERROR_LIMITS.message),
    stack: z.string().max(RENDERER_ERROR_LIMITS.stack).nullable(),
    /** Script URL and position (window errors), or the React component stack (render errors). */
    source: z.string().max(RENDERER_ERROR_LIMITS.source).nullable(),
    line: z.number().int().nonnegative().nullable(),
    column: z.number().int().nonnegative().nullable()
  })
  .strict()

export type RendererErrorReport = z.infer<typeof rendererErrorSchema>

/** Cuts a string to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
