/**
 * Issue 12: the gallery asks for the thumbnails of the tiles on screen first; the
 * overscan rows (mounted, off screen) get theirs only once the scroll is at rest and
 * every tile on screen has its thumbnail loaded or failed, a prefetch that never
 * queues ahead of what the user sees, and only on the side the scroll went (where the
 * user is heading). A thumbnail that loaded stays, even while fast.
 *
 * jsdom has no layout: the scroll box is given 884 × 600 px, so medium tiles make
 * 5 columns of 172 px cells, rows 178 px apart, and rows 0–3 (positions 1–20) are
 * on screen at the top, with two overscan rows below (21–30).
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeLibraryImages } from './core-library'
import type { FakeApi } from './fake-api'
import { FakeIntersectionObserver, renderLibrary } from './library-helpers'

const COLUMNS = 5
const ROW = 178

/** The mounted tiles at these 1-based positions (in the view), every one of them. */
function at(first: number, last: number): HTMLElement[] {
  const tiles = screen.getAllByTestId('gallery-tile').filter((t) => {
    const p = Number(t.getAttribute('aria-posinset'))
    return p >= first && p <= last
  })
  expect(tiles).toHaveLength(last - first + 1)
  return tiles
}

/** The tiles of rows `first`–`last` (0-based). */
const rows = (first: number, last: number): HTMLElement[] => at(first * COLUMNS + 1, (last + 1) * COLUMNS)
const img = (tile: HTMLElement): HTMLImageElement | null => tile.querySelector('img')
const asking = (tiles: HTMLElement[]): boolean[] => tiles.map((t) => img(t) !== null)
const all = (tiles: HTMLElement[], value: boolean): boolean[] => tiles.map(() => value)

function scrollTo(top: number): void {
  const scroller = screen.getByTestId('gallery-scroll')
  scroller.scrollTop = top
  scroller.dispatchEvent(new Event('scroll'))
}

/** Lets the grid's scroll frame (requestAnimationFrame) run. */
async function nextFrame(): Promise<void> {
  await act(() => new Promise<void>((done) => requestAnimationFrame(() => done())))
}

async function renderAtTop(): Promise<FakeApi> {
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
    return this.dataset.testid === 'gallery-scroll' ? 884 : 0
  })
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return this.dataset.testid === 'gallery-scroll' ? 600 : 0
  })
  const { fake } = await renderLibrary(makeLibraryImages(1, 500))
  expect(screen.getByTestId('gallery').dataset.columns).toBe(String(COLUMNS))
  expect(screen.getAllByTestId('gallery-tile')[0]!.style.height).toBe(`${ROW - 6}px`)
  await waitFor(() => expect(screen.getAllByTestId('gallery-tile').every((t) => t.getAttribute('aria-busy') !== 'true')).toBe(true))
  return fake
}

