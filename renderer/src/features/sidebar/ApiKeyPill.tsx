import { KeyIcon } from '../../components/icons'
import { Tooltip } from '../../components/Tooltip'
import { useAppStore } from '../../store'

/** Whether a key is set, at a glance; a click opens Settings where it is managed. */
export function ApiKeyPill({ collapsed }: { collapsed: boolean }) {
  const status = useAppStore((s) => s.apiKeyStatus)
  const openDialog = useAppStore((s) => s.openDialog)
  const state = status === null ? 'unknown' : status.set ? 'set' : 'missing'
  const label = state === 'unknown' ? 'Checking API key…' : state === 'set' ? 'API key set' : 'No API key'

  return (
    <Tooltip label={label} side="right" off={!collapsed}>
      <button
        type="button"
        className="key-pill"
        data-state={state}
        data-testid="api-key-pill"
        aria-label={`${label}. Open settings`}
        title={collapsed ? undefined : 'Manage your Runware API key'}
        onClick={() => openDialog('settings')}
      >
        <span className="key-pill-dot" aria-hidden="true" />
        <KeyIcon size={14} className="key-pill-icon" />
        <span className="key-pill-label">{label}</span>
      </button>
    </Tooltip>
  )
}
