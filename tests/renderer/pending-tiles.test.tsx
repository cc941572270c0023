/**
 * Issue 12: a job's images show as placeholders at the top of All images from the
 * moment it is submitted, and give way one by one as the images arrive.
 */
import { act, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeJob } from './fake-api'
import { makeLibraryImage, makeLibraryImages } from './core-library'
import { FakeIntersectionObserver, renderLibrary, tileIds } from './library-helpers'

describe('pending tiles', () => {
  beforeEach(() => FakeIntersectionObserver.install())
  afterEach(() => vi.unstubAllGlobals())

  it('show a running job instead of "Your library is empty", then give way to its images', async () => {
    const { fake } = await renderLibrary([])
    expect(screen.getByTestId('gallery-empty')).toBeTruthy()
    act(() => fake.emitProgress(makeJob({ generationId: 1, prompt: 'a heron at dawn', status: 'submitting', imagesDone: 0, imagesTotal: 3 })))
    await waitFor(() => expect(screen.getAllByTestId('pending-tile')).toHaveLength(3))
    expect(screen.queryByTestId('gallery-empty')).toBeNull()
    expect(screen.getByRole('region', { name: 'Images on their way' }).textContent).toContain('3 images on the way')
    expect(screen.getAllByTestId('pending-tile')[0]!.getAttribute('aria-label')).toBe('Sending: image 1 of 3, a heron at dawn')

    const first = makeLibraryImage({ id: 1, prompt: 'a heron at dawn' })
    fake.library.add(first)
    act(() => {
      fake.emitProgress(makeJob({ generationId: 1, prompt: 'a heron at dawn', status: 'downloading', imagesDone: 1, imagesTotal: 3 }))
      fake.emitLibraryChanged({ reason: 'images-added', imageIds: [1], images: [first] })
    })
    await waitFor(() => expect(tileIds()).toEqual([1]))
    expect(screen.getAllByTestId('pending-tile')).toHaveLength(2)
    expect(screen.getAllByTestId('pending-tile')[0]!.getAttribute('aria-label')).toBe('Downloading: image 2 of 3, a heron at dawn')

    act(() => fake.emitProgress(makeJob({ generationId: 1, prompt: 'a heron at dawn', status: 'succeeded', imagesDone: 3, imagesTotal: 3 })))
    await waitFor(() => expect(screen.queryByTestId('pending-strip')).toBeNull())
  })

  it('say when a job waits for the network, and stay out of searches and other sections', async () => {
    const { fake } = await renderLibrary([makeLibraryImage({ id: 1 })])
    act(() => fake.emitProgress(makeJob({ generationId: 4, prompt: 'offline fox', status: 'running', imagesDone: 0, imagesTotal: 1, waitingForNetwork: true })))
    await waitFor(() => expect(screen.getByTestId('pending-tile').getAttribute('aria-label')).toBe('Waiting for network…: image 1 of 1, offline fox'))
    act(() => screen.getByTestId('nav-favourites').click())
    await waitFor(() => expect(screen.queryByTestId('pending-strip')).toBeNull())
    act(() => screen.getByTestId('nav-all').click())
    await screen.findByTestId('pending-strip')
  })

  it('show while the grid is at its top, not further down, where they would push the grid the person is looking at', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 2000))
    act(() => fake.emitProgress(makeJob({ generationId: 7, prompt: 'a lynx', status: 'running', imagesDone: 0, imagesTotal: 2 })))
    await screen.findByTestId('pending-strip')
    const scroller = screen.getByTestId('gallery-scroll')
    const rowHeight = Number.parseFloat((screen.getAllByTestId('gallery-tile')[0]!.style.height || '0').replace('px', '')) + 6
    act(() => {
      scroller.scrollTop = 20 * rowHeight
      scroller.dispatchEvent(new Event('scroll'))
    })
    await waitFor(() => expect(screen.queryByTestId('pending-strip')).toBeNull())
    // Back within the first row: the strip is there again.
    act(() => {
      scroller.scrollTop = rowHeight / 2
      scroller.dispatchEvent(new Event('scroll'))
    })
    await screen.findByTestId('pending-strip')
  })

  it('draw at most twelve placeholders and count the rest', async () => {
    const { fake } = await renderLibrary([])
    act(() => {
      fake.emitProgress(makeJob({ generationId: 1, status: 'running', imagesDone: 0, imagesTotal: 10 }))
      fake.emitProgress(makeJob({ generationId: 2, status: 'queued', imagesDone: 0, imagesTotal: 10 }))
    })
    await waitFor(() => expect(screen.getAllByTestId('pending-tile')).toHaveLength(12))
    expect(screen.getByTestId('pending-strip').textContent).toContain('20 images on the way')
    expect(screen.getAllByTestId('pending-tile').at(-1)!.textContent).toBe('+9')
  })
})
