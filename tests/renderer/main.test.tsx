import { screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setApiForTests } from '../../renderer/src/api'
import { FakeApi } from './fake-api'
import { makeLibraryImages } from './core-library'

/** main.tsx runs on import, so each test loads a fresh copy into a fresh #root. */
async function startMain(): Promise<void> {
  const root = document.createElement('div')
  root.id = 'root'
  document.body.append(root)
  vi.resetModules()
  await import('../../renderer/src/main')
}

describe('renderer entry (main.tsx)', () => {
  afterEach(() => {
    document.getElementById('root')?.remove()
    Reflect.deleteProperty(window, 'api')
  })

  it('shows a full-window message instead of a blank page when window.api is missing', async () => {
    setApiForTests(undefined)
    await startMain()
    const message = await screen.findByTestId('api-missing')
    expect(message.getAttribute('role')).toBe('alert')
    expect(message.textContent).not.toBe('')
    expect(screen.queryByTestId('composer')).toBeNull()
  })

  it('with window.api present, connects IPC, loads state and renders the shell', async () => {
    setApiForTests(undefined)
    const fake = new FakeApi({ library: makeLibraryImages(1, 3) })
    window.api = fake.api
    await startMain()
    expect(await screen.findByTestId('composer')).toBeTruthy()
    await waitFor(() => expect(screen.getAllByTestId('gallery-tile')).toHaveLength(3))
    expect(screen.getByTestId('gallery-count').textContent).toBe('3 images')
    expect(fake.callsTo('app.rendererReady')).toHaveLength(1)
    expect(fake.listenerCount()).toBe(6) // menu, library, job progress, notification clicks, export progress, backup progress
  })

  it('forwards an uncaught window error to main for the log', async () => {
    setApiForTests(undefined)
    const fake = new FakeApi()
    window.api = fake.api
    await startMain()
    await screen.findByTestId('composer')
    window.dispatchEvent(new ErrorEvent('error', { error: new RangeError('forwarded-marker'), message: 'forwarded-marker' }))
    // (an earlier test's copy of main.tsx is still listening on this window too, and reaches the same bridge)
    await waitFor(() => expect(fake.callsTo('app.reportError').length).toBeGreaterThan(0))
    for (const [report] of fake.callsTo('app.reportError')) expect(report).toMatchObject({ kind: 'error', message: 'RangeError: forwarded-marker' })
  })
})
