/**
 * Issue 9: the export channels through the real router. The window names the
 * target folder only by a token main handed out for a folder the user chose;
 * a path, a file token or a made-up token is refused.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../electron/core/app-core'
import { DEFAULT_EXPORT_SETTINGS, type ExportProgress, type LastExport, type WindowExportOptions } from '../../electron/shared/export'
import type { Result } from '../../electron/shared/result'
import { tempDir } from '../helpers/db'
import { exportCore, seedFile } from '../helpers/export-library'

let tmp: { dir: string; cleanup: () => void }
let core: Core
let out: string
let events: ExportProgress[]
let chosen: string | null

beforeEach(() => {
  tmp = tempDir('imagine-export-ipc-')
  out = join(tmp.dir, 'chosen')
  mkdirSync(out)
  chosen = out
  events = []
  core = exportCore(tmp.dir, {
    chooseFolder: async () => chosen,
    emit: (channel, payload) => {
      if (channel === 'export:progress') events.push(payload as ExportProgress)
    }
  })
})
afterEach(async () => {
  await core.close()
  tmp.cleanup()
})

const dispatch = <T>(channel: string, ...args: unknown[]): Promise<Result<T>> => core.router.dispatch(channel, args) as Promise<Result<T>>
const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}
const options = (folderToken: string, over: Partial<WindowExportOptions> = {}): WindowExportOptions => ({ ...DEFAULT_EXPORT_SETTINGS, metadata: 'none', template: '{prompt}', folderToken, zipName: null, ...over })

async function finalEvent(exportId: string): Promise<ExportProgress> {
  for (let i = 0; i < 500; i++) {
    const f = events.find((e) => e.exportId === exportId && e.final)
    if (f) return f
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('no final export:progress event')
}

describe('export over IPC', () => {
  it('choose a folder, start, and get progress with a final summary', async () => {
    const a = await seedFile(core, { prompt: 'fox', createdAt: 1 })
    const b = await seedFile(core, { prompt: 'owl', createdAt: 2 })
    const folder = value(await dispatch<{ token: string; name: string } | null>('export:choose-folder'))
    expect(folder).toMatchObject({ name: 'chosen' })
    expect(JSON.stringify(folder)).not.toContain(tmp.dir)
    const { exportId } = value(await dispatch<{ exportId: string }>('export:start', { kind: 'ids', ids: [a.imageId, b.imageId] }, options(folder!.token)))
    const final = await finalEvent(exportId)
    expect(final).toMatchObject({ done: 2, total: 2, final: { written: 2, skipped: 0, failed: [], canceled: false, zip: null } })
    expect(final.final!.writtenFirst.map((w) => w.path).sort()).toEqual(['fox.png', 'owl.png'])
    expect(JSON.stringify(events)).not.toContain(tmp.dir)
    expect(events.at(-1)).toBe(final)
    // Still the last once the batching window (100 ms) has passed: nothing follows the summary.
    await new Promise((r) => setTimeout(r, 250))
    expect(events.at(-1)).toBe(final)
    expect(readdirSync(out).sort()).toEqual(['fox.png', 'owl.png'])
  })

  it('refuses a hostile folder token: made up, a path, a file token, an extra path field', async () => {
    const a = await seedFile(core, { prompt: 'fox', createdAt: 1 })
    const fileToken = value(await dispatch<{ token: string }>('files:grant-path', join(out, 'x.png'))).token
    for (const bad of ['made-up-token', out, '/etc', '../../..', fileToken]) {
      const r = await dispatch('export:start', { kind: 'ids', ids: [a.imageId] }, options(bad))
      expect(r, bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    }
    const token = value(await dispatch<{ token: string }>('export:choose-folder')).token
    const withPath = await dispatch('export:start', { kind: 'ids', ids: [a.imageId] }, { ...options(token), folder: '/tmp' })
    expect(withPath).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(readdirSync(out)).toEqual([])
    expect(events).toEqual([])
  })

  it('a dismissed dialog is null; without a dialog the channel is refused', async () => {
    chosen = null
    expect(await dispatch('export:choose-folder')).toEqual({ ok: true, value: null })
    const bare = exportCore(join(tmp.dir, 'other'))
    try {
      expect(await bare.router.dispatch('export:choose-folder', [])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    } finally {
      await bare.close()
    }
  })

  it('previews names, and names the unknown tokens', async () => {
    const a = await seedFile(core, { prompt: 'a red fox in snow', createdAt: 1 })
    const b = await seedFile(core, { prompt: 'a grey owl', createdAt: 2, format: 'jpg' })
    expect(value(await dispatch('export:preview-names', { template: '{index}-{prompt:9}', format: 'webp' }, [a.imageId, b.imageId], null))).toEqual(['1-a red fox.webp', '2-a grey.webp'])
    const bad = await dispatch('export:preview-names', { template: '{date}{oops}' }, [a.imageId], null)
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('{oops}') as unknown } })
  })

  it('cancel stops a running export with whole files only; an unknown id is false', async () => {
    const ids: number[] = []
    for (let i = 0; i < 30; i++) ids.push((await seedFile(core, { prompt: `fox ${i}`, createdAt: i + 1 })).imageId)
    const token = value(await dispatch<{ token: string }>('export:choose-folder')).token
    const { exportId } = value(await dispatch<{ exportId: string }>('export:start', { kind: 'ids', ids }, options(token, { format: 'webp' })))
    expect(value(await dispatch('export:cancel', exportId))).toBe(true)
    const final = await finalEvent(exportId)
    expect(final.final!.canceled).toBe(true)
    expect(final.final!.written).toBeLessThan(30)
    expect(readdirSync(out).length).toBe(final.final!.written)
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([])
    expect(value(await dispatch('export:cancel', exportId))).toBe(false)
  })

  it('closing the core cancels a running export first: whole files only, no temp files, no error', async () => {
    const own = exportCore(join(tmp.dir, 'own'), { chooseFolder: async () => out, emit: (c, p) => (c === 'export:progress' ? void events.push(p as ExportProgress) : undefined) })
    const ids: number[] = []
    for (let i = 0; i < 30; i++) ids.push((await seedFile(own, { prompt: `owl ${i}`, createdAt: i + 1 })).imageId)
    const token = value(await (own.router.dispatch('export:choose-folder', []) as Promise<Result<{ token: string }>>)).token
    const { exportId } = value(await (own.router.dispatch('export:start', [{ kind: 'ids', ids }, options(token, { format: 'webp' })]) as Promise<Result<{ exportId: string }>>))
    await own.close()
    const final = await finalEvent(exportId)
    expect(final.final).toMatchObject({ canceled: true, failed: [] })
    expect(readdirSync(out).length).toBe(final.final!.written)
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([])
  })

  it('remembers the last export for Export again: its settings, zip name and folder (a fresh token), while the folder exists', async () => {
    expect(value(await dispatch('export:get-last-export'))).toBeNull()
    const a = await seedFile(core, { prompt: 'fox', createdAt: 1 })
    const token = value(await dispatch<{ token: string }>('export:choose-folder')).token
    const { exportId } = value(await dispatch<{ exportId: string }>('export:start', { kind: 'ids', ids: [a.imageId] }, { ...options(token, { format: 'jpg' }), zipName: 'foxes.zip' }))
    await finalEvent(exportId)
    const last = value(await dispatch<LastExport>('export:get-last-export'))
    expect(last).toMatchObject({ settings: { ...DEFAULT_EXPORT_SETTINGS, metadata: 'none', template: '{prompt}', format: 'jpg' }, zipName: 'foxes.zip', folder: { name: basename(out) } })
    expect(last.folder.token).not.toBe(token)
    expect(JSON.stringify(last)).not.toContain(out)
    // The new token names the same folder: an export through it lands there.
    const again = value(await dispatch<{ exportId: string }>('export:start', { kind: 'ids', ids: [a.imageId] }, { ...options(last.folder.token, last.settings), zipName: null }))
    await finalEvent(again.exportId)
    expect(readdirSync(out).filter((f) => f.endsWith('.jpg'))).toHaveLength(1)
    rmSync(out, { recursive: true, force: true })
    expect(value(await dispatch('export:get-last-export'))).toBeNull()
  })

  it('remembers the last settings and keeps named presets', async () => {
    expect(value(await dispatch('export:get-last-settings'))).toEqual(DEFAULT_EXPORT_SETTINGS)
    const a = await seedFile(core, { prompt: 'fox', createdAt: 1 })
    const token = value(await dispatch<{ token: string }>('export:choose-folder')).token
    const { exportId } = value(await dispatch<{ exportId: string }>('export:start', { kind: 'ids', ids: [a.imageId] }, options(token, { format: 'jpg', quality: 77 })))
    await finalEvent(exportId)
    expect(value(await dispatch('export:get-last-settings'))).toEqual({ ...DEFAULT_EXPORT_SETTINGS, metadata: 'none', template: '{prompt}', format: 'jpg', quality: 77 })

    const web = { ...DEFAULT_EXPORT_SETTINGS, format: 'webp' as const, resize: 2048 }
    expect(value(await dispatch('export:save-preset', 'For the web', web))).toEqual([{ name: 'For the web', settings: web }])
    value(await dispatch('export:save-preset', 'Archive', DEFAULT_EXPORT_SETTINGS))
    value(await dispatch('export:save-preset', 'for the WEB', { ...web, quality: 70 }))
    expect(value(await dispatch<{ name: string }[]>('export:list-presets')).map((p) => p.name)).toEqual(['Archive', 'for the WEB'])
    expect(value(await dispatch('export:delete-preset', 'archive'))).toHaveLength(1)
    expect(await dispatch('export:delete-preset', 'nope')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await dispatch('export:save-preset', 'bad', { ...web, format: 'gif' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})
