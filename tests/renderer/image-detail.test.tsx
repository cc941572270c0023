import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { makeLibraryImage } from './core-library'
import { renderLibrary, tile } from './library-helpers'

const IMAGES = [
  makeLibraryImage({ id: 1, prompt: 'the first fox' }),
  makeLibraryImage({ id: 2, prompt: 'a red fox in the snow', width: 1408, height: 768, format: 'png', bytes: 1_572_864, cost: 0.08, tags: ['cats', 'snow'], note: 'old note', rating: 2 }),
  makeLibraryImage({ id: 3, prompt: 'made from the fox' })
]

const detail = (): HTMLElement => screen.getByTestId('image-detail')

async function openDetail(id: number) {
  fireEvent.doubleClick(tile(id))
  // The gallery's copy shows at once; wait for main's fresh record and the lineage.
  await waitFor(() => expect(screen.getByTestId('detail-lineage-section').getAttribute('aria-busy')).toBe('false'))
  return detail()
}

describe('image detail panel', () => {
  it('double-click opens the full image with its facts; Esc closes and gives focus back', async () => {
    const { fake } = await renderLibrary(IMAGES)
    tile(2).focus()
    const panel = await openDetail(2)
    expect(panel.getAttribute('data-image-id')).toBe('2')
    expect(within(panel).getByTestId('detail-image').getAttribute('src')).toBe('app-image://image/2')
    expect(within(panel).getByTestId('detail-prompt').textContent).toBe('a red fox in the snow')
    expect(within(panel).getByTestId('detail-size').textContent).toBe('1408 × 768')
    expect(within(panel).getByTestId('detail-format').textContent).toBe('PNG · 1.5 MB')
    expect(within(panel).getByTestId('detail-cost').textContent).toBe('$0.08')
    expect(within(panel).getByTestId('detail-created').textContent).toBe(new Date(IMAGES[1]!.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }))
    expect(within(panel).getAllByTestId('detail-tag').map((t) => t.textContent)).toEqual(['cats', 'snow'])
    expect((within(panel).getByTestId('detail-note') as HTMLTextAreaElement).value).toBe('old note')
    expect(within(panel).getByTestId('detail-rating').getAttribute('data-value')).toBe('2')
    expect(screen.getByTestId('sidebar').closest('[inert]')).not.toBeNull()
    await waitFor(() => expect(fake.callsTo('library.lineage')).toEqual([[2]]))

    fireEvent.keyDown(panel, { key: 'Escape' })
    expect(screen.queryByTestId('image-detail')).toBeNull()
    expect(document.activeElement).toBe(tile(2))
    expect(screen.getByTestId('sidebar').closest('[inert]')).toBeNull()
  })

  it('adds and removes tags', async () => {
    const { fake } = await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    const input = within(panel).getByTestId('detail-tag-input')
    fireEvent.change(input, { target: { value: 'winter' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() => expect(within(panel).getAllByTestId('detail-tag').map((t) => t.textContent)).toEqual(['cats', 'snow', 'winter']))
    expect(fake.callsTo('library.addTags')).toEqual([[[2], ['winter']]])
    expect((input as HTMLInputElement).value).toBe('')

    fireEvent.click(within(panel).getByRole('button', { name: 'Remove tag cats' }))
    await waitFor(() => expect(within(panel).getAllByTestId('detail-tag').map((t) => t.textContent)).toEqual(['snow', 'winter']))
    expect(fake.callsTo('library.removeTags')).toEqual([[[2], ['cats']]])
    expect(fake.library.images[1]!.tags).toEqual(['snow', 'winter'])
  })

  it('saves the note when the field loses focus, and only when it changed', async () => {
    const { fake } = await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    const note = within(panel).getByTestId('detail-note')
    fireEvent.focus(note)
    fireEvent.blur(note)
    expect(fake.callsTo('library.setNote')).toEqual([])

    fireEvent.change(note, { target: { value: 'Use for the winter card' } })
    expect(fake.callsTo('library.setNote')).toEqual([])
    fireEvent.blur(note)
    await waitFor(() => expect(fake.callsTo('library.setNote')).toEqual([[2, 'Use for the winter card']]))
    expect(fake.library.images[1]!.note).toBe('Use for the winter card')

    fireEvent.change(note, { target: { value: '   ' } })
    fireEvent.blur(note)
    await waitFor(() => expect(fake.callsTo('library.setNote').at(-1)).toEqual([2, null]))
  })

  it('an edited note is saved when the panel closes before the field loses focus', async () => {
    const { fake } = await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    fireEvent.change(within(panel).getByTestId('detail-note'), { target: { value: 'kept' } })
    fireEvent.keyDown(within(panel).getByTestId('detail-note'), { key: 'Escape' })
    expect(screen.queryByTestId('image-detail')).toBeNull()
    await waitFor(() => expect(fake.callsTo('library.setNote')).toEqual([[2, 'kept']]))
  })

  it('rates and favourites the image', async () => {
    const { fake } = await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    fireEvent.click(within(panel).getByTestId('detail-rating-4'))
    await waitFor(() => expect(within(panel).getByTestId('detail-rating').getAttribute('data-value')).toBe('4'))
    expect(fake.callsTo('library.setRating')).toEqual([[[2], 4]])
    fireEvent.click(within(panel).getByTestId('detail-rating-4'))
    await waitFor(() => expect(fake.callsTo('library.setRating').at(-1)).toEqual([[2], 0]))

    fireEvent.click(within(panel).getByTestId('detail-favorite'))
    await waitFor(() => expect(within(panel).getByTestId('detail-favorite').getAttribute('aria-pressed')).toBe('true'))
    expect(fake.callsTo('library.setFavorite')).toEqual([[[2], true]])
  })

  it('shows lineage as thumbnails that open those images', async () => {
    const { fake } = await renderLibrary(IMAGES, (f) => {
      // 2 was made from 1, and 3 from 2.
      f.library.link(2, { kind: 'image', imageId: 1 })
      f.library.link(3, { kind: 'image', imageId: 2 })
    })
    const panel = await openDetail(2)
    const ancestor = await within(panel).findByTestId('lineage-ancestor')
    expect(ancestor.querySelector('img')?.getAttribute('src')).toBe('app-image://thumb/1')
    expect(within(panel).getByTestId('lineage-descendant').getAttribute('data-image-id')).toBe('3')

    fireEvent.click(ancestor)
    await waitFor(() => expect(detail().getAttribute('data-image-id')).toBe('1'))
    await waitFor(() => expect(within(detail()).getByTestId('detail-prompt').textContent).toBe('the first fox'))
    expect(fake.callsTo('library.images').at(-1)).toEqual([[1]])
    // 1 was made from nothing, and is used in 2 and (through 2) in 3.
    await waitFor(() => expect(within(detail()).getAllByTestId('lineage-descendant').map((d) => d.getAttribute('data-image-id'))).toEqual(['2', '3']))
    expect(within(detail()).queryByTestId('lineage-ancestor')).toBeNull()
  })

  it('an image made from a file shows "Made from" with the file\'s stored copy and name; "Used in" lists what was made from it', async () => {
    await renderLibrary(IMAGES, (f) => {
      f.library.link(2, { kind: 'file', name: '/home/me/Pictures/holiday.jpg', referenceId: 77 })
      f.library.link(3, { kind: 'image', imageId: 2 })
    })
    const panel = await openDetail(2)
    const ref = await within(panel).findByTestId('lineage-reference')
    expect(ref.textContent).toContain('holiday.jpg')
    expect(ref.textContent).toContain('A file from your computer')
    expect(ref.querySelector('img')?.getAttribute('src')).toBe('app-image://ref/77')
    expect(within(panel).getByText('Made from')).toBeTruthy()
    expect(within(panel).getByText('Used in')).toBeTruthy()
    expect(within(panel).queryByText('Not made from, or used in, other images.')).toBeNull()
  })

  it('← and → step through the gallery', async () => {
    await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    fireEvent.keyDown(panel, { key: 'ArrowRight' })
    await waitFor(() => expect(detail().getAttribute('data-image-id')).toBe('1'))
    fireEvent.keyDown(detail(), { key: 'ArrowLeft' })
    fireEvent.keyDown(detail(), { key: 'ArrowLeft' })
    await waitFor(() => expect(detail().getAttribute('data-image-id')).toBe('3'))
    expect(screen.queryByTestId('detail-prev')).toBeNull()
  })

  it('follows changes main reports for the open image', async () => {
    const { fake } = await renderLibrary(IMAGES)
    const panel = await openDetail(2)
    fake.library.update(fake.library.images[1]!.id, { tags: ['cats', 'snow', 'from-cli'] })
    act(() => fake.emitLibraryChanged({ reason: 'images-updated', imageIds: [2] }))
    // In main's order: by name.
    await waitFor(() => expect(within(panel).getAllByTestId('detail-tag').map((t) => t.textContent)).toEqual(['cats', 'from-cli', 'snow']))
  })
})
