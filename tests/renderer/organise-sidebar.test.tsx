/**
 * The sidebar's saved searches, tags and collections, and organise complete
 * (issue 10): save a search with a name and get it back, rename, reorder and
 * delete it (with Undo); tags with counts filter by `tag:`; collections are
 * renamed in place, deleted after asking (images stay), emptied of a selection,
 * show membership in "Add to collection" and take dropped tiles; the trash toast
 * undoes; a Trash selection is deleted for good.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { IMAGE_DRAG_TYPE } from '../../renderer/src/lib/reference-input'
import { useAppStore } from '../../renderer/src/store'
import { makeLibraryImage, makeLibraryImages } from './core-library'
import type { FakeApi } from './fake-api'
import { renderLibrary, selectedIds, tile, tileIds } from './library-helpers'

const sidebar = (): HTMLElement => screen.getByTestId('sidebar')
const searchInput = (): HTMLInputElement => screen.getByRole('textbox', { name: 'Search the library' })
const savedNames = (): string[] => screen.queryAllByTestId('nav-saved-search').map((b) => b.textContent ?? '')
const savedButton = (name: string): HTMLElement => within(sidebar()).getByRole('button', { name })
const collectionButton = (name: string): HTMLElement => screen.getAllByTestId('nav-collection').find((b) => b.querySelector('.nav-label')?.textContent === name)!
const row = (button: HTMLElement): HTMLElement => button.closest('li')!

async function type(value: string): Promise<void> {
  fireEvent.change(searchInput(), { target: { value } })
  // Enter commits at once (no debounce wait).
  fireEvent.keyDown(searchInput(), { key: 'Enter' })
}

/** Opens a row's menu the keyboard way (its More actions button) and picks an item. */
async function menuAction(rowName: string, item: string): Promise<void> {
  await act(async () => fireEvent.click(screen.getByRole('button', { name: `More actions for ${rowName}` })))
  const menu = await screen.findByRole('menu', { name: `Actions for ${rowName}` })
  await act(async () => fireEvent.click(within(menu).getByRole('menuitem', { name: new RegExp(`^${item}`) })))
}

/** A DataTransfer as Chromium fills it for a gallery tile drag (jsdom has none). */
function tileDrag(id: number): DataTransfer {
  const data: Record<string, string> = { [IMAGE_DRAG_TYPE]: String(id), 'text/plain': `Image ${id}` }
  return { types: Object.keys(data), files: [], items: [], getData: (t: string) => data[t] ?? '', dropEffect: 'none' } as unknown as DataTransfer
}

const foxes = [
  makeLibraryImage({ id: 1, prompt: 'a red fox', tags: ['cats'] }),
  makeLibraryImage({ id: 2, prompt: 'a lighthouse', tags: ['two words'] }),
  makeLibraryImage({ id: 3, prompt: 'arctic fox', tags: ['cats', 'two words'], favorite: true }),
  makeLibraryImage({ id: 4, prompt: 'castle in fog' })
]

