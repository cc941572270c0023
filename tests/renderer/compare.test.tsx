import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { GenerationRecipe } from '../../electron/shared/generation'
import { compareRows } from '../../renderer/src/features/compare/compare-rows'
import { useAppStore } from '../../renderer/src/store'
import type { CompareEntry } from '../../renderer/src/store/compare-slice'
import { makeLibraryImage, makeLibraryImages } from './core-library'
import { renderLibrary, tile } from './library-helpers'

const recipe = (patch: Partial<GenerationRecipe> = {}): GenerationRecipe => ({
  prompt: 'p',
  model: 'xai:grok-imagine@image',
  width: 1024,
  height: 1024,
  numberResults: 1,
  outputType: 'URL',
  outputFormat: 'PNG',
  deliveryMethod: 'sync',
  referenceIds: [],
  ...patch
})

const bar = (): HTMLElement => screen.getByTestId('selection-bar')
const compareButton = (): HTMLButtonElement => within(bar()).getByRole('button', { name: 'Compare' })
const dialog = (): HTMLElement => screen.getByRole('dialog', { name: 'Compare' })
/** The value cells of one parameter, one per image, in order. */
const cells = (testId: string): HTMLElement[] => within(dialog()).getAllByTestId(testId)
const markedText = (el: HTMLElement): string[] => Array.from(el.querySelectorAll('mark')).map((m) => m.textContent ?? '')

/** Two images made with different settings: another prompt, quality, seed and count; the same model and size. */
async function renderTwo() {
  const images = [
    makeLibraryImage({ id: 1, prompt: 'a red fox in the snow', seed: 11, cost: 0.02 }),
    makeLibraryImage({ id: 2, prompt: 'a grey fox in the deep snow', seed: 22, cost: 0.02 })
  ]
  return renderLibrary(images, (fake) => {
    fake.recipes[1] = recipe({ prompt: 'a red fox in the snow', outputQuality: 80, numberResults: 1 })
    fake.recipes[2] = recipe({ prompt: 'a grey fox in the deep snow', outputQuality: 95, numberResults: 2 })
  })
}

async function openWithButton(ids: number[]) {
  fireEvent.click(tile(ids[0]!))
  for (const id of ids.slice(1)) fireEvent.click(tile(id), { ctrlKey: true })
  fireEvent.click(compareButton())
  await waitFor(() => expect(within(dialog()).getAllByRole('img')).toHaveLength(ids.length))
}

describe('compareRows', () => {
  const entry = (id: number, patch: Partial<CompareEntry> = {}): CompareEntry => ({
    image: makeLibraryImage({ id, seed: 7 }),
    recipe: recipe(),
    references: [],
    ...patch
  })

  it('flags a row whose values differ and leaves equal rows unflagged', () => {
    const rows = compareRows([entry(1, { recipe: recipe({ outputQuality: 70 }) }), entry(2, { recipe: recipe({ outputQuality: 90 }) })])
    const byLabel = Object.fromEntries(rows.map((r) => [r.label, r]))
    expect(byLabel.Quality!.differs).toBe(true)
    expect(byLabel.Quality!.values.map((v) => v.text)).toEqual(['70', '90'])
    expect(byLabel.Model!.differs).toBe(false)
    expect(byLabel.Seed!.differs).toBe(false)
    expect(byLabel.Size!.values.map((v) => v.text)).toEqual(['1024 × 1024', '1024 × 1024'])
    // Created times always differ between two images; that is shown as it is.
    expect(byLabel.Created!.differs).toBe(true)
  })

  it('compares references by their stored ids, not their labels', () => {
    const ref = (referenceId: number) => ({ referenceId, label: 'image.jpg', sourceKind: 'file' as const, libraryImageId: null })
    const rows = compareRows([
      entry(1, { recipe: recipe({ referenceIds: [5] }), references: [ref(5)] }),
      entry(2, { recipe: recipe({ referenceIds: [6] }), references: [ref(6)] }),
      entry(3, { recipe: recipe({ referenceIds: [5] }), references: [ref(5)] })
    ])
    const refs = rows.find((r) => r.label === 'References')!
    expect(refs.values.map((v) => v.text)).toEqual(['image.jpg', 'image.jpg', 'image.jpg'])
    expect(refs.differs).toBe(true)
    const same = compareRows([entry(1, { recipe: recipe({ referenceIds: [6, 5] }) }), entry(2, { recipe: recipe({ referenceIds: [5, 6] }) })])
    expect(same.find((r) => r.label === 'References')!.differs).toBe(false)
  })

  it('an image without a recipe says so for the recipe fields (and so differs from one with it)', () => {
    const rows = compareRows([entry(1), entry(2, { recipe: null })])
    const safety = rows.find((r) => r.label === 'Safety')!
    expect(safety.values.map((v) => v.text)).toEqual(['Off', 'Not recorded'])
    expect(safety.differs).toBe(true)
    const on = compareRows([entry(1, { recipe: recipe({ safety: { checkContent: true, mode: 'fast' } }) }), entry(2)])
    expect(on.find((r) => r.label === 'Safety')!.values.map((v) => v.text)).toEqual(['On (fast)', 'Off'])
  })
})

