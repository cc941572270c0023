/**
 * Issue 12: until its thumbnail loads, a tile shows its image's average colour (the
 * whole square in Square, the image's own shape in Whole image), and the thumbnail
 * fades in over it; a row without a colour keeps the neutral tile.
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeLibraryImage, makeLibraryImages } from './core-library'
import { FakeIntersectionObserver, renderLibrary, tile } from './library-helpers'

const wash = (id: number): HTMLElement | null => tile(id).querySelector<HTMLElement>('[data-testid="tile-wash"]')

describe('tile placeholders in the image colour', () => {
  beforeEach(() => FakeIntersectionObserver.install())
  afterEach(() => vi.unstubAllGlobals())

  it('an unloaded tile is its colour; the thumbnail replaces it once loaded; a row without a colour stays neutral', async () => {
    await renderLibrary([
      makeLibraryImage({ id: 1, avgColor: null }),
      makeLibraryImage({ id: 2, avgColor: 0x0a78fa, width: 1408, height: 768 }),
      makeLibraryImage({ id: 3, avgColor: 0, width: 768, height: 1408 })
    ])
    expect(wash(2)!.style.getPropertyValue('--tile-color')).toBe('#0a78fa')
    // Black is a colour, not "none".
    expect(wash(3)!.style.getPropertyValue('--tile-color')).toBe('#000000')
    expect(wash(1)).toBeNull()
    expect(wash(2)!.getAttribute('aria-hidden')).toBe('true')
    // Not loaded yet: the thumbnail is there but not shown over the colour (gallery.css fades [data-loaded]).
    expect(tile(2).dataset.loaded).toBeUndefined()
    fireEvent.load(tile(2).querySelector('img')!)
    await waitFor(() => expect(tile(2).dataset.loaded).toBe('true'))
    expect(tile(3).dataset.loaded).toBeUndefined()
    // A thumbnail that fails leaves the colour showing.
    fireEvent.error(tile(3).querySelector('img')!)
    await waitFor(() => expect(tile(3).dataset.broken).toBe('true'))
    expect(wash(3)).not.toBeNull()
  })

  it('in Whole image cells the colour takes the image’s shape', async () => {
    await renderLibrary([makeLibraryImage({ id: 1, avgColor: 0x334455, width: 1408, height: 768 }), makeLibraryImage({ id: 2, avgColor: 0x556677, width: 768, height: 1408 })])
    fireEvent.change(screen.getByRole('combobox', { name: 'Thumbnail shape' }), { target: { value: 'fit' } })
    await waitFor(() => expect(screen.getByTestId('gallery').dataset.fit).toBe('fit'))
    expect(wash(1)!.dataset.shape).toBe('wide')
    expect(wash(2)!.dataset.shape).toBe('tall')
    expect(wash(2)!.style.getPropertyValue('--tile-color')).toBe('#556677')
  })

  it('a fast scroll into rows never fetched still colours its tiles: from swatches, a few bytes each, not rows', async () => {
    const images = makeLibraryImages(1, 5000).map((image) => ({ ...image, avgColor: image.id * 977 }))
    const { fake } = await renderLibrary(images)
    const rowsBefore = fake.callsTo('library.images').length
    // Rows that would be read once the scroll calms down stay pending, so the tiles are placeholders throughout.
    const release = fake.holdNext('library.images')
    const scroller = screen.getByTestId('gallery-scroll')
    const rowHeight = Number.parseFloat((screen.getAllByTestId('gallery-tile')[0]!.style.height || '0').replace('px', '')) + 6
    act(() => {
      scroller.scrollTop = 500 * rowHeight
      scroller.dispatchEvent(new Event('scroll'))
    })
    const busy = (): HTMLElement[] => screen.getAllByTestId('gallery-tile').filter((t) => t.getAttribute('aria-busy') === 'true')
    await waitFor(() => expect(busy().length).toBeGreaterThan(0))
    await waitFor(() => expect(busy().every((t) => t.querySelector('[data-testid="tile-wash"]') !== null)).toBe(true))
    for (const t of busy()) {
      const id = Number(t.dataset.imageId)
      expect(t.querySelector<HTMLElement>('[data-testid="tile-wash"]')!.style.getPropertyValue('--tile-color')).toBe(`#${(id * 977).toString(16).padStart(6, '0')}`)
    }
    // Gathered calls for the screen's tiles and a couple of screens each way (never the view's 5,000), none for rows while fast.
    const asked = fake.callsTo('library.swatches').flatMap((args) => args[0] as number[])
    expect(asked.length).toBeGreaterThan(0)
    expect(asked.length).toBeLessThan(500)
    expect(fake.callsTo('library.swatches').length).toBeLessThanOrEqual(2)
    expect(new Set(asked).size).toBe(asked.length)
    expect(busy().map((t) => Number(t.dataset.imageId)).every((id) => asked.includes(id))).toBe(true)
    expect(fake.callsTo('library.images').length).toBeLessThanOrEqual(rowsBefore + 1)
    release()
    await waitFor(() => expect(busy()).toEqual([]))
  })
})
