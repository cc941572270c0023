/**
 * Issue 11 in Chromium against the real core: Settings → Library → Back up now,
 * into a folder chosen through the host's stand-in for main's dialog; the backup
 * on disk restores and checks clean, and the dialog shows the date of the backup.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readManifest } from '../../electron/core/backup/manifest'
import { restoreBackup } from '../../electron/core/backup/restore'
import { screenshotPath, useAppWithFakeRunware } from './harness'

const app = useAppWithFakeRunware({ latencyMs: 50, perImageLatencyMs: 10 })

describe('backup from the real UI', () => {
  it('backs the library up from Settings, shows the summary and the date, and the folder restores', async () => {
    const session = await app.open()
    const { page, host } = session
    const target = mkdtempSync(join(tmpdir(), 'imagine-backup-e2e-'))
    try {
      await page.getByRole('textbox', { name: 'Prompt' }).fill('a quiet harbour at dawn')
      await page.getByTestId('count-input').fill('3')
      await page.getByRole('button', { name: 'Generate' }).click()
      await page.waitForFunction(() => document.querySelector('[data-testid="job-card"]')?.getAttribute('data-status') === 'succeeded', undefined, { timeout: 20_000 })
      await page.getByTestId('settings-button').click()
      const section = page.getByRole('region', { name: 'Library' })
      await expect.poll(async () => section.getByTestId('last-backup').textContent()).toContain('Not backed up yet.')
      host.setChosenFolder(join(target, 'Imagine backup'))
      await section.getByRole('button', { name: 'Back up now' }).click()
      await section.getByTestId('backup-summary').waitFor({ timeout: 20_000 })
      expect(await section.getByTestId('backup-summary').textContent()).toBe('Backup complete: 6 new files copied, 0 already there.')
      await expect.poll(async () => section.getByTestId('last-backup').textContent()).toContain('to “Imagine backup” (3 images)')
      await section.scrollIntoViewIfNeeded()
      await page.screenshot({ path: screenshotPath('settings-backup-light.png') })
      const manifest = await readManifest(join(target, 'Imagine backup'))
      expect(manifest?.counts.images).toBe(3)
      const restored = await restoreBackup({ from: join(target, 'Imagine backup'), to: join(target, 'restored') })
      expect(restored.check?.ok).toBe(true)
      expect(session.problems).toEqual([])
    } finally {
      rmSync(target, { recursive: true, force: true })
    }
  })
})