describe('the Compare button and the C key', () => {
  it('the selection bar offers Compare, enabled only for 2 to 4 selected images', async () => {
    await renderLibrary(makeLibraryImages(1, 6))
    fireEvent.click(tile(6))
    expect(compareButton().disabled).toBe(true)
    fireEvent.click(tile(5), { ctrlKey: true })
    expect(compareButton().disabled).toBe(false)
    fireEvent.click(tile(4), { ctrlKey: true })
    fireEvent.click(tile(3), { ctrlKey: true })
    expect(compareButton().disabled).toBe(false)
    fireEvent.click(tile(2), { ctrlKey: true })
    expect(compareButton().disabled).toBe(true)
    fireEvent.click(compareButton())
    expect(screen.queryByRole('dialog', { name: 'Compare' })).toBeNull()
  })

  it('C opens Compare for the selection in view order; with one selected it explains instead', async () => {
    await renderLibrary(makeLibraryImages(1, 6))
    fireEvent.click(tile(4))
    fireEvent.keyDown(tile(4), { key: 'c' })
    expect(screen.queryByRole('dialog', { name: 'Compare' })).toBeNull()
    expect(screen.getByText('Select 2 to 4 images to compare them')).toBeTruthy()

    fireEvent.click(tile(2), { ctrlKey: true })
    fireEvent.click(tile(6), { ctrlKey: true })
    fireEvent.keyDown(tile(6), { key: 'c' })
    await waitFor(() => expect(within(dialog()).getAllByRole('img')).toHaveLength(3))
    const shown = within(dialog())
      .getAllByRole('img')
      .map((img) => Number(img.getAttribute('data-image-id')))
    expect(shown).toEqual([6, 4, 2])
    expect(within(dialog()).getAllByRole('img')[0]!.getAttribute('alt')).toBe('Image 1 of 3: prompt number 6')
  })

  it('Escape closes Compare and returns focus to the tile it was opened from', async () => {
    await renderLibrary(makeLibraryImages(1, 3))
    fireEvent.click(tile(3))
    fireEvent.click(tile(2), { ctrlKey: true })
    tile(2).focus()
    fireEvent.keyDown(tile(2), { key: 'C' })
    await waitFor(() => expect(within(dialog()).getAllByRole('img')).toHaveLength(2))
    expect(dialog().contains(document.activeElement)).toBe(true)
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' })
    expect(screen.queryByRole('dialog', { name: 'Compare' })).toBeNull()
    expect(document.activeElement).toBe(tile(2))
  })
})

