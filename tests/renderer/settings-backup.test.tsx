/** Issue 11: Settings → Library → Back up now, with progress, Cancel and the date of the last backup. */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { BackupProgress } from '../../electron/shared/backup'
import { FakeApi } from './fake-api'
import { renderApp } from './render-app'

const AT = new Date(2026, 11, 1, 9, 30).getTime()

async function openLibrarySection(fake = new FakeApi()) {
  await renderApp(fake)
  fireEvent.click(screen.getByTestId('settings-button'))
  const section = await screen.findByRole('region', { name: 'Library' })
  return { fake, section }
}

const progress = (patch: Partial<BackupProgress>): BackupProgress => ({ backupId: 'backup-1', phase: 'files', filesDone: 0, filesTotal: 10, bytesDone: 0, bytesTotal: 10 * 1048576, ...patch })

describe('Settings → Library backup', () => {
  it('says when there has been no backup', async () => {
    const { section } = await openLibrarySection()
    await waitFor(() => expect(within(section).getByTestId('last-backup').textContent).toContain('Not backed up yet.'))
  })

  it('shows the last backup with its date and folder', async () => {
    const fake = new FakeApi()
    fake.lastBackup = { at: AT, folderName: 'USB backup', images: 1234, copied: 12 }
    const again = await openLibrarySection(fake)
    const when = new Date(AT).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    await waitFor(() => expect(within(again.section).getByTestId('last-backup').textContent).toContain(`Last backup: ${when}, to “USB backup” (1,234 images).`))
    // The button is named and described by that line.
    const button = within(again.section).getByRole('button', { name: 'Back up now' })
    expect(document.getElementById(button.getAttribute('aria-describedby')!)?.textContent).toContain('Last backup')
  })

  it('Back up now asks main for a folder, starts with its token, shows progress, and Cancel cancels that backup', async () => {
    const { fake, section } = await openLibrarySection()
    fireEvent.click(within(section).getByRole('button', { name: 'Back up now' }))
    await waitFor(() => expect(fake.callsTo('backup.start')).toEqual([['backup-folder-token']]))
    expect(fake.callsTo('backup.chooseFolder')).toHaveLength(1)

    const bar = await within(section).findByRole('progressbar', { name: 'Backup progress' })
    expect(bar.hasAttribute('value')).toBe(false) // the database step has no count
    act(() => fake.emitBackupProgress(progress({ filesDone: 3, bytesDone: 3 * 1048576 })))
    expect(within(section).getByTestId('backup-progress').textContent).toBe('3 of 10 files · 3.0 MB of 10.0 MB')
    expect((within(section).getByRole('progressbar', { name: 'Backup progress' }) as HTMLProgressElement).value).toBe(3)
    // Another backup's events are not this one's.
    act(() => fake.emitBackupProgress(progress({ backupId: 'other', filesDone: 9 })))
    expect(within(section).getByTestId('backup-progress').textContent).toContain('3 of 10 files')
    expect(within(section).queryByRole('button', { name: 'Back up now' })).toBeNull()

    fireEvent.click(within(section).getByRole('button', { name: 'Cancel backup' }))
    await waitFor(() => expect(fake.callsTo('backup.cancel')).toEqual([['backup-1']]))
    act(() => fake.emitBackupProgress(progress({ filesDone: 4, final: { ok: false, canceled: true, copied: 4, skipped: 0, problems: [], error: null } })))
    expect(within(section).getByRole('status').textContent).toBe('Backup canceled. The previous backup in that folder is still complete.')
    expect(within(section).queryByRole('progressbar')).toBeNull()
    expect(within(section).getByRole('button', { name: 'Back up now' })).toBeTruthy()
  })

  it('a finished backup shows its summary and the new date from main', async () => {
    const { fake, section } = await openLibrarySection()
    fireEvent.click(within(section).getByRole('button', { name: 'Back up now' }))
    await within(section).findByRole('progressbar', { name: 'Backup progress' })
    fake.lastBackup = { at: AT, folderName: 'Backups', images: 40, copied: 80 }
    act(() => fake.emitBackupProgress(progress({ filesDone: 80, filesTotal: 80, phase: 'manifest', final: { ok: true, canceled: false, copied: 80, skipped: 2, problems: [], error: null } })))
    expect(within(section).getByRole('status').textContent).toBe('Backup complete: 80 new files copied, 2 already there.')
    await waitFor(() => expect(within(section).getByTestId('last-backup').textContent).toContain('to “Backups” (40 images)'))
  })

  it('a dismissed folder dialog starts nothing; a refused start is shown as an alert', async () => {
    const fake = new FakeApi()
    fake.backupFolder = null
    const { section } = await openLibrarySection(fake)
    fireEvent.click(within(section).getByRole('button', { name: 'Back up now' }))
    await waitFor(() => expect(fake.callsTo('backup.chooseFolder')).toHaveLength(1))
    expect(fake.callsTo('backup.start')).toEqual([])
    expect(within(section).queryByRole('progressbar')).toBeNull()

    fake.backupFolder = { token: 't', name: 'Library' }
    fake.failNext('backup.start', { code: 'VALIDATION', message: 'Choose a folder outside the library to back up to.' })
    fireEvent.click(within(section).getByRole('button', { name: 'Back up now' }))
    expect((await within(section).findByRole('alert')).textContent).toBe('Choose a folder outside the library to back up to.')
  })

  it('a failed backup says why', async () => {
    const { fake, section } = await openLibrarySection()
    fireEvent.click(within(section).getByRole('button', { name: 'Back up now' }))
    await within(section).findByRole('progressbar', { name: 'Backup progress' })
    act(() => fake.emitBackupProgress(progress({ final: { ok: false, canceled: false, copied: 0, skipped: 0, problems: [], error: { code: 'DISK_FULL', message: 'The disk is full.' } } })))
    expect(within(section).getByRole('status').textContent).toBe('The backup failed: The disk is full.')
  })
})
