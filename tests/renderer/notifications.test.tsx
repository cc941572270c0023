/** Issue 10, notifications: the setting, and what a click on a job's notification shows. */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useAppStore } from '../../renderer/src/store'
import { makeJob } from './fake-api'
import { makeLibraryImage } from './core-library'
import { renderLibrary, selectedIds, tileIds } from './library-helpers'

const IMAGES = [
  makeLibraryImage({ id: 1, prompt: 'an old fox' }),
  makeLibraryImage({ id: 2, prompt: 'a lighthouse at dusk' }),
  makeLibraryImage({ id: 3, prompt: 'a lighthouse at dawn' }),
  makeLibraryImage({ id: 4, prompt: 'a lighthouse at night' }),
  makeLibraryImage({ id: 5, prompt: 'unrelated' })
]

describe('notifications setting', () => {
  it('is on by default; the "Notify when a job ends" switch turns it off and on in settings', async () => {
    const { fake } = await renderLibrary(IMAGES)
    fireEvent.click(screen.getByTestId('settings-button'))
    const dialog = screen.getByTestId('settings-dialog')
    const toggle = within(dialog).getByRole<HTMLInputElement>('switch', { name: 'Notify when a job ends' })
    expect(toggle.checked).toBe(true)
    expect(document.getElementById(toggle.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/in the background/)
    fireEvent.click(toggle)
    await waitFor(() => expect(fake.settings.notifications).toBe(false))
    expect(fake.callsTo('settings.update')).toContainEqual([{ notifications: false }])
    expect(toggle.checked).toBe(false)
    fireEvent.click(toggle)
    await waitFor(() => expect(fake.settings.notifications).toBe(true))
  })
})

describe('clicking a job notification', () => {
  it('selects the job images in the gallery, leaving a search that hides them, and closes the detail view', async () => {
    const { fake } = await renderLibrary(IMAGES, (f) => {
      f.jobs = [makeJob({ generationId: 9, prompt: 'a lighthouse', status: 'succeeded', imagesDone: 3, imagesTotal: 3 })]
    })
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: 'fox' } })
    await waitFor(() => expect(tileIds()).toEqual([1]))
    fireEvent.doubleClick(screen.getAllByTestId('gallery-tile')[0]!)
    expect(screen.getByTestId('image-detail')).toBeTruthy()

    act(() => fake.emitReveal({ generationId: 9, imageIds: [2, 3, 4] }))
    expect(screen.queryByTestId('image-detail')).toBeNull()
    await waitFor(() => expect(tileIds()).toEqual([5, 4, 3, 2, 1]))
    await waitFor(() => expect(selectedIds()).toEqual([4, 3, 2]))
    expect((screen.getByTestId('search-input') as HTMLInputElement).value).toBe('')
    // Keyboard focus lands on the first of them, so the arrows and Delete act there.
    await waitFor(() => expect(document.activeElement?.getAttribute('data-image-id')).toBe('4'))
    expect(useAppStore.getState().jobReveal).toBeNull()
  })

  it('keeps a view that already shows the images', async () => {
    const { fake } = await renderLibrary(IMAGES)
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: 'lighthouse' } })
    await waitFor(() => expect(tileIds()).toEqual([4, 3, 2]))
    act(() => fake.emitReveal({ generationId: 9, imageIds: [3, 4] }))
    await waitFor(() => expect(selectedIds()).toEqual([4, 3]))
    expect((screen.getByTestId('search-input') as HTMLInputElement).value).toBe('lighthouse')
  })

  it('waits for images the gallery has not been told about yet', async () => {
    const { fake } = await renderLibrary(IMAGES.slice(0, 3))
    act(() => fake.emitReveal({ generationId: 9, imageIds: [4] }))
    expect(selectedIds()).toEqual([])
    fake.library.add(makeLibraryImage({ id: 4, prompt: 'just made' }))
    act(() => fake.emitLibraryChanged({ reason: 'images-added', imageIds: [4] }))
    await waitFor(() => expect(selectedIds()).toEqual([4]))
  })

  it('a failed job (no images) brings its card in the queue into focus', async () => {
    const { fake } = await renderLibrary(IMAGES, (f) => {
      f.jobs = [
        makeJob({ generationId: 8, prompt: 'fine', status: 'succeeded', imagesDone: 1 }),
        makeJob({ generationId: 7, prompt: 'refused', status: 'failed', error: { code: 'API_AUTH', message: 'refused' } })
      ]
    })
    await waitFor(() => expect(screen.getAllByTestId('job-card')).toHaveLength(2))
    act(() => fake.emitReveal({ generationId: 7, imageIds: [] }))
    const card = screen.getAllByTestId('job-card').find((c) => c.textContent?.includes('refused'))!
    await waitFor(() => expect(document.activeElement).toBe(card))
    // Marked while focused, since programmatic focus draws no ring.
    expect(card.hasAttribute('data-revealed')).toBe(true)
    expect(selectedIds()).toEqual([])
    act(() => card.blur())
    expect(card.hasAttribute('data-revealed')).toBe(false)
  })
})
