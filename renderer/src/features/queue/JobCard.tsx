import { useEffect, useRef, useState } from 'react'
import { api } from '../../api'
import { AlertIcon } from '../../components/icons'
import { useAppStore } from '../../store'
import { isFinal, stoppedByDisk } from '../../store/jobs-slice'
import { formatUsd } from '../composer/generate-status'
import { formatElapsed, STATUS_WORDS } from './job-format'
import { useNow } from './use-now'

/** At most this many thumbnails per card; the last one says how many more there are. */
const MAX_THUMBS = 8

/** A result's thumbnail: a click opens that image in the detail view. */
function Thumb({ imageId, index, more }: { imageId: number; index: number; more: number }) {
  const [broken, setBroken] = useState(false)
  const openDetail = useAppStore((s) => s.openDetail)
  return (
    <button
      type="button"
      className="job-thumb-tile"
      data-testid="job-thumb-open"
      data-image-id={imageId}
      data-broken={broken || undefined}
      aria-label={more > 0 ? `Open result ${index + 1} (${more} more)` : `Open result ${index + 1}`}
      onClick={() => void openDetail(imageId)}
    >
      <img
        className="job-thumb"
        data-testid="job-thumb"
        src={api.media.thumbUrl(imageId)}
        alt=""
        loading="lazy"
        decoding="async"
        draggable={false}
        onError={() => setBroken(true)}
      />
      {more > 0 ? (
        <span className="job-thumb-more" aria-hidden="true">
          +{more}
        </span>
      ) : null}
    </button>
  )
}

export function JobCard({ generationId }: { generationId: number }) {
  const job = useAppStore((s) => s.jobs[generationId])
  const images = useAppStore((s) => s.jobImages[generationId])
  const canceling = useAppStore((s) => s.cancelingJobIds[generationId] === true)
  const cancelJob = useAppStore((s) => s.cancelJob)
  const runAgain = useAppStore((s) => s.runAgain)
  const resumeJob = useAppStore((s) => s.resumeJob)
  const final = job ? isFinal(job.status) : true
  const now = useNow(!final)
  const reveal = useAppStore((s) => (s.jobReveal?.generationId === generationId ? s.jobReveal : null))
  const finishJobReveal = useAppStore((s) => s.finishJobReveal)
  const cardRef = useRef<HTMLLIElement>(null)
  // Marked while it holds the focus a notification gave it (programmatic focus shows no ring).
  const [revealed, setRevealed] = useState(false)
  // Its notification was clicked: the card comes into view; a job without images (a failure) takes the focus.
  useEffect(() => {
    const el = cardRef.current
    if (!reveal || !el) return
    // jsdom has no scrollIntoView.
    if (typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'nearest' })
    if (reveal.imageIds.length === 0) {
      el.focus()
      setRevealed(true)
      finishJobReveal(reveal.seq)
    }
  }, [reveal, finishJobReveal])
  if (!job) return null

  const elapsed = final ? job.elapsedMs : job.elapsedMs + Math.max(0, now - job.receivedAt)
  const total = Math.max(job.imagesTotal, 0)
  const done = Math.min(job.imagesDone, total)
  const percent = total === 0 ? 0 : Math.round((done / total) * 100)
  // Moving stripes only while something is actually happening.
  const indeterminate = !final && done === 0 && job.status !== 'queued' && !job.waitingForNetwork
  // A canceled job is canceled, offline or not (main still asks Runware about it once it can).
  const waiting = job.waitingForNetwork && job.status !== 'canceled'
  const shown = images?.slice(0, MAX_THUMBS) ?? []
  const hiddenCount = (images?.length ?? 0) - shown.length

  return (
    <li
      ref={cardRef}
      tabIndex={-1}
      className="job-card"
      data-testid="job-card"
      data-status={job.status}
      data-revealed={revealed || undefined}
      aria-label={`${STATUS_WORDS[job.status]}: ${job.prompt}`}
      onBlur={() => setRevealed(false)}
    >
      <div className="job-top">
        <span className="job-status" data-testid="job-status" data-status={job.status}>
          <span className="job-status-dot" aria-hidden="true" />
          {STATUS_WORDS[job.status]}
        </span>
        <span className="job-meta">
          <span data-testid="job-elapsed">{formatElapsed(elapsed)}</span>
          {job.costUsd !== null ? (
            <span data-testid="job-cost" title="Cost reported by Runware">
              {formatUsd(job.costUsd)}
            </span>
          ) : null}
        </span>
      </div>

      <div className="job-prompt-row">
        {job.referenceIds?.map((id) => (
          <img key={id} className="job-ref" data-testid="job-reference" src={api.media.referenceUrl(id)} alt="Reference image" title="Made from this reference" draggable={false} />
        ))}
        <p className="job-prompt selectable" data-testid="job-prompt" title={job.prompt}>
          {job.prompt}
        </p>
      </div>

      <div className="job-progress-row">
        <div
          className="job-progress"
          data-testid="job-progress"
          data-indeterminate={indeterminate || undefined}
          role="progressbar"
          aria-label="Images done"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={done}
          aria-valuetext={`${done} of ${total} ${total === 1 ? 'image' : 'images'}`}
        >
          <span className="job-progress-fill" style={{ width: `${percent}%` }} />
        </div>
        <span className="job-progress-text">
          {done}/{total}
        </span>
        {stoppedByDisk(job) ? (
          <button
            type="button"
            className="button button-small job-again"
            data-testid="job-resume"
            title="Go on where it stopped once there is room: the paid images are fetched again, nothing is billed again"
            onClick={() => void resumeJob(job.generationId)}
          >
            Resume
          </button>
        ) : final && job.status !== 'interrupted' ? (
          <button
            type="button"
            className="button button-small job-again"
            data-testid="job-run-again"
            title="The same request again, with the same references"
            onClick={() => void runAgain(job.generationId, job.prompt)}
          >
            {job.status === 'failed' || job.status === 'canceled' ? 'Retry' : 'Run again'}
          </button>
        ) : null}
        {!final ? (
          <button
            type="button"
            className="button button-small job-cancel"
            data-testid="job-cancel"
            disabled={canceling}
            onClick={() => void cancelJob(job.generationId)}
          >
            {canceling ? 'Canceling…' : 'Cancel'}
          </button>
        ) : null}
      </div>

      {waiting || job.retries > 0 ? (
        <p className="job-notice">
          {waiting ? <span data-testid="job-waiting">Waiting for network…</span> : null}
          {job.retries > 0 ? (
            <span data-testid="job-retries">{final ? `Retried ${job.retries}×` : `Retrying (${job.retries})`}</span>
          ) : null}
        </p>
      ) : null}

      {job.message ? (
        <p className="job-message selectable" data-testid="job-message">
          {job.message}
        </p>
      ) : null}

      {job.error ? (
        <p className="job-error selectable" data-testid="job-error">
          <AlertIcon size={13} className="job-error-icon" />
          <span>{job.error.message}</span>
        </p>
      ) : null}

      {shown.length > 0 ? (
        <div className="job-thumbs" data-testid="job-thumbs">
          {shown.map((image, i) => (
            <Thumb key={image.imageId} imageId={image.imageId} index={i} more={i === shown.length - 1 ? hiddenCount : 0} />
          ))}
        </div>
      ) : null}

    </li>
  )
}
