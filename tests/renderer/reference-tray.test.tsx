/**
 * The reference tray (issue 8): drops of files without paths, URL drops, internal
 * gallery drags, paste of an image versus text, replace and undo at the limit,
 * and every bad drop (a clear message, the tray keeps what it had, nothing sent).
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { SettingsOffer } from '../../electron/shared/recall'
import { IMAGE_DRAG_TYPE } from '../../renderer/src/lib/reference-input'
import { useAppStore } from '../../renderer/src/store'
import { FakeApi, KEYCHAIN_KEY } from './fake-api'
import { makeLibraryImage } from './core-library'
import { renderApp } from './render-app'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16])

const tray = (): HTMLElement => screen.getByRole('region', { name: 'Reference images' })
const chips = (): HTMLElement[] => within(tray()).queryAllByTestId('reference-chip')
const prepares = (fake: FakeApi): unknown[] => fake.callsTo('references.prepare').map((a) => a[0])

function file(name: string, bytes: Uint8Array | string, type: string, size?: number): File {
  const f = new File([bytes as BlobPart], name, { type })
  if (size !== undefined) Object.defineProperty(f, 'size', { value: size })
  return f
}

/** A DataTransfer as Chromium fills it (jsdom has none). */
function transfer(opts: { files?: File[]; data?: Record<string, string>; folder?: boolean } = {}): DataTransfer {
  const files = opts.files ?? []
  const data = opts.data ?? {}
  const items = files.map((f) => ({ kind: 'file', type: f.type, getAsFile: () => f, webkitGetAsEntry: () => ({ isDirectory: opts.folder ?? false }) }))
  return {
    types: [...(files.length ? ['Files'] : []), ...Object.keys(data)],
    files,
    items,
    getData: (t: string) => data[t] ?? '',
    dropEffect: 'none'
  } as unknown as DataTransfer
}

async function drop(dt: DataTransfer, target: HTMLElement = tray()): Promise<void> {
  await act(async () => {
    fireEvent.dragOver(target, { dataTransfer: dt })
    fireEvent.drop(target, { dataTransfer: dt })
  })
}

async function ready() {
  const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY })
  await renderApp(fake)
  return fake
}