describe('thumbnails on screen first, the overscan after', () => {
  beforeEach(() => FakeIntersectionObserver.install())
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('the tiles on screen ask first; the overscan rows once each of those has loaded or failed', async () => {
    await renderAtTop()
    // Rows 4 and 5 are mounted (their rows are there) but off screen: no request yet.
    expect(asking(rows(0, 3))).toEqual(all(rows(0, 3), true))
    expect(asking(rows(4, 5))).toEqual(all(rows(4, 5), false))
    expect(img(rows(0, 0)[0]!)!.getAttribute('src')).toBe('app-image://thumb/500')

    const [failing, ...loading] = rows(0, 3)
    for (const t of loading.slice(0, -1)) fireEvent.load(img(t)!)
    fireEvent.error(img(failing!)!)
    // One tile on screen is still on its way: the overscan still waits.
    expect(asking(rows(4, 5))).toEqual(all(rows(4, 5), false))
    fireEvent.load(img(loading.at(-1)!)!)
    await waitFor(() => expect(asking(rows(4, 5))).toEqual(all(rows(4, 5), true)))
  })

  it('a slow scroll asks at once for the tiles it brings on screen, and the new overscan waits for them', async () => {
    await renderAtTop()
    for (const t of rows(0, 5)) fireEvent.load(img(t)!)
    // Three rows in one step a good while after the last: far under the fast-scroll gate.
    await new Promise((done) => setTimeout(done, 200))
    act(() => scrollTo(3 * ROW))
    await nextFrame()
    // On screen: rows 3–6, of which row 6 is new; rows 7 and 8 are the overscan below, rows 1 and 2 above.
    await waitFor(() => expect(asking(rows(6, 6))).toEqual(all(rows(6, 6), true)))
    expect(asking(rows(7, 8))).toEqual(all(rows(7, 8), false))
    // The thumbnails that loaded stay, on screen or off it.
    expect(asking(rows(1, 5))).toEqual(all(rows(1, 5), true))
    for (const t of rows(6, 6)) fireEvent.load(img(t)!)
    await waitFor(() => expect(asking(rows(7, 8))).toEqual(all(rows(7, 8), true)))
  })

  it('the prefetch is of the rows ahead: below after scrolling down, above after scrolling up', async () => {
    await renderAtTop()
    for (const t of rows(0, 5)) fireEvent.load(img(t)!)
    // Down three rows at a time, each step a good while after the last (under the fast gate).
    for (const row of [3, 6, 9, 12]) {
      await new Promise((done) => setTimeout(done, 200))
      act(() => scrollTo(row * ROW))
      await nextFrame()
    }
    // On screen rows 12–15; the overscan is rows 10–11 above (behind) and 16–17 below (ahead).
    await waitFor(() => expect(asking(rows(12, 15))).toEqual(all(rows(12, 15), true)))
    for (const t of rows(12, 15)) fireEvent.load(img(t)!)
    await waitFor(() => expect(asking(rows(16, 17))).toEqual(all(rows(16, 17), true)))
    // Rows 10 and 11 were on screen one step ago and never loaded: left behind, they ask no more.
    expect(asking(rows(10, 11))).toEqual(all(rows(10, 11), false))

    // Back up three rows: on screen rows 9–12, ahead (above) rows 7–8.
    await new Promise((done) => setTimeout(done, 200))
    act(() => scrollTo(9 * ROW))
    await nextFrame()
    await waitFor(() => expect(asking(rows(9, 11))).toEqual(all(rows(9, 11), true)))
    expect(asking(rows(7, 8))).toEqual(all(rows(7, 8), false))
    for (const t of rows(9, 11)) fireEvent.load(img(t)!)
    await waitFor(() => expect(asking(rows(7, 8))).toEqual(all(rows(7, 8), true)))
  })

  it('a tile on screen asks for its thumbnail beside its row, not after it', async () => {
    const fake = await renderAtTop()
    // Past the first page (rows 0–23): rows 40–43 must be read, and the read is held.
    const release = fake.holdNext('library.images')
    act(() => scrollTo(40 * ROW))
    await nextFrame()
    // Once the scroll rests, the tiles on screen ask for their thumbnails while their rows are still on the way.
    await waitFor(() => expect(asking(rows(40, 43))).toEqual(all(rows(40, 43), true)))
    expect(rows(40, 43).every((t) => t.getAttribute('aria-busy') === 'true')).toBe(true)
    expect(img(rows(40, 40)[0]!)!.getAttribute('src')).toBe(`app-image://thumb/${500 - 40 * COLUMNS}`)
    await act(async () => release())
    await waitFor(() => expect(rows(40, 43).every((t) => t.getAttribute('aria-busy') === null)).toBe(true))
  })

  it('while fast, a loaded thumbnail stays and nothing new is asked for; at rest the screen asks first', async () => {
    await renderAtTop()
    for (const t of rows(0, 5)) fireEvent.load(img(t)!)
    // The rest timer waits for the test to advance it; rows 0–119 came with the first page, so no row is fetched.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    act(() => {
      scrollTo(1)
      scrollTo(3 * ROW + 1)
    })
    await nextFrame()
    expect(asking(rows(6, 6))).toEqual(all(rows(6, 6), false))
    expect(asking(rows(1, 5))).toEqual(all(rows(1, 5), true))
    act(() => {
      vi.advanceTimersByTime(200)
    })
    vi.useRealTimers()
    await waitFor(() => expect(asking(rows(6, 6))).toEqual(all(rows(6, 6), true)))
    expect(asking(rows(7, 8))).toEqual(all(rows(7, 8), false))
    for (const t of rows(6, 6)) fireEvent.error(img(t)!)
    await waitFor(() => expect(asking(rows(7, 8))).toEqual(all(rows(7, 8), true)))
  })
})
