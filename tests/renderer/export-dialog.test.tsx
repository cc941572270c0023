/** Issue 9: the export dialog: a folder chosen in main (a token, a name), names previewed by main, progress, and the summary. */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { DEFAULT_EXPORT_SETTINGS } from '../../electron/shared/export'
import type { FakeApi } from './fake-api'
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

const WEB = { ...DEFAULT_EXPORT_SETTINGS, format: 'jpg' as const, quality: 80, resize: 2048, template: '{id}_web' }

function optionLabels(select: HTMLElement): string[] {
  return Array.from((select as HTMLSelectElement).options).map((o) => o.textContent ?? '')
}

describe('export presets and the last used settings', () => {
  it('opens with the options main remembers as last used', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 2), (f) => (f.exportLastSettings = { ...DEFAULT_EXPORT_SETTINGS, template: '{seed}_{index}', format: 'webp' }))
    fireEvent.click(tile(2))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export…' })))
    const dialog = await screen.findByRole('dialog', { name: 'Export 1 image' })
    await waitFor(() => expect((within(dialog).getByRole('textbox', { name: 'File names' }) as HTMLInputElement).value).toBe('{seed}_{index}'))
    expect((within(dialog).getByRole('combobox', { name: 'Format' }) as HTMLSelectElement).value).toBe('webp')
    expect(fake.callsTo('export.presets')).toHaveLength(1)
  })

  it('a preset fills the options; Save as preset refuses an empty or taken name, saves a new one, and Delete removes it', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 2), (f) => (f.exportPresets = [{ name: 'Web', settings: WEB }]))
    fireEvent.click(tile(2))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export…' })))
    const dialog = await screen.findByRole('dialog', { name: 'Export 1 image' })
    const picker = within(dialog).getByRole('combobox', { name: 'Preset' })
    await waitFor(() => expect(optionLabels(picker)).toEqual(['Custom (not saved)', 'Web']))
    expect(within(dialog).queryByRole('button', { name: /^Delete the preset/ })).toBeNull()

    fireEvent.change(picker, { target: { value: 'Web' } })
    expect((within(dialog).getByRole('combobox', { name: 'Format' }) as HTMLSelectElement).value).toBe('jpg')
    expect((within(dialog).getByRole('spinbutton', { name: 'Quality' }) as HTMLInputElement).value).toBe('80')
    expect((within(dialog).getByRole('spinbutton', { name: 'Long edge (px)' }) as HTMLInputElement).value).toBe('2048')
    expect((within(dialog).getByRole('textbox', { name: 'File names' }) as HTMLInputElement).value).toBe('{id}_web')
    expect((picker as HTMLSelectElement).value).toBe('Web')
    // Changing an option leaves the preset: the picker says so.
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Metadata' }), { target: { value: 'minimal' } })
    expect((picker as HTMLSelectElement).value).toBe('')

    fireEvent.click(within(dialog).getByRole('button', { name: 'Save as preset…' }))
    const name = within(dialog).getByRole('textbox', { name: 'Preset name' })
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Save preset' })))
    expect(within(dialog).getByRole('alert').textContent).toBe('Give the preset a name.')
    expect(name.getAttribute('aria-invalid')).toBe('true')
    fireEvent.change(name, { target: { value: '  web ' } })
    await act(async () => fireEvent.keyDown(name, { key: 'Enter' }))
    expect(within(dialog).getByRole('alert').textContent).toBe('There is already a preset named "Web": choose another name, or delete that one first.')
    expect(fake.callsTo('export.savePreset')).toEqual([])

    fireEvent.change(name, { target: { value: 'Web small ' } })
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Save preset' })))
    expect(fake.callsTo('export.savePreset')).toEqual([['Web small', { ...WEB, metadata: 'minimal' }]])
    expect(within(dialog).queryByRole('alert')).toBeNull()
    expect(within(dialog).queryByRole('textbox', { name: 'Preset name' })).toBeNull()
    expect(optionLabels(picker)).toEqual(['Custom', 'Web', 'Web small'])
    expect((picker as HTMLSelectElement).value).toBe('Web small')

    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Delete the preset Web small' })))
    expect(fake.callsTo('export.deletePreset')).toEqual([['Web small']])
    expect(optionLabels(picker)).toEqual(['Custom (not saved)', 'Web'])
  })
})

