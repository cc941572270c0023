import { api, call } from '../../api'
import { LogoMark } from '../../components/LogoMark'
import { Modal } from '../../components/Modal'
import { useAppStore } from '../../store'

const dash = (v: string | null): string => v ?? '—'

export function AboutDialog() {
  const info = useAppStore((s) => s.info)
  const infoError = useAppStore((s) => s.infoError)
  const closeDialog = useAppStore((s) => s.closeDialog)
  const reportError = useAppStore((s) => s.reportError)
  const health = useAppStore((s) => s.health)

  const openLogs = async (): Promise<void> => {
    try {
      await call(() => api.app.openLogsFolder())
    } catch (e) {
      reportError("Couldn't open the logs folder", e)
    }
  }

  return (
    <Modal
      title="About"
      testId="about-dialog"
      size="small"
      onClose={closeDialog}
      footer={
        <>
          {/* Always offered: when the app fails, the log is what is left to look at. */}
          <button type="button" className="button" onClick={() => void openLogs()}>
            Open logs folder
          </button>
          <button type="button" className="button" onClick={closeDialog}>
            Close
          </button>
        </>
      }
    >
      <div className="about-hero">
        <LogoMark size={48} />
        <div>
          <p className="about-name">{info?.name ?? 'Imagine Studio'}</p>
          <p className="about-version" data-testid="about-version">
            {info ? `Version ${info.version}` : infoError ? 'Version unavailable' : 'Loading…'}
          </p>
        </div>
      </div>

      {info ? (
        <>
          <dl className="about-grid">
            <dt>Electron</dt>
            <dd>{dash(info.versions.electron)}</dd>
            <dt>Chrome</dt>
            <dd>{dash(info.versions.chrome)}</dd>
            <dt>Node</dt>
            <dd>{info.versions.node}</dd>
            <dt>SQLite</dt>
            <dd>{info.versions.sqlite}</dd>
            <dt>Library check</dt>
            <dd data-testid="about-health">
              {health === null ? '—' : health.report.ok ? 'No problems found at start-up' : `${health.report.problems.length} problem${health.report.problems.length === 1 ? '' : 's'}: ${health.report.problems.join('; ')}`}
            </dd>
          </dl>
          <div className="about-path">
            <p className="field-label">Data folder</p>
            <p className="about-path-value" data-testid="about-data-dir">
              {info.dataDir}
            </p>
          </div>
          <div className="about-path">
            <p className="field-label">Logs</p>
            <p className="about-path-value" data-testid="about-logs-dir">
              {info.logsDir}
            </p>
          </div>
        </>
      ) : infoError ? (
        <p className="field-error">{infoError}</p>
      ) : null}

      <p className="about-credit">Images by xAI Grok Imagine, served through Runware.</p>
    </Modal>
  )
}
