import type { AccountBalance } from '../../../../electron/shared/domain'
import type { GenerationStatus } from '../../../../electron/shared/jobs'
import { formatUsd } from '../composer/generate-status'

export const STATUS_WORDS: Record<GenerationStatus, string> = {
  queued: 'Queued',
  submitting: 'Sending',
  running: 'Generating',
  downloading: 'Downloading',
  succeeded: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
  interrupted: 'Interrupted'
}

/** "8s", "1m 05s", "1h 02m". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  if (total < 60) return `${total}s`
  const minutes = Math.floor(total / 60)
  if (minutes < 60) return `${minutes}m ${String(total % 60).padStart(2, '0')}s`
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`
}

export function formatBalance(balance: AccountBalance): string {
  return balance.currency.toUpperCase() === 'USD' ? formatUsd(balance.amount) : `${balance.amount.toFixed(2)} ${balance.currency}`
}
