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

/**
 * The queue's header line, in parts: "2 active", "3 done", "1 failed". Only a job that succeeded
 * is done; failed, interrupted and canceled ones are counted as what they are. None without jobs.
 */
export function queueSummary(statuses: Iterable<GenerationStatus>): string[] {
  const counts = { active: 0, done: 0, failed: 0, interrupted: 0, canceled: 0 }
  for (const status of statuses) {
    if (status === 'succeeded') counts.done++
    else if (status === 'failed' || status === 'interrupted' || status === 'canceled') counts[status]++
    else counts.active++
  }
  return (Object.keys(counts) as (keyof typeof counts)[])
    .filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${k}`)
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
