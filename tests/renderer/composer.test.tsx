import { act, fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { GROK_IMAGINE_SIZES } from '../../electron/shared/model-capabilities'
import { useAppStore } from '../../renderer/src/store'
import { KEYCHAIN_KEY, NO_KEY } from './fake-api'
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

  it('says honestly that generation is not connected yet when everything else is ready', async () => {
    await renderApp({ apiKeyStatus: KEYCHAIN_KEY })
    fireEvent.change(prompt(), { target: { value: 'a red fox in snow' } })
    expect(hint()).toContain('Generation is not connected yet in this build.')
    expect(generate().disabled).toBe(true)
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
