/**
 * Issue 12: the timeline scrubber beside the grid. A click on a month lands its
 * first image in the top row; the slider's value text follows scrolling; keys
 * move by month and year; views not ordered by date have no timeline.
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LibraryImage } from '../../electron/shared/library'
import { useAppStore } from '../../renderer/src/store'
import { makeLibraryImage } from './core-library'
import { FakeIntersectionObserver, renderLibrary, viewsRead } from './library-helpers'

/** Months oldest first, with ids growing with time as main stores them. February is the big one; December's images are favourites. */
const MONTHS: [year: number, month: number, count: number][] = [
  [2025, 11, 5],
  [2025, 12, 600],
  [2026, 1, 600],
  [2026, 2, 2000],
  [2026, 3, 403]
]
const TOTAL = MONTHS.reduce((n, m) => n + m[2], 0)

function library(): LibraryImage[] {
  const images: LibraryImage[] = []
  for (const [year, month, count] of MONTHS) {
    for (let i = 0; i < count; i++) images.push(makeLibraryImage({ id: images.length + 1, createdAt: Date.UTC(year, month - 1, 1 + (i % 27), 10, 0, i % 60), favorite: year === 2025 && month === 12 }))
  }
  return images
}

/** The view is newest first: a month's first image is its newest, at 0-based position `start`. */
function firstOf(year: number, month: number): { id: number; start: number } {
  let start = 0
  for (const [y, m, count] of [...MONTHS].reverse()) {
    if (y === year && m === month) return { id: TOTAL - start, start }
    start += count
  }
  throw new Error('no such month')
}

function slider(): HTMLElement {
  return screen.getByRole('slider', { name: 'Timeline' })
}

function geometry(): { columns: number; rowHeight: number } {
  const columns = Number(screen.getByTestId('gallery').dataset.columns)
  const rowHeight = Number.parseFloat(screen.getAllByTestId('gallery-tile')[0]!.style.height) + 6
  return { columns, rowHeight }
}

/** A mounted tile's top relative to the viewport's top (tiles are placed by transform). */
function tileTop(id: number): number | null {
  const tile = screen.queryAllByTestId('gallery-tile').find((t) => t.getAttribute('data-image-id') === String(id))
  if (!tile) return null
  const y = /translate\([^,]+,\s*(-?[\d.]+)px\)/.exec(tile.style.transform)?.[1]
  return Number(y) - screen.getByTestId('gallery-scroll').scrollTop
}

function click(el: HTMLElement, clientY: number): void {
  fireEvent.pointerDown(el, { clientY, button: 0, pointerId: 1 })
  fireEvent.pointerUp(el, { clientY, button: 0, pointerId: 1 })
}

