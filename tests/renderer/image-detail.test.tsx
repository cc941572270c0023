import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { GenerationRecipe } from '../../electron/shared/generation'
import { useAppStore } from '../../renderer/src/store'
import { type FakeApi, KEYCHAIN_KEY } from './fake-api'
import { makeLibraryImage, makeLibraryImages } from './core-library'
import { renderLibrary, tile } from './library-helpers'

const IMAGES = [
  makeLibraryImage({ id: 1, prompt: 'the first fox' }),
  makeLibraryImage({ id: 2, prompt: 'a red fox in the snow', width: 1408, height: 768, format: 'png', bytes: 1_572_864, cost: 0.08, tags: ['cats', 'snow'], note: 'old note', rating: 2 }),
  makeLibraryImage({ id: 3, prompt: 'made from the fox' })
]

const detail = (): HTMLElement => screen.getByTestId('image-detail')

async function openDetail(id: number) {
  fireEvent.doubleClick(tile(id))
  // The gallery's copy shows at once; wait for main's fresh record and the lineage.
  await waitFor(() => expect(screen.getByTestId('detail-lineage-section').getAttribute('aria-busy')).toBe('false'))
  return detail()
}

describe('image detail panel', () => {
  it('double-click opens the full image with its facts; Esc closes and gives focus back', async () => {
    const { fake } = await renderLibrary(IMAGES)
    tile(2).focus()
    const panel = await openDetail(2)
    expect(panel.getAttribute('data-image-id')).toBe('2')
    expect(within(panel).getByTestId('detail-image').getAttribute('src')).toBe('app-image://image/2')
    expect(within(panel).getByTestId('detail-prompt').textContent).toBe('a red fox in the snow')
    expect(within(panel).getByTestId('detail-size').textContent).toBe('1408 × 768')
    expect(within(panel).getByTestId('detail-format').textContent).toBe('PNG · 1.5 MB')
    expect(within(panel).getByTestId('detail-cost').textContent).toBe('$0.08')
    expect(within(panel).getByTestId('detail-created').textContent).toBe(new Date(IMAGES[1]!.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }))
    expect(within(panel).getAllByTestId('detail-tag').map((t) => t.textContent)).toEqual(['cats', 'snow'])
    expect((within(panel).getByTestId('detail-note') as HTMLTextAreaElement).value).toBe('old note')
    expect(within(panel).getByTestId('detail-rating').getAttribute('data-value')).toBe('2')
    expect(screen.getByTestId('sidebar').closest('[inert]')).not.toBeNull()
    await waitFor(() => expect(fake.callsTo('library.lineage')).toEqual([[2]]))

    fireEvent.keyDown(panel, { key: 'Escape' })
    expect(screen.queryByTestId('image-detail')).toBeNull()
    expect(document.activeElement).toBe(tile(2))
    expect(screen.getByTestId('sidebar').closest('[inert]')).toBeNull()
  })

  it('adds and removes tags', async () => {
    const { fake } = await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    const input = within(panel).getByTestId('detail-tag-input')
    fireEvent.change(input, { target: { value: 'winter' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() => expect(within(panel).getAllByTestId('detail-tag').map((t) => t.textContent)).toEqual(['cats', 'snow', 'winter']))
    expect(fake.callsTo('library.addTags')).toEqual([[[2], ['winter']]])
    expect((input as HTMLInputElement).value).toBe('')

    fireEvent.click(within(panel).getByRole('button', { name: 'Remove tag cats' }))
    await waitFor(() => expect(within(panel).getAllByTestId('detail-tag').map((t) => t.textContent)).toEqual(['snow', 'winter']))
    expect(fake.callsTo('library.removeTags')).toEqual([[[2], ['cats']]])
    expect(fake.library.images[1]!.tags).toEqual(['snow', 'winter'])
  })

  it('saves the note when the field loses focus, and only when it changed', async () => {
    const { fake } = await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    const note = within(panel).getByTestId('detail-note')
    fireEvent.focus(note)
    fireEvent.blur(note)
    expect(fake.callsTo('library.setNote')).toEqual([])

    fireEvent.change(note, { target: { value: 'Use for the winter card' } })
    expect(fake.callsTo('library.setNote')).toEqual([])
    fireEvent.blur(note)
    await waitFor(() => expect(fake.callsTo('library.setNote')).toEqual([[2, 'Use for the winter card']]))
    expect(fake.library.images[1]!.note).toBe('Use for the winter card')

    fireEvent.change(note, { target: { value: '   ' } })
    fireEvent.blur(note)
    await waitFor(() => expect(fake.callsTo('library.setNote').at(-1)).toEqual([2, null]))
  })

  it('an edited note is saved when the panel closes before the field loses focus', async () => {
    const { fake } = await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    fireEvent.change(within(panel).getByTestId('detail-note'), { target: { value: 'kept' } })
    fireEvent.keyDown(within(panel).getByTestId('detail-note'), { key: 'Escape' })
    expect(screen.queryByTestId('image-detail')).toBeNull()
    await waitFor(() => expect(fake.callsTo('library.setNote')).toEqual([[2, 'kept']]))
  })

  it('rates and favourites the image', async () => {
    const { fake } = await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    fireEvent.click(within(panel).getByTestId('detail-rating-4'))
    await waitFor(() => expect(within(panel).getByTestId('detail-rating').getAttribute('data-value')).toBe('4'))
    expect(fake.callsTo('library.setRating')).toEqual([[[2], 4]])
    fireEvent.click(within(panel).getByTestId('detail-rating-4'))
    await waitFor(() => expect(fake.callsTo('library.setRating').at(-1)).toEqual([[2], 0]))

    fireEvent.click(within(panel).getByTestId('detail-favorite'))
    await waitFor(() => expect(within(panel).getByTestId('detail-favorite').getAttribute('aria-pressed')).toBe('true'))
    expect(fake.callsTo('library.setFavorite')).toEqual([[[2], true]])
  })

  it('shows lineage as thumbnails that open those images', async () => {
    const { fake } = await renderLibrary(IMAGES, (f) => {
      // 2 was made from 1, and 3 from 2.
      f.library.link(2, { kind: 'image', imageId: 1 })
      f.library.link(3, { kind: 'image', imageId: 2 })
    })
    const panel = await openDetail(2)
    const ancestor = await within(panel).findByTestId('lineage-ancestor')
    expect(ancestor.querySelector('img')?.getAttribute('src')).toBe('app-image://thumb/1')
    expect(within(panel).getByTestId('lineage-descendant').getAttribute('data-image-id')).toBe('3')

    fireEvent.click(ancestor)
    await waitFor(() => expect(detail().getAttribute('data-image-id')).toBe('1'))
    await waitFor(() => expect(within(detail()).getByTestId('detail-prompt').textContent).toBe('the first fox'))
    expect(fake.callsTo('library.images').at(-1)).toEqual([[1]])
    // 1 was made from nothing, and is used in 2 and (through 2) in 3.
    await waitFor(() => expect(within(detail()).getAllByTestId('lineage-descendant').map((d) => d.getAttribute('data-image-id'))).toEqual(['2', '3']))
    expect(within(detail()).queryByTestId('lineage-ancestor')).toBeNull()
  })

  it('an image made from a file shows "Made from" with the file\'s stored copy and name; "Used in" lists what was made from it', async () => {
    await renderLibrary(IMAGES, (f) => {
      f.library.link(2, { kind: 'file', name: '/home/me/Pictures/holiday.jpg', referenceId: 77 })
      f.library.link(3, { kind: 'image', imageId: 2 })
    })
    const panel = await openDetail(2)
    const ref = await within(panel).findByTestId('lineage-reference')
    expect(ref.textContent).toContain('holiday.jpg')
    expect(ref.textContent).toContain('A file from your computer')
    expect(ref.querySelector('img')?.getAttribute('src')).toBe('app-image://ref/77')
    expect(within(panel).getByText('Made from')).toBeTruthy()
    expect(within(panel).getByText('Used in')).toBeTruthy()
    expect(within(panel).queryByText('Not made from, or used in, other images.')).toBeNull()
  })

  it('← and → step through the gallery', async () => {
    await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    fireEvent.keyDown(panel, { key: 'ArrowRight' })
    await waitFor(() => expect(detail().getAttribute('data-image-id')).toBe('1'))
    fireEvent.keyDown(detail(), { key: 'ArrowLeft' })
    fireEvent.keyDown(detail(), { key: 'ArrowLeft' })
    await waitFor(() => expect(detail().getAttribute('data-image-id')).toBe('3'))
    expect(screen.queryByTestId('detail-prev')).toBeNull()
  })

  it('follows changes main reports for the open image', async () => {
    const { fake } = await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    fake.library.update(fake.library.images[1]!.id, { tags: ['cats', 'snow', 'from-cli'] })
    act(() => fake.emitLibraryChanged({ reason: 'images-updated', imageIds: [2] }))
    // In main's order: by name.
    await waitFor(() => expect(within(panel).getAllByTestId('detail-tag').map((t) => t.textContent)).toEqual(['cats', 'from-cli', 'snow']))
  })
})

const RECIPE: GenerationRecipe = {
  prompt: 'a red fox in the snow',
  model: 'xai:grok-imagine@image',
  taskUUID: '3f2b8c1e-5d4a-4e8f-9a7b-1c2d3e4f5a6b',
  width: 1408,
  height: 768,
  numberResults: 3,
  outputFormat: 'PNG',
  outputQuality: 80,
  outputType: 'URL',
  safety: { checkContent: true, mode: 'fast' },
  deliveryMethod: 'async',
  referenceIds: [77]
}
const SEEDED = [IMAGES[0]!, { ...IMAGES[1]!, generationId: 7, seed: 424242 }, IMAGES[2]!]

async function openWithRecipe(prepare?: (fake: FakeApi) => void) {
  const rendered = await renderLibrary(SEEDED, (f) => {
    f.recipes[7] = RECIPE
    f.library.link(2, { kind: 'file', name: '/home/me/Pictures/holiday.jpg', referenceId: 77 })
    prepare?.(f)
  })
  const panel = await openDetail(2)
  await waitFor(() => expect(within(panel).getByTestId('detail-parameters').getAttribute('aria-busy')).toBe('false'))
  return { ...rendered, panel }
}

describe('the detail view: every parameter as it was sent', () => {
  it('lists the request read-only, from the recipe main recorded, and what came back', async () => {
    const { panel, fake } = await openWithRecipe()
    expect(fake.callsTo('generation.recipe')).toEqual([[7]])
    const value = (id: string): string | null => within(panel).getByTestId(id).textContent
    expect(value('param-model')).toBe('xai:grok-imagine@image')
    expect(value('param-size')).toBe('1408 × 768')
    expect(value('param-format')).toBe('PNG')
    expect(value('param-quality')).toBe('80')
    expect(value('param-count')).toBe('3')
    expect(value('param-delivery')).toBe('async')
    expect(value('param-output')).toBe('URL')
    expect(value('param-safety')).toBe('On (fast)')
    expect(value('param-references')).toBe('holiday.jpg')
    expect(value('param-task-uuid')).toBe('3f2b8c1e-5d4a-4e8f-9a7b-1c2d3e4f5a6b')
    expect(value('detail-seed')).toBe('424242')
    expect(value('detail-cost')).toBe('$0.08')
    // No TTL was sent, so there is no TTL row; nothing is editable here.
    expect(within(panel).queryByTestId('param-ttl')).toBeNull()
    expect(within(within(panel).getByTestId('detail-parameters')).queryAllByRole('textbox')).toEqual([])
  })

  it('a setting the request left out says "Not sent"; an unreported seed says so; nothing is filled in', async () => {
    const { outputQuality: _q, safety: _s, width: _w, height: _h, ...sparse } = RECIPE
    const { panel } = await openWithRecipe((f) => {
      f.recipes[7] = { ...sparse, resolution: '1K', ttl: 3600 }
      f.library.update(2, { seed: null })
    })
    expect(within(panel).getByTestId('param-quality').textContent).toBe('Not sent')
    expect(within(panel).getByTestId('param-safety').textContent).toBe('Not sent')
    expect(within(panel).getByTestId('param-size').textContent).toBe('1K')
    expect(within(panel).getByTestId('param-ttl').textContent).toBe('3600 s')
    expect(within(panel).getByTestId('detail-seed').textContent).toBe('Not reported')
  })

  it('with no size chosen, the size main sent: the square preset, or the 1K tier with a reference', async () => {
    const { width: _w, height: _h, ...sizeless } = RECIPE
    const { panel, fake } = await openWithRecipe((f) => (f.recipes[7] = { ...sizeless, referenceIds: [] }))
    expect(within(panel).getByTestId('param-size').textContent).toBe('1024 × 1024')
    fireEvent.keyDown(panel, { key: 'Escape' })
    // Image 3's generation sent the same request with its reference and no size.
    fake.recipes[3] = sizeless
    const again = await openDetail(3)
    await waitFor(() => expect(within(again).getByTestId('param-size').textContent).toBe('1K'))
  })

  it('an image with no generation says no request was recorded; an unreadable recipe says so', async () => {
    await renderLibrary([makeLibraryImage({ id: 1, generationId: null }), makeLibraryImage({ id: 2, generationId: 9 })])
    let panel = await openDetail(1)
    await waitFor(() => expect(within(panel).getByTestId('detail-parameters').textContent).toContain('no request was recorded'))
    fireEvent.keyDown(panel, { key: 'Escape' })
    panel = await openDetail(2)
    await waitFor(() => expect(within(panel).getByTestId('detail-parameters').textContent).toContain('could not be read'))
    expect(within(panel).queryByTestId('param-model')).toBeNull()
  })

  it('Copy prompt and Copy all parameters as JSON go to the clipboard through main, the JSON holding every value and no secret', async () => {
    const { panel, fake } = await openWithRecipe((f) => (f.apiKeyStatus = KEYCHAIN_KEY))
    fireEvent.click(within(panel).getByRole('button', { name: 'Copy prompt' }))
    await waitFor(() => expect(fake.callsTo('desktop.copyText')).toEqual([['a red fox in the snow']]))
    await screen.findByText('Prompt copied')

    fireEvent.click(within(panel).getByRole('button', { name: 'Copy all parameters as JSON' }))
    await waitFor(() => expect(fake.callsTo('desktop.copyText')).toHaveLength(2))
    const text = fake.callsTo('desktop.copyText')[1]![0] as string
    expect(JSON.parse(text)).toEqual({
      prompt: 'a red fox in the snow',
      request: {
        model: 'xai:grok-imagine@image',
        taskUUID: '3f2b8c1e-5d4a-4e8f-9a7b-1c2d3e4f5a6b',
        positivePrompt: 'a red fox in the snow',
        width: 1408,
        height: 768,
        numberResults: 3,
        outputFormat: 'PNG',
        outputQuality: 80,
        outputType: 'URL',
        deliveryMethod: 'async',
        safety: { checkContent: true, mode: 'fast' }
      },
      references: [{ label: 'holiday.jpg', kind: 'file' }],
      image: { id: 2, width: 1408, height: 768, format: 'png', bytes: 1_572_864, seed: 424242, costUsd: 0.08, createdAt: new Date(IMAGES[1]!.createdAt).toISOString() }
    })
    expect(text).not.toMatch(/apiKey|api_key|secret|images\/2\.png/i)
    await screen.findByText('Parameters copied')
  })

  it('a failed copy says so', async () => {
    const { panel, fake } = await openWithRecipe()
    fake.failNext('desktop.copyText', { code: 'INTERNAL', message: 'The clipboard is busy.' })
    fireEvent.click(within(panel).getByRole('button', { name: 'Copy prompt' }))
    await screen.findByText("Couldn't copy the prompt")
  })
})

describe('the detail view: zoom and pan', () => {
  afterEach(() => vi.restoreAllMocks())

  /** The stage measures 800 × 600; every other element 0 (jsdom lays nothing out). */
  function measureStage(): void {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return this.dataset.testid === 'detail-stage' ? 800 : 0
    })
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.dataset.testid === 'detail-stage' ? 600 : 0
    })
  }

  const transform = (): { x: number; y: number; scale: number } => {
    const m = /translate\((-?[\d.e-]+)px, (-?[\d.e-]+)px\) scale\(([\d.e-]+)\)/.exec(screen.getByTestId('detail-image').style.transform)
    if (!m) throw new Error(`no transform: ${screen.getByTestId('detail-image').style.transform}`)
    return { x: Number(m[1]), y: Number(m[2]), scale: Number(m[3]) }
  }
  /** The image pixel under a stage point. */
  const imagePoint = (px: number, py: number): [number, number] => {
    const t = transform()
    return [(px - t.x) / t.scale, (py - t.y) / t.scale]
  }
  const zoomText = (): string | null => screen.getByTestId('detail-zoom').textContent

  it('opens at fit; Zoom in, 100 % and Fit set the level shown', async () => {
    measureStage()
    await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    // 1408 × 768 in 800 × 600: fit is 800 / 1408.
    expect(transform().scale).toBeCloseTo(800 / 1408, 6)
    expect(zoomText()).toBe('57 %')
    expect(within(panel).getByRole('button', { name: 'Fit' }).getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(within(panel).getByRole('button', { name: 'Zoom in' }))
    expect(zoomText()).toBe('71 %')
    expect(within(panel).getByRole('button', { name: 'Fit' }).getAttribute('aria-pressed')).toBe('false')
    fireEvent.click(within(panel).getByRole('button', { name: 'Zoom out' }))
    expect(zoomText()).toBe('57 %')
    fireEvent.click(within(panel).getByRole('button', { name: '100 %' }))
    expect(zoomText()).toBe('100 %')
    expect(transform().scale).toBe(1)
    fireEvent.click(within(panel).getByRole('button', { name: 'Fit' }))
    expect(zoomText()).toBe('57 %')
  })

  it('the wheel and a pinch (Ctrl+wheel) zoom about the cursor: the image point under it stays put', async () => {
    measureStage()
    await renderLibrary(IMAGES)
    await openDetail(2)
    const stage = screen.getByTestId('detail-stage')
    const before = imagePoint(300, 250)
    act(() => void stage.dispatchEvent(new WheelEvent('wheel', { deltaY: -400, clientX: 300, clientY: 250, bubbles: true, cancelable: true })))
    expect(transform().scale).toBeGreaterThan((800 / 1408) * 1.9)
    const after = imagePoint(300, 250)
    expect(after[0]).toBeCloseTo(before[0], 6)
    expect(after[1]).toBeCloseTo(before[1], 6)
    const pinch = new WheelEvent('wheel', { deltaY: -50, ctrlKey: true, clientX: 300, clientY: 250, bubbles: true, cancelable: true })
    const scale = transform().scale
    act(() => void stage.dispatchEvent(pinch))
    expect(pinch.defaultPrevented).toBe(true) // the page itself does not zoom
    expect(transform().scale).toBeGreaterThan(scale)
    expect(imagePoint(300, 250)[0]).toBeCloseTo(before[0], 6)
    expect(imagePoint(300, 250)[1]).toBeCloseTo(before[1], 6)
  })

  it('zoomed in, a drag pans and the arrows pan instead of stepping; at fit the arrows step again', async () => {
    measureStage()
    await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    fireEvent.click(within(panel).getByRole('button', { name: '100 %' }))
    const start = transform()
    const stage = screen.getByTestId('detail-stage')
    fireEvent.pointerDown(stage, { button: 0, pointerId: 1, clientX: 400, clientY: 300 })
    fireEvent.pointerMove(stage, { pointerId: 1, clientX: 340, clientY: 260 })
    fireEvent.pointerUp(stage, { pointerId: 1, clientX: 340, clientY: 260 })
    expect(transform()).toEqual({ x: start.x - 60, y: start.y - 40, scale: 1 })
    // Moving the pointer after the drag ended pans no more.
    fireEvent.pointerMove(stage, { pointerId: 1, clientX: 0, clientY: 0 })
    expect(transform().x).toBe(start.x - 60)

    fireEvent.keyDown(detail(), { key: 'ArrowRight' })
    expect(detail().getAttribute('data-image-id')).toBe('2')
    expect(transform().x).toBe(start.x - 60 - 48)
    fireEvent.keyDown(detail(), { key: 'ArrowUp' })
    expect(transform().y).toBe(start.y - 40 + 48)
    // Not past the image's edge: 768 px tall in a 600 px stage goes up by at most 168 px.
    fireEvent.keyDown(detail(), { key: 'ArrowDown' })
    fireEvent.keyDown(detail(), { key: 'ArrowDown' })
    fireEvent.keyDown(detail(), { key: 'ArrowDown' })
    expect(transform().y).toBe(600 - 768)

    fireEvent.keyDown(detail(), { key: '0' })
    expect(zoomText()).toBe('57 %')
    fireEvent.keyDown(detail(), { key: 'ArrowRight' })
    await waitFor(() => expect(detail().getAttribute('data-image-id')).toBe('1'))
  })

  it('a double-click shows 100 % about the point clicked, and another goes back to fit', async () => {
    measureStage()
    await renderLibrary(IMAGES)
    await openDetail(2)
    const stage = screen.getByTestId('detail-stage')
    const before = imagePoint(500, 320)
    fireEvent.doubleClick(stage, { clientX: 500, clientY: 320 })
    expect(zoomText()).toBe('100 %')
    expect(imagePoint(500, 320)[0]).toBeCloseTo(before[0], 6)
    expect(imagePoint(500, 320)[1]).toBeCloseTo(before[1], 6)
    fireEvent.doubleClick(stage, { clientX: 500, clientY: 320 })
    expect(zoomText()).toBe('57 %')
  })

  it('another image opens at fit', async () => {
    measureStage()
    await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    fireEvent.click(within(panel).getByRole('button', { name: 'Zoom in' }))
    fireEvent.click(within(panel).getByRole('button', { name: 'Next image' }))
    await waitFor(() => expect(detail().getAttribute('data-image-id')).toBe('1'))
    expect(zoomText()).toBe('59 %') // 1024 × 1024 in 800 × 600: 600 / 1024
  })
})