describe('the reference tray', () => {
  it('is a region named "Reference images" that says what to do when empty', async () => {
    await ready()
    expect(tray().textContent).toContain('Drop or paste an image')
    expect(within(tray()).getByRole('button', { name: 'Choose file…' })).toBeTruthy()
  })

  it('a dropped file without a path is sent as bytes, prepared on drop, and shown with its name, size and a Remove button', async () => {
    const fake = await ready()
    await drop(transfer({ files: [file('cat.png', PNG, 'image/png')] }))
    await waitFor(() => expect(chips()[0]?.getAttribute('data-status')).toBe('ready'))
    const sent = prepares(fake) as { kind: string; data: Uint8Array; name: string }[]
    expect(sent.map((s) => ({ ...s, data: Array.from(s.data) }))).toEqual([{ kind: 'bytes', data: Array.from(PNG), name: 'cat.png' }])
    const img = within(tray()).getByRole('img', { name: 'cat.png' })
    expect(img.getAttribute('src')).toBe('app-image://ref/500')
    expect(chips()[0]!.textContent).toContain('640×480')
    fireEvent.click(within(tray()).getByRole('button', { name: 'Remove reference' }))
    expect(chips()).toHaveLength(0)
  })

  it('Generate sends the prepared reference and the size offers "Match reference"', async () => {
    const fake = await ready()
    fireEvent.change(screen.getByRole('textbox', { name: 'Prompt' }), { target: { value: 'make it blue' } })
    await drop(transfer({ files: [file('cat.jpg', JPEG, 'image/jpeg')] }))
    await waitFor(() => expect(chips()[0]?.getAttribute('data-status')).toBe('ready'))
    expect(screen.getByTestId('aspect-select').textContent).toContain('Match reference')
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Generate' })))
    expect(fake.callsTo('generation.start')[0]?.[0]).toMatchObject({ prompt: 'make it blue', resolution: '1K', references: [{ kind: 'prepared', referenceId: 500 }] })
  })

  it('a dropped web image (text/uri-list) is fetched by main', async () => {
    const fake = await ready()
    await drop(transfer({ data: { 'text/uri-list': '# comment\r\nhttps://example.com/cat.png', 'text/plain': 'https://example.com/cat.png' } }))
    await waitFor(() => expect(chips()[0]?.getAttribute('data-status')).toBe('ready'))
    expect(prepares(fake)).toEqual([{ kind: 'url', url: 'https://example.com/cat.png' }])
  })

  it('an image dragged from the gallery is linked by its library id, nothing copied', async () => {
    const fake = await ready()
    await drop(transfer({ data: { [IMAGE_DRAG_TYPE]: '42', 'text/plain': 'a red fox' } }))
    await waitFor(() => expect(chips()[0]?.getAttribute('data-status')).toBe('ready'))
    expect(prepares(fake)).toEqual([{ kind: 'image', imageId: 42 }])
    expect(chips()[0]!.textContent).toContain('From your library')
  })

  it('a drop anywhere on the window lands in the tray, with an overlay while dragging', async () => {
    const fake = await ready()
    const dt = transfer({ files: [file('dog.png', PNG, 'image/png')] })
    await act(async () => fireEvent.dragEnter(window, { dataTransfer: dt }))
    expect(screen.getByTestId('drop-overlay').textContent).toContain('Drop to use as the reference image')
    await act(async () => fireEvent.drop(window, { dataTransfer: dt }))
    expect(screen.queryByTestId('drop-overlay')).toBeNull()
    await waitFor(() => expect(chips()).toHaveLength(1))
    expect(prepares(fake)).toHaveLength(1)
  })

  it('a drop on the tray itself is taken once, and the overlay goes away', async () => {
    const fake = await ready()
    const dt = transfer({ files: [file('dog.png', PNG, 'image/png')] })
    await act(async () => fireEvent.dragEnter(tray(), { dataTransfer: dt }))
    expect(screen.getByTestId('drop-overlay')).toBeTruthy()
    await drop(dt)
    expect(screen.queryByTestId('drop-overlay')).toBeNull()
    await waitFor(() => expect(chips()[0]?.getAttribute('data-status')).toBe('ready'))
    expect(prepares(fake)).toHaveLength(1)
  })

  it('pasting an image adds it; pasting text leaves it to the prompt', async () => {
    const fake = await ready()
    const textPaste = new Event('paste', { bubbles: true, cancelable: true })
    Object.assign(textPaste, { clipboardData: { files: [], getData: () => 'just words' } })
    await act(async () => void document.dispatchEvent(textPaste))
    expect(textPaste.defaultPrevented).toBe(false)
    expect(prepares(fake)).toHaveLength(0)

    const imagePaste = new Event('paste', { bubbles: true, cancelable: true })
    Object.assign(imagePaste, { clipboardData: { files: [file('image.png', PNG, 'image/png')], getData: () => '' } })
    await act(async () => void document.dispatchEvent(imagePaste))
    expect(imagePaste.defaultPrevented).toBe(true)
    await waitFor(() => expect(chips()[0]?.getAttribute('data-status')).toBe('ready'))
    expect(prepares(fake)).toHaveLength(1)
  })

  it('at the limit (1 for this model) a drop replaces the reference, says so, and Undo brings the old one back', async () => {
    await ready()
    await drop(transfer({ files: [file('first.png', PNG, 'image/png')] }))
    await waitFor(() => expect(chips()[0]?.getAttribute('data-status')).toBe('ready'))
    await drop(transfer({ files: [file('second.png', PNG, 'image/png')] }))
    await waitFor(() => expect(chips()[0]?.textContent).toContain('second.png'))
    expect(chips()).toHaveLength(1)
    const notice = within(tray()).getByRole('status')
    expect(notice.textContent).toContain('Replaced the reference image.')
    fireEvent.click(within(notice).getByRole('button', { name: 'Undo' }))
    expect(chips()).toHaveLength(1)
    expect(chips()[0]!.textContent).toContain('first.png')
  })
})

describe('recall by content', () => {
  it('a dropped file that is already a library image says so and offers its settings', async () => {
    const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY, library: [makeLibraryImage({ id: 9, generationId: 4, prompt: 'the original' })] })
    fake.recipes[4] = { prompt: 'the original', model: 'xai:grok-imagine@image', width: 1408, height: 768, numberResults: 2, outputFormat: 'PNG', outputType: 'URL', deliveryMethod: 'sync', referenceIds: [] }
    fake.recallImageId = 9
    await renderApp(fake)
    await drop(transfer({ files: [file('exported.png', PNG, 'image/png')] }))
    const recalled = await within(tray()).findByTestId('settings-offer')
    expect(recalled.textContent).toContain('Already in your library')
    await act(async () => fireEvent.click(within(recalled).getByRole('button', { name: 'Use all settings' })))
    await waitFor(() => expect((screen.getByRole('textbox', { name: 'Prompt' }) as HTMLTextAreaElement).value).toBe('the original'))
    expect((screen.getByTestId('count-input') as HTMLInputElement).value).toBe('2')
    expect(chips()).toHaveLength(1)
    // Used: the offer goes, the reference stays.
    expect(within(tray()).queryByTestId('settings-offer')).toBeNull()
  })
})

