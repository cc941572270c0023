/**
 * Images on their way: from the moment a job is submitted, its images show as
 * placeholders at the top of the gallery with the job's state, and each one gives
 * way as its image arrives in the grid below (issue 12). Only where new images
 * will appear: All images, not searching.
 */
import { useAppStore } from '../../store'
import { isFinal, type JobEntry } from '../../store/jobs-slice'
import { STATUS_WORDS } from '../queue/job-format'

/** Placeholders drawn at most; the rest are counted on the last one. */
const MAX_PLACEHOLDERS = 12

interface Pending {
  job: JobEntry
  /** 1-based number of this image within its job. */
  n: number
}

function pendingOf(jobs: Record<number, JobEntry>): Pending[] {
  return Object.values(jobs)
    .filter((j) => !isFinal(j.status) && j.imagesTotal > j.imagesDone)
    .sort((a, b) => b.generationId - a.generationId)
    .flatMap((job) => Array.from({ length: job.imagesTotal - job.imagesDone }, (_, i) => ({ job, n: job.imagesDone + i + 1 })))
}

function stateText(job: JobEntry): string {
  return job.waitingForNetwork ? 'Waiting for network…' : STATUS_WORDS[job.status]
}

export function PendingStrip() {
  const jobs = useAppStore((s) => s.jobs)
  const pending = pendingOf(jobs)
  if (pending.length === 0) return null
  const shown = pending.slice(0, MAX_PLACEHOLDERS)
  const more = pending.length - shown.length
  const count = pending.length
  return (
    <section className="pending-strip" aria-label="Images on their way" data-testid="pending-strip">
      <h2 className="pending-title">
        {count.toLocaleString()} {count === 1 ? 'image' : 'images'} on the way
      </h2>
      {/* The job's state is written on its first placeholder; the others only shimmer. */}
      <ul className="pending-tiles">
        {shown.map(({ job, n }, i) => {
          const last = i === shown.length - 1 && more > 0
          return (
            <li
              key={`${job.generationId}:${n}`}
              className="pending-tile"
              data-testid="pending-tile"
              data-status={job.status}
              aria-label={`${stateText(job)}: image ${n} of ${job.imagesTotal}, ${job.prompt}`}
              title={job.prompt}
            >
              <span className="pending-shimmer" aria-hidden="true" />
              <span className="pending-state" aria-hidden="true">
                {last ? `+${(more + 1).toLocaleString()}` : n === job.imagesDone + 1 ? stateText(job) : ''}
              </span>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
