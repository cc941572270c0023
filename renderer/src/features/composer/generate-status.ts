import type { ApiKeyStatus } from '../../../../electron/shared/domain'

export type GenerateBlocker =
  | { reason: 'checking-key'; message: string }
  | { reason: 'no-key'; message: string }
  | { reason: 'no-prompt'; message: string }
  | { reason: 'not-connected'; message: string }

/**
 * Why Generate cannot run, in the order a user should fix things. The engine
 * arrives in the next issue, so for now there is always a reason.
 */
export function generateBlocker(apiKeyStatus: ApiKeyStatus | null, prompt: string): GenerateBlocker {
  if (apiKeyStatus === null) return { reason: 'checking-key', message: 'Checking your API key…' }
  if (!apiKeyStatus.set) return { reason: 'no-key', message: 'Add your Runware API key in Settings to generate.' }
  if (prompt.trim() === '') return { reason: 'no-prompt', message: 'Write a prompt to generate.' }
  return { reason: 'not-connected', message: 'Generation is not connected yet in this build.' }
}
