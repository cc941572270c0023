import { Fragment } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { QueueIcon } from '../../components/icons'
import { useAppStore } from '../../store'
import { isFinal } from '../../store/jobs-slice'
import type { AppState } from '../../store/types'
import { JobCard } from './JobCard'
import { queueSummary } from './job-format'
import { AccountStatus, SpendStrip } from '../spend/AccountStatus'

/** Ids of the jobs the panel shows, newest first (ids grow with time). */
function visibleJobIds(s: AppState): number[] {
  return Object.values(s.jobs)
    .filter((j) => !s.hiddenJobIds[j.generationId])
    .map((j) => j.generationId)
    .sort((a, b) => b - a)
}

function visibleJobs(s: AppState): AppState['jobs'][number][] {
  return Object.values(s.jobs).filter((j) => !s.hiddenJobIds[j.generationId])
}

/** Jobs in flight and those that ended in the last day (less those cleared), newest on top. */
export function QueuePanel() {
  const ids = useAppStore(useShallow(visibleJobIds))
  const summary = useAppStore(useShallow((s) => queueSummary(visibleJobs(s).map((j) => j.status))))
  const anyFinished = useAppStore((s) => visibleJobs(s).some((j) => isFinal(j.status)))
  const clearFinished = useAppStore((s) => s.clearFinishedJobs)

  return (
    <aside className="queue" data-testid="queue" aria-labelledby="queue-title">
      <header className="panel-header">
        <h2 id="queue-title" className="panel-title">
          Queue
        </h2>
        <AccountStatus />
      </header>
      <SpendStrip />

      {ids.length === 0 ? (
        <div className="queue-empty" data-testid="queue-empty">
          <span className="queue-empty-icon">
            <QueueIcon size={18} />
          </span>
          <p className="queue-empty-title">No jobs yet</p>
          <p className="queue-empty-hint">Each generation appears here with its progress while it runs.</p>
        </div>
      ) : (
        <>
          <div className="queue-toolbar">
            {/* Floated first, so a long summary wraps under it rather than beside it. */}
            {anyFinished ? (
              <button type="button" className="link-button queue-clear" data-testid="clear-finished" onClick={() => void clearFinished()}>
                Clear finished
              </button>
            ) : null}
            <span className="queue-summary" data-testid="queue-summary">
              {/* Each count stays whole: a narrow queue wraps between them. */}
              {summary.map((part, i) => (
                <Fragment key={part}>
                  {i > 0 ? ' ' : null}
                  <span className="queue-summary-part">{i < summary.length - 1 ? `${part} ·` : part}</span>
                </Fragment>
              ))}
            </span>
          </div>
          <ol className="job-list" data-testid="job-list" aria-label="Generations">
            {ids.map((id) => (
              <JobCard key={id} generationId={id} />
            ))}
          </ol>
        </>
      )}
    </aside>
  )
}
