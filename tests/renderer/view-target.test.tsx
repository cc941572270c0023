/**
 * Issue 12: Ctrl/⌘+A selects the whole view as a flag, and bulk actions go to
 * main as a view target (main reads the ids), never as a list of every id; a
 * long picked list is sent in parts main accepts.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ImageTarget } from '../../electron/shared/library'
import { useAppStore } from '../../renderer/src/store'
import { makeLibraryImage, makeLibraryImages } from './core-library'
import { FakeIntersectionObserver, renderLibrary, tile, tileIds } from './library-helpers'

const grid = (): HTMLElement => screen.getByTestId('gallery')

describe('bulk actions on a whole view', () => {
  beforeEach(() => FakeIntersectionObserver.install())
  afterEach(() => vi.unstubAllGlobals())

  it('Ctrl+A then F favourites 25,000 images with one call naming the view, not the ids', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 25_000))
    fireEvent.click(tile(25_000))
    fireEvent.keyDown(grid(), { key: 'a', ctrlKey: true })
    expect(screen.getByTestId('selection-count').textContent).toBe('25,000 selected')
    // A flag, not 25,000 keys.
    expect(Object.keys(useAppStore.getState().selectedIds)).toHaveLength(0)
    fireEvent.keyDown(grid(), { key: 'f' })
    await waitFor(() => expect(fake.callsTo('library.setFavorite')).toHaveLength(1))
    const [target, favorite] = fake.callsTo('library.setFavorite')[0] as [ImageTarget, boolean]
    expect(favorite).toBe(true)
    expect(target).toEqual({ view: { section: 'all', sort: 'newest' }, maxId: 25_000 })
    expect(fake.library.images.every((i) => i.favorite)).toBe(true)
    await waitFor(() => expect(within(tile(25_000)).getByTestId('tile-favorite').getAttribute('aria-pressed')).toBe('true'))
  })

  it('unticking one image leaves it out of the target and the count', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 300))
    fireEvent.click(tile(300))
    fireEvent.keyDown(grid(), { key: 'a', ctrlKey: true })
    fireEvent.click(tile(299), { ctrlKey: true })
    expect(tile(299).getAttribute('aria-selected')).toBe('false')
    expect(tile(298).getAttribute('aria-selected')).toBe('true')
    expect(screen.getByTestId('selection-count').textContent).toBe('299 selected')
    fireEvent.click(screen.getByTestId('selection-trash'))
    await waitFor(() => expect(tileIds()).toEqual([299]))
    expect(fake.callsTo('library.trash')).toEqual([[{ view: { section: 'all', sort: 'newest' }, maxId: 300, except: [299] }]])
    expect(screen.getByTestId('toast').textContent).toContain('Moved 299 images to the Trash')
  })

  it('images that arrive after Ctrl+A are not swept into the selection', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 10))
    fireEvent.click(tile(10))
    fireEvent.keyDown(grid(), { key: 'a', ctrlKey: true })
    const fresh = makeLibraryImage({ id: 11 })
    fake.library.add(fresh)
    act(() => fake.emitLibraryChanged({ reason: 'images-added', imageIds: [11], images: [fresh] }))
    await waitFor(() => expect(tileIds()[0]).toBe(11))
    expect(tile(11).getAttribute('aria-selected')).toBe('false')
    expect(screen.getByTestId('selection-count').textContent).toBe('10 selected')
    fireEvent.keyDown(grid(), { key: '4' })
    await waitFor(() => expect(fake.callsTo('library.setRating')).toHaveLength(1))
    expect(fake.library.images.find((i) => i.id === 11)!.rating).toBe(0)
    expect(fake.library.images.filter((i) => i.rating === 4)).toHaveLength(10)
  })

  it('a Shift-range of 15,000 picked images is sent in parts main accepts', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 15_000))
    fireEvent.click(tile(15_000))
    fireEvent.keyDown(grid(), { key: 'End', shiftKey: true })
    await waitFor(() => expect(screen.getByTestId('selection-count').textContent).toBe('15,000 selected'))
    fireEvent.click(screen.getByTestId('selection-favorite'))
    await waitFor(() => expect(fake.callsTo('library.setFavorite')).toHaveLength(2))
    const sizes = fake.callsTo('library.setFavorite').map((args) => (args[0] as number[]).length)
    expect(sizes).toEqual([10_000, 5_000])
    expect(fake.library.images.every((i) => i.favorite)).toBe(true)
  })
})