describe('saved searches', () => {
  it('saves the typed search with a name, lists it, and a click gives the same results back', async () => {
    const { fake } = await renderLibrary(foxes)
    expect(screen.getByTestId('saved-searches-empty').textContent).toContain('No saved searches yet')
    expect(screen.queryByRole('button', { name: 'Save search' })).toBeNull() // nothing typed
    await type('fox')
    await waitFor(() => expect(tileIds()).toEqual([3, 1]))

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save search' })))
    const dialog = screen.getByRole('dialog', { name: 'Save search' })
    const name = within(dialog).getByRole('textbox', { name: 'Name' }) as HTMLInputElement
    expect(name.value).toBe('fox') // named after the search until changed
    expect(document.activeElement).toBe(name)
    fireEvent.change(name, { target: { value: 'All the foxes' } })
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Save' })))

    expect(fake.callsTo('library.saveSearch')).toEqual([['All the foxes', 'fox']])
    expect(screen.queryByRole('dialog', { name: 'Save search' })).toBeNull()
    expect(savedNames()).toEqual(['All the foxes'])
    // The search shown is that saved search.
    expect(savedButton('All the foxes').getAttribute('aria-current')).toBe('page')

    // Elsewhere, then back through the sidebar: the same search, the same results.
    act(() => screen.getByTestId('nav-favourites').click())
    await type('')
    await waitFor(() => expect(tileIds()).toEqual([3]))
    expect(savedButton('All the foxes').getAttribute('aria-current')).toBeNull()
    await act(async () => savedButton('All the foxes').click())
    await waitFor(() => expect(tileIds()).toEqual([3, 1]))
    expect(searchInput().value).toBe('fox')
    // The saved search is the current entry, not All images as well.
    expect(savedButton('All the foxes').getAttribute('aria-current')).toBe('page')
    expect(screen.getByTestId('nav-all').getAttribute('aria-current')).toBeNull()
    // Another search in All images: All images is current again.
    await type('lighthouse')
    await waitFor(() => expect(tileIds()).toEqual([2]))
    expect(screen.getByTestId('nav-all').getAttribute('aria-current')).toBe('page')
    expect(savedButton('All the foxes').getAttribute('aria-current')).toBeNull()
  }, 20_000)

  it('saving under a name already used says it replaces that search, and keeps its place', async () => {
    const { fake } = await renderLibrary(foxes, (f) => {
      f.library.savedSearches = [
        { id: 1, name: 'Foxes', query: 'fox', createdAt: 1 },
        { id: 2, name: 'Castles', query: 'castle', createdAt: 2 }
      ]
    })
    expect(savedNames()).toEqual(['Foxes', 'Castles'])
    await type('fox fav:yes')
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save search' })))
    const dialog = screen.getByRole('dialog', { name: 'Save search' })
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Name' }), { target: { value: 'foxes' } })
    expect(dialog.textContent).toContain('Replaces the search saved as “Foxes”')
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Replace' })))
    expect(fake.library.savedSearches.map((x) => [x.id, x.name, x.query])).toEqual([
      [1, 'Foxes', 'fox fav:yes'],
      [2, 'Castles', 'castle']
    ])
    expect(savedNames()).toEqual(['Foxes', 'Castles'])
  })

  it('a refused name is shown in the dialog, which stays open', async () => {
    const { fake } = await renderLibrary(foxes)
    await type('fox')
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save search' })))
    const dialog = screen.getByRole('dialog', { name: 'Save search' })
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Name' }), { target: { value: 'x'.repeat(120) } })
    fake.failNext('library.saveSearch', { code: 'VALIDATION', message: 'A saved search name has at most 120 characters', field: 'name' })
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Save' })))
    expect(within(dialog).getByRole('alert').textContent).toBe('A saved search name has at most 120 characters')
    expect(savedNames()).toEqual([])
  })

  it('renames in place (a clash is said there), moves up and down by menu and by Alt+arrow, and deletes with Undo', async () => {
    const { fake } = await renderLibrary(foxes, (f) => {
      f.library.savedSearches = [
        { id: 1, name: 'Foxes', query: 'fox', createdAt: 1 },
        { id: 2, name: 'Castles', query: 'castle', createdAt: 2 },
        { id: 3, name: 'Tagged cats', query: 'tag:cats', createdAt: 3 }
      ]
    })
    const order = (): string[] => fake.library.savedSearches.map((x) => x.name)

    // Rename through the menu: an inline field named for the search.
    await menuAction('Castles', 'Rename…')
    const field = screen.getByRole('textbox', { name: 'Rename the saved search Castles' }) as HTMLInputElement
    await waitFor(() => expect(document.activeElement).toBe(field))
    fireEvent.change(field, { target: { value: 'foxes' } })
    await act(async () => fireEvent.keyDown(field, { key: 'Enter' }))
    expect(within(row(field)).getByRole('alert').textContent).toBe('There is already a saved search named "foxes"')
    fireEvent.change(field, { target: { value: 'Old castles' } })
    await act(async () => fireEvent.keyDown(field, { key: 'Enter' }))
    expect(fake.callsTo('library.renameSavedSearch').at(-1)).toEqual([2, 'Old castles'])
    expect(savedNames()).toEqual(['Foxes', 'Old castles', 'Tagged cats'])
    await waitFor(() => expect(document.activeElement).toBe(savedButton('Old castles')))

    // F2 renames too; Esc leaves the name alone.
    fireEvent.keyDown(savedButton('Foxes'), { key: 'F2' })
    const f2 = screen.getByRole('textbox', { name: 'Rename the saved search Foxes' })
    fireEvent.change(f2, { target: { value: 'Never mind' } })
    fireEvent.keyDown(f2, { key: 'Escape' })
    expect(savedNames()).toEqual(['Foxes', 'Old castles', 'Tagged cats'])

    // Reorder: Move down in the menu, Alt+↑ on the row; the first can't move up.
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'More actions for Foxes' })))
    const menu = await screen.findByRole('menu', { name: 'Actions for Foxes' })
    expect(within(menu).getByRole('menuitem', { name: /^Move up/ }).getAttribute('aria-disabled')).toBe('true')
    await act(async () => fireEvent.click(within(menu).getByRole('menuitem', { name: /^Move down/ })))
    expect(savedNames()).toEqual(['Old castles', 'Foxes', 'Tagged cats'])
    expect(order()).toEqual(['Old castles', 'Foxes', 'Tagged cats'])
    await act(async () => fireEvent.keyDown(savedButton('Tagged cats'), { key: 'ArrowUp', altKey: true }))
    expect(order()).toEqual(['Old castles', 'Tagged cats', 'Foxes'])
    expect(savedNames()).toEqual(['Old castles', 'Tagged cats', 'Foxes'])
    expect(fake.callsTo('library.reorderSavedSearches')).toEqual([[[2, 1, 3]], [[2, 3, 1]]])

    // Delete, then Undo: back, in its old place.
    await menuAction('Tagged cats', 'Delete')
    expect(savedNames()).toEqual(['Old castles', 'Foxes'])
    const toast = screen.getAllByTestId('toast').find((t) => t.textContent?.includes('Deleted the saved search Tagged cats'))!
    await act(async () => fireEvent.click(within(toast).getByRole('button', { name: 'Undo' })))
    await waitFor(() => expect(savedNames()).toEqual(['Old castles', 'Tagged cats', 'Foxes']))
    expect(fake.library.savedSearches.map((x) => [x.name, x.query])).toEqual([
      ['Old castles', 'castle'],
      ['Tagged cats', 'tag:cats'],
      ['Foxes', 'fox']
    ])
  })

  it('a saved search dragged onto another takes its place, and the window does not take it as a reference', async () => {
    const { fake } = await renderLibrary(foxes, (f) => {
      f.library.savedSearches = [
        { id: 1, name: 'Foxes', query: 'fox', createdAt: 1 },
        { id: 2, name: 'Castles', query: 'castle', createdAt: 2 },
        { id: 3, name: 'Tagged cats', query: 'tag:cats', createdAt: 3 }
      ]
    })
    const data: Record<string, string> = {}
    const dt = {
      get types() {
        return Object.keys(data)
      },
      setData: (t: string, v: string) => void (data[t] = v),
      getData: (t: string) => data[t] ?? '',
      files: [],
      items: [],
      dropEffect: 'none',
      effectAllowed: 'all'
    } as unknown as DataTransfer
    fireEvent.dragStart(savedButton('Tagged cats'), { dataTransfer: dt })
    expect(dt.types).toEqual(['application/x-imagine-saved-search'])
    await act(async () => fireEvent.dragEnter(window, { dataTransfer: dt }))
    const target = row(savedButton('Foxes'))
    await act(async () => fireEvent.dragOver(target, { dataTransfer: dt }))
    expect(target.hasAttribute('data-drop-active')).toBe(true)
    expect(screen.queryByTestId('drop-overlay')).toBeNull()
    await act(async () => fireEvent.drop(target, { dataTransfer: dt }))
    expect(savedNames()).toEqual(['Tagged cats', 'Foxes', 'Castles'])
    expect(fake.callsTo('library.reorderSavedSearches')).toEqual([[[3, 1, 2]]])
    expect(fake.callsTo('references.prepare')).toEqual([])
    // Downwards it goes after the target.
    data['application/x-imagine-saved-search'] = '3'
    await act(async () => {
      fireEvent.dragOver(row(savedButton('Castles')), { dataTransfer: dt })
      fireEvent.drop(row(savedButton('Castles')), { dataTransfer: dt })
    })
    expect(fake.library.savedSearches.map((x) => x.name)).toEqual(['Foxes', 'Castles', 'Tagged cats'])
  })

  it('right-click on a saved search opens the same menu', async () => {
    await renderLibrary(foxes, (f) => (f.library.savedSearches = [{ id: 1, name: 'Foxes', query: 'fox', createdAt: 1 }]))
    fireEvent.contextMenu(savedButton('Foxes'))
    const menu = await screen.findByRole('menu', { name: 'Actions for Foxes' })
    expect(within(menu).getAllByRole('menuitem').map((i) => i.textContent?.replace(/(F2|⌥↑|⌥↓|Del)$/, ''))).toEqual(['Rename…', 'Move up', 'Move down', 'Delete'])
  })
})

