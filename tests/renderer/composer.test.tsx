import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { GROK_IMAGINE_SIZES } from '../../electron/shared/model-capabilities'
import { setApiForTests } from '../../renderer/src/api'
import { App } from '../../renderer/src/App'
import { useAppStore } from '../../renderer/src/store'
import { FakeApi, KEYCHAIN_KEY, NO_KEY } from './fake-api'
import { renderApp } from './render-app'

const hint = (): string => screen.getByTestId('generate-hint').textContent ?? ''
const generate = (): HTMLButtonElement => screen.getByTestId('generate-button')
const prompt = (): HTMLTextAreaElement => screen.getByTestId('prompt-input')

describe('composer', () => {
  it('asks for an API key first when none is set, even with a prompt', async () => {
    await renderApp({ apiKeyStatus: NO_KEY })
    fireEvent.change(prompt(), { target: { value: 'a red fox in snow' } })
    expect(hint()).toContain('Add your Runware API key in Settings to generate.')
    expect(generate().disabled).toBe(true)
  })

  it('asks for a prompt when the key is set and the prompt is blank', async () => {
    await renderApp({ apiKeyStatus: KEYCHAIN_KEY })
    fireEvent.change(prompt(), { target: { value: '   ' } })
    expect(hint()).toContain('Write a prompt to generate.')
    expect(generate().disabled).toBe(true)
  })

  it('enables Generate and shows the estimated cost once a key is set and a prompt is written', async () => {
    await renderApp({ apiKeyStatus: KEYCHAIN_KEY })
    expect(generate().disabled).toBe(true)
    fireEvent.change(prompt(), { target: { value: 'a red fox in snow' } })
    expect(generate().disabled).toBe(false)
    expect(hint()).toContain('≈ $0.02 · 1 image')
    expect(hint()).not.toContain('not connected')

    fireEvent.change(screen.getByTestId('count-input'), { target: { value: '4' } })
    expect(hint()).toContain('≈ $0.08 · 4 images')
  })

  it('keeps Generate disabled while the key status is still unknown', async () => {
    const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY })
    const release = fake.holdNext('secrets.apiKeyStatus')
    setApiForTests(fake.api)
    render(<App />)
    void useAppStore.getState().bootstrap()
    fireEvent.change(prompt(), { target: { value: 'a red fox in snow' } })
    expect(hint()).toContain('Checking your API key')
    expect(generate().disabled).toBe(true)

    await act(async () => release())
    await waitFor(() => expect(generate().disabled).toBe(false))
  })

  it('opens settings from the hint when the key is missing', async () => {
    await renderApp({ apiKeyStatus: NO_KEY })
    fireEvent.click(within(screen.getByTestId('generate-hint')).getByRole('button', { name: 'Settings' }))
    expect(screen.getByTestId('settings-dialog')).toBeTruthy()
  })

  it('offers Auto plus all 13 size presets', async () => {
    await renderApp()
    const options = Array.from(screen.getByTestId<HTMLSelectElement>('aspect-select').options).map((o) => o.textContent)
    expect(options).toHaveLength(GROK_IMAGINE_SIZES.length + 1)
    expect(options[0]).toBe('Auto (1K)')
    expect(options).toContain('16:9 · 1408×768')
  })

  it('keeps the form in the composer slice and clamps the count to 1–20', async () => {
    await renderApp()
    fireEvent.change(screen.getByTestId('aspect-select'), { target: { value: '2:3' } })
    fireEvent.change(screen.getByTestId('format-select'), { target: { value: 'WEBP' } })
    fireEvent.click(screen.getByRole('button', { name: 'Increase number of images' }))
    expect(useAppStore.getState().composer).toMatchObject({ aspect: '2:3', outputFormat: 'WEBP', count: 2 })

    const count = screen.getByTestId<HTMLInputElement>('count-input')
    fireEvent.change(count, { target: { value: '99' } })
    fireEvent.blur(count)
    expect(useAppStore.getState().composer.count).toBe(20)
    expect(count.value).toBe('20')
  })

  it('focuses the prompt on the focus-prompt menu command', async () => {
    const { fake } = await renderApp()
    screen.getByTestId('settings-button').focus()
    expect(document.activeElement).not.toBe(prompt())

    act(() => fake.emitMenuCommand('focus-prompt'))
    expect(document.activeElement).toBe(prompt())
  })
})
