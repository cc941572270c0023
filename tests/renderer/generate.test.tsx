import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useAppStore } from '../../renderer/src/store'
import { FakeApi, KEYCHAIN_KEY, NO_KEY } from './fake-api'
import { renderApp } from './render-app'

const generate = (): HTMLButtonElement => screen.getByTestId('generate-button')
const prompt = (): HTMLTextAreaElement => screen.getByTestId('prompt-input')
const starts = (fake: FakeApi): unknown[] => fake.callsTo('generation.start').map((args) => args[0])

async function ready(options: ConstructorParameters<typeof FakeApi>[0] = {}) {
  const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY, ...options })
  await renderApp(fake)
  fireEvent.change(prompt(), { target: { value: '  a lighthouse at dusk  ' } })
  return fake
}

async function clickGenerate(): Promise<void> {
  await act(async () => fireEvent.click(generate()))
}

function openOptions(): HTMLElement {
  fireEvent.click(screen.getByTestId('options-toggle'))
  return screen.getByTestId('options-panel')
}

describe('generate', () => {
  it('sends the defaults: trimmed prompt, Auto as 1K, one JPG at quality 95, sync, URL, with cost', async () => {
    const fake = await ready()
    await clickGenerate()
    expect(starts(fake)).toEqual([
      {
        prompt: 'a lighthouse at dusk',
        resolution: '1K',
        numberResults: 1,
        outputType: 'URL',
        outputFormat: 'JPG',
        outputQuality: 95,
        deliveryMethod: 'sync',
        includeCost: true
      }
    ])
  })

  it('sends the size preset, count, format and every advanced option exactly as set', async () => {
    const fake = await ready()
    fireEvent.change(screen.getByTestId('aspect-select'), { target: { value: '16:9' } })
    fireEvent.change(screen.getByTestId('count-input'), { target: { value: '3' } })
    fireEvent.change(screen.getByTestId('format-select'), { target: { value: 'PNG' } })
    openOptions()
    fireEvent.change(screen.getByTestId('quality-input'), { target: { value: '80' } })
    fireEvent.click(screen.getByTestId('safety-toggle'))
    fireEvent.change(screen.getByTestId('delivery-select'), { target: { value: 'async' } })
    fireEvent.change(screen.getByTestId('ttl-input'), { target: { value: '120' } })
    await clickGenerate()

    expect(starts(fake)).toEqual([
      {
        prompt: 'a lighthouse at dusk',
        width: 1408,
        height: 768,
        numberResults: 3,
        outputType: 'URL',
        outputFormat: 'PNG',
        outputQuality: 80,
        deliveryMethod: 'async',
        includeCost: true,
        safety: { checkContent: true, mode: 'fast' },
        ttl: 120
      }
    ])
  })

  it('omits the TTL (and hides its field) for Base64 output', async () => {
    const fake = await ready()
    openOptions()
    fireEvent.change(screen.getByTestId('ttl-input'), { target: { value: '300' } })
    fireEvent.change(screen.getByTestId('output-type-select'), { target: { value: 'base64Data' } })
    expect(screen.queryByTestId('ttl-input')).toBeNull()
    fireEvent.change(screen.getByTestId('aspect-select'), { target: { value: '9:19.5' } })
    await clickGenerate()

    const [params] = starts(fake) as Record<string, unknown>[]
    expect(params).toMatchObject({ outputType: 'base64Data', width: 576, height: 1248 })
    expect(params).not.toHaveProperty('ttl')
    expect(params).not.toHaveProperty('safety')
    expect(params).not.toHaveProperty('resolution')
  })

  it('an empty TTL sends none', async () => {
    const fake = await ready()
    openOptions()
    fireEvent.change(screen.getByTestId('ttl-input'), { target: { value: '' } })
    await clickGenerate()
    expect(starts(fake)[0]).not.toHaveProperty('ttl')
  })

  it('the options panel is closed by default and the toggle opens and closes it', async () => {
    await ready()
    const toggle = screen.getByTestId('options-toggle')
    expect(screen.queryByTestId('options-panel')).toBeNull()
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(toggle)
    expect(screen.getByTestId('options-panel')).toBeTruthy()
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    fireEvent.click(toggle)
    expect(screen.queryByTestId('options-panel')).toBeNull()
  })

  it('client-side validation shows the error next to the field and sends nothing', async () => {
    const fake = await ready()
    const panel = openOptions()
    fireEvent.change(screen.getByTestId('ttl-input'), { target: { value: '30' } })
    await clickGenerate()

    expect(starts(fake)).toHaveLength(0)
    const error = within(panel).getByTestId('composer-error')
    expect(error.textContent).toBe('TTL is at least 60 seconds')
    expect(screen.getByTestId('ttl-input').getAttribute('aria-invalid')).toBe('true')
    expect(screen.queryByTestId('toast')).toBeNull()

    // Fixing the field clears the error, and the next try goes through.
    fireEvent.change(screen.getByTestId('ttl-input'), { target: { value: '60' } })
    expect(screen.queryByTestId('composer-error')).toBeNull()
    await clickGenerate()
    expect(starts(fake)).toHaveLength(1)
  })

  it('opens the options panel when the invalid field lives there', async () => {
    const fake = await ready()
    act(() => useAppStore.getState().updateComposer({ ttl: '5' }))
    expect(screen.queryByTestId('options-panel')).toBeNull()
    await clickGenerate()
    expect(starts(fake)).toHaveLength(0)
    expect(within(screen.getByTestId('options-panel')).getByTestId('composer-error').textContent).toContain('TTL is at least 60')
  })

  it('a prompt over the limit is refused under the prompt', async () => {
    const fake = await ready()
    fireEvent.change(prompt(), { target: { value: 'x'.repeat(4001) } })
    await clickGenerate()
    expect(starts(fake)).toHaveLength(0)
    expect(screen.getByTestId('composer-error').textContent).toBe('A prompt has at most 4000 characters')
    expect(prompt().getAttribute('aria-invalid')).toBe('true')
  })

  it("a validation error from main is shown inline, named by its field, and the prompt is kept", async () => {
    const fake = await ready()
    fake.failNext('generation.start', { code: 'VALIDATION', message: 'numberResults: Count must be between 1 and 20', field: 'numberResults' })
    await clickGenerate()

    expect(starts(fake)).toHaveLength(1)
    expect(screen.getByTestId('composer-error').textContent).toBe('Count must be between 1 and 20')
    expect(screen.getByTestId('count-input').getAttribute('aria-describedby')).toBe(screen.getByTestId('composer-error').id)
    expect(screen.queryByTestId('toast')).toBeNull()
    expect(prompt().value).toBe('  a lighthouse at dusk  ')
    expect(generate().disabled).toBe(false)
  })

  it('a bad reference image from main is shown inline too', async () => {
    const fake = await ready()
    fake.failNext('generation.start', { code: 'BAD_IMAGE', message: 'That file is not an image the model can read' })
    await clickGenerate()
    expect(screen.getByTestId('composer-error').textContent).toBe('That file is not an image the model can read')
    expect(screen.queryByTestId('toast')).toBeNull()
  })

  it('other failures become a toast, with no inline error, and the prompt is kept', async () => {
    const fake = await ready()
    fake.failNext('generation.start', { code: 'API_CREDITS', message: 'Your Runware balance is too low' })
    await clickGenerate()

    const toast = screen.getByTestId('toast')
    expect(toast.textContent).toContain("Couldn't start the generation")
    expect(toast.textContent).toContain('Your Runware balance is too low')
    expect(screen.queryByTestId('composer-error')).toBeNull()
    expect(prompt().value).toBe('  a lighthouse at dusk  ')
    expect(generate().disabled).toBe(false)
  })

  it('NO_API_KEY from main becomes a toast and re-checks the key', async () => {
    const fake = await ready()
    fake.apiKeyStatus = NO_KEY
    await clickGenerate()
    expect(screen.getByTestId('toast').textContent).toContain('Add your Runware API key')
    await waitFor(() => expect(generate().disabled).toBe(true))
    expect(screen.getByTestId('generate-hint').textContent).toContain('Add your Runware API key in Settings')
  })

  it('keeps the prompt after a successful start and shows the job in the queue', async () => {
    const fake = await ready()
    await clickGenerate()
    expect(prompt().value).toBe('  a lighthouse at dusk  ')
    const card = await screen.findByTestId('job-card')
    expect(card.getAttribute('data-status')).toBe('queued')
    expect(card.textContent).toContain('a lighthouse at dusk')
    expect(fake.callsTo('generation.start')).toHaveLength(1)
  })

  it('shows a just-started job even before its first progress event', async () => {
    const fake = await ready()
    fake.emitOnStart = false
    await clickGenerate()
    const card = screen.getByTestId('job-card')
    expect(card.getAttribute('data-status')).toBe('queued')
    expect(within(card).getByTestId('job-progress').getAttribute('aria-valuemax')).toBe('1')
  })

  it('Ctrl+Enter and ⌘+Enter in the prompt generate; plain Enter does not', async () => {
    const fake = await ready()
    await act(async () => fireEvent.keyDown(prompt(), { key: 'Enter' }))
    expect(starts(fake)).toHaveLength(0)

    await act(async () => fireEvent.keyDown(prompt(), { key: 'Enter', ctrlKey: true }))
    expect(starts(fake)).toHaveLength(1)
    await act(async () => fireEvent.keyDown(prompt(), { key: 'Enter', metaKey: true }))
    expect(starts(fake)).toHaveLength(2)
  })

  it('Ctrl+Enter does nothing while Generate is disabled', async () => {
    const fake = new FakeApi({ apiKeyStatus: NO_KEY })
    await renderApp(fake)
    fireEvent.change(prompt(), { target: { value: 'a fox' } })
    await act(async () => fireEvent.keyDown(prompt(), { key: 'Enter', ctrlKey: true }))
    expect(starts(fake)).toHaveLength(0)
  })

  it('shows Generate busy while the start is pending and never submits twice', async () => {
    const fake = await ready()
    const release = fake.holdNext('generation.start')
    await clickGenerate()
    expect(generate().disabled).toBe(true)
    expect(generate().getAttribute('aria-busy')).toBe('true')
    expect(generate().textContent).toContain('Starting…')

    await clickGenerate()
    await act(async () => fireEvent.keyDown(prompt(), { key: 'Enter', ctrlKey: true }))
    await act(() => useAppStore.getState().generate())
    expect(starts(fake)).toHaveLength(1)

    await act(async () => release())
    await waitFor(() => expect(generate().disabled).toBe(false))
    expect(generate().getAttribute('aria-busy')).toBe('false')
    expect(generate().textContent).toContain('Generate')
    expect(starts(fake)).toHaveLength(1)
  })

  it('counts changed options on the Options button', async () => {
    await ready()
    const toggle = screen.getByTestId('options-toggle')
    expect(toggle.textContent).toBe('Options')
    openOptions()
    fireEvent.click(screen.getByTestId('safety-toggle'))
    fireEvent.change(screen.getByTestId('delivery-select'), { target: { value: 'async' } })
    expect(toggle.textContent).toBe('Options2')
  })
})
