import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ApiError, call, unwrap } from '../../renderer/src/api'
import { FakeApi } from './fake-api'
import { makeLibraryImages } from './core-library'
import { renderApp } from './render-app'

describe('errors', () => {
  it('a failed start-up call shows a toast with its message and the shell still renders', async () => {
    const fake = new FakeApi()
    fake.failNext('library.stats', { code: 'INTERNAL', message: 'The library database is locked' })
    await renderApp(fake)

    const toast = screen.getByTestId('toast')
    expect(toast.textContent).toContain('The library database is locked')
    expect(screen.getByTestId('composer')).toBeTruthy()
    expect(screen.getByTestId('sidebar')).toBeTruthy()
  })

  it('a failed library load offers a retry in the gallery', async () => {
    const fake = new FakeApi({ library: makeLibraryImages(1, 5) })
    fake.failNext('library.idList', { code: 'INTERNAL', message: 'The library database is locked' })
    await renderApp(fake)
    expect((await screen.findByTestId('gallery-error')).textContent).toContain('The library database is locked')
    expect(screen.queryByTestId('gallery')).toBeNull()

    await act(async () => screen.getByRole('button', { name: 'Try again' }).click())
    expect(screen.queryByTestId('gallery-error')).toBeNull()
    expect(screen.getAllByTestId('gallery-tile')).toHaveLength(5)
    expect(screen.getByTestId('gallery-count').textContent).toBe('5 images')
  })

  it('a failed settings update shows a toast and can be dismissed', async () => {
    const fake = new FakeApi()
    await renderApp(fake)
    fake.failNext('settings.update', { code: 'INTERNAL', message: 'Disk is full' })

    act(() => fake.emitMenuCommand('toggle-sidebar'))
    const toast = await screen.findByTestId('toast')
    expect(toast.textContent).toContain('Disk is full')

    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByTestId('toast')).toBeNull()
  })

  it('a non-validation failure when saving a key becomes a toast, not an inline error', async () => {
    const fake = new FakeApi()
    await renderApp(fake)
    fake.failNext('secrets.setApiKey', { code: 'SECRET_STORE', message: 'The keychain is locked' })
    fireEvent.click(screen.getByTestId('settings-button'))
    fireEvent.change(screen.getByTestId('api-key-input'), { target: { value: 'a-long-enough-key' } })
    fireEvent.click(screen.getByTestId('api-key-save'))

    await waitFor(() => expect(screen.getByTestId('toast').textContent).toContain('The keychain is locked'))
    expect(screen.queryByTestId('api-key-error')).toBeNull()
  })

  it('a rejected transport promise becomes a toast too', async () => {
    const fake = new FakeApi()
    await renderApp(fake)
    fake.api.settings.update = () => Promise.reject(new Error('IPC channel closed'))
    act(() => fake.emitMenuCommand('toggle-sidebar'))
    expect((await screen.findByTestId('toast')).textContent).toContain('IPC channel closed')
  })
})

describe('api helpers', () => {
  it('unwrap returns the value of an ok Result and throws ApiError with the same code otherwise', () => {
    expect(unwrap({ ok: true, value: 42 })).toBe(42)
    let thrown: unknown
    try {
      unwrap({ ok: false, error: { code: 'NOT_FOUND', message: 'gone', field: 'id' } })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ApiError)
    expect(thrown).toMatchObject({ code: 'NOT_FOUND', message: 'gone', field: 'id' })
  })

  it('call turns a rejection into an INTERNAL ApiError', async () => {
    await expect(call(() => Promise.reject(new Error('boom')))).rejects.toMatchObject({ code: 'INTERNAL', message: 'boom' })
  })
})