describe('Export again', () => {
  const finish = (fake: FakeApi, exportId: string, imageId: number) =>
    act(() =>
      fake.emitExportProgress({
        exportId,
        done: 1,
        total: 1,
        bytes: 1000,
        elapsedMs: 100,
        rate: 10,
        etaMs: 0,
        final: { written: 1, writtenFirst: [{ imageId, path: `${imageId}.jpg` }], skipped: 0, failed: [], canceled: false, zip: null }
      })
    )
  it('is offered only after an export; it exports the selection with the last settings to the last folder, without the options, with progress, Cancel and the summary', async () => {
    const { fake } = await renderLibrary(makeLibraryImages(1, 5))
    expect(fake.callsTo('export.lastExport')).toEqual([])
    fireEvent.click(tile(5))
    await waitFor(() => expect(fake.callsTo('export.lastExport')).toHaveLength(1))
    expect(screen.queryByRole('button', { name: 'Export again' })).toBeNull()
    fireEvent.contextMenu(tile(5))
    expect(within(await screen.findByRole('menu')).queryByRole('menuitem', { name: 'Export again' })).toBeNull()
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' })

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export…' })))
    let dialog = await screen.findByRole('dialog', { name: 'Export 1 image' })
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Choose folder…' })))
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Format' }), { target: { value: 'jpg' } })
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'File names' }), { target: { value: '{id}' } })
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'One zip file instead of loose files' }))
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Export 1 image' })))
    const first = { ...DEFAULT_EXPORT_SETTINGS, format: 'jpg', template: '{id}', folderToken: 'folder-token', zipName: 'Imagine Studio export.zip' }
    expect(fake.callsTo('export.start')).toEqual([[{ kind: 'ids', ids: [5] }, first]])
    finish(fake, 'export-1', 5)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }))

    // The selection bar: two other images, one click, no options.
    fireEvent.click(tile(3))
    fireEvent.click(tile(2), { ctrlKey: true })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export again' })))
    dialog = await screen.findByRole('dialog', { name: 'Export 2 images again' })
    expect(fake.callsTo('export.start').at(-1)).toEqual([{ kind: 'ids', ids: [3, 2] }, first])
    expect(fake.callsTo('export.chooseFolder')).toHaveLength(1)
    expect(within(dialog).queryByRole('textbox', { name: 'File names' })).toBeNull()
    expect(within(dialog).getByTestId('export-repeat').textContent).toBe('To Exports with the last settings: JPG 90 · full metadata · names {id} · into Imagine Studio export.zip')
    act(() => fake.emitExportProgress({ exportId: 'export-2', done: 1, total: 2, bytes: 1000, elapsedMs: 500, rate: 2, etaMs: 500 }))
    expect(within(dialog).getByTestId('export-progress').textContent).toBe('1 of 2 · 2.0 images/s · about 1 s left')
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel export' })))
    expect(fake.callsTo('export.cancel')).toEqual([['export-2']])
    finish(fake, 'export-2', 3)
    expect(within(dialog).getByTestId('export-summary').textContent).toContain('1 file written in Exports')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }))
    expect(screen.queryByRole('dialog')).toBeNull()

    // The tile menu: the image under the pointer.
    fireEvent.click(tile(1))
    fireEvent.contextMenu(tile(1))
    await act(async () => fireEvent.click(within(await screen.findByRole('menu')).getByRole('menuitem', { name: 'Export again' })))
    expect(await screen.findByRole('dialog', { name: 'Export 1 image again' })).toBeTruthy()
    expect(fake.callsTo('export.start').at(-1)).toEqual([{ kind: 'ids', ids: [1] }, first])

    // The normal dialog afterwards still shows the options.
    finish(fake, 'export-3', 1)
    fireEvent.click(screen.getByRole('button', { name: 'Done' }))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export…' })))
    expect(within(await screen.findByRole('dialog', { name: 'Export 1 image' })).getByRole('textbox', { name: 'File names' })).toBeTruthy()
  })
})

describe('Export again after a restart', () => {
  it("offers main's memory of the last export (its settings, folder and zip) once images are selected, and asks main only once", async () => {
    const settings = { ...DEFAULT_EXPORT_SETTINGS, format: 'webp' as const, quality: 70, template: '{seed}' }
    const { fake } = await renderLibrary(makeLibraryImages(1, 3), (f) => (f.exportLastExport = { settings, folder: { token: 'remembered-token', name: 'Prints' }, zipName: null }))
    fireEvent.click(tile(3))
    const again = await screen.findByRole('button', { name: 'Export again' })
    // Its tooltip (shown when the keyboard brings focus) names the remembered folder.
    fireEvent.keyDown(window, { key: 'Tab' })
    act(() => again.focus())
    expect((await screen.findByRole('tooltip')).textContent).toContain("Export the selected images to Prints with the last export's settings")
    act(() => again.blur())
    fireEvent.click(tile(2))
    fireEvent.click(tile(2), { ctrlKey: true })
    fireEvent.click(tile(1))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export again' })))
    const dialog = await screen.findByRole('dialog', { name: 'Export 1 image again' })
    expect(fake.callsTo('export.start')).toEqual([[{ kind: 'ids', ids: [1] }, { ...settings, folderToken: 'remembered-token', zipName: null }]])
    expect(within(dialog).getByTestId('export-repeat').textContent).toBe('To Prints with the last settings: WEBP 70 · full metadata · names {seed}')
    expect(fake.callsTo('export.lastExport')).toHaveLength(1)
  })
})