describe('recall from files: the settings a dropped file carries', () => {
  const offer = (patch: Partial<SettingsOffer>): SettingsOffer => ({ source: 'parameters', imageId: null, settings: null, complete: false, ignored: [], message: null, ...patch })

  it('an A1111 text offers its prompt and size: Use prompt sets only the prompt, Use all settings the size too and keeps the rest', async () => {
    const fake = await ready()
    fake.fileOffer = offer({ settings: { prompt: 'a red fox, watercolour', width: 1408, height: 768 }, ignored: ['Negative prompt', 'Steps'] })
    await act(async () => useAppStore.getState().updateComposer({ prompt: 'mine', count: 3 }))
    await drop(transfer({ files: [file('fox.png', PNG, 'image/png')] }))
    const bar = await within(tray()).findByRole('group', { name: 'This image carries its settings:' })
    expect(within(bar).getByTestId('settings-offer-ignored').textContent).toBe('Not used: Negative prompt, Steps')
    fireEvent.click(within(bar).getByRole('button', { name: 'Use prompt' }))
    expect(useAppStore.getState().composer).toMatchObject({ prompt: 'a red fox, watercolour', aspect: 'auto', count: 3 })
    expect(within(tray()).queryByTestId('settings-offer')).toBeNull()

    await drop(transfer({ files: [file('fox2.png', PNG, 'image/png')] }))
    fireEvent.click(within(await within(tray()).findByTestId('settings-offer')).getByRole('button', { name: 'Use all settings' }))
    expect(useAppStore.getState().composer).toMatchObject({ prompt: 'a red fox, watercolour', aspect: '16:9', count: 3 })
  })

  it('Dismiss removes the offer and changes nothing; removing the reference removes its offer', async () => {
    const fake = await ready()
    fake.fileOffer = offer({ source: 'record', complete: true, settings: { prompt: 'from the record', numberResults: 4 } })
    await drop(transfer({ files: [file('a.png', PNG, 'image/png')] }))
    fireEvent.click(within(await within(tray()).findByTestId('settings-offer')).getByRole('button', { name: 'Dismiss' }))
    expect(within(tray()).queryByTestId('settings-offer')).toBeNull()
    expect(useAppStore.getState().composer.prompt).toBe('')
    await drop(transfer({ files: [file('b.png', PNG, 'image/png')] }))
    await within(tray()).findByTestId('settings-offer')
    fireEvent.click(within(tray()).getByRole('button', { name: 'Remove reference' }))
    expect(within(tray()).queryByTestId('settings-offer')).toBeNull()
  })

  it('settings none of which the model accepts: the message and Dismiss, nothing to apply', async () => {
    const fake = await ready()
    fake.fileOffer = offer({ settings: null, ignored: ['Size 512×512'], message: 'This image carries settings, but none that Grok Imagine Image accepts (Size 512×512).' })
    await drop(transfer({ files: [file('sd.png', PNG, 'image/png')] }))
    const bar = await within(tray()).findByTestId('settings-offer')
    expect(bar.textContent).toContain('none that Grok Imagine Image accepts (Size 512×512)')
    expect(within(bar).queryByRole('button', { name: 'Use all settings' })).toBeNull()
    expect(within(bar).queryByRole('button', { name: 'Use prompt' })).toBeNull()
    expect(within(bar).getByRole('button', { name: 'Dismiss' })).toBeTruthy()
  })

  it('a file with no metadata offers nothing', async () => {
    await ready()
    await drop(transfer({ files: [file('plain.png', PNG, 'image/png')] }))
    await waitFor(() => expect(chips()[0]?.getAttribute('data-status')).toBe('ready'))
    expect(within(tray()).queryByTestId('settings-offer')).toBeNull()
  })
})

describe('bad drops: a clear message, the tray keeps what it had, nothing is sent', () => {
  async function withOne() {
    const fake = await ready()
    await drop(transfer({ files: [file('keep.png', PNG, 'image/png')] }))
    await waitFor(() => expect(chips()[0]?.getAttribute('data-status')).toBe('ready'))
    return fake
  }

  it.each([
    ['a text file named .png (main refuses it)', () => transfer({ files: [file('notes.png', 'hello, not a picture', 'image/png')] }), /notes\.png is not an image/, 2],
    ['an SVG', () => transfer({ files: [file('logo.svg', '<svg/>', 'image/svg+xml')] }), /SVG/, 1],
    ['a PDF', () => transfer({ files: [file('paper.pdf', '%PDF-1.7', 'application/pdf')] }), /not an image \(application\/pdf\)/, 1],
    ['a zero-byte file', () => transfer({ files: [file('empty.png', '', 'image/png')] }), /empty \(0 bytes\)/, 1],
    ['a 600 MB file', () => transfer({ files: [file('huge.png', PNG, 'image/png', 600 * 1024 * 1024)] }), /too large \(600 MB\).*at most 50 MB/, 1],
    ['a folder', () => transfer({ files: [file('Pictures', '', '')], folder: true }), /folder/, 1],
    ['several files beyond the limit', () => transfer({ files: [file('a.png', PNG, 'image/png'), file('b.png', PNG, 'image/png')] }), /takes 1 reference image; 2 were dropped/, 1]
  ])('%s', async (_name, make, message, preparesAfter) => {
    const fake = await withOne()
    await drop(make())
    const alert = await within(tray()).findByRole('alert')
    expect(alert.textContent).toMatch(message)
    expect(alert.textContent).not.toMatch(/\bat \w+ \(|Error:/)
    expect(chips()).toHaveLength(1)
    expect(chips()[0]!.textContent).toContain('keep.png')
    expect(chips()[0]!.getAttribute('data-status')).toBe('ready')
    expect(prepares(fake)).toHaveLength(preparesAfter)
    expect(fake.callsTo('generation.start')).toHaveLength(0)
  })
})