describe('timeline scrubber', () => {
  beforeEach(() => FakeIntersectionObserver.install())
  afterEach(() => vi.unstubAllGlobals())

  it('is a slider over the whole view, naming the month in view, with the months of the same view as the grid', async () => {
    const { fake } = await renderLibrary(library())
    await waitFor(() => expect(slider()).toBeTruthy())
    const s = slider()
    expect(s.getAttribute('aria-valuetext')).toBe('March 2026')
    expect(s.getAttribute('aria-valuemin')).toBe('1')
    expect(s.getAttribute('aria-valuemax')).toBe(String(TOTAL))
    expect(s.getAttribute('aria-valuenow')).toBe('1')
    expect(s.getAttribute('aria-orientation')).toBe('vertical')
    expect(fake.callsTo('library.monthCounts').map((a) => a[0])).toEqual(viewsRead(fake))
    expect(screen.getAllByTestId('timeline-year').map((l) => l.textContent)).toEqual(['2026', '2025'])
    expect(screen.getAllByTestId('timeline-month').map((l) => l.textContent)).toEqual(['Feb', 'Jan', 'Nov'])
  })

  it('a click on a month lands its first image in the top row, wherever in the month the click was', async () => {
    await renderLibrary(library())
    await waitFor(() => expect(slider()).toBeTruthy())
    const { columns } = geometry()

    // On the "Jan" label.
    const jan = screen.getAllByTestId('timeline-month').find((l) => l.textContent === 'Jan')!
    act(() => click(slider(), Number.parseFloat(jan.style.top) + 3))
    const first = firstOf(2026, 1)
    expect(first.start % columns).not.toBe(0) // it starts mid-row: the top row also holds February's last images
    await waitFor(() => expect(tileTop(first.id)).toBe(0))
    expect(screen.getAllByTestId('gallery-tile').find((t) => t.getAttribute('data-image-id') === String(first.id))!.getAttribute('aria-posinset')).toBe(String(first.start + 1))
    expect(slider().getAttribute('aria-valuetext')).toBe('January 2026')
    expect(slider().getAttribute('aria-valuenow')).toBe(String(first.start + 1))

    // Deep inside February's stretch of the scrubber, far from its label.
    const feb = firstOf(2026, 2)
    const height = 768 // jsdom has no layout: the scrubber is as tall as the grid's assumed viewport
    act(() => click(slider(), ((feb.start + 1500) / TOTAL) * height))
    await waitFor(() => expect(tileTop(feb.id)).toBe(0))
    expect(slider().getAttribute('aria-valuetext')).toBe('February 2026')
  })

  it('the value text follows scrolling, and the date floats beside the scrubber while it does', async () => {
    await renderLibrary(library())
    await waitFor(() => expect(slider()).toBeTruthy())
    const { columns, rowHeight } = geometry()
    const scroller = screen.getByTestId('gallery-scroll')
    const scrollToRow = (row: number) =>
      act(() => {
        scroller.scrollTop = row * rowHeight
        scroller.dispatchEvent(new Event('scroll'))
      })
    const dec = firstOf(2025, 12)
    scrollToRow(Math.floor(dec.start / columns) + 3)
    await waitFor(() => expect(slider().getAttribute('aria-valuetext')).toBe('December 2025'))
    await waitFor(() => expect(screen.getByTestId('timeline-bubble').textContent).toBe('December 2025'))
    scrollToRow(Math.floor(firstOf(2026, 2).start / columns) + 100)
    await waitFor(() => expect(slider().getAttribute('aria-valuetext')).toBe('February 2026'))
    scrollToRow(0)
    await waitFor(() => expect(slider().getAttribute('aria-valuetext')).toBe('March 2026'))
    // A wheel over the timeline scrolls the grid.
    fireEvent.wheel(slider(), { deltaY: 40 * rowHeight })
    expect(scroller.scrollTop).toBe(40 * rowHeight)
  })

  it('keys: arrows by month, PageDown/PageUp by year, Home and End', async () => {
    await renderLibrary(library())
    await waitFor(() => expect(slider()).toBeTruthy())
    const s = slider()
    const press = async (key: string, month: string) => {
      fireEvent.keyDown(slider(), { key })
      await waitFor(() => expect(slider().getAttribute('aria-valuetext')).toBe(month))
    }
    s.focus()
    await press('ArrowDown', 'February 2026')
    await waitFor(() => expect(tileTop(firstOf(2026, 2).id)).toBe(0))
    await press('ArrowDown', 'January 2026')
    await press('ArrowUp', 'February 2026')
    await press('PageDown', 'December 2025')
    await press('PageUp', 'March 2026')
    // The last month is too small to reach the top: the view goes to the end and still names it.
    await press('End', 'November 2025')
    expect(slider().getAttribute('aria-valuenow')).toBe(String(firstOf(2025, 11).start + 1))
    await waitFor(() => expect(tileTop(firstOf(2025, 11).id)).not.toBeNull())
    await press('Home', 'March 2026')
    expect(tileTop(TOTAL)).toBe(0)
  })

  it('while the months load an empty column holds the timeline’s place; when they fail there is none and the grid still works', async () => {
    let release = () => {}
    const { fake } = await renderLibrary(library(), (f) => {
      release = f.holdNext('library.monthCounts')
    })
    expect(screen.queryByRole('slider', { name: 'Timeline' })).toBeNull()
    expect(document.querySelector('.timeline-slot .timeline-pending')).not.toBeNull()
    act(() => release())
    await waitFor(() => expect(slider().getAttribute('aria-valuetext')).toBe('March 2026'))
    expect(document.querySelector('.timeline-pending')).toBeNull()

    fake.failNext('library.monthCounts', { code: 'INTERNAL', message: 'The library database is locked' })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    act(() => screen.getByTestId('nav-favourites').click())
    await waitFor(() => expect(screen.getByTestId('gallery-count').textContent).toContain('600'))
    await waitFor(() => expect(document.querySelector('.timeline-slot')!.childElementCount).toBe(0))
    expect(screen.getAllByTestId('gallery-tile').length).toBeGreaterThan(10)
    expect(warn).toHaveBeenCalled()
  })

  it('views not ordered by date have no timeline; oldest first walks the months the other way; a search has the months of its own matches', async () => {
    const { fake } = await renderLibrary(library())
    await waitFor(() => expect(slider()).toBeTruthy())
    act(() => useAppStore.getState().setGallerySort('rating'))
    await waitFor(() => expect(viewsRead(fake).at(-1)?.sort).toBe('rating'))
    await waitFor(() => expect(screen.queryByRole('slider', { name: 'Timeline' })).toBeNull())
    expect(fake.callsTo('library.monthCounts').some((a) => (a[0] as { sort?: string }).sort === 'rating')).toBe(false)
    act(() => useAppStore.getState().setGallerySort('oldest'))
    await waitFor(() => expect(slider().getAttribute('aria-valuetext')).toBe('November 2025'))
    expect(fake.callsTo('library.monthCounts').at(-1)?.[0]).toEqual(viewsRead(fake).at(-1))
    act(() => useAppStore.getState().setGalleryQuery('fav:yes'))
    await waitFor(() => expect(screen.getByTestId('gallery-count').textContent).toContain('600'))
    await waitFor(() => expect(screen.getAllByTestId('timeline-year').map((l) => l.textContent)).toEqual(['2025']))
    expect(slider().getAttribute('aria-valuetext')).toBe('December 2025')
    expect(slider().getAttribute('aria-valuemax')).toBe('600')
    expect(fake.callsTo('library.monthCounts').at(-1)?.[0]).toMatchObject({ query: 'fav:yes', sort: 'oldest' })
  })
})
