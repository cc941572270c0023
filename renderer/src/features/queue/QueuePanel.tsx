import { QueueIcon } from '../../components/icons'

/** Jobs in flight and finished recently. The generation engine fills it in the next issue. */
export function QueuePanel() {
  return (
    <aside className="queue" data-testid="queue" aria-labelledby="queue-title">
      <header className="panel-header">
        <h2 id="queue-title" className="panel-title">
          Queue
        </h2>
      </header>
      <div className="queue-empty" data-testid="queue-empty">
        <span className="queue-empty-icon">
          <QueueIcon size={18} />
        </span>
        <p className="queue-empty-title">No jobs yet</p>
        <p className="queue-empty-hint">Each generation appears here with its progress while it runs.</p>
      </div>
    </aside>
  )
}
