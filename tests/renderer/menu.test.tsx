import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useAppStore } from '../../renderer/src/store'
import { connectIpc } from '../../renderer/src/store/ipc-bridge'
import { FakeApi, makeJob } from './fake-api'
import { renderApp } from './render-app'

describe('menu commands and IPC wiring', () => {
  it('about opens the About dialog with the version and runtime versions', async () => {
    const { fake } = await renderApp({
      info: { version: '3.4.5', dataDir: '/data/imagine', versions: { app: '3.4.5', electron: null, chrome: null, node: '22.1.0', sqlite: '3.50.4' } }
    })
    expect(screen.queryByTestId('about-dialog')).toBeNull()

    act(() => fake.emitMenuCommand('about'))
    const dialog = screen.getByTestId('about-dialog')
    expect(screen.getByTestId('about-version').textContent).toBe('Version 3.4.5')
    expect(dialog.textContent).toContain('22.1.0')
    expect(dialog.textContent).toContain('3.50.4')
    expect(dialog.textContent).toContain('—')
    expect(dialog.textContent).toContain('/data/imagine')
    expect(dialog.textContent).toContain('Images by xAI Grok Imagine, served through Runware.')
  })

  it('opens About from the sidebar link too', async () => {
    await renderApp()
    fireEvent.click(screen.getByTestId('about-button'))
    expect(screen.getByTestId('about-version').textContent).toBe('Version 0.1.0')
  })

  it('open-settings opens the settings dialog', async () => {
    const { fake } = await renderApp()
    act(() => fake.emitMenuCommand('open-settings'))
    expect(screen.getByTestId('settings-dialog')).toBeTruthy()
  })

  it('toggle-sidebar collapses the sidebar and persists it, and toggles back', async () => {
    const { fake } = await renderApp()
    const sidebar = screen.getByTestId('sidebar')
    expect(sidebar.getAttribute('data-collapsed')).toBe('false')

    act(() => fake.emitMenuCommand('toggle-sidebar'))
    expect(sidebar.getAttribute('data-collapsed')).toBe('true')
    await waitFor(() => expect(fake.settings.sidebarCollapsed).toBe(true))
    expect(fake.callsTo('settings.update')).toEqual([[{ sidebarCollapsed: true }]])

    act(() => fake.emitMenuCommand('toggle-sidebar'))
    expect(sidebar.getAttribute('data-collapsed')).toBe('false')
    await waitFor(() => expect(fake.settings.sidebarCollapsed).toBe(false))
  })

  it('starts collapsed when settings say so', async () => {
    await renderApp({ settings: { sidebarCollapsed: true } })
    expect(screen.getByTestId('sidebar').getAttribute('data-collapsed')).toBe('true')
  })

  it('dispose unsubscribes every listener, once', () => {
    const fake = new FakeApi()
    const dispose = connectIpc(fake.api)
    // Menu commands, library changes, job progress, notification clicks, export progress and backup progress.
    expect(fake.listenerCount()).toBe(6)

    dispose()
    dispose()
    expect(fake.listenerCount()).toBe(0)
    expect(fake.unsubscribeCount).toBe(6)

    fake.emitMenuCommand('about')
    expect(useAppStore.getState().dialog).toBeNull()
    fake.emitProgress(makeJob({ generationId: 7 }))
    expect(useAppStore.getState().jobs[7]).toBeUndefined()
  })
})