describe('tags in the sidebar', () => {
  it('lists every tag with its image count; a click filters the gallery with tag:NAME, shown as the search', async () => {
    const { fake } = await renderLibrary(foxes)
    const tags = within(screen.getByTestId('tag-list'))
    await waitFor(() => expect(tags.getAllByTestId('nav-tag').map((t) => t.textContent)).toEqual(['cats2', 'two words2']))
    await act(async () => tags.getByRole('button', { name: /^cats/ }).click())
    await waitFor(() => expect(tileIds()).toEqual([3, 1]))
    expect(searchInput().value).toBe('tag:cats')
    expect(tags.getByRole('button', { name: /^cats/ }).getAttribute('aria-current')).toBe('page')
    expect(screen.getByTestId('nav-all').getAttribute('aria-current')).toBeNull()

    // A name with a space is quoted, as the search box would write it.
    await act(async () => tags.getByRole('button', { name: /^two words/ }).click())
    await waitFor(() => expect(tileIds()).toEqual([3, 2]))
    expect(searchInput().value).toBe('tag:"two words"')
    expect(fake.callsTo('library.idList').at(-1)?.[0]).toMatchObject({ section: 'all', query: 'tag:"two words"' })
  })

  it('follows tagging: a new tag appears with its count after the change', async () => {
    const { fake } = await renderLibrary(foxes)
    await waitFor(() => expect(screen.getAllByTestId('nav-tag')).toHaveLength(2))
    await act(async () => useAppStore.getState().addTags([4], ['castles']))
    await waitFor(() => expect(screen.getAllByTestId('nav-tag').map((t) => t.getAttribute('data-tag'))).toEqual(['castles', 'cats', 'two words']))
    expect(fake.callsTo('library.tags').length).toBeGreaterThan(1)
  })

  it('a long tag list shows the first ones and a toggle for the rest', async () => {
    const many = Array.from({ length: 12 }, (_, i) => makeLibraryImage({ id: i + 1, tags: [`tag${String(i).padStart(2, '0')}`] }))
    await renderLibrary(many)
    await waitFor(() => expect(screen.getAllByTestId('nav-tag')).toHaveLength(8))
    const toggle = screen.getByRole('button', { name: 'Show all 12 tags' })
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(toggle)
    expect(screen.getAllByTestId('nav-tag')).toHaveLength(12)
    expect(screen.getByRole('button', { name: 'Show fewer tags' }).getAttribute('aria-expanded')).toBe('true')
  })
})

