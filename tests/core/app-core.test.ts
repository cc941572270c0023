import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/app-core'
import { silentLogger } from '../../electron/core/log'
import { createMemorySecretStore } from '../../electron/core/secrets/secret-store'
import { tempDir } from '../helpers/db'

let core: Core | null = null
const cleanups: (() => void)[] = []
afterEach(async () => {
  await core?.close()
  core = null
  cleanups.splice(0).forEach((c) => c())
})

function make(opened: string[] = []): Core {
  const t = tempDir()
  cleanups.push(t.cleanup)
  core = createCore({
    dataDir: join(t.dir, 'lib'),
    secrets: createMemorySecretStore(),
    log: silentLogger,
    openExternal: async (url) => void opened.push(url),
    runware: { endpoint: 'http://127.0.0.1:9/v1' },
    info: { name: 'Imagine Studio', version: '9.9.9', platform: 'linux', shell: 'browser-host', versions: { app: '9.9.9', electron: null, chrome: null, node: '20' } }
  })
  return core
}

describe('core', () => {
  it('creates the library folders and database on first start', () => {
    const c = make()
    for (const p of [c.paths.dbFile, c.paths.imagesDir, c.paths.thumbsDir, c.paths.tmpDir]) expect(existsSync(p)).toBe(true)
  })

  it('reports app info with the data folder and SQLite version', async () => {
    const c = make()
    const r = await c.router.dispatch('app:get-info', [])
    expect(r).toMatchObject({ ok: true, value: { version: '9.9.9', dataDir: c.paths.dataDir, versions: { sqlite: expect.stringMatching(/^3\./) } } })
  })

  it('opens allow-listed links and refuses others with FORBIDDEN', async () => {
    const opened: string[] = []
    const c = make(opened)
    expect(await c.router.dispatch('shell:open-external', ['https://runware.ai/docs'])).toEqual({ ok: true, value: { opened: true } })
    expect(await c.router.dispatch('shell:open-external', ['https://evil.example/'])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(opened).toEqual(['https://runware.ai/docs'])
  })

  it('opens the parsed, normalised URL, not the raw string the renderer sent', async () => {
    const opened: string[] = []
    const c = make(opened)
    // A backslash is a slash to the URL parser (host runware.ai) but may not be to an OS handler.
    for (const raw of ['https://runware.ai\\@evil.example/', 'HTTPS://RUNWARE.AI/docs/../pricing']) {
      expect(await c.router.dispatch('shell:open-external', [raw])).toEqual({ ok: true, value: { opened: true } })
    }
    expect(opened).toEqual(['https://runware.ai/@evil.example/', 'https://runware.ai/pricing'])
  })

  it('counts library images, favourites and trash', async () => {
    const c = make()
    const ins = c.db.prepare("INSERT INTO images (sha256, path, width, height, format, bytes, favorite, created_at, trashed_at) VALUES (?, 'images/x.png', 1, 1, 'png', 1, ?, 0, ?)")
    ins.run('a'.repeat(64), 1, null)
    ins.run('b'.repeat(64), 0, null)
    ins.run('c'.repeat(64), 1, 123)
    expect(await c.router.dispatch('library:get-stats', [])).toEqual({ ok: true, value: { images: 2, generations: 0, trashed: 1, favourites: 1 } })
  })

  it('sets the API key and reveals only its status', async () => {
    const c = make()
    const r = await c.router.dispatch('secrets:set-api-key', ['rw_abcdefgh12345'])
    // Runware cannot be reached here (port 9): the key is kept, and the answer says it was not checked.
    expect(r).toEqual({ ok: true, value: { set: true, source: 'keychain', persistent: false, osProtected: false, check: { result: 'unchecked', reason: expect.stringMatching(/could not be reached/) } } })
    expect(JSON.stringify(r)).not.toContain('rw_abcdefgh12345')
    expect(await c.router.dispatch('secrets:set-api-key', ['short'])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})