describe('content credentials in the export dialog', () => {
  async function openDialog(): Promise<{ fake: Awaited<ReturnType<typeof renderLibrary>>['fake']; dialog: HTMLElement }> {
    const { fake } = await renderLibrary(makeLibraryImages(1, 2))
    fireEvent.click(tile(2))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export…' })))
    const dialog = await screen.findByRole('dialog', { name: 'Export 1 image' })
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Choose folder…' })))
    return { fake, dialog }
  }

  it('off by default; ticked without a certificate it says so and Export waits; choosing both files signs the export', async () => {
    const { fake, dialog } = await openDialog()
    const box = within(dialog).getByRole('checkbox', { name: /^Content credentials \(C2PA\)/ }) as HTMLInputElement
    expect(box.checked).toBe(false)
    expect(within(dialog).queryByRole('group', { name: 'Signing certificate' })).toBeNull()
    const start = within(dialog).getByRole('button', { name: 'Export 1 image' }) as HTMLButtonElement
    expect(start.disabled).toBe(false)

    await act(async () => fireEvent.click(box))
    const group = within(dialog).getByRole('group', { name: 'Signing certificate' })
    expect(within(group).getByRole('alert').textContent).toMatch(/^No certificate is set\. Content credentials are signed with your own certificate chain and its private key/)
    expect(start.disabled).toBe(true)

    await act(async () => fireEvent.click(within(group).getByRole('button', { name: 'Choose certificate…' })))
    expect(fake.callsTo('export.chooseCredentialsFile')).toEqual([['certificate']])
    expect(within(group).getByRole('alert').textContent).toMatch(/^No private key is set\./)
    expect(within(group).getByText('Certificate: chain.pem')).toBeTruthy()
    expect(start.disabled).toBe(true)

    await act(async () => fireEvent.click(within(group).getByRole('button', { name: 'Choose private key…' })))
    expect(within(group).queryByRole('alert')).toBeNull()
    expect(within(group).getByTestId('export-credentials-status').textContent).toBe(
      'Signed as Test Signer, issued by Test CA, valid until 2046-01-01. Apps that check the C2PA trust list show your own certificate as an unknown signer.'
    )
    expect(within(group).getByText('Private key: signer.key')).toBeTruthy()
    expect(start.disabled).toBe(false)

    await act(async () => fireEvent.click(start))
    expect(fake.callsTo('export.start')).toEqual([[{ kind: 'ids', ids: [2] }, { ...DEFAULT_EXPORT_SETTINGS, contentCredentials: true, folderToken: 'folder-token', zipName: null }]])
  })

  it("main's reason for unusable credentials is shown as it is; Forget certificate clears both; a dismissed file dialog changes nothing", async () => {
    const { fake, dialog } = await openDialog()
    fake.credentials = { certificateFile: 'chain.pem', keyFile: 'other.key', subject: null, issuer: null, validTo: null, problem: 'The private key does not belong to the certificate (they are not a pair).' }
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' })))
    fireEvent.click(tile(2))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export…' })))
    const again = await screen.findByRole('dialog', { name: 'Export 1 image' })
    await act(async () => fireEvent.click(within(again).getByRole('checkbox', { name: /^Content credentials/ })))
    const group = within(again).getByRole('group', { name: 'Signing certificate' })
    expect(within(group).getByRole('alert').textContent).toMatch(/^The private key does not belong to the certificate \(they are not a pair\)\./)

    fake.credentialPicks.key = null
    await act(async () => fireEvent.click(within(group).getByRole('button', { name: 'Choose private key…' })))
    expect(within(group).getByText('Private key: other.key')).toBeTruthy()

    await act(async () => fireEvent.click(within(group).getByRole('button', { name: 'Forget certificate' })))
    expect(fake.callsTo('export.clearCredentials')).toHaveLength(1)
    expect(within(group).getByRole('alert').textContent).toMatch(/^No certificate is set\./)
    expect(within(group).queryByRole('button', { name: 'Forget certificate' })).toBeNull()
  })
})
