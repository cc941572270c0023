/**
 * The one IPC contract: every invoke channel with its arguments and result, and
 * every event main pushes to the renderer. The `as const` lists back the runtime
 * allow-lists in main and preload; `tests/shared/ipc-contract.test-d.ts` fails
 * when the lists and these interfaces drift apart. Channels are `domain:action`.
 */
import type {
  AccountBalance,
  ApiKeyStatus,
  AppInfo,
  LibraryChanged,
  LibraryStats,
  MenuCommand,
  Settings,
  SettingsPatch
} from './domain'
import type { GenerationParamsInput } from './generation'
import type { JobImage, JobProgress } from './jobs'

export interface InvokeContract {
  'app:get-info': { args: []; result: AppInfo }
  'settings:get': { args: []; result: Settings }
  'settings:update': { args: [patch: SettingsPatch]; result: Settings }
  'secrets:get-api-key-status': { args: []; result: ApiKeyStatus }
  'secrets:set-api-key': { args: [apiKey: string]; result: ApiKeyStatus }
  'secrets:clear-api-key': { args: []; result: ApiKeyStatus }
  'shell:open-external': { args: [url: string]; result: { opened: boolean } }
  'library:get-stats': { args: []; result: LibraryStats }
  'generation:start': { args: [params: GenerationParamsInput]; result: { generationId: number; taskUUID: string } }
  'generation:cancel': { args: [generationId: number]; result: JobProgress }
  'generation:list': { args: []; result: JobProgress[] }
  'generation:get-images': { args: [generationId: number]; result: JobImage[] }
  'account:get-balance': { args: []; result: AccountBalance }
}

export interface EventContract {
  'menu:command': MenuCommand
  'library:changed': LibraryChanged
  'generation:progress': JobProgress
}

export const INVOKE_CHANNELS = [
  'app:get-info',
  'settings:get',
  'settings:update',
  'secrets:get-api-key-status',
  'secrets:set-api-key',
  'secrets:clear-api-key',
  'shell:open-external',
  'library:get-stats',
  'generation:start',
  'generation:cancel',
  'generation:list',
  'generation:get-images',
  'account:get-balance'
] as const satisfies readonly (keyof InvokeContract)[]

export const EVENT_CHANNELS = ['menu:command', 'library:changed', 'generation:progress'] as const satisfies readonly (keyof EventContract)[]

export type InvokeChannel = keyof InvokeContract
export type EventChannel = keyof EventContract
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args']
export type InvokeResult<C extends InvokeChannel> = InvokeContract[C]['result']

/** Sent by the renderer once its listeners are attached; main queues events until then. */
export const RENDERER_READY_CHANNEL = 'app:renderer-ready'

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value)
}
