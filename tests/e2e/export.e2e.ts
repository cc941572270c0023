/**
 * Issue 9 in Chromium against the real core and files: select images, export
 * them with a template into a folder (chosen through the host's stand-in for
 * main's dialog), and check the files: the dialog's preview matches what was written.
 * Then Export again (the last settings and folder, one click) and a preset kept by main.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { verifyContentCredentials } from '../../electron/core/export/content-credentials'
import { screenshotPath, useAppWithFakeRunware } from './harness'

const app = useAppWithFakeRunware({ latencyMs: 100, perImageLatencyMs: 20 })

describe('export from the real UI', () => {
  it('exports the selection as JPGs named from the template; the preview shows the names written', async () => {
    const session = await app.open()
    const { page, host } = session
    const target = mkdtempSync(join(tmpdir(), 'imagine-export-e2e-'))
    try {
      await page.getByRole('textbox', { name: 'Prompt' }).fill('a quiet harbour at dawn')
      await page.getByTestId('count-input').fill('3')
      await page.getByRole('button', { name: 'Generate' }).click()
      await page.waitForFunction(() => document.querySelector('[data-testid="job-card"]')?.getAttribute('data-status') === 'succeeded', undefined, { timeout: 20_000 })
      await expect.poll(async () => page.getByTestId('gallery-tile').count()).toBe(3)
      await page.getByTestId('gallery-tile').first().click()
      await page.keyboard.press('Control+a')
      await page.getByRole('button', { name: 'Export…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Export 3 images' })
      await dialog.waitFor()
      host.setChosenFolder(target)
      await dialog.getByRole('button', { name: 'Choose folder…' }).click()
      await expect.poll(async () => dialog.getByTestId('export-folder').textContent()).toContain(target.split('/').at(-1)!)
      await dialog.getByRole('textbox', { name: 'File names' }).fill('harbour_{index}_{w}x{h}')
      await dialog.getByTestId('export-format').selectOption('jpg')
      // The preview follows the template (after a short pause in typing).
      await expect.poll(async () => dialog.getByRole('list', { name: 'First names' }).getByRole('listitem').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^harbour_.*\.jpg$/)]))
      await expect.poll(async () => dialog.getByRole('list', { name: 'First names' }).getByRole('listitem').count()).toBe(3)
      const preview = await dialog.getByRole('list', { name: 'First names' }).getByRole('listitem').allTextContents()
      await page.screenshot({ path: screenshotPath('export-dialog-light.png') })
      await dialog.getByRole('button', { name: 'Export 3 images' }).click()
      await dialog.getByTestId('export-summary').waitFor({ timeout: 20_000 })
      await expect(dialog.getByTestId('export-summary').textContent()).resolves.toContain('3 files written')
      const files = readdirSync(target).sort()
      expect(files).toEqual([...preview].sort())
      expect(files.every((f) => /^harbour_\d_\d+x\d+\.jpg$/.test(f))).toBe(true)
      for (const f of files) expect((await sharp(join(target, f)).metadata()).format).toBe('jpeg')
      expect(readdirSync(target).some((f) => f.includes('.tmp') || f.startsWith('.'))).toBe(false)
      await page.screenshot({ path: screenshotPath('export-done-light.png') })
      await dialog.getByRole('button', { name: 'Done' }).click()

      // Export again: one image, the same settings and folder, no options; the name taken gets a number.
      await page.getByTestId('gallery-tile').first().click()
      await page.getByRole('toolbar', { name: 'Selected images' }).getByRole('button', { name: 'Export again' }).click()
      const again = page.getByRole('dialog', { name: 'Export 1 image again' })
      await again.getByTestId('export-summary').waitFor({ timeout: 20_000 })
      await expect(again.getByTestId('export-summary').textContent()).resolves.toContain('1 file written')
      const added = readdirSync(target).filter((f) => !files.includes(f))
      expect(added).toHaveLength(1)
      expect(added[0]).toMatch(/^harbour_1_\d+x\d+ \(2\)\.jpg$/)
      expect((await sharp(join(target, added[0]!)).metadata()).format).toBe('jpeg')
      await page.screenshot({ path: screenshotPath('export-again-light.png') })
      await again.getByRole('button', { name: 'Done' }).click()

      // A preset saved in the dialog is kept by main: it is listed when the dialog opens again.
      await page.getByRole('button', { name: 'Export…' }).click()
      const next = page.getByRole('dialog', { name: 'Export 1 image' })
      await expect.poll(async () => next.getByRole('textbox', { name: 'File names' }).inputValue()).toBe('harbour_{index}_{w}x{h}')
      await next.getByRole('button', { name: 'Save as preset…' }).click()
      await next.getByRole('textbox', { name: 'Preset name' }).fill('Harbour JPG')
      await next.getByRole('button', { name: 'Save preset' }).click()
      await expect.poll(async () => next.getByRole('combobox', { name: 'Preset' }).inputValue()).toBe('Harbour JPG')
      await page.screenshot({ path: screenshotPath('export-preset-light.png') })
      await next.getByRole('button', { name: 'Cancel', exact: true }).click()
      await page.getByRole('button', { name: 'Export…' }).click()
      const reopened = page.getByRole('dialog', { name: 'Export 1 image' })
      await expect.poll(async () => reopened.getByRole('combobox', { name: 'Preset' }).locator('option').allTextContents()).toEqual(['Custom', 'Harbour JPG'])
      expect(session.problems).toEqual([])
    } finally {
      rmSync(target, { recursive: true, force: true })
    }
  })

  it('content credentials: ticked, the certificate and key chosen in main, each file is signed and reads back Valid', async () => {
    const session = await app.open()
    const { page, host } = session
    const target = mkdtempSync(join(tmpdir(), 'imagine-export-c2pa-e2e-'))
    const fixtures = join(__dirname, '..', 'fixtures', 'c2pa')
    try {
      await page.getByRole('textbox', { name: 'Prompt' }).fill('a lighthouse in fog')
      await page.getByTestId('count-input').fill('2')
      await page.getByRole('button', { name: 'Generate' }).click()
      await page.waitForFunction(() => document.querySelector('[data-testid="job-card"]')?.getAttribute('data-status') === 'succeeded', undefined, { timeout: 20_000 })
      await expect.poll(async () => page.getByTestId('gallery-tile').count()).toBe(2)
      await page.getByTestId('gallery-tile').first().click()
      await page.keyboard.press('Control+a')
      await page.getByRole('button', { name: 'Export…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Export 2 images' })
      await dialog.waitFor()
      host.setChosenFolder(target)
      await dialog.getByRole('button', { name: 'Choose folder…' }).click()
      await dialog.getByRole('textbox', { name: 'File names' }).fill('lighthouse_{index}')
      await dialog.getByRole('checkbox', { name: /^Content credentials \(C2PA\)/ }).check()
      const group = dialog.getByRole('group', { name: 'Signing certificate' })
      await expect.poll(async () => group.getByRole('alert').textContent()).toMatch(/^No certificate is set\./)
      expect(await dialog.getByRole('button', { name: 'Export 2 images' }).isDisabled()).toBe(true)
      host.setChosenFile('certificate', join(fixtures, 'signer-chain.pem'))
      host.setChosenFile('key', join(fixtures, 'signer.key'))
      await group.getByRole('button', { name: 'Choose certificate…' }).click()
      await group.getByRole('button', { name: 'Choose private key…' }).click()
      await expect.poll(async () => group.getByTestId('export-credentials-status').textContent()).toMatch(/^Signed as Imagine Studio Test Signer, issued by Imagine Studio Test CA, valid until 2046-/)
      expect(await group.textContent()).not.toContain(fixtures)
      await page.screenshot({ path: screenshotPath('export-c2pa-light.png') })
      await dialog.getByRole('button', { name: 'Export 2 images' }).click()
      await dialog.getByTestId('export-summary').waitFor({ timeout: 30_000 })
      await expect(dialog.getByTestId('export-summary').textContent()).resolves.toContain('2 files written')
      const files = readdirSync(target).sort()
      expect(files).toHaveLength(2)
      for (const f of files) {
        const format = f.endsWith('.png') ? 'png' : f.endsWith('.webp') ? 'webp' : 'jpg'
        await expect(verifyContentCredentials(readFileSync(join(target, f)), format)).resolves.toMatchObject({ state: 'Valid', codes: ['signingCredential.untrusted'] })
      }
      expect(session.problems).toEqual([])
    } finally {
      rmSync(target, { recursive: true, force: true })
    }
  })
})
