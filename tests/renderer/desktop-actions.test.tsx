/**
 * Issue 9: images leave the app as files. A tile's dragstart asks main to start an OS
 * drag of the original files (the selection when the tile is in it) and still carries
 * the in-app data the tray reads; Copy image and Show in folder in the tile menu and
 * the detail view call main with the image's id.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { IMAGE_DRAG_TYPE } from '../../renderer/src/lib/reference-input'
import { makeLibraryImage } from './core-library'
import { renderLibrary, tile } from './library-helpers'

const IMAGES = [makeLibraryImage({ id: 1, prompt: 'one' }), makeLibraryImage({ id: 2, prompt: 'two' }), makeLibraryImage({ id: 3, prompt: 'three' })]

function dragStart(el: HTMLElement): Record<string, string> {
  const data: Record<string, string> = {}
  fireEvent.dragStart(el, { dataTransfer: { setData: (t: string, v: string) => (data[t] = v), effectAllowed: 'none' } })
  return data
}

describe('drag out', () => {
  it('dragging an unselected tile drags that image out, and still carries its id for the tray', async () => {
    const { fake } = await renderLibrary(IMAGES)
    fireEvent.click(tile(1))
    const data = await act(async () => dragStart(tile(3)))
    expect(data[IMAGE_DRAG_TYPE]).toBe('3')
    await waitFor(() => expect(fake.callsTo('desktop.startDrag')).toEqual([[[3]]]))
  })

  it('dragging a tile of the selection drags the whole selection out, the dragged tile first (its thumbnail is the icon)', async () => {
    const { fake } = await renderLibrary(IMAGES)
    fireEvent.click(tile(1))
    fireEvent.click(tile(2), { ctrlKey: true })
    fireEvent.click(tile(3), { ctrlKey: true })
    await act(async () => void dragStart(tile(2)))
    await waitFor(() => expect(fake.callsTo('desktop.startDrag')).toHaveLength(1))
    const [ids] = fake.callsTo('desktop.startDrag')[0]! as [number[]]
    expect(ids[0]).toBe(2)
    expect([...ids].sort()).toEqual([1, 2, 3])
  })

  it('a refused drag says so in a toast', async () => {
    const { fake } = await renderLibrary(IMAGES)
    fake.failNext('desktop.startDrag', { code: 'PATH_OUTSIDE_LIBRARY', message: 'Refused: outside the library.' })
    await act(async () => void dragStart(tile(2)))
    expect(await screen.findByText("Couldn't drag the images out of the app")).toBeTruthy()
  })
})

describe('Copy image and Show in folder', () => {
  it('the tile menu has both, labelled, and each calls main with the image', async () => {
    const { fake } = await renderLibrary(IMAGES)
    fireEvent.contextMenu(tile(2))
    await act(async () => fireEvent.click(within(await screen.findByRole('menu')).getByRole('menuitem', { name: 'Copy image' })))
    await waitFor(() => expect(fake.callsTo('desktop.copyImage')).toEqual([[2]]))
    expect(await screen.findByText('Image copied')).toBeTruthy()
    fireEvent.contextMenu(tile(3))
    await act(async () => fireEvent.click(within(await screen.findByRole('menu')).getByRole('menuitem', { name: 'Show in folder' })))
    await waitFor(() => expect(fake.callsTo('desktop.showInFolder')).toEqual([[3]]))
  })

  it('the detail view has both as buttons', async () => {
    const { fake } = await renderLibrary(IMAGES)
    fireEvent.doubleClick(tile(1))
    const panel = await screen.findByTestId('image-detail')
    await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Copy image' })))
    await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Show in folder' })))
    expect(fake.callsTo('desktop.copyImage')).toEqual([[1]])
    expect(fake.callsTo('desktop.showInFolder')).toEqual([[1]])
  })

  it('a failure is reported, not silent', async () => {
    const { fake } = await renderLibrary(IMAGES)
    fake.failNext('desktop.copyImage', { code: 'NOT_FOUND', message: 'The file of image #1 is missing from the library.' })
    fireEvent.doubleClick(tile(1))
    const panel = await screen.findByTestId('image-detail')
    await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Copy image' })))
    expect(await screen.findByText("Couldn't copy the image")).toBeTruthy()
    expect(screen.getByText('The file of image #1 is missing from the library.')).toBeTruthy()
  })
})