describe('the detail view: previous and next by position, and focus', () => {
  it('steps through the view by its id list, into rows that were never loaded, and says where it is', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 5000))
    // Newest first: id 2000 sits at position 3001, far beyond the loaded rows.
    expect(useAppStore.getState().galleryImage(2000)).toBeUndefined()
    await act(() => useAppStore.getState().openDetail(2000))
    expect(detail().getAttribute('data-image-id')).toBe('2000')
    expect(within(detail()).getByTestId('detail-position').textContent).toBe('3,001 of 5,000')
    fireEvent.click(within(detail()).getByRole('button', { name: 'Next image' }))
    await waitFor(() => expect(detail().getAttribute('data-image-id')).toBe('1999'))
    await waitFor(() => expect(within(detail()).getByTestId('detail-prompt').textContent).toBe('prompt number 1999'))
    expect(fake.callsTo('library.images').at(-1)).toEqual([[1999]])
    fireEvent.keyDown(detail(), { key: 'ArrowLeft' })
    fireEvent.keyDown(detail(), { key: 'ArrowLeft' })
    await waitFor(() => expect(detail().getAttribute('data-image-id')).toBe('2001'))
    expect(within(detail()).getByTestId('detail-position').textContent).toBe('3,000 of 5,000')
  })

  it('after a lineage thumbnail opens another image, focus stays in the view: the arrows and Esc still work, and focus goes back to the tile', async () => {
    await renderLibrary(IMAGES, (f) => {
      f.library.link(2, { kind: 'image', imageId: 1 })
    })
    tile(2).focus()
    const panel = await openDetail(2)
    const ancestor = await within(panel).findByTestId('lineage-ancestor')
    ancestor.focus()
    fireEvent.click(ancestor)
    await waitFor(() => expect(detail().getAttribute('data-image-id')).toBe('1'))
    await waitFor(() => expect(within(detail()).getByTestId('detail-prompt').textContent).toBe('the first fox'))
    expect(ancestor.isConnected).toBe(false)
    await waitFor(() => expect(detail().contains(document.activeElement)).toBe(true))
    // Keys go where focus is: ← steps to the previous image in the view (2, newer).
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' })
    await waitFor(() => expect(detail().getAttribute('data-image-id')).toBe('2'))
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' })
    expect(screen.queryByTestId('image-detail')).toBeNull()
    expect(document.activeElement).toBe(tile(2))
  })

  it('Tab stays inside the dialog', async () => {
    await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    const dialog = screen.getByRole('dialog', { name: 'Image details' })
    expect(dialog.contains(panel)).toBe(true)
    const buttons = within(dialog).getAllByRole('button')
    buttons.at(-1)!.focus()
    fireEvent.keyDown(buttons.at(-1)!, { key: 'Tab' })
    expect(dialog.contains(document.activeElement)).toBe(true)
  })
})
