/** The composer's draft (prompt, settings, the reference) survives a reload (issue 8). */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useAppStore } from '../../renderer/src/store'
import { DRAFT_KEY, keepDraft, loadDraft } from '../../renderer/src/store/draft'
import { FakeApi, KEYCHAIN_KEY } from './fake-api'
import { renderApp } from './render-app'

afterEach(() => localStorage.removeItem(DRAFT_KEY))

describe('the composer draft', () => {
  it('is saved as it changes and put back, prepared reference included, after a reload', async () => {
    const stop = keepDraft(useAppStore)
    const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY })
    await renderApp(fake)
    fireEvent.change(screen.getByRole('textbox', { name: 'Prompt' }), { target: { value: 'a castle in fog' } })
    act(() => useAppStore.getState().updateComposer({ count: 3, outputFormat: 'PNG' }))
    await act(() => useAppStore.getState().addReferences([{ kind: 'url', url: 'https://example.com/c.png' }]))
    stop()
    const saved = loadDraft()
    expect(saved?.composer).toMatchObject({ prompt: 'a castle in fog', count: 3, outputFormat: 'PNG' })
    expect(saved?.references.map((r) => r.info.referenceId)).toEqual([500])

    // A "reload": a fresh store state restores the draft.
    act(() => useAppStore.setState({ composer: { ...useAppStore.getState().composer, prompt: '' }, tray: [] }))
    act(() => useAppStore.getState().restoreDraft())
    expect((screen.getByRole('textbox', { name: 'Prompt' }) as HTMLTextAreaElement).value).toBe('a castle in fog')
    const tray = screen.getByRole('region', { name: 'Reference images' })
    await waitFor(() => expect(within(tray).getAllByTestId('reference-chip')).toHaveLength(1))
    expect(within(tray).getByRole('img').getAttribute('src')).toBe('app-image://ref/500')
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Generate' })))
    expect(fake.callsTo('generation.start')[0]?.[0]).toMatchObject({ prompt: 'a castle in fog', numberResults: 3, references: [{ kind: 'prepared', referenceId: 500 }] })
  })

  it('ignores a damaged or foreign draft', () => {
    localStorage.setItem(DRAFT_KEY, '{not json')
    expect(loadDraft()).toBeNull()
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ composer: { prompt: 42, count: 'x', outputFormat: 'PNG' }, references: [{ label: 'x', info: { referenceId: -1 } }, null] }))
    const d = loadDraft()
    expect(d?.composer.prompt).toBe('')
    expect(d?.composer.outputFormat).toBe('PNG')
    expect(d?.references).toEqual([])
  })
})
