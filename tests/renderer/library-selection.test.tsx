import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { useAppStore } from '../../renderer/src/store'
import { describe, expect, it } from 'vitest'
import { makeLibraryImage, makeLibraryImages } from './core-library'
import { renderLibrary, selectedIds, tile, tileIds } from './library-helpers'

const grid = (): HTMLElement => screen.getByTestId('gallery')
const bar = (): HTMLElement => screen.getByTestId('selection-bar')

describe('selecting and organising in the gallery', () => {
  it('click selects one, ⌘/Ctrl-click toggles, Shift-click selects a range', async () => {
    await renderLibrary(makeLibraryImages(1, 6)) // shown 6..1
    expect(screen.queryByTestId('selection-bar')).toBeNull()
    fireEvent.click(tile(5))
    expect(selectedIds()).toEqual([5])
    expect(tile(5).getAttribute('aria-selected')).toBe('true')
    fireEvent.click(tile(3))
    expect(selectedIds()).toEqual([3])

    fireEvent.click(tile(6), { ctrlKey: true })
    fireEvent.click(tile(1), { metaKey: true })
    expect(selectedIds()).toEqual([6, 3, 1])
    fireEvent.click(tile(3), { ctrlKey: true })
    expect(selectedIds()).toEqual([6, 1])
    expect(within(bar()).getByTestId('selection-count').textContent).toBe('2 selected')

    fireEvent.click(tile(5))
    fireEvent.click(tile(2), { shiftKey: true })
    expect(selectedIds()).toEqual([5, 4, 3, 2])
    fireEvent.click(tile(6), { shiftKey: true })
    expect(selectedIds()).toEqual([6, 5])

    fireEvent.keyDown(tile(6), { key: 'Escape' })
    expect(selectedIds()).toEqual([])
    expect(screen.queryByTestId('selection-bar')).toBeNull()
    fireEvent.keyDown(grid(), { key: 'a', ctrlKey: true })
    expect(selectedIds()).toEqual([6, 5, 4, 3, 2, 1])
    fireEvent.click(grid())
    expect(selectedIds()).toEqual([])
  })

  it('arrow keys move the selection by cell and by row, and Shift+arrow extends it', async () => {
    await renderLibrary(makeLibraryImages(1, 20))
    const columns = Number(screen.getByTestId('gallery').dataset.columns)
    expect(columns).toBeGreaterThan(1)
    fireEvent.click(tile(20))
    fireEvent.keyDown(tile(20), { key: 'ArrowRight' })
    expect(selectedIds()).toEqual([19])
    await waitFor(() => expect(document.activeElement).toBe(tile(19)))
    fireEvent.keyDown(tile(19), { key: 'ArrowRight', shiftKey: true })
    fireEvent.keyDown(tile(18), { key: 'ArrowRight', shiftKey: true })
    expect(selectedIds()).toEqual([19, 18, 17])
    fireEvent.keyDown(tile(17), { key: 'ArrowDown' })
    expect(selectedIds()).toEqual([17 - columns])
    fireEvent.keyDown(document.activeElement!, { key: 'End' })
    expect(selectedIds()).toEqual([1])
    fireEvent.keyDown(document.activeElement!, { key: 'Home' })
    expect(selectedIds()).toEqual([20])
  })

  it('Shift-click selects a range across rows that were never loaded, and Ctrl+A the whole view', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 5000))
    fireEvent.click(tile(5000)) // position 1
    const scroller = screen.getByTestId('gallery-scroll')
    const rowHeight = Number.parseFloat(screen.getAllByTestId('gallery-tile')[0]!.style.height) + 6
    act(() => {
      scroller.scrollTop = 600 * rowHeight
      scroller.dispatchEvent(new Event('scroll'))
    })
    const far = await waitFor(() => {
      const t = screen.getAllByTestId('gallery-tile').find((el) => Number(el.getAttribute('aria-posinset')) > 3000)
      expect(t).toBeTruthy()
      return t!
    })
    const position = Number(far.getAttribute('aria-posinset'))
    fireEvent.click(far, { shiftKey: true })
    expect(screen.getByTestId('selection-bar').textContent).toContain(`${position.toLocaleString()} selected`)
    // Never loaded: rows between the screens were not read, yet they are selected.
    const read = new Set(fake.callsTo('library.images').flatMap((args) => args[0] as number[]))
    expect(read.has(4000)).toBe(false)
    expect(useAppStore.getState().selectedIds[4000]).toBe(true)

    fireEvent.keyDown(far, { key: 'a', ctrlKey: true })
    expect(screen.getByTestId('selection-bar').textContent).toContain('5,000 selected')
  })

  it('Delete moves the selection to the Trash', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 4))
    fireEvent.click(tile(3))
    fireEvent.click(tile(1), { ctrlKey: true })
    fireEvent.keyDown(tile(1), { key: 'Delete' })
    await waitFor(() => expect(tileIds()).toEqual([4, 2]))
    expect(fake.callsTo('library.trash')).toEqual([[[3, 1]]])
    expect(screen.getByTestId('toast').textContent).toContain('Moved 2 images to the Trash')
    expect(screen.queryByTestId('selection-bar')).toBeNull()
    await waitFor(() => expect(screen.getByTestId('nav-count-trash').textContent).toBe('2'))
    expect(screen.getByTestId('gallery-count').textContent).toBe('2 images')

    fireEvent.click(tile(4))
    fireEvent.keyDown(tile(4), { key: 'Backspace' })
    await waitFor(() => expect(tileIds()).toEqual([2]))
  })

  it('nothing selected: Delete does nothing', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 2))
    fireEvent.keyDown(grid(), { key: 'Delete' })
    expect(fake.callsTo('library.trash')).toEqual([])
  })

  it('in the Trash, Delete does not trash again and Restore brings images back', async () => {
    const now = Date.now()
    const { fake } = await renderLibrary([
      makeLibraryImage({ id: 1 }),
      makeLibraryImage({ id: 2, trashedAt: now - 1000 }),
      makeLibraryImage({ id: 3, trashedAt: now })
    ])
    act(() => screen.getByTestId('nav-trash').click())
    await waitFor(() => expect(tileIds()).toEqual([3, 2]))
    fireEvent.click(tile(2))
    fireEvent.keyDown(tile(2), { key: 'Delete' })
    expect(fake.callsTo('library.trash')).toEqual([])
    expect(within(bar()).queryByTestId('selection-trash')).toBeNull()

    fireEvent.click(within(bar()).getByTestId('restore-button'))
    await waitFor(() => expect(tileIds()).toEqual([3]))
    expect(fake.callsTo('library.restore')).toEqual([[[2]]])
    act(() => screen.getByTestId('nav-all').click())
    await waitFor(() => expect(tileIds()).toEqual([2, 1]))
  })

  it('Empty trash asks first; Cancel keeps the images, confirming deletes them', async () => {
    const { fake } = await renderLibrary([makeLibraryImage({ id: 1 }), makeLibraryImage({ id: 2, trashedAt: Date.now() })])
    act(() => screen.getByTestId('nav-trash').click())
    await waitFor(() => expect(tileIds()).toEqual([2]))

    fireEvent.click(screen.getByTestId('empty-trash-button'))
    const dialog = screen.getByTestId('empty-trash-dialog')
    expect(dialog.textContent).toContain('The image in the Trash will be deleted')
    expect(document.activeElement).toBe(within(dialog).getByTestId('empty-trash-cancel'))
    fireEvent.click(within(dialog).getByTestId('empty-trash-cancel'))
    expect(screen.queryByTestId('empty-trash-dialog')).toBeNull()
    expect(fake.callsTo('library.emptyTrash')).toEqual([])

    fireEvent.click(screen.getByTestId('empty-trash-button'))
    fireEvent.click(screen.getByTestId('empty-trash-confirm'))
    await waitFor(() => expect(screen.queryByTestId('empty-trash-dialog')).toBeNull())
    expect(fake.callsTo('library.emptyTrash')).toHaveLength(1)
    expect(screen.getByTestId('gallery-empty').textContent).toContain('Trash is empty')
    expect(fake.library.images.map((i) => i.id)).toEqual([1])
  })

  it('Empty trash says which files it left alone because the library pointed outside its folder', async () => {
    await renderLibrary([makeLibraryImage({ id: 1, trashedAt: Date.now() }), makeLibraryImage({ id: 2, trashedAt: Date.now(), path: '../victim.txt' })])
    act(() => screen.getByTestId('nav-trash').click())
    await waitFor(() => expect(tileIds()).toEqual([2, 1]))
    fireEvent.click(screen.getByTestId('empty-trash-button'))
    fireEvent.click(screen.getByTestId('empty-trash-confirm'))
    await waitFor(() => expect(screen.getByTestId('toast').textContent).toContain('1 file was not deleted'))
    expect(screen.getByTestId('toast').textContent).toContain('../victim.txt')
  })

  it('the bar favourites, rates and tags every selected image', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 3))
    fireEvent.click(tile(3))
    fireEvent.click(tile(2), { shiftKey: true })

    fireEvent.click(within(bar()).getByTestId('selection-favorite'))
    await waitFor(() => expect(within(bar()).getByTestId('selection-favorite').getAttribute('aria-pressed')).toBe('true'))
    expect(fake.callsTo('library.setFavorite')).toEqual([[[3, 2], true]])
    expect(within(bar()).getByTestId('selection-favorite').textContent).toBe('Unfavourite')

    fireEvent.click(within(bar()).getByTestId('selection-rating-4'))
    await waitFor(() => expect(within(tile(2)).getByTestId('tile-rating').getAttribute('data-rating')).toBe('4'))
    expect(fake.callsTo('library.setRating')).toEqual([[[3, 2], 4]])

    fireEvent.click(within(bar()).getByTestId('selection-tag'))
    fireEvent.change(screen.getByTestId('selection-tag-input'), { target: { value: ' cats,  winter ,' } })
    fireEvent.click(screen.getByTestId('selection-tag-add'))
    await waitFor(() => expect(screen.queryByTestId('tag-popover')).toBeNull())
    expect(fake.callsTo('library.addTags')).toEqual([[[3, 2], ['cats', 'winter']]])
    expect(fake.library.images.map((i) => i.tags)).toEqual([[], ['cats', 'winter'], ['cats', 'winter']])
    expect(selectedIds()).toEqual([3, 2])
  })

  it('a refused tag shows its reason in the popover', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 1))
    fireEvent.click(tile(1))
    fireEvent.click(screen.getByTestId('selection-tag'))
    fireEvent.change(screen.getByTestId('selection-tag-input'), { target: { value: 'x'.repeat(65) } })
    fireEvent.click(screen.getByTestId('selection-tag-add'))
    const popover = screen.getByTestId('tag-popover')
    await waitFor(() => expect(within(popover).getByRole('alert').textContent).toContain('at most 64 characters'))
    expect(fake.library.images[0]!.tags).toEqual([])
  })

  it('adds the selection to an existing or a new collection', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 3), (f) => f.library.addCollection('Moodboard'))
    fireEvent.click(tile(3))
    fireEvent.click(tile(1), { ctrlKey: true })
    fireEvent.click(within(bar()).getByTestId('collection-menu-button'))
    const menu = screen.getByTestId('collection-menu')
    expect(within(menu).getAllByTestId('collection-menu-item').map((b) => b.textContent)).toEqual(['Moodboard0'])
    fireEvent.click(within(menu).getByTestId('collection-menu-item'))
    await waitFor(() => expect(fake.callsTo('library.addToCollection')).toEqual([[1, [3, 1]]]))
    await waitFor(() => expect(screen.getAllByTestId('nav-collection')[0]!.textContent).toBe('Moodboard2'))

    fireEvent.click(within(bar()).getByTestId('collection-menu-button'))
    fireEvent.click(screen.getByTestId('new-collection'))
    fireEvent.change(screen.getByTestId('new-collection-input'), { target: { value: 'Moodboard' } })
    fireEvent.click(screen.getByTestId('new-collection-create'))
    await waitFor(() => expect(within(screen.getByTestId('collection-menu')).getByRole('alert').textContent).toContain('already a collection'))

    fireEvent.change(screen.getByTestId('new-collection-input'), { target: { value: 'Picks' } })
    fireEvent.click(screen.getByTestId('new-collection-create'))
    await waitFor(() => expect(screen.queryByTestId('collection-menu')).toBeNull())
    expect(fake.callsTo('library.createCollection').at(-1)).toEqual(['Picks'])
    expect(fake.callsTo('library.addToCollection').at(-1)).toEqual([2, [3, 1]])
    await waitFor(() => expect(screen.getAllByTestId('nav-collection').map((b) => b.textContent)).toEqual(['Moodboard2', 'Picks2']))
  })

  it('the bar trashes the selection and clears it', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 2))
    fireEvent.click(tile(2))
    fireEvent.click(within(bar()).getByTestId('selection-trash'))
    await waitFor(() => expect(tileIds()).toEqual([1]))
    expect(fake.callsTo('library.trash')).toEqual([[[2]]])

    fireEvent.click(tile(1))
    fireEvent.click(within(bar()).getByTestId('selection-clear'))
    expect(selectedIds()).toEqual([])
  })
})

describe('more keys on the grid', () => {
  it('F favourites the selection (and again unfavourites it), 0–5 rate it, Space previews and Space closes', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 6))
    fireEvent.click(tile(6))
    fireEvent.click(tile(5), { ctrlKey: true })
    fireEvent.keyDown(tile(5), { key: 'f' })
    await waitFor(() => expect(fake.callsTo('library.setFavorite')).toEqual([[[6, 5], true]]))
    await waitFor(() => expect(tile(5).getAttribute('data-favorite')).toBe('true'))
    fireEvent.keyDown(tile(5), { key: 'f' })
    await waitFor(() => expect(fake.callsTo('library.setFavorite').at(-1)).toEqual([[6, 5], false]))
    fireEvent.keyDown(tile(5), { key: '4' })
    await waitFor(() => expect(fake.callsTo('library.setRating')).toEqual([[[6, 5], 4]]))
    fireEvent.keyDown(tile(5), { key: ' ' })
    const panel = await screen.findByTestId('image-detail')
    expect(panel.getAttribute('data-image-id')).toBe('5')
    await waitFor(() => expect(document.activeElement).toBe(panel))
    fireEvent.keyDown(panel, { key: ' ' })
    expect(screen.queryByTestId('image-detail')).toBeNull()
  })
})
