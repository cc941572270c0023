import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeLibraryImage, makeLibraryImages } from './core-library'
import { FakeIntersectionObserver, viewsRead, renderLibrary, selectedIds, tile, tileIds } from './library-helpers'

describe('library grid', () => {
  beforeEach(() => FakeIntersectionObserver.install())
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('shows a thumbnail per image, asked for at once (the grid mounts only tiles near the viewport), newest first, with stars and rating dots', async () => {
    await renderLibrary([
      makeLibraryImage({ id: 1, favorite: true }),
      makeLibraryImage({ id: 2, rating: 3 }),
      makeLibraryImage({ id: 3, trashedAt: Date.now() })
    ])
    expect(tileIds()).toEqual([2, 1])
    const img = tile(2).querySelector('img')!
    expect(img.getAttribute('src')).toBe('app-image://thumb/2')
    // Not loading=lazy: the grid decides what is near; lazy loading only added a layout pass before each request.
    expect(img.hasAttribute('loading')).toBe(false)
    expect(within(tile(1)).getByTestId('tile-favorite').getAttribute('aria-pressed')).toBe('true')
    expect(within(tile(2)).getByTestId('tile-favorite').getAttribute('aria-pressed')).toBe('false')
    expect(within(tile(2)).getByTestId('tile-rating').getAttribute('aria-label')).toBe('Rated 3 of 5')
    expect(within(tile(1)).queryByTestId('tile-rating')).toBeNull()
    expect(screen.getByTestId('gallery-count').textContent).toBe('2 images')
  })

  it('switches between All images, Favourites and Trash', async () => {
    const { fake } = await renderLibrary([
      makeLibraryImage({ id: 1, favorite: true }),
      makeLibraryImage({ id: 2 }),
      makeLibraryImage({ id: 3, trashedAt: Date.now() })
    ])
    act(() => screen.getByTestId('nav-favourites').click())
    await waitFor(() => expect(tileIds()).toEqual([1]))
    expect(viewsRead(fake).at(-1)?.section).toBe('favorites')
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Favourites')

    act(() => screen.getByTestId('nav-trash').click())
    await waitFor(() => expect(tileIds()).toEqual([3]))
    expect(viewsRead(fake).at(-1)?.section).toBe('trash')
    expect(screen.getByTestId('gallery-count').textContent).toBe('1 image')
    expect(screen.getByTestId('empty-trash-button')).toBeTruthy()
    expect(screen.queryByTestId('sort-select')).toBeNull()
  })

  it('says so when Favourites or the Trash is empty', async () => {
    await renderLibrary(makeLibraryImages(1, 2))
    act(() => screen.getByTestId('nav-favourites').click())
    await waitFor(() => expect(screen.getByTestId('gallery-empty').textContent).toContain('No favourites yet'))
    act(() => screen.getByTestId('nav-trash').click())
    await waitFor(() => expect(screen.getByTestId('gallery-empty').textContent).toContain('Trash is empty'))
    expect(screen.queryByTestId('empty-trash-button')).toBeNull()
  })

  it('lists collections in the sidebar and shows one as the view', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 4), (f) => {
      f.library.addCollection('Trip 2026', [2, 3])
      f.library.addCollection('Empty one')
    })
    expect(screen.queryByText('No collections yet')).toBeNull()
    const items = screen.getAllByTestId('nav-collection')
    // By name, as main lists them, each with its count.
    expect(items.map((i) => i.textContent)).toEqual(['Empty one0', 'Trip 20262'])

    act(() => items[1]!.click())
    await waitFor(() => expect(tileIds()).toEqual([3, 2]))
    expect(viewsRead(fake).at(-1)).toMatchObject({ section: 'all', collectionId: 1 })
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Trip 2026')
    expect(items[1]!.getAttribute('aria-current')).toBe('page')
    expect(screen.getByTestId('nav-all').getAttribute('aria-current')).toBeNull()

    act(() => screen.getAllByTestId('nav-collection')[0]!.click())
    await waitFor(() => expect(screen.getByTestId('gallery-empty').textContent).toContain('This collection is empty'))

    act(() => screen.getByTestId('nav-all').click())
    await waitFor(() => expect(tileIds()).toEqual([4, 3, 2, 1]))
    expect(viewsRead(fake).at(-1)).not.toHaveProperty('collectionId')
  })

  it('a large view is its id list: only the rows near the viewport are mounted and read (its first page, then by id), each naming its place', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 5000))
    expect(fake.callsTo('library.idList')).toHaveLength(1)
    // The first screenful's rows come with the first page, asked for beside the id list.
    expect(fake.callsTo('library.page')).toEqual([[{ section: 'all', sort: 'newest' }, null, 120]])
    await waitFor(() => expect(screen.getAllByTestId('gallery-tile').every((t) => t.getAttribute('aria-busy') !== 'true')).toBe(true))
    const tiles = screen.getAllByTestId('gallery-tile')
    expect(tiles.length).toBeGreaterThan(10)
    expect(tiles.length).toBeLessThan(200)
    expect(tiles[0]!.getAttribute('aria-posinset')).toBe('1')
    expect(tiles.every((t) => t.getAttribute('aria-setsize') === '5000')).toBe(true)
    expect(tileIds()[0]).toBe(5000)
    // Mounted tiles beyond the first page are read by id; nothing further away is read.
    const read = fake.callsTo('library.images').flatMap((args) => args[0] as number[])
    expect(read.length).toBe(Math.max(0, tiles.length - 120))
    expect(new Set([...read, ...tileIds()]).size).toBe(tiles.length)
    expect(screen.getByTestId('gallery-count').textContent).toBe('5,000 images')
  })

  it('scrolling far mounts the rows there and reads only those', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 5000))
    const scroller = screen.getByTestId('gallery-scroll')
    const columns = Number(screen.getByTestId('gallery').dataset.columns)
    const rowHeight = Number.parseFloat((screen.getAllByTestId('gallery-tile')[0]!.style.height || '0').replace('px', '')) + 6
    act(() => {
      scroller.scrollTop = 500 * rowHeight
      scroller.dispatchEvent(new Event('scroll'))
    })
    await waitFor(() => expect(screen.getAllByTestId('gallery-tile').some((t) => Number(t.getAttribute('aria-posinset')) > 500 * columns)).toBe(true))
    await waitFor(() => expect(screen.getAllByTestId('gallery-tile').every((t) => t.getAttribute('aria-busy') !== 'true')).toBe(true))
    const positions = screen.getAllByTestId('gallery-tile').map((t) => Number(t.getAttribute('aria-posinset')))
    expect(Math.min(...positions)).toBeGreaterThan(480 * columns)
    const read = fake.callsTo('library.images').flatMap((args) => args[0] as number[])
    expect(read.length).toBeLessThan(600)
  })

  it('a view switched right after a fast scroll still loads its tiles (the thumbnail gate reopens)', async () => {
    await renderLibrary(makeLibraryImages(1, 5000).map((image) => ({ ...image, favorite: image.id % 2 === 0 })))
    const scroller = screen.getByTestId('gallery-scroll')
    const rowHeight = Number.parseFloat((screen.getAllByTestId('gallery-tile')[0]!.style.height || '0').replace('px', '')) + 6
    // Far in one step: faster than the gate, so thumbnails and rows wait until the scroll calms down.
    act(() => {
      scroller.scrollTop = 500 * rowHeight
      scroller.dispatchEvent(new Event('scroll'))
    })
    act(() => screen.getByTestId('nav-favourites').click())
    await waitFor(() => expect(screen.getByTestId('gallery-count').textContent).toBe('2,500 images'))
    await waitFor(() => expect(screen.getAllByTestId('gallery-tile').every((t) => t.getAttribute('aria-busy') !== 'true')).toBe(true))
    expect(tileIds()[0]).toBe(5000)
    expect(tile(5000).querySelector('img')).not.toBeNull()
  })

  it('refreshes on library changes: new images appear at the top', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 150))
    fake.library.add(makeLibraryImage({ id: 151 }))
    act(() => fake.emitLibraryChanged({ reason: 'images-added', imageIds: [151] }))
    await waitFor(() => expect(tileIds()[0]).toBe(151))
    expect(screen.getByTestId('gallery-count').textContent).toBe('151 images')
    expect(screen.getByTestId('nav-count-all').textContent).toBe('151')
    expect(screen.getAllByTestId('gallery-tile')[0]!.getAttribute('aria-setsize')).toBe('151')
  })

  it('a changed image updates in place and keeps the selection', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 3))
    fireEvent.click(tile(2))
    fake.library.update(fake.library.images[1]!.id, { rating: 4 })
    act(() => fake.emitLibraryChanged({ reason: 'images-updated', imageIds: [2] }))
    await waitFor(() => expect(within(tile(2)).getByTestId('tile-rating').getAttribute('data-rating')).toBe('4'))
    expect(selectedIds()).toEqual([2])
  })

  it('the star on a tile toggles the favourite without selecting the tile', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 2))
    const star = within(tile(1)).getByTestId('tile-favorite')
    fireEvent.click(star)
    await waitFor(() => expect(within(tile(1)).getByTestId('tile-favorite').getAttribute('aria-pressed')).toBe('true'))
    expect(fake.callsTo('library.setFavorite')).toEqual([[[1], true]])
    expect(selectedIds()).toEqual([])
    await waitFor(() => expect(screen.getByTestId('nav-count-favourites').textContent).toBe('1'))

    fireEvent.click(within(tile(1)).getByTestId('tile-favorite'))
    await waitFor(() => expect(within(tile(1)).getByTestId('tile-favorite').getAttribute('aria-pressed')).toBe('false'))
    expect(fake.callsTo('library.setFavorite').at(-1)).toEqual([[1], false])
  })

  it('a failed favourite shows a toast and leaves the star as it was', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 1))
    fake.failNext('library.setFavorite', { code: 'INTERNAL', message: 'The library database is locked' })
    fireEvent.click(within(tile(1)).getByTestId('tile-favorite'))
    expect((await screen.findByTestId('toast')).textContent).toContain('The library database is locked')
    expect(within(tile(1)).getByTestId('tile-favorite').getAttribute('aria-pressed')).toBe('false')
  })

  it('measures its scroll box when it comes back with it (from the Spend view), not a fallback width', async () => {
    // 884 px of grid: 5 medium columns (150 px cells, 6 px gaps); the 1024 px fallback would give 6.
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return this.dataset.testid === 'gallery-scroll' ? 884 : 0
    })
    await renderLibrary(makeLibraryImages(1, 12))
    const columns = (): number => Number(screen.getByTestId('gallery').dataset.columns)
    expect(columns()).toBe(5)
    act(() => screen.getByTestId('nav-spend').click())
    await screen.findByTestId('spend-view')
    act(() => screen.getByTestId('nav-all').click())
    await waitFor(() => expect(tileIds()).toHaveLength(12))
    expect(columns()).toBe(5)
  })
})
