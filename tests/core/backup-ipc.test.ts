/** Issue 11: the backup channels through the real router, as Settings → Library uses them. */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readManifest } from '../../electron/core/backup/manifest'
import type { FolderPurpose } from '../../electron/core/export/export-handlers'
import type { BackupProgress, BackupStatus } from '../../electron/shared/backup'
import type { ChosenFolder } from '../../electron/shared/export'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { tempDir } from '../helpers/db'
import { generateAndWait, makeCore, type TestCore } from '../helpers/generation'

let fake: FakeRunware
let tmp: { dir: string; cleanup: () => void }
let core: TestCore
let chosen: string | null
const purposes: (FolderPurpose | undefined)[] = []
const events: BackupProgress[] = []

beforeEach(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  tmp = tempDir('imagine-backup-ipc-')
  chosen = join(tmp.dir, 'Backups')
  purposes.length = 0
  events.length = 0
  core = makeCore(fake, tmp.dir, {
    chooseFolder: async (purpose) => (purposes.push(purpose), chosen),
    emit: (channel, payload) => (channel === 'backup:progress' ? void events.push(payload as BackupProgress) : undefined)
  })
})
afterEach(async () => {
  await core.close()
  await fake.close()
  tmp.cleanup()
})

async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
  const r = await core.router.dispatch(channel, args)
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
  return r.value as T
}

const finalEvent = async (): Promise<BackupProgress> => {
  for (let i = 0; i < 2000 && !events.some((e) => e.final); i++) await new Promise((r) => setTimeout(r, 5))
  return events.find((e) => e.final)!
}

describe('backup channels', () => {
  it('choose a folder (the dialog says backup), start, progress events, a final summary, and the date kept in settings', async () => {
    await generateAndWait(core, { numberResults: 3 })
    expect(await call<BackupStatus>('backup:get-status')).toEqual({ last: null, running: null })
    const folder = await call<ChosenFolder>('backup:choose-folder')
    expect(purposes).toEqual(['backup'])
    expect(folder.name).toBe('Backups')
    expect(folder.token).not.toContain(tmp.dir)
    const { backupId } = await call<{ backupId: string }>('backup:start', folder.token)
    expect((await call<BackupStatus>('backup:get-status')).running).toEqual({ backupId })
    await expect(call('backup:start', folder.token)).rejects.toMatchObject({ code: 'VALIDATION', message: 'A backup is running already.' })
    const final = await finalEvent()
    expect(final.final).toMatchObject({ ok: true, canceled: false, copied: 6, skipped: 0, error: null })
    expect(events.every((e) => e.backupId === backupId)).toBe(true)
    expect(events.filter((e) => e.final)).toHaveLength(1)
    expect(events.map((e) => e.phase)).toContain('files')
    const status = await call<BackupStatus>('backup:get-status')
    expect(status.running).toBeNull()
    const manifest = (await readManifest(chosen!))!
    expect(status.last).toEqual({ at: Date.parse(manifest.createdAt), folderName: 'Backups', images: 3, copied: 6 })
  })

  it('refuses a token that was never handed out, and a folder inside the library; cancel of an unknown backup is false', async () => {
    await expect(call('backup:start', 'not-a-token')).rejects.toMatchObject({ code: 'VALIDATION' })
    chosen = join(core.paths.dataDir, 'images')
    const inside = await call<ChosenFolder>('backup:choose-folder')
    await expect(call('backup:start', inside.token)).rejects.toMatchObject({ message: 'Choose a folder outside the library to back up to.' })
    expect(await call('backup:cancel', 'nope')).toBe(false)
    chosen = null
    expect(await call('backup:choose-folder')).toBeNull()
  })

  it('cancel stops a running backup: the final event says canceled and no date is kept', async () => {
    await generateAndWait(core, { numberResults: 2 })
    const folder = await call<ChosenFolder>('backup:choose-folder')
    const { backupId } = await call<{ backupId: string }>('backup:start', folder.token)
    expect(await call('backup:cancel', backupId)).toBe(true)
    expect((await finalEvent()).final).toMatchObject({ ok: false, canceled: true })
    expect((await call<BackupStatus>('backup:get-status')).last).toBeNull()
    expect(await readManifest(chosen!)).toBeNull()
  })
})
