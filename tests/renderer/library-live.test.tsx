/**
 * Issue 12, live: pushes carry rows and counts, so the gallery patches itself
 * instead of asking again; arrivals while scrolled down keep the user's place and
 * offer a "N new images" pill.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LibraryImage } from '../../electron/shared/library'
import { makeLibraryImage, makeLibraryImages } from './core-library'
import { FakeIntersectionObserver, renderLibrary, selectedIds, tile, tileIds, viewsRead } from './library-helpers'

function rowHeight(): number {
  return Number.parseFloat(screen.getAllByTestId('gallery-tile')[0]!.style.height.replace('px', '')) + 6
}

function scrollTo(top: number): void {
  const scroller = screen.getByTestId('gallery-scroll')
  act(() => {
    scroller.scrollTop = top
    scroller.dispatchEvent(new Event('scroll'))
  })
}

/** Mounted tiles with their place on screen (their y in the scroll box minus its scrollTop). */
function onScreen(): { id: number; y: number }[] {
  const scrollTop = screen.getByTestId('gallery-scroll').scrollTop
  return screen.getAllByTestId('gallery-tile').map((t) => ({ id: Number(t.dataset.imageId), y: Number(/translate\([^,]+,\s*(-?[\d.]+)px\)/.exec(t.style.transform)?.[1]) - scrollTop }))
}

/** The tile at the top-left of the viewport. */
function topTile(): { id: number; y: number } {
  return onScreen()
    .filter((t) => t.y >= -1)
    .sort((a, b) => a.y - b.y || b.id - a.id)[0]!
}

