/**
 * The preload with `electron` mocked: a dropped file's path goes to main only
 * to be traded for a token; the page never gets it and cannot name one itself.
 */
import { describe, expect, it, vi } from 'vitest'
import type { Api } from '../../electron/shared/api'

const m = vi.hoisted(() => ({
  exposed: null as unknown,
  invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })),
  paths: new WeakMap<object, string>()
}))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (_key: string, api: unknown) => (m.exposed = api) },
  ipcRenderer: { invoke: m.invoke, on: vi.fn(), removeListener: vi.fn(), send: vi.fn() },
  webUtils: { getPathForFile: (file: object) => m.paths.get(file) ?? '' }
}))

await import('../../electron/preload/index')
const api = m.exposed as Api

describe('preload files.grantFile', () => {
  it('trades the path of a file from the OS for a token from main', async () => {
    const file = new File(['x'], 'photo.png', { type: 'image/png' })
    m.paths.set(file, '/home/me/Pictures/photo.png')
    m.invoke.mockClear()
    const r = await api.files.grantFile(file)
    expect(m.invoke.mock.calls).toEqual([['files:grant-path', '/home/me/Pictures/photo.png']])
    expect(r).toEqual({ ok: true, value: { channel: 'files:grant-path', args: ['/home/me/Pictures/photo.png'] } })
  })

  it('a file without a path (made in the page, pasted, from a web page) is NO_PATH and main is not asked', async () => {
    m.invoke.mockClear()
    const r = await api.files.grantFile(new File(['x'], '/etc/passwd'))
    expect(r).toMatchObject({ ok: false, error: { code: 'NO_PATH' } })
    const forged = await api.files.grantFile({ name: '/etc/passwd', path: '/etc/passwd' } as unknown as File)
    expect(forged).toMatchObject({ ok: false, error: { code: 'NO_PATH' } })
    expect(m.invoke).not.toHaveBeenCalled()
  })

  it('exposes no function that takes a path', () => {
    expect(Object.keys(api.files)).toEqual(['grantFile'])
  })
})
