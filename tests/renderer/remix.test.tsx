/** Remix in one gesture (issue 8): the detail view's Remix, R on the selection, and dragging a tile. */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { IMAGE_DRAG_TYPE } from '../../renderer/src/lib/reference-input'
import { KEYCHAIN_KEY } from './fake-api'
import { makeLibraryImage } from './core-library'
import { renderLibrary, tile } from './library-helpers'

const IMAGES = [makeLibraryImage({ id: 1, prompt: 'the first fox' }), makeLibraryImage({ id: 2, prompt: 'a red fox in the snow' })]

const tray = (): HTMLElement => screen.getByRole('region', { name: 'Reference images' })
const prompt = (): HTMLTextAreaElement => screen.getByRole('textbox', { name: 'Prompt' })

describe('Remix', () => {
  it('the detail view\'s Remix puts the prompt in the composer and the image in the tray, and closes the detail', async () => {
    const { fake } = await renderLibrary(IMAGES)
    fireEvent.doubleClick(tile(2))
    const panel = await screen.findByTestId('image-detail')
    await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Remix' })))
    expect(screen.queryByTestId('image-detail')).toBeNull()
    expect(prompt().value).toBe('a red fox in the snow')
    await waitFor(() => expect(within(tray()).getAllByTestId('reference-chip')[0]?.getAttribute('data-status')).toBe('ready'))
    expect(fake.callsTo('references.prepare')).toEqual([[{ kind: 'image', imageId: 2 }]])
    expect(within(tray()).getByRole('img', { name: 'Library image #2' }).getAttribute('src')).toBe('app-image://ref/500')
  })

  it('R on the selected tile remixes it', async () => {
    const { fake } = await renderLibrary(IMAGES)
    fireEvent.click(tile(1))
    await act(async () => fireEvent.keyDown(tile(1), { key: 'r' }))
    expect(prompt().value).toBe('the first fox')
    await waitFor(() => expect(fake.callsTo('references.prepare')).toEqual([[{ kind: 'image', imageId: 1 }]]))
  })

  it('a tile is draggable and carries its library id', async () => {
    await renderLibrary(IMAGES)
    expect(tile(2).getAttribute('draggable')).toBe('true')
    const data: Record<string, string> = {}
    const dt = { setData: (t: string, v: string) => (data[t] = v), effectAllowed: 'none' }
    fireEvent.dragStart(tile(2), { dataTransfer: dt })
    expect(data).toEqual({ [IMAGE_DRAG_TYPE]: '2', 'text/plain': 'a red fox in the snow' })
    expect(dt.effectAllowed).toBe('copy')
  })
})

describe('reuse that keeps everything', () => {
  const RECIPE = {
    prompt: 'a red fox in the snow',
    model: 'xai:grok-imagine@image',
    width: 1408,
    height: 768,
    numberResults: 3,
    outputFormat: 'PNG' as const,
    outputQuality: 80,
    outputType: 'base64Data' as const,
    safety: { checkContent: true, mode: 'fast' as const },
    deliveryMethod: 'async' as const,
    referenceIds: []
  }

  it('Use all settings sets every field the image was made with; the tray is left alone', async () => {
    const { fake } = await renderLibrary([makeLibraryImage({ id: 2, generationId: 7, prompt: 'a red fox in the snow' })], (f) => {
      f.recipes[7] = RECIPE
      f.apiKeyStatus = KEYCHAIN_KEY
    })
    fireEvent.doubleClick(tile(2))
    const panel = await screen.findByTestId('image-detail')
    await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Use all settings' })))
    expect(fake.callsTo('generation.recipe')).toEqual([[7]])
    expect(screen.queryByTestId('image-detail')).toBeNull()
    expect(prompt().value).toBe('a red fox in the snow')
    expect(screen.getByTestId('aspect-select').textContent).toContain('1408×768')
    expect((screen.getByTestId('count-input') as HTMLInputElement).value).toBe('3')
    expect(screen.getByTestId('format-select').textContent).toContain('PNG')
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Generate' })))
    expect(fake.callsTo('generation.start')[0]?.[0]).toEqual({
      prompt: 'a red fox in the snow',
      width: 1408,
      height: 768,
      numberResults: 3,
      outputType: 'base64Data',
      outputFormat: 'PNG',
      outputQuality: 80,
      deliveryMethod: 'async',
      includeCost: true,
      safety: { checkContent: true, mode: 'fast' }
    })
    expect(fake.callsTo('references.prepare')).toHaveLength(0)
  })

  it('Remix also brings the settings, and the image goes into the tray', async () => {
    const { fake } = await renderLibrary([makeLibraryImage({ id: 2, generationId: 7, prompt: 'a red fox in the snow' })], (f) => (f.recipes[7] = RECIPE))
    fireEvent.doubleClick(tile(2))
    const panel = await screen.findByTestId('image-detail')
    await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Remix' })))
    expect((screen.getByTestId('count-input') as HTMLInputElement).value).toBe('3')
    await waitFor(() => expect(fake.callsTo('references.prepare')).toEqual([[{ kind: 'image', imageId: 2 }]]))
  })

  it('Vary starts the same generation again at once', async () => {
    const { fake } = await renderLibrary([makeLibraryImage({ id: 2, generationId: 7, prompt: 'a red fox in the snow' })], (f) => (f.recipes[7] = RECIPE))
    fireEvent.doubleClick(tile(2))
    const panel = await screen.findByTestId('image-detail')
    await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Vary' })))
    expect(fake.callsTo('generation.runAgain')).toEqual([[7]])
  })
})

describe('the tile menu', () => {
  it('right-click on a tile offers Remix and the reuse actions; Remix fills the composer', async () => {
    const { fake } = await renderLibrary([makeLibraryImage({ id: 2, generationId: 7, prompt: 'a red fox in the snow' })], (f) => {
      f.recipes[7] = { prompt: 'a red fox in the snow', model: 'xai:grok-imagine@image', numberResults: 1, outputFormat: 'JPG', outputType: 'URL', deliveryMethod: 'sync', referenceIds: [] }
    })
    fireEvent.contextMenu(tile(2))
    const menu = await screen.findByRole('menu')
    expect(within(menu).getAllByRole('menuitem').map((i) => i.textContent?.replace(/[R↵⌫]$/, ''))).toEqual(['Remix', 'Use prompt', 'Use all settings', 'Vary', 'Open', 'Export…', 'Copy image', 'Show in folder', 'Move to Trash'])
    await act(async () => fireEvent.click(within(menu).getByRole('menuitem', { name: /Remix/ })))
    await waitFor(() => expect(fake.callsTo('references.prepare')).toEqual([[{ kind: 'image', imageId: 2 }]]))
    expect(prompt().value).toBe('a red fox in the snow')
    expect(tile(2).getAttribute('aria-selected')).toBe('true')
  })
})