describe('live library changes', () => {
  beforeEach(() => FakeIntersectionObserver.install())
  afterEach(() => vi.unstubAllGlobals())

  it('new images carried by the push appear at the top without reading the view or the rows again', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 50))
    const idLists = viewsRead(fake).length
    const rowReads = fake.callsTo('library.images').length
    const fresh = [makeLibraryImage({ id: 51, prompt: 'a new fox' }), makeLibraryImage({ id: 52, prompt: 'a newer fox' })]
    fake.library.add(...fresh)
    act(() => fake.emitLibraryChanged({ reason: 'images-added', imageIds: [51, 52], images: fresh, stats: { images: 52, generations: 52, trashed: 0, favourites: 0 } }))
    await waitFor(() => expect(tileIds().slice(0, 3)).toEqual([52, 51, 50]))
    expect(tile(52).getAttribute('aria-label')).toBe('a newer fox')
    expect(screen.getByTestId('gallery-count').textContent).toBe('52 images')
    expect(screen.getByTestId('nav-count-all').textContent).toBe('52')
    expect(viewsRead(fake)).toHaveLength(idLists)
    expect(fake.callsTo('library.images')).toHaveLength(rowReads)
  })

  it('keeps the image at the top in place when images arrive while scrolled down, and the pill takes the user up', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 3000))
    const columns = Number(screen.getByTestId('gallery').dataset.columns)
    scrollTo(100 * rowHeight())
    await waitFor(() => expect(topTile().id).toBe(3000 - 100 * columns))
    const before = topTile()
    // Two whole rows and one more image: the anchor moves down by rows, and stays on screen.
    const count = 2 * columns + 1
    const fresh = Array.from({ length: count }, (_, i) => makeLibraryImage({ id: 3001 + i }))
    fake.library.add(...fresh)
    act(() => fake.emitLibraryChanged({ reason: 'images-added', imageIds: fresh.map((f) => f.id), images: fresh }))
    const pill = await screen.findByTestId('new-images-pill')
    expect(pill.textContent).toContain(`${count} new images`)
    // The same image is still in the top row (its column may shift by the odd one).
    await waitFor(() => {
      const row = onScreen().filter((t) => Math.abs(t.y - before.y) < 1)
      expect(row.map((t) => t.id)).toContain(before.id)
    })
    expect(screen.getAllByTestId('gallery-tile')[0]!.getAttribute('aria-setsize')).toBe(String(3000 + count))
    fireEvent.click(pill)
    await waitFor(() => expect(tileIds()[0]).toBe(3000 + count))
    expect(screen.getByTestId('gallery-scroll').scrollTop).toBe(0)
    expect(screen.queryByTestId('new-images-pill')).toBeNull()
  })

  it('at the top, arrivals simply show there, with no pill', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 40))
    const fresh = [makeLibraryImage({ id: 41 })]
    fake.library.add(...fresh)
    act(() => fake.emitLibraryChanged({ reason: 'images-added', imageIds: [41], images: fresh }))
    await waitFor(() => expect(tileIds()[0]).toBe(41))
    expect(screen.queryByTestId('new-images-pill')).toBeNull()
  })

  it('an update carried by the push patches the tile in place; a trash push takes ids out and keeps the rest of the selection', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 5))
    fireEvent.click(tile(2))
    fireEvent.click(tile(4), { ctrlKey: true })
    const idLists = viewsRead(fake).length
    const rowReads = fake.callsTo('library.images').length
    const rated: LibraryImage = { ...fake.library.images[2]!, rating: 5 }
    act(() => fake.emitLibraryChanged({ reason: 'images-updated', imageIds: [3], images: [rated] }))
    await waitFor(() => expect(within(tile(3)).getByTestId('tile-rating').getAttribute('data-rating')).toBe('5'))
    fake.library.update(fake.library.images[3]!.id, { trashedAt: Date.now() })
    act(() => fake.emitLibraryChanged({ reason: 'images-trashed', imageIds: [4] }))
    await waitFor(() => expect(tileIds()).toEqual([5, 3, 2, 1]))
    expect(selectedIds()).toEqual([2])
    expect(screen.getByTestId('gallery-count').textContent).toBe('4 images')
    expect(viewsRead(fake)).toHaveLength(idLists)
    expect(fake.callsTo('library.images')).toHaveLength(rowReads)
  })

  it('in Favourites, an update may change who belongs, so the view is read again', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 3).map((i) => ({ ...i, favorite: true })))
    act(() => screen.getByTestId('nav-favourites').click())
    await waitFor(() => expect(tileIds()).toEqual([3, 2, 1]))
    const idLists = viewsRead(fake).length
    fake.library.update(fake.library.images[1]!.id, { favorite: false })
    act(() => fake.emitLibraryChanged({ reason: 'images-updated', imageIds: [2], images: [{ ...fake.library.images[1]! }] }))
    await waitFor(() => expect(tileIds()).toEqual([3, 1]))
    expect(viewsRead(fake).length).toBe(idLists + 1)
  })

  it("another process's write (external) reads the view and the shown rows again", async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 4))
    fake.library.update(fake.library.images[0]!.id, { favorite: true })
    fake.library.add(makeLibraryImage({ id: 5, prompt: 'made by the CLI' }))
    fake.statsFromLibrary = true
    act(() => fake.emitLibraryChanged({ reason: 'external', imageIds: [] }))
    await waitFor(() => expect(tileIds()[0]).toBe(5))
    await waitFor(() => expect(within(tile(1)).getByTestId('tile-favorite').getAttribute('aria-pressed')).toBe('true'))
    expect(screen.getByTestId('nav-count-all').textContent).toBe('5')
  })
})

describe('the first screenful', () => {
  beforeEach(() => FakeIntersectionObserver.install())
  afterEach(() => vi.unstubAllGlobals())

  it('paints from the first page while the whole id list is still on its way, then keeps its place as the list lands', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 40))
    fake.library.add(...makeLibraryImages(41, 2960))
    act(() => screen.getByTestId('nav-favourites').click())
    await screen.findByTestId('gallery-empty')
    const release = fake.holdNext('library.idList')
    act(() => screen.getByTestId('nav-all').click())
    // Only the first page so far: its tiles show, with their rows, and the total is not claimed yet.
    await waitFor(() => expect(tileIds()[0]).toBe(3000))
    expect(tile(3000).getAttribute('aria-label')).toBe('prompt number 3000')
    expect(screen.getAllByTestId('gallery-tile')[0]!.getAttribute('aria-setsize')).toBe('120')
    expect(screen.getByTestId('gallery-count').textContent).toBe('')
    release()
    await waitFor(() => expect(screen.getAllByTestId('gallery-tile')[0]!.getAttribute('aria-setsize')).toBe('3000'))
    expect(screen.getByTestId('gallery-count').textContent).toBe('3,000 images')
    expect(tileIds()[0]).toBe(3000)
  })
})
