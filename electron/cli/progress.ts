/**
 * What `generate` and `resume` share: the progress line of a job, `--wait` and
 * the deadline it sets for a Runware that cannot be reached.
 */
import { ValidationError } from '../core/errors'
import type { JobProgress } from '../shared/jobs'
import { DEFAULT_WAIT_S } from './cli-text'

/** Seconds for `--wait`: more than 0, at most a day (setTimeout overflows past ~24 days). */
export function waitOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_WAIT_S
  const s = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN
  if (!(s > 0 && s <= 86_400)) throw new ValidationError(`--wait takes seconds, more than 0 and at most 86400 (got "${value}")`, 'wait')
  return s
}

/**
 * Fires once jobs have waited `ms` in one stretch for a network they cannot reach. The clock
 * runs only while some job has `waitingForNetwork` set, so a long job that is making progress runs on.
 */
export function networkDeadline(ms: number): { track(p: JobProgress): void; expired: Promise<null>; dispose(): void } {
  let timer: NodeJS.Timeout | null = null
  let expire!: (v: null) => void
  const expired = new Promise<null>((resolve) => (expire = resolve))
  const waiting = new Set<number>()
  const dispose = (): void => {
    if (timer) clearTimeout(timer)
    timer = null
  }
  return {
    track: (p) => {
      if (p.waitingForNetwork) waiting.add(p.generationId)
      else waiting.delete(p.generationId)
      if (waiting.size === 0) dispose()
      else timer ??= setTimeout(() => expire(null), ms)
    },
    expired,
    dispose
  }
}

export function describe(p: JobProgress): string {
  const parts = [`[${p.status}]`]
  if (p.imagesTotal > 0 && (p.status === 'running' || p.status === 'downloading' || p.imagesDone > 0)) parts.push(`${p.imagesDone}/${p.imagesTotal} images`)
  if (p.waitingForNetwork) parts.push('waiting for the network…')
  if (p.retries > 0) parts.push(`retries: ${p.retries}`)
  if (p.costUsd !== null) parts.push(`$${p.costUsd.toFixed(4)}`)
  parts.push(`${(p.elapsedMs / 1000).toFixed(1)} s`)
  if (p.message) parts.push(`— ${p.message}`)
  if (p.error) parts.push(`— ${p.error.message}`)
  return parts.join(' ')
}
