/**
 * The transport-free half of IPC: validates a channel's raw arguments with its
 * zod schema, calls the handler, and wraps the outcome in a Result. Electron's
 * `ipcMain` adapter and the browser test host both dispatch through this, so
 * the end-to-end tests exercise exactly the handlers the app runs.
 */
import type { z } from 'zod'
import { issueMessage } from '../../shared/issue-message'
import { invokeArgSchemas } from '../../shared/schemas'
import { isInvokeChannel, type InvokeArgs, type InvokeChannel, type InvokeResult } from '../../shared/ipc-contract'
import { err, ok, type Result } from '../../shared/result'
import { toIpcError } from '../errors'
import type { Logger } from '../log'
import { serializeError } from '../logging/serialize-error'

/** Handlers never see an Electron event: just the validated arguments. */
export type Handlers = {
  [C in InvokeChannel]: (...args: InvokeArgs<C>) => InvokeResult<C> | Promise<InvokeResult<C>>
}

export interface Router {
  dispatch(channel: unknown, rawArgs: unknown[]): Promise<Result<unknown>>
}

function describeIssue(issue: z.core.$ZodIssue): { message: string; field?: string } {
  // Argument tuples are positional: drop the leading index so fields read naturally.
  const path = issue.path.slice(1).map(String).join('.')
  const message = issueMessage(issue)
  return path ? { message: `${path}: ${message}`, field: path } : { message }
}

export function createRouter(handlers: Handlers, log: Logger): Router {
  return {
    async dispatch(channel, rawArgs) {
      if (!isInvokeChannel(channel)) {
        // Only a string is echoed: String() throws on an object without a prototype.
        return err({ code: 'UNKNOWN_CHANNEL', message: typeof channel === 'string' ? `Unknown channel: ${channel.slice(0, 80)}` : `Unknown channel (a ${typeof channel})` })
      }
      const schema = invokeArgSchemas[channel] as z.ZodType<unknown[]>
      const parsed = schema.safeParse(rawArgs)
      if (!parsed.success) {
        const first = parsed.error.issues[0]
        const { message, field } = first ? describeIssue(first) : { message: 'Invalid arguments', field: undefined }
        return err(field === undefined ? { code: 'VALIDATION', message } : { code: 'VALIDATION', message, field })
      }
      const handler = handlers[channel] as (...args: unknown[]) => unknown
      try {
        return ok(await handler(...parsed.data))
      } catch (error) {
        const ipcError = toIpcError(error)
        if (ipcError.code === 'INTERNAL') log.error(`handler ${channel} failed`, { error: serializeError(error) })
        return err(ipcError)
      }
    }
  }
}
