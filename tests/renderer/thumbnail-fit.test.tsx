/** Issue 12: whole images, not only square crops: a Square / Whole image choice for the gallery's cells, kept in settings. */
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { makeLibraryImage } from './core-library'
import { renderLibrary } from './library-helpers'

describe('thumbnail shape', () => {
  it('switches the cells between square crops and whole images, and saves the choice', async () => {
    const { fake } = await renderLibrary([makeLibraryImage({ id: 1, width: 1408, height: 768 }), makeLibraryImage({ id: 2, width: 768, height: 1408 })])
    const select = screen.getByRole('combobox', { name: 'Thumbnail shape' }) as HTMLSelectElement
    expect(select.value).toBe('square')
    expect(screen.getByTestId('gallery').dataset.fit).toBe('square')
    fireEvent.change(select, { target: { value: 'fit' } })
    await waitFor(() => expect(screen.getByTestId('gallery').dataset.fit).toBe('fit'))
    expect(fake.callsTo('settings.update')).toEqual([[{ thumbnailFit: 'fit' }]])
    expect(select.selectedOptions[0]?.textContent).toBe('Whole image')
  })
})
