import { type FormEvent, useId, useState } from 'react'
import type { ApiKeyStatus } from '../../../../electron/shared/domain'
import { ExternalIcon } from '../../components/icons'
import { api, call } from '../../api'
import { useAppStore } from '../../store'
import { describeApiKeyStatus, keySavedNotice } from './api-key-text'

const RUNWARE_KEYS_URL = 'https://my.runware.ai/'

function keyHelp(status: ApiKeyStatus | null): string {
  if (status?.source === 'environment') return 'A key saved here takes precedence over the environment variable.'
  if (status && !status.persistent) return 'This system has no keychain, so a saved key is kept in memory until you quit.'
  if (status && !status.osProtected)
    return 'This Linux session has no keyring (GNOME Keyring or KWallet), so the key is saved with a password built into the app: it is obscured, not protected. Anyone who can read your files can read the key.'
  return 'Encrypted by your operating system. It is never shown again and is sent only to Runware.'
}

/**
 * Add, replace or remove the Runware key. The typed key lives only in this
 * component's state (never in the store) and is cleared once saved.
 */
export function ApiKeySection() {
  const status = useAppStore((s) => s.apiKeyStatus)
  const saveApiKey = useAppStore((s) => s.saveApiKey)
  const clearApiKey = useAppStore((s) => s.clearApiKey)
  const reportError = useAppStore((s) => s.reportError)
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const id = useId()

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (draft.trim() === '' || busy) return
    setBusy(true)
    setNotice(null)
    const outcome = await saveApiKey(draft)
    setBusy(false)
    if (outcome.ok) {
      setDraft('')
      setError(null)
      setNotice(keySavedNotice(outcome.check))
    } else if (outcome.error.code === 'VALIDATION' || outcome.error.code === 'API_AUTH') {
      setError(outcome.error.message)
    }
  }

  const onRemove = async (): Promise<void> => {
    setBusy(true)
    setNotice(null)
    if (await clearApiKey()) setNotice('API key removed.')
    setBusy(false)
  }

  const openKeysPage = async (): Promise<void> => {
    try {
      await call(() => api.shell.openExternal(RUNWARE_KEYS_URL))
    } catch (e) {
      reportError("Couldn't open the browser", e)
    }
  }

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <div className="settings-section-head">
        <h3 id={`${id}-title`} className="settings-section-title">
          Runware API key
        </h3>
        <button type="button" className="link-button link-external" onClick={() => void openKeysPage()}>
          Get an API key
          <ExternalIcon size={13} />
        </button>
      </div>

      <p className="key-status" data-testid="api-key-status" data-set={status?.set ?? false}>
        <span className="key-status-dot" aria-hidden="true" />
        {status === null ? 'Checking…' : describeApiKeyStatus(status)}
      </p>

      <form className="key-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <label htmlFor={`${id}-key`} className="field-label">
          {status?.set ? 'Replace key' : 'API key'}
        </label>
        <div className="key-row">
          <input
            id={`${id}-key`}
            className={`text-input${error ? ' has-error' : ''}`}
            data-testid="api-key-input"
            data-autofocus
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={status?.set ? 'Paste a new key to replace the current one' : 'Paste your Runware API key'}
            value={draft}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : `${id}-help`}
            onChange={(event) => {
              setDraft(event.target.value)
              setError(null)
              setNotice(null)
            }}
          />
          <button type="submit" className="button button-primary" data-testid="api-key-save" disabled={busy || draft.trim() === ''}>
            Save
          </button>
          {status?.source === 'keychain' ? (
            <button type="button" className="button button-danger-quiet" data-testid="api-key-clear" disabled={busy} onClick={() => void onRemove()}>
              Remove
            </button>
          ) : null}
        </div>
        {error ? (
          <p id={`${id}-error`} className="field-error" data-testid="api-key-error" role="alert">
            {error}
          </p>
        ) : (
          <p id={`${id}-help`} className="field-help" data-testid="api-key-help" aria-live="polite">
            {notice ?? keyHelp(status)}
          </p>
        )}
      </form>
    </section>
  )
}
