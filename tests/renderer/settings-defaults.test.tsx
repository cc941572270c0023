/**
 * Settings that apply at once and persist (settings:update): defaults for new
 * prompts, thumbnail size, the daily budget, the data folder; and saving a key
 * says what Runware made of it.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useAppStore } from '../../renderer/src/store'
import { FakeApi, KEYCHAIN_KEY, NO_KEY } from './fake-api'
import { renderApp } from './render-app'

const value = (testId: string): string => (screen.getByTestId(testId) as HTMLInputElement | HTMLSelectElement).value
const checked = (testId: string): boolean => (screen.getByTestId(testId) as HTMLInputElement).checked

async function openSettings(fake: FakeApi) {
  await renderApp(fake)
  fireEvent.click(screen.getByTestId('settings-button'))
  return screen.getByTestId('settings-dialog')
}

describe('defaults for new prompts', () => {
  it('are labelled, sent to main as they change, applied to the composer at once and read back from main', async () => {
    const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY })
    const dialog = await openSettings(fake)
    for (const name of ['Size', 'Images per prompt', 'Format', 'Quality', 'Safety check', 'Thumbnail size', 'Daily budget', 'Parallel jobs']) {
      expect(within(dialog).getByLabelText(name)).toBeTruthy()
    }

    fireEvent.change(screen.getByTestId('default-size-select'), { target: { value: '16:9' } })
    await waitFor(() => expect(fake.settings.promptDefaults.aspect).toBe('16:9'))
    fireEvent.change(screen.getByTestId('default-format-select'), { target: { value: 'WEBP' } })
    await waitFor(() => expect(fake.settings.promptDefaults.outputFormat).toBe('WEBP'))
    fireEvent.click(screen.getByRole('button', { name: 'Increase images per prompt' }))
    await waitFor(() => expect(fake.settings.promptDefaults.count).toBe(2))
    fireEvent.click(screen.getByTestId('default-safety-toggle'))
    await waitFor(() => expect(fake.settings.promptDefaults.safetyCheck).toBe(true))
    fireEvent.change(screen.getByTestId('thumbnail-size-select'), { target: { value: 'large' } })
    await waitFor(() => expect(fake.settings.thumbnailSize).toBe('large'))

    expect(fake.callsTo('settings.update').at(-2)).toEqual([{ promptDefaults: { aspect: '16:9', count: 2, outputFormat: 'WEBP', outputQuality: 95, safetyCheck: true } }])
    // At once: the composer behind the dialog took them.
    expect(useAppStore.getState().composer).toMatchObject({ aspect: '16:9', count: 2, outputFormat: 'WEBP', safetyCheck: true })
    expect(value('thumbnail-size')).toBe('large') // the gallery's own size control follows

    // What main keeps is what the dialog shows when it reads settings again (a restart reads the same).
    act(() => useAppStore.setState({ settings: null }))
    await act(() => useAppStore.getState().loadSettings())
    expect(value('default-size-select')).toBe('16:9')
    expect(value('default-format-select')).toBe('WEBP')
    expect(value('default-count-input')).toBe('2')
    expect(checked('default-safety-toggle')).toBe(true)
    expect(value('thumbnail-size-select')).toBe('large')
  })

  it('start a fresh composer (no draft) with the saved defaults', async () => {
    await renderApp({ apiKeyStatus: KEYCHAIN_KEY, settings: { promptDefaults: { aspect: '9:16', count: 4, outputFormat: 'PNG', outputQuality: 80, safetyCheck: true } } })
    expect(value('aspect-select')).toBe('9:16')
    expect(value('count-input')).toBe('4')
    expect(value('format-select')).toBe('PNG')
    expect(useAppStore.getState().composer).toMatchObject({ outputQuality: 80, safetyCheck: true, prompt: '' })
  })

  it('leave a restored draft alone', async () => {
    const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY, settings: { promptDefaults: { aspect: '9:16', count: 4, outputFormat: 'PNG', outputQuality: 80, safetyCheck: true } } })
    act(() => useAppStore.setState({ composer: { ...useAppStore.getState().composer, prompt: 'kept', count: 2 } }))
    await renderApp(fake)
    expect(useAppStore.getState().composer).toMatchObject({ prompt: 'kept', count: 2, aspect: 'auto' })
  })
})

describe('daily budget and data folder', () => {
  it('keeps a budget on Enter, clears it when emptied and refuses nonsense inline', async () => {
    const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY })
    await openSettings(fake)
    const input = screen.getByTestId('budget-input')
    fireEvent.change(input, { target: { value: '$2.5' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() => expect(fake.settings.dailyBudgetUsd).toBe(2.5))
    await waitFor(() => expect(value('budget-input')).toBe('2.50'))

    fireEvent.change(input, { target: { value: 'lots' } })
    fireEvent.blur(input)
    expect(screen.getByTestId('budget-error').textContent).toMatch(/amount in dollars/)
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(fake.settings.dailyBudgetUsd).toBe(2.5)

    fireEvent.change(input, { target: { value: '' } })
    fireEvent.blur(input)
    await waitFor(() => expect(fake.settings.dailyBudgetUsd).toBeNull())
    expect(screen.queryByTestId('budget-error')).toBeNull()
  })

  it('shows the data folder and opens it (and the logs folder) in the file manager', async () => {
    const fake = new FakeApi({ info: { dataDir: '/home/me/Imagine Studio' } })
    await openSettings(fake)
    expect(screen.getByTestId('data-folder').textContent).toBe('/home/me/Imagine Studio')
    fireEvent.click(screen.getByRole('button', { name: 'Open in file manager' }))
    await waitFor(() => expect(fake.callsTo('app.openDataFolder')).toHaveLength(1))
    fireEvent.click(screen.getByRole('button', { name: 'Open logs folder' }))
    await waitFor(() => expect(fake.callsTo('app.openLogsFolder')).toHaveLength(1))
  })
})

describe('saving an API key says what Runware made of it', () => {
  const save = (key: string): void => {
    fireEvent.change(screen.getByTestId('api-key-input'), { target: { value: key } })
    fireEvent.click(screen.getByTestId('api-key-save'))
  }

  it('accepted: saved, with the balance Runware reported (shown in the queue too)', async () => {
    const fake = new FakeApi({ apiKeyStatus: NO_KEY, balance: { amount: 7.25, currency: 'USD' } })
    await openSettings(fake)
    save('rw-good-key-1234567890')
    await waitFor(() => expect(screen.getByTestId('api-key-help').textContent).toBe('Runware accepted the key and it is saved. Balance: $7.25.'))
    expect(screen.getByTestId('api-key-status').textContent).toContain('Set')
    expect(screen.getByTestId('account-balance').textContent).toBe('Balance $7.25')
  })

  it('refused: an inline error, no toast, nothing saved', async () => {
    const fake = new FakeApi({ apiKeyStatus: NO_KEY })
    fake.failNext('secrets.setApiKey', { code: 'API_AUTH', message: 'Runware refused this API key, so it was not saved. Check that you copied all of it.' })
    await openSettings(fake)
    save('rw-bogus-key-1234567890')
    expect((await screen.findByTestId('api-key-error')).textContent).toMatch(/refused this API key, so it was not saved/)
    expect(value('api-key-input')).toBe('rw-bogus-key-1234567890')
    expect(screen.getByTestId('api-key-status').textContent).toContain('Not set')
    expect(screen.queryByTestId('toast')).toBeNull()
    expect(screen.queryByText('API key saved.')).toBeNull()
  })

  it("unreachable: kept, and it says it couldn't be checked", async () => {
    const fake = new FakeApi({ apiKeyStatus: NO_KEY })
    fake.keyCheck = { result: 'unchecked', reason: 'Runware could not be reached. Check your internet connection.' }
    await openSettings(fake)
    save('rw-some-key-1234567890')
    await waitFor(() => expect(screen.getByTestId('api-key-help').textContent).toMatch(/^The key is saved, but it couldn't be checked: Runware could not be reached/))
    expect(screen.getByTestId('api-key-status').textContent).toContain('Set')
  })
})
