/**
 * The gallery follows its view from the store (store/gallery-follow.ts): the first
 * view is asked for before anything renders, a switch in the same task as the
 * action that made it, and a view that did not change is not read again when the
 * gallery comes back from another main view.
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { LibraryView } from '../../electron/shared/library'
import { setApiForTests } from '../../renderer/src/api'
import { useAppStore } from '../../renderer/src/store'
import { followGalleryView } from '../../renderer/src/store/gallery-follow'
import { makeLibraryImages } from './core-library'
import { FakeApi } from './fake-api'
import { renderLibrary } from './library-helpers'

const views = (fake: FakeApi, method: 'library.page' | 'library.idList'): LibraryView[] => fake.callsTo(method).map((args) => args[0] as LibraryView)

describe('the gallery follows its view', () => {
  it('asks for the first view before the first render, and for a new one in the same task as the switch', async () => {
    const fake = new FakeApi({ library: makeLibraryImages(1, 10) })
    setApiForTests(fake.api)
    const stop = followGalleryView(useAppStore)
    try {
      // Nothing is rendered, and the first page and the id list are already on their way.
      expect(document.body.childElementCount).toBe(0)
      expect(views(fake, 'library.page')).toEqual([{ section: 'all', sort: 'newest' }])
      expect(views(fake, 'library.idList')).toEqual([{ section: 'all', sort: 'newest' }])
      useAppStore.getState().setActiveSection('favourites')
      expect(views(fake, 'library.page').at(-1)).toEqual({ section: 'favorites', sort: 'newest' })
      // A change that leaves the view as it was (the selection, here) asks for nothing.
      useAppStore.getState().clearSelection()
      expect(views(fake, 'library.page')).toHaveLength(2)
      // (The answers land before the next test.)
      await waitFor(() => expect(useAppStore.getState().galleryCount).not.toBeNull())
    } finally {
      stop()
    }
  })

  it('coming back from Spend shows the same view without reading it again', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 30))
    await waitFor(() => expect(screen.getAllByTestId('gallery-tile')).toHaveLength(30))
    const reads = fake.callsTo('library.idList').length
    fireEvent.click(screen.getByTestId('nav-spend'))
    await waitFor(() => expect(screen.queryByTestId('gallery')).toBeNull())
    act(() => useAppStore.getState().showGallery())
    await waitFor(() => expect(screen.getAllByTestId('gallery-tile')).toHaveLength(30))
    expect(fake.callsTo('library.idList')).toHaveLength(reads)
    expect(screen.getByTestId('gallery-count').textContent).toBe('30 images')
  })
})
