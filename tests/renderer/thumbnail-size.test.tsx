/** Issue 12: a thumbnail-size control (small / medium / large, Ctrl/⌘ + and −) that keeps the image at the top in view. */
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { handleMenuCommand } from '../../renderer/src/store/ipc-bridge'
import { makeLibraryImages } from './core-library'
import { renderLibrary, tile } from './library-helpers'

const columns = (): number => Number(screen.getByTestId('gallery').dataset.columns)
/** The first image whose row starts at or below the top of the scroll box (tiles are placed by translate(x, y)). */
function topPosition(): number {
  const top = screen.getByTestId('gallery-scroll').scrollTop
  const y = (t: HTMLElement): number => Number.parseFloat(/translate\([^,]+,\s*([-\d.]+)px\)/.exec(t.style.transform)?.[1] ?? 'NaN')
  return Math.min(...screen.getAllByTestId('gallery-tile').filter((t) => y(t) >= top - 1).map((t) => Number(t.getAttribute('aria-posinset'))))
}

describe('thumbnail size', () => {
  it('Ctrl + and − on the grid and the menu commands step the size, kept in settings; the columns follow', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 40))
    const medium = columns()
    fireEvent.click(tile(40))
    await act(async () => fireEvent.keyDown(tile(40), { key: '=', ctrlKey: true }))
    await waitFor(() => expect(fake.settings.thumbnailSize).toBe('large'))
    await waitFor(() => expect(columns()).toBeLessThan(medium))
    await act(async () => handleMenuCommand('thumbnails-smaller'))
    await act(async () => handleMenuCommand('thumbnails-smaller'))
    await waitFor(() => expect(fake.settings.thumbnailSize).toBe('small'))
    await waitFor(() => expect(columns()).toBeGreaterThan(medium))
    await act(async () => handleMenuCommand('thumbnails-smaller'))
    expect(fake.callsTo('settings.update').filter((c) => (c[0] as { thumbnailSize?: string }).thumbnailSize !== undefined)).toHaveLength(3) // no step below small
    fireEvent.change(screen.getByTestId('thumbnail-size'), { target: { value: 'medium' } })
    await waitFor(() => expect(columns()).toBe(medium))
  })

  it('a new size keeps the image at the top in view', async () => {
    await renderLibrary(makeLibraryImages(1, 5000))
    const scroller = screen.getByTestId('gallery-scroll')
    const rowHeight = Number.parseFloat(screen.getAllByTestId('gallery-tile')[0]!.style.height) + 6
    act(() => {
      scroller.scrollTop = 300 * rowHeight
      scroller.dispatchEvent(new Event('scroll'))
    })
    await waitFor(() => {
      expect(Number.isFinite(topPosition())).toBe(true)
      expect(topPosition()).toBeGreaterThan(300 * columns() - columns())
    })
    const before = topPosition()
    fireEvent.change(screen.getByTestId('thumbnail-size'), { target: { value: 'large' } })
    await waitFor(() => expect(columns()).toBeLessThan(6))
    // The image that was at the top is in the new top row.
    await waitFor(() => {
      expect(Number.isFinite(topPosition())).toBe(true)
      expect(Math.abs(topPosition() - before)).toBeLessThan(columns())
    })
  })
})