describe('the Compare dialog', () => {
  it('marks each parameter value that differs and leaves equal ones unmarked', async () => {
    await renderTwo()
    await openWithButton([2, 1])
    expect(cells('compare-quality').map((c) => markedText(c))).toEqual([['95'], ['80']])
    expect(cells('compare-count').map((c) => markedText(c))).toEqual([['2'], ['1']])
    expect(cells('compare-seed').map((c) => markedText(c))).toEqual([['22'], ['11']])
    for (const same of ['compare-model', 'compare-size', 'compare-format', 'compare-cost', 'compare-safety', 'compare-references']) {
      expect(cells(same).map((c) => c.querySelectorAll('mark').length)).toEqual([0, 0])
    }
    expect(cells('compare-model')[0]!.textContent).toBe('xai:grok-imagine@image')
  })

  it('shows prompt differences word by word', async () => {
    await renderTwo()
    await openWithButton([2, 1])
    const [grey, red] = cells('compare-prompt')
    expect(grey!.textContent).toBe('a grey fox in the deep snow')
    expect(markedText(grey!)).toEqual(['grey', 'deep'])
    expect(markedText(red!)).toEqual(['red'])
  })

  it('equal prompts are not marked at all', async () => {
    await renderLibrary([makeLibraryImage({ id: 1, prompt: 'same' }), makeLibraryImage({ id: 2, prompt: 'same' })])
    await openWithButton([2, 1])
    expect(cells('compare-prompt').map((c) => c.querySelectorAll('mark').length)).toEqual([0, 0])
  })

  it('Only differences hides the rows whose values are all equal', async () => {
    await renderTwo()
    await openWithButton([2, 1])
    fireEvent.click(within(dialog()).getByRole('checkbox', { name: 'Only differences' }))
    expect(within(dialog()).queryAllByTestId('compare-model')).toHaveLength(0)
    expect(within(dialog()).queryAllByTestId('compare-cost')).toHaveLength(0)
    expect(cells('compare-quality').map((c) => c.textContent)).toEqual(['95', '80'])
    expect(cells('compare-prompt')).toHaveLength(2)
    fireEvent.click(within(dialog()).getByRole('checkbox', { name: 'Only differences' }))
    expect(cells('compare-model')).toHaveLength(2)
  })

  it('a missing prompt is marked as a difference; the recorded ones are diffed only against each other', async () => {
    await renderLibrary([makeLibraryImage({ id: 1, prompt: null }), makeLibraryImage({ id: 2, prompt: 'a fox' }), makeLibraryImage({ id: 3, prompt: 'a red fox' })])
    await openWithButton([3, 2, 1])
    expect(cells('compare-prompt').map((c) => markedText(c))).toEqual([['red'], [], ['Not recorded']])
  })

  it('offers a Swipe slider for exactly two images, over one stage holding both', async () => {
    await renderTwo()
    await openWithButton([2, 1])
    expect(within(dialog()).queryByRole('slider', { name: 'Swipe' })).toBeNull()
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Swipe' }))
    const slider = within(dialog()).getByRole('slider', { name: 'Swipe' })
    expect(within(dialog()).getAllByRole('img')).toHaveLength(2)
    fireEvent.change(slider, { target: { value: '30' } })
    expect(within(dialog()).getAllByRole('img')[1]!.parentElement!.style.clipPath).toBe('inset(0 0 0 30%)')
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Side by side' }))
    expect(within(dialog()).queryByRole('slider', { name: 'Swipe' })).toBeNull()
  })

  it('has no Swipe layout for three images', async () => {
    await renderLibrary(makeLibraryImages(1, 3))
    await openWithButton([3, 2, 1])
    expect(within(dialog()).queryByRole('button', { name: 'Swipe' })).toBeNull()
  })

  it('an unreadable recipe still shows the image, its recipe fields saying Not recorded', async () => {
    const { fake } = await renderTwo()
    fake.failNext('generation.recipe', { code: 'INTERNAL', message: 'disk on fire' })
    await openWithButton([2, 1])
    const quality = cells('compare-quality').map((c) => c.textContent)
    expect(quality.filter((q) => q === 'Not recorded')).toHaveLength(1)
    expect(within(dialog()).getAllByRole('img')).toHaveLength(2)
  })

  it('when the images cannot be read, Compare closes with a message', async () => {
    const { fake } = await renderTwo()
    fake.failNext('library.images', { code: 'INTERNAL', message: 'database is locked' })
    fireEvent.click(tile(2))
    fireEvent.click(tile(1), { ctrlKey: true })
    fireEvent.click(compareButton())
    await waitFor(() => expect(screen.getByText("Couldn't open Compare")).toBeTruthy())
    expect(screen.queryByRole('dialog', { name: 'Compare' })).toBeNull()
  })

  it("an answer that arrives after Compare was closed does not reopen it or fill it", async () => {
    const { fake } = await renderTwo()
    const release = fake.holdNext('library.images')
    fireEvent.click(tile(2))
    fireEvent.click(tile(1), { ctrlKey: true })
    fireEvent.click(compareButton())
    expect(within(dialog()).getByRole('group', { name: /^Images/ }).getAttribute('aria-busy')).toBe('true')
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' })
    expect(screen.queryByRole('dialog', { name: 'Compare' })).toBeNull()
    await act(async () => release())
    await act(async () => {})
    expect(screen.queryByRole('dialog', { name: 'Compare' })).toBeNull()
    expect(useAppStore.getState().compareEntries).toBeNull()
  })

  describe('zoom, with measured panes', () => {
    afterEach(() => vi.restoreAllMocks())

    it('zooms every image together from the buttons and the wheel, and Fit and 100 % reset it', async () => {
      vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(256)
      vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(256)
      await renderLibrary([makeLibraryImage({ id: 1 }), makeLibraryImage({ id: 2 })]) // 1024 × 1024 each
      await openWithButton([2, 1])
      const zoom = (): string => within(dialog()).getByTestId('compare-zoom').textContent ?? ''
      const transforms = (): string[] => within(dialog()).getAllByRole('img').map((img) => img.style.transform)
      expect(zoom()).toBe('25 %')
      expect(transforms()).toEqual(['translate(0px, 0px) scale(0.25)', 'translate(0px, 0px) scale(0.25)'])

      fireEvent.click(within(dialog()).getByRole('button', { name: 'Zoom in' }))
      expect(zoom()).toBe('31 %')
      const zoomed = transforms()
      expect(zoomed[0]).toBe(zoomed[1])
      expect(zoomed[0]).not.toBe('translate(0px, 0px) scale(0.25)')

      fireEvent.click(within(dialog()).getByRole('button', { name: '100 %' }))
      expect(zoom()).toBe('100 %')
      fireEvent.click(within(dialog()).getByRole('button', { name: 'Fit' }))
      expect(zoom()).toBe('25 %')

      // The wheel over the second pane zooms both, about the cursor.
      const pane = within(dialog()).getAllByRole('img')[1]!.parentElement!
      act(() => {
        pane.dispatchEvent(new WheelEvent('wheel', { deltaY: -300, clientX: 10, clientY: 10, bubbles: true, cancelable: true }))
      })
      expect(Number.parseInt(zoom(), 10)).toBeGreaterThan(25)
      expect(transforms()[0]).toBe(transforms()[1])

      // Keyboard on the stage: 0 fits.
      const stage = within(dialog()).getByRole('group', { name: /^Images/ })
      fireEvent.keyDown(stage, { key: '0' })
      expect(zoom()).toBe('25 %')
      fireEvent.keyDown(stage, { key: '+' })
      expect(zoom()).toBe('31 %')
    })
  })
})