function withCollections(fake: FakeApi): void {
  fake.library.addCollection('Birds', [1, 2])
  fake.library.addCollection('Night', [3])
}

describe('collections in the sidebar', () => {
  it('renames a collection in place with F2; a name already taken is said there', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 4), withCollections)
    await waitFor(() => expect(collectionButton('Birds')).toBeTruthy())
    fireEvent.keyDown(collectionButton('Birds'), { key: 'F2' })
    const field = screen.getByRole('textbox', { name: 'Rename the collection Birds' })
    fireEvent.change(field, { target: { value: 'night' } })
    await act(async () => fireEvent.keyDown(field, { key: 'Enter' }))
    expect(within(row(field)).getByRole('alert').textContent).toBe('There is already a collection named "night"')
    fireEvent.change(field, { target: { value: 'Garden birds' } })
    await act(async () => fireEvent.keyDown(field, { key: 'Enter' }))
    expect(fake.callsTo('library.renameCollection').at(-1)).toEqual([1, 'Garden birds'])
    await waitFor(() => expect(screen.getAllByTestId('nav-collection').map((b) => b.querySelector('.nav-label')?.textContent)).toEqual(['Garden birds', 'Night']))
  })

  it('deletes a collection after asking (its images stay); a view of it goes back to All images', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 4), withCollections)
    await waitFor(() => expect(collectionButton('Birds')).toBeTruthy())
    await act(async () => collectionButton('Birds').click())
    await waitFor(() => expect(tileIds()).toEqual([2, 1]))

    await menuAction('Birds', 'Delete…')
    const dialog = screen.getByRole('dialog', { name: 'Delete the collection “Birds”?' })
    expect(dialog.textContent).toContain('The 2 images in it stay in your library')
    // Cancel has the focus: Enter is safe.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(fake.callsTo('library.deleteCollection')).toEqual([])

    fireEvent.keyDown(collectionButton('Birds'), { key: 'Delete' })
    await act(async () => fireEvent.click(within(screen.getByRole('dialog', { name: 'Delete the collection “Birds”?' })).getByRole('button', { name: 'Delete collection' })))
    expect(fake.callsTo('library.deleteCollection')).toEqual([[1]])
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(screen.getAllByTestId('nav-collection').map((b) => b.querySelector('.nav-label')?.textContent)).toEqual(['Night'])
    await waitFor(() => expect(tileIds()).toEqual([4, 3, 2, 1]))
    expect(screen.getByTestId('nav-all').getAttribute('aria-current')).toBe('page')
    expect(fake.library.images).toHaveLength(4)
  })

  it('removes the selection from the collection shown (the images stay), with Undo', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 4), withCollections)
    await waitFor(() => expect(collectionButton('Birds')).toBeTruthy())
    await act(async () => collectionButton('Birds').click())
    await waitFor(() => expect(tileIds()).toEqual([2, 1]))
    fireEvent.click(tile(2))
    const bar = screen.getByTestId('selection-bar')
    await act(async () => fireEvent.click(within(bar).getByRole('button', { name: 'Remove from collection' })))
    expect(fake.callsTo('library.removeFromCollection')).toEqual([[1, [2]]])
    await waitFor(() => expect(tileIds()).toEqual([1]))
    await waitFor(() => expect(collectionButton('Birds').querySelector('.nav-count')?.textContent).toBe('1'))
    expect(fake.library.images).toHaveLength(4)

    const toast = screen.getAllByTestId('toast').find((t) => t.textContent?.includes('Removed 1 image from Birds'))!
    await act(async () => fireEvent.click(within(toast).getByRole('button', { name: 'Undo' })))
    expect(fake.callsTo('library.addToCollection').at(-1)).toEqual([1, [2]])
    await waitFor(() => expect(tileIds()).toEqual([2, 1]))
  })

  it('outside a collection the selection bar has no Remove from collection', async () => {
    await renderLibrary(makeLibraryImages(1, 2), withCollections)
    fireEvent.click(tile(2))
    expect(within(screen.getByTestId('selection-bar')).queryByRole('button', { name: 'Remove from collection' })).toBeNull()
  })

  it('"Add to collection" is a menu of checkbox items showing membership with a check mark (a dash, mixed, for some); choosing a checked one takes them out', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 4), withCollections)
    fireEvent.click(tile(1))
    fireEvent.click(tile(2), { ctrlKey: true })
    await act(async () => fireEvent.click(screen.getByTestId('collection-menu-button')))
    const menu = screen.getByRole('menu', { name: 'Add to collection' })
    const item = (name: string): HTMLElement => within(menu).getAllByRole('menuitemcheckbox').find((b) => b.textContent?.includes(name))!
    await waitFor(() => expect(item('Birds').getAttribute('aria-checked')).toBe('true'))
    expect(item('Night').getAttribute('aria-checked')).toBe('false')
    expect(item('Birds').querySelector('.menu-item-check svg')).not.toBeNull()
    expect(item('Night').querySelector('.menu-item-check svg')).toBeNull()
    expect(fake.callsTo('library.collectionMembership')).toEqual([[[2, 1]]])
    await act(async () => fireEvent.click(item('Birds')))
    expect(fake.callsTo('library.removeFromCollection')).toEqual([[1, [2, 1]]])

    // Some of the selection: mixed, and choosing it adds the rest.
    fireEvent.click(tile(3), { ctrlKey: true }) // 1, 2 out of Birds now; 3 in Night
    await act(async () => fireEvent.click(screen.getByTestId('collection-menu-button')))
    const again = screen.getByRole('menu', { name: 'Add to collection' })
    const night = within(again).getAllByTestId('collection-menu-item').find((b) => b.textContent?.includes('Night'))!
    await waitFor(() => expect(night.getAttribute('aria-checked')).toBe('mixed'))
    await act(async () => fireEvent.click(night))
    expect(fake.callsTo('library.addToCollection').at(-1)).toEqual([2, selectedIds()])
  })

  it('takes a tile dropped on it: the whole selection when the tile is in it, else that image', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 4), withCollections)
    await waitFor(() => expect(collectionButton('Night')).toBeTruthy())
    const target = row(collectionButton('Night'))
    fireEvent.click(tile(4))
    fireEvent.click(tile(2), { ctrlKey: true })

    // Over the collection: marked as the target, and the window's reference overlay steps aside.
    const dt = tileDrag(4)
    await act(async () => fireEvent.dragEnter(window, { dataTransfer: dt }))
    await act(async () => fireEvent.dragOver(target, { dataTransfer: dt }))
    expect(target.hasAttribute('data-drop-active')).toBe(true)
    expect(screen.queryByTestId('drop-overlay')).toBeNull()
    await act(async () => fireEvent.drop(target, { dataTransfer: dt }))
    expect(target.hasAttribute('data-drop-active')).toBe(false)
    expect(fake.callsTo('library.addToCollection')).toEqual([[2, [4, 2]]])
    // Not a reference: the window's drop left it alone.
    expect(fake.callsTo('references.prepare')).toEqual([])
    await waitFor(() => expect(collectionButton('Night').querySelector('.nav-count')?.textContent).toBe('3'))

    // A tile outside the selection goes alone.
    await act(async () => {
      fireEvent.dragOver(target, { dataTransfer: tileDrag(1) })
      fireEvent.drop(target, { dataTransfer: tileDrag(1) })
    })
    expect(fake.callsTo('library.addToCollection').at(-1)).toEqual([2, [1]])
  })

  it('while a gallery tile is dragged, the overlay leaves the sidebar free and says a collection takes it', async () => {
    await renderLibrary(makeLibraryImages(1, 2), withCollections)
    await act(async () => fireEvent.dragEnter(window, { dataTransfer: tileDrag(1) }))
    const overlay = screen.getByTestId('drop-overlay')
    expect(overlay.hasAttribute('data-from-library')).toBe(true)
    expect(overlay.textContent).toContain('Or drop it on a collection in the sidebar.')
  })
})

