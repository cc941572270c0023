import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { parseQuery, QUERY_HELP } from '../../electron/shared/query-language'
import { SEARCH_DEBOUNCE_MS } from '../../renderer/src/features/gallery/SearchBox'
import { exampleParts } from '../../renderer/src/features/gallery/SearchHelp'
import { makeLibraryImage } from './core-library'
import { viewsRead, renderLibrary, tileIds } from './library-helpers'

const IMAGES = [
  makeLibraryImage({ id: 1, prompt: 'a red fox in the snow', favorite: true, rating: 2, cost: 0.02 }),
  makeLibraryImage({ id: 2, prompt: 'a lighthouse at dusk', tags: ['sea'], rating: 5, cost: 0.01 }),
  makeLibraryImage({ id: 3, prompt: 'fox cubs playing', rating: 3, cost: 0.08 })
]

const input = (): HTMLInputElement => screen.getByTestId('search-input')
const queries = (fake: Parameters<typeof viewsRead>[0]): (string | undefined)[] => viewsRead(fake).map((v) => v.query)

describe('library search', () => {
  it('waits for a pause in typing, then searches once with the whole query', async () => {
    const { fake } = await renderLibrary(IMAGES)
    expect(input().getAttribute('placeholder')).toBe('Search, e.g. fox tag:cats fav:yes')
    const before = fake.callsTo('library.idList').length
    fireEvent.change(input(), { target: { value: 'f' } })
    fireEvent.change(input(), { target: { value: 'fo' } })
    fireEvent.change(input(), { target: { value: 'fox' } })
    await new Promise((r) => setTimeout(r, SEARCH_DEBOUNCE_MS / 2))
    expect(fake.callsTo('library.idList')).toHaveLength(before)

    await waitFor(() => expect(tileIds()).toEqual([3, 1]))
    expect(queries(fake).slice(before)).toEqual(['fox'])
    expect(screen.getByTestId('gallery-count').textContent).toBe('2 results')
    // The view's id list (its length is the count) comes for the whole query.
    expect(fake.callsTo('library.idList').at(-1)?.[0]).toMatchObject({ query: 'fox', section: 'all' })
  })

  it('Esc clears the search and shows everything again', async () => {
    const { fake } = await renderLibrary(IMAGES)
    fireEvent.change(input(), { target: { value: 'lighthouse' } })
    await waitFor(() => expect(tileIds()).toEqual([2]))
    fireEvent.keyDown(input(), { key: 'Escape' })
    expect(input().value).toBe('')
    await waitFor(() => expect(tileIds()).toEqual([3, 2, 1]))
    expect(viewsRead(fake).at(-1)?.query).toBeUndefined()
    expect(screen.getByTestId('gallery-count').textContent).toBe('3 images')
  })

  it('⌘F and Ctrl+F focus the search box', async () => {
    await renderLibrary(IMAGES)
    expect(document.activeElement).not.toBe(input())
    fireEvent.keyDown(window, { key: 'f', ctrlKey: true })
    expect(document.activeElement).toBe(input())
    input().blur()
    fireEvent.keyDown(window, { key: 'F', metaKey: true })
    expect(document.activeElement).toBe(input())
  })

  it('the ? popover lists the query language and inserts an example', async () => {
    const { fake } = await renderLibrary(IMAGES)
    expect(screen.queryByTestId('search-help')).toBeNull()
    fireEvent.click(screen.getByTestId('search-help-button'))
    const help = screen.getByTestId('search-help')
    const rows = within(help).getAllByTestId('search-help-row')
    expect(rows).toHaveLength(QUERY_HELP.length)
    QUERY_HELP.forEach((row, n) => {
      expect(rows[n]!.textContent).toContain(row.meaning)
      const examples = within(rows[n]!).getAllByTestId('search-help-example').map((e) => e.textContent)
      expect(examples).toEqual(exampleParts(row.example))
    })

    fireEvent.change(input(), { target: { value: 'fox ' } })
    fireEvent.click(within(help).getByRole('button', { name: 'fav:yes' }))
    expect(input().value).toBe('fox fav:yes')
    expect(screen.queryByTestId('search-help')).toBeNull()
    expect(document.activeElement).toBe(input())
    await waitFor(() => expect(tileIds()).toEqual([1]))
    expect(queries(fake).at(-1)).toBe('fox fav:yes')
  })

  it('Esc closes the popover', async () => {
    await renderLibrary(IMAGES)
    fireEvent.click(screen.getByTestId('search-help-button'))
    fireEvent.keyDown(screen.getByTestId('search-help'), { key: 'Escape' })
    expect(screen.queryByTestId('search-help')).toBeNull()
    expect(document.activeElement).toBe(screen.getByTestId('search-help-button'))
  })

  it('Esc in the field with the ? popover open closes the popover first, then clears the text', async () => {
    await renderLibrary(IMAGES)
    fireEvent.change(input(), { target: { value: 'fox' } })
    fireEvent.click(screen.getByTestId('search-help-button'))
    input().focus()
    fireEvent.keyDown(input(), { key: 'Escape' })
    expect(screen.queryByTestId('search-help')).toBeNull()
    expect(input().value).toBe('fox')
    fireEvent.keyDown(input(), { key: 'Escape' })
    expect(input().value).toBe('')
  })

  it('shows the filters main ignored, under the box', async () => {
    await renderLibrary(IMAGES)
    expect(screen.queryByTestId('search-warnings')).toBeNull()
    fireEvent.change(input(), { target: { value: 'fox rating:9' } })
    const warnings = await screen.findByTestId('search-warnings')
    const expected = parseQuery('fox rating:9').warnings
    expect(expected.length).toBeGreaterThan(0)
    expect(within(warnings).getAllByRole('listitem').map((li) => li.textContent)).toEqual(expected)
    expect(tileIds()).toEqual([3, 1])

    fireEvent.change(input(), { target: { value: 'fox' } })
    await waitFor(() => expect(screen.queryByTestId('search-warnings')).toBeNull())
  })

  it('shows a refused search inline and no stale results', async () => {
    await renderLibrary(IMAGES)
    fireEvent.change(input(), { target: { value: `fox ${'x'.repeat(1000)}` } })
    const error = await screen.findByTestId('search-error')
    expect(error.textContent).toMatch(/too long/)
    expect(error.getAttribute('role')).toBe('alert')
    expect(input().getAttribute('aria-invalid')).toBe('true')
    expect(screen.queryByTestId('gallery')).toBeNull()
    expect(screen.queryByTestId('toast')).toBeNull()

    fireEvent.keyDown(input(), { key: 'Escape' })
    await waitFor(() => expect(tileIds()).toEqual([3, 2, 1]))
    expect(screen.queryByTestId('search-error')).toBeNull()
    expect(input().getAttribute('aria-invalid')).toBeNull()
  })

  it('a search with no match says so and can be cleared', async () => {
    await renderLibrary(IMAGES)
    fireEvent.change(input(), { target: { value: 'unicorn' } })
    const empty = await screen.findByTestId('gallery-empty')
    expect(empty.textContent).toContain('No images match “unicorn”')
    expect(empty.textContent).toContain('words unicorn')
    expect(screen.getByTestId('gallery-count').textContent).toBe('0 results')
    fireEvent.click(within(empty).getByTestId('clear-search'))
    await waitFor(() => expect(tileIds()).toEqual([3, 2, 1]))
    expect(input().value).toBe('')
  })

  it('the sort menu orders the view; a sort: in the search takes over', async () => {
    const { fake } = await renderLibrary(IMAGES)
    const sort = screen.getByTestId('sort-select') as HTMLSelectElement
    expect([...sort.options].map((o) => o.textContent)).toEqual(['Newest', 'Oldest', 'Rating', 'Cost'])
    expect(viewsRead(fake).at(-1)?.sort).toBe('newest')

    fireEvent.change(sort, { target: { value: 'oldest' } })
    await waitFor(() => expect(tileIds()).toEqual([1, 2, 3]))
    fireEvent.change(sort, { target: { value: 'rating' } })
    await waitFor(() => expect(tileIds()).toEqual([2, 3, 1]))
    fireEvent.change(sort, { target: { value: 'cost' } })
    await waitFor(() => expect(tileIds()).toEqual([3, 1, 2]))
    expect(viewsRead(fake).at(-1)?.sort).toBe('cost')

    fireEvent.change(input(), { target: { value: 'sort:rating' } })
    await waitFor(() => expect(tileIds()).toEqual([2, 3, 1]))
    expect(viewsRead(fake).at(-1)).not.toHaveProperty('sort')
    expect(sort.disabled).toBe(true)
    expect(sort.value).toBe('rating')
  })

  it('keeps the typed text when the view changes', async () => {
    await renderLibrary(IMAGES)
    fireEvent.change(input(), { target: { value: 'fox' } })
    await waitFor(() => expect(tileIds()).toEqual([3, 1]))
    act(() => screen.getByTestId('nav-favourites').click())
    await waitFor(() => expect(tileIds()).toEqual([1]))
    expect(input().value).toBe('fox')
  })
})
