/** Issue 9: the export dialog: a folder chosen in main (a token, a name), names previewed by main, progress, and the summary. */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { DEFAULT_EXPORT_SETTINGS } from '../../electron/shared/export'
import { makeLibraryImages } from './core-library'
import { renderLibrary, tile } from './library-helpers'

describe('export from the selection bar', () => {
  it('exports the selected images to the chosen folder with the template, and shows progress and the summary', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 5))
    fireEvent.click(tile(5))
    fireEvent.click(tile(4), { ctrlKey: true })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export…' })))
    const dialog = await screen.findByRole('dialog', { name: 'Export 2 images' })
    expect(fake.callsTo('export.lastSettings')).toHaveLength(1)
    const start = within(dialog).getByRole('button', { name: 'Export 2 images' }) as HTMLButtonElement
    expect(start.disabled).toBe(true) // no folder yet

    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Choose folder…' })))
    expect(within(dialog).getByTestId('export-folder').textContent).toContain('Exports')
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'File names' }), { target: { value: '{id}_{prompt:20}' } })
    await waitFor(() => expect(fake.callsTo('export.previewNames').at(-1)).toEqual([{ template: '{id}_{prompt:20}', format: 'original' }, [5, 4], null]))
    expect(within(within(dialog).getByRole('list', { name: 'First names' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['5.png', '4.png'])

    fireEvent.change(within(dialog).getByTestId('export-format'), { target: { value: 'jpg' } })
    fireEvent.change(within(dialog).getByTestId('export-metadata'), { target: { value: 'none' } })
    await act(async () => fireEvent.click(start))
    expect(fake.callsTo('export.start')).toEqual([
      [{ kind: 'ids', ids: [5, 4] }, { ...DEFAULT_EXPORT_SETTINGS, template: '{id}_{prompt:20}', format: 'jpg', metadata: 'none', folderToken: 'folder-token', zipName: null }]
    ])

    act(() => fake.emitExportProgress({ exportId: 'export-1', done: 1, total: 2, bytes: 1000, elapsedMs: 500, rate: 2, etaMs: 500 }))
    expect(within(dialog).getByTestId('export-progress').textContent).toBe('1 of 2 · 2.0 images/s · about 1 s left')
    expect(within(dialog).getByRole('button', { name: 'Cancel export' })).toBeTruthy()
    act(() =>
      fake.emitExportProgress({
        exportId: 'export-1',
        done: 2,
        total: 2,
        bytes: 2000,
        elapsedMs: 900,
        rate: 2.2,
        etaMs: 0,
        final: { written: 1, writtenFirst: [{ imageId: 5, path: '5_a.jpg' }], skipped: 0, failed: [{ imageId: 4, code: 'DISK_FULL', message: 'The disk is full' }], canceled: false, zip: null }
      })
    )
    expect(within(dialog).getByTestId('export-summary').textContent).toContain('1 file written in Exports')
    // A late event about the same export does not replace its summary.
    act(() => fake.emitExportProgress({ exportId: 'export-1', done: 1, total: 2, bytes: 1000, elapsedMs: 500, rate: 2, etaMs: 500 }))
    expect(within(dialog).getByTestId('export-summary').textContent).toContain('1 file written in Exports')
    expect(within(dialog).getByRole('alert').textContent).toContain('Image 4: The disk is full')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }))
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it("keeps the summary when main's progress, the final event included, arrives before the answer to start", async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 2))
    fireEvent.click(tile(2))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export…' })))
    const dialog = await screen.findByRole('dialog', { name: 'Export 1 image' })
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Choose folder…' })))
    // A small export finishes in main before its start answer reaches the window.
    const release = fake.holdNext('export.start')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export 1 image' }))
    act(() =>
      fake.emitExportProgress({
        exportId: 'export-1',
        done: 1,
        total: 1,
        bytes: 1000,
        elapsedMs: 100,
        rate: 10,
        etaMs: 0,
        final: { written: 1, writtenFirst: [{ imageId: 2, path: '2.png' }], skipped: 0, failed: [], canceled: false, zip: null }
      })
    )
    expect(within(dialog).getByTestId('export-summary').textContent).toContain('1 file written in Exports')
    await act(async () => release())
    expect(within(dialog).getByTestId('export-summary').textContent).toContain('1 file written in Exports')
    expect(within(dialog).queryByRole('button', { name: 'Cancel export' })).toBeNull()
  })

  it('Cancel export asks main to stop the running export', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 2))
    fireEvent.click(tile(2))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export…' })))
    const dialog = await screen.findByRole('dialog')
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Choose folder…' })))
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Export 1 image' })))
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel export' })))
    expect(fake.callsTo('export.cancel')).toEqual([['export-1']])
  })
})