describe('trash: undo and delete forever', () => {
  it('Undo on the trash toast restores exactly the images just trashed', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 4))
    fireEvent.click(tile(3))
    fireEvent.click(tile(1), { ctrlKey: true })
    fireEvent.keyDown(tile(1), { key: 'Delete' })
    await waitFor(() => expect(tileIds()).toEqual([4, 2]))
    const toast = screen.getAllByTestId('toast').find((t) => t.textContent?.includes('Moved 2 images to the Trash'))!
    await act(async () => fireEvent.click(within(toast).getByRole('button', { name: 'Undo' })))
    expect(fake.callsTo('library.restore')).toEqual([[[3, 1]]])
    await waitFor(() => expect(tileIds()).toEqual([4, 3, 2, 1]))
    expect(screen.queryByText('Moved 2 images to the Trash')).toBeNull()
    expect(fake.library.images.every((i) => i.trashedAt === null)).toBe(true)
  })

  it('a toast with Undo stays while the pointer is on it', async () => {
    await renderLibrary(makeLibraryImages(1, 2))
    fireEvent.click(tile(1))
    fireEvent.keyDown(tile(1), { key: 'Delete' })
    const toast = await screen.findByText('Moved 1 image to the Trash')
    // The timer is paused on hover (it would dismiss after 7 s).
    vi.useFakeTimers()
    try {
      fireEvent.mouseEnter(toast.closest('[data-testid="toast"]')!)
      act(() => {
        vi.advanceTimersByTime(20_000)
      })
      expect(screen.queryByText('Moved 1 image to the Trash')).not.toBeNull()
      fireEvent.mouseLeave(toast.closest('[data-testid="toast"]')!)
      act(() => {
        vi.advanceTimersByTime(7_001)
      })
      expect(screen.queryByText('Moved 1 image to the Trash')).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })

  it('deletes a Trash selection for good after asking; the other trashed images stay', async () => {
    const now = Date.now()
    const { fake } = await renderLibrary([
      makeLibraryImage({ id: 1 }),
      makeLibraryImage({ id: 2, trashedAt: now - 2000 }),
      makeLibraryImage({ id: 3, trashedAt: now - 1000 }),
      makeLibraryImage({ id: 4, trashedAt: now })
    ])
    act(() => screen.getByTestId('nav-trash').click())
    await waitFor(() => expect(tileIds()).toEqual([4, 3, 2]))
    fireEvent.click(tile(4))
    fireEvent.click(tile(2), { ctrlKey: true })
    await act(async () => fireEvent.click(within(screen.getByTestId('selection-bar')).getByRole('button', { name: 'Delete forever…' })))
    const dialog = screen.getByRole('dialog', { name: 'Delete 2 images forever?' })
    expect(dialog.textContent).toContain('deleted from your library and from disk')
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }))
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Delete forever' })))

    expect(fake.callsTo('library.deleteForever')).toEqual([[[4, 2]]])
    expect(fake.callsTo('library.emptyTrash')).toEqual([])
    expect(screen.queryByRole('dialog')).toBeNull()
    await waitFor(() => expect(tileIds()).toEqual([3]))
    expect(screen.getAllByTestId('toast').some((t) => t.textContent?.includes('Deleted 2 images for good'))).toBe(true)
    expect(fake.library.images.map((i) => i.id)).toEqual([1, 3])
    await waitFor(() => expect(screen.getByTestId('nav-count-trash').textContent).toBe('1'))
  })

  it('the tile menu in the Trash offers Delete forever… for that image', async () => {
    const { fake } = await renderLibrary([makeLibraryImage({ id: 1, trashedAt: Date.now() }), makeLibraryImage({ id: 2, trashedAt: Date.now() })])
    act(() => screen.getByTestId('nav-trash').click())
    await waitFor(() => expect(tileIds()).toHaveLength(2))
    fireEvent.contextMenu(tile(1))
    const menu = await screen.findByRole('menu')
    await act(async () => fireEvent.click(within(menu).getByRole('menuitem', { name: 'Delete forever…' })))
    await act(async () => fireEvent.click(within(screen.getByRole('dialog', { name: 'Delete this image forever?' })).getByRole('button', { name: 'Delete forever' })))
    expect(fake.callsTo('library.deleteForever')).toEqual([[[1]]])
    await waitFor(() => expect(tileIds()).toEqual([2]))
  })
})
