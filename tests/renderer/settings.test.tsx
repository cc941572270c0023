import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { CONCURRENCY } from '../../renderer/src/features/settings/PreferencesSection'
import { settingsSchema } from '../../electron/shared/schemas'
import { ENV_KEY, type FakeApiOptions, KEYCHAIN_KEY, NO_KEY } from './fake-api'
import { renderApp } from './render-app'

async function openSettings(options?: FakeApiOptions) {
  const ctx = await renderApp(options)
  fireEvent.click(screen.getByTestId('settings-button'))
  return { ...ctx, dialog: screen.getByTestId('settings-dialog') }
}

const keyInput = (): HTMLInputElement => screen.getByTestId('api-key-input')
const status = (): string => screen.getByTestId('api-key-status').textContent ?? ''

describe('settings dialog', () => {
  it('is an accessible modal that takes focus, closes on Escape and gives focus back', async () => {
    await renderApp()
    const opener = screen.getByTestId('settings-button')
    opener.focus()
    fireEvent.click(opener)
    const dialog = screen.getByTestId('settings-dialog')
    expect(dialog.getAttribute('role')).toBe('dialog')
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    const labelledBy = dialog.getAttribute('aria-labelledby')
    expect(labelledBy && document.getElementById(labelledBy)?.textContent).toBe('Settings')
    expect(dialog.contains(document.activeElement)).toBe(true)

    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(screen.queryByTestId('settings-dialog')).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('opens from the API key pill', async () => {
    await renderApp()
    fireEvent.click(screen.getByTestId('api-key-pill'))
    expect(screen.getByTestId('settings-dialog')).toBeTruthy()
  })

  it('saves a key through setApiKey, updates the status and never shows the key', async () => {
    const { fake } = await openSettings({ apiKeyStatus: NO_KEY })
    expect(status()).toContain('Not set')
    expect(screen.queryByTestId('api-key-clear')).toBeNull()

    const secret = 'rw-test-secret-1234567890'
    fireEvent.change(keyInput(), { target: { value: secret } })
    fireEvent.click(screen.getByTestId('api-key-save'))

    // The status comes from the store and the field is cleared when the save returns: wait for both.
    await waitFor(() => {
      expect(status()).toContain('Set (stored in the system keychain)')
      expect(keyInput().value).toBe('')
    })
    expect(fake.callsTo('secrets.setApiKey')).toEqual([[secret]])
    expect(screen.getByTestId('api-key-pill').textContent).toContain('API key set')
    expect(document.body.innerHTML).not.toContain(secret)
  })

  it('shows a validation error inline and keeps the typed text', async () => {
    const { fake } = await openSettings({ apiKeyStatus: NO_KEY })
    fireEvent.change(keyInput(), { target: { value: 'short' } })
    fireEvent.click(screen.getByTestId('api-key-save'))

    const error = await screen.findByTestId('api-key-error')
    expect(error.textContent).not.toBe('')
    expect(keyInput().value).toBe('short')
    expect(keyInput().getAttribute('aria-invalid')).toBe('true')
    expect(fake.apiKeyStatus.set).toBe(false)
    expect(status()).toContain('Not set')
    expect(screen.queryByTestId('toast')).toBeNull()
  })

  it('shows any VALIDATION error from main inline', async () => {
    const { fake } = await openSettings({ apiKeyStatus: NO_KEY })
    fake.failNext('secrets.setApiKey', { code: 'VALIDATION', message: 'Main refused this key' })
    fireEvent.change(keyInput(), { target: { value: 'a-perfectly-long-key' } })
    fireEvent.click(screen.getByTestId('api-key-save'))
    expect((await screen.findByTestId('api-key-error')).textContent).toContain('Main refused this key')
    expect(keyInput().value).toBe('a-perfectly-long-key')
  })

  it('removes a keychain key', async () => {
    const { fake } = await openSettings({ apiKeyStatus: KEYCHAIN_KEY })
    fireEvent.click(screen.getByTestId('api-key-clear'))
    await waitFor(() => expect(status()).toContain('Not set'))
    expect(fake.callsTo('secrets.clearApiKey')).toHaveLength(1)
    expect(screen.queryByTestId('api-key-clear')).toBeNull()
    expect(screen.getByTestId('api-key-pill').textContent).toContain('No API key')
  })

  it('explains an environment key and offers no Remove for it', async () => {
    await openSettings({ apiKeyStatus: ENV_KEY })
    expect(status()).toContain('RUNWARE_API_KEY')
    expect(screen.queryByTestId('api-key-clear')).toBeNull()
  })

  it('says when a key is kept for this session only', async () => {
    await openSettings({ apiKeyStatus: { set: true, source: 'keychain', persistent: false, osProtected: false } })
    expect(status()).toContain('kept for this session only')
  })

  it('says when a saved key is not protected by the OS (Linux without a keyring)', async () => {
    await openSettings({ apiKeyStatus: { set: true, source: 'keychain', persistent: true, osProtected: false } })
    expect(status()).toBe('Set, but not protected by the OS (no keyring)')
    expect(screen.getByTestId('api-key-help').textContent).toMatch(/no keyring .*anyone who can read your files can read the key/i)
  })

  it('changes the theme through settings and pins it on <html>', async () => {
    const { fake } = await openSettings()
    expect(document.documentElement.dataset.theme).toBeUndefined()

    fireEvent.change(screen.getByTestId('theme-select'), { target: { value: 'dark' } })
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'))
    expect(fake.callsTo('settings.update')).toContainEqual([{ theme: 'dark' }])
    expect(fake.settings.theme).toBe('dark')

    fireEvent.change(screen.getByTestId('theme-select'), { target: { value: 'system' } })
    await waitFor(() => expect(document.documentElement.dataset.theme).toBeUndefined())
  })

  it('applies the saved theme at start-up', async () => {
    await renderApp({ settings: { theme: 'light' } })
    expect(document.documentElement.dataset.theme).toBe('light')
  })

  it('updates concurrency within the limits main enforces', async () => {
    const { fake } = await openSettings({ settings: { concurrency: 8 } })
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Increase parallel jobs' }).disabled).toBe(true)
    fireEvent.click(screen.getByRole('button', { name: 'Decrease parallel jobs' }))
    await waitFor(() => expect(fake.settings.concurrency).toBe(7))
    expect(CONCURRENCY).toEqual({ min: settingsSchema.shape.concurrency.minValue, max: settingsSchema.shape.concurrency.maxValue })
  })

  it('spelling is off by default; the "Check spelling" switch turns it on in settings', async () => {
    const { fake, dialog } = await openSettings()
    const toggle = within(dialog).getByRole<HTMLInputElement>('switch', { name: 'Check spelling' })
    expect(toggle.checked).toBe(false)
    expect(toggle.getAttribute('aria-describedby')).toBeTruthy()
    fireEvent.click(toggle)
    await waitFor(() => expect(fake.settings.spellcheck).toBe(true))
    expect(fake.callsTo('settings.update')).toContainEqual([{ spellcheck: true }])
    expect(toggle.checked).toBe(true)
  })

  it('opens the Runware keys page through shell.openExternal', async () => {
    const { fake, dialog } = await openSettings()
    const link = within(dialog).getByRole('button', { name: /Get an API key/ })
    await act(async () => link.click())
    expect(fake.callsTo('shell.openExternal')).toEqual([['https://my.runware.ai/']])
    expect(dialog.querySelector('a[href]')).toBeNull()
  })
})

describe('steppers are marked invalid only when their value was rejected', () => {
  it('the parallel-jobs stepper, described by its help text, is not shown as invalid', async () => {
    await openSettings()
    const input = screen.getByTestId('concurrency-input')
    expect(input.getAttribute('aria-describedby')).toBeTruthy()
    expect(input.getAttribute('aria-invalid')).toBeNull()
  })
})
