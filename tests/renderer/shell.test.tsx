import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { makeLibraryImages } from './core-library'
import { renderApp } from './render-app'

describe('app shell', () => {
  it('shows the sidebar, the empty gallery, the composer and the empty queue', async () => {
    await renderApp()

    const sidebar = screen.getByTestId('sidebar')
    expect(within(sidebar).getByRole('button', { name: /All images/ })).toBeTruthy()
    expect(within(sidebar).getByRole('button', { name: /Favourites/ })).toBeTruthy()
    expect(within(sidebar).getByRole('button', { name: /Trash/ })).toBeTruthy()
    expect(within(sidebar).getByText('No collections yet')).toBeTruthy()
    expect(screen.getByTestId('settings-button')).toBeTruthy()
    expect(screen.getByTestId('api-key-pill').textContent).toContain('No API key')

    expect(screen.getByTestId('gallery-empty').textContent).toContain('Your library is empty')
    expect(screen.queryByTestId('gallery')).toBeNull()
    expect(screen.getByTestId('composer')).toBeTruthy()
    expect(screen.getByTestId('queue')).toBeTruthy()
    expect(screen.getByTestId('queue-empty').textContent).toContain('No jobs yet')
  })

  it('shows library counts from stats in the sidebar', async () => {
    await renderApp({ stats: { images: 12, favourites: 3, trashed: 5 } })
    expect(screen.getByTestId('nav-count-all').textContent).toBe('12')
    expect(screen.getByTestId('nav-count-favourites').textContent).toBe('3')
    expect(screen.getByTestId('nav-count-trash').textContent).toBe('5')
  })

  it('shows the gallery with a tile per image and the count once the library has images', async () => {
    await renderApp({ library: makeLibraryImages(1, 7) })
    await waitFor(() => expect(screen.getAllByTestId('gallery-tile')).toHaveLength(7))
    expect(screen.queryByTestId('gallery-empty')).toBeNull()
    expect(screen.getByTestId('gallery-count').textContent).toBe('7 images')
  })

  it('refreshes the counts when main reports a library change', async () => {
    const { fake } = await renderApp()
    expect(screen.getByTestId('gallery-empty')).toBeTruthy()

    fake.statsFromLibrary = true
    fake.library.add(...makeLibraryImages(1, 2))
    act(() => fake.emitLibraryChanged({ reason: 'images-added', imageIds: [1, 2] }))

    await waitFor(() => expect(screen.getAllByTestId('gallery-tile')).toHaveLength(2))
    expect(screen.getByTestId('gallery-count').textContent).toBe('2 images')
    expect(screen.getByTestId('nav-count-all').textContent).toBe('2')
  })

  it('switches the gallery heading and empty state with the active section', async () => {
    await renderApp({ stats: { images: 4, trashed: 0 } })
    act(() => screen.getByTestId('nav-trash').click())
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Trash')
    expect(screen.getByTestId('nav-trash').getAttribute('aria-current')).toBe('page')
    expect(screen.getByTestId('gallery-empty')).toBeTruthy()
  })

  it('tells main the renderer is ready only after subscribing to its events, then loads the job list', async () => {
    const { fake } = await renderApp()
    expect(fake.callsTo('app.rendererReady')).toHaveLength(1)
    expect(fake.listenerCount()).toBe(6)
    const t = fake.timeline
    const ready = t.indexOf('app.rendererReady')
    for (const sub of ['subscribe:menu', 'subscribe:library', 'subscribe:progress', 'subscribe:reveal', 'subscribe:export', 'subscribe:backup']) {
      expect(t.indexOf(sub)).toBeGreaterThanOrEqual(0)
      expect(t.indexOf(sub)).toBeLessThan(ready)
    }
    expect(t.indexOf('generation.list')).toBeGreaterThan(ready)
  })
})
