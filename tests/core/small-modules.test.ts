import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createEventQueue } from '../../electron/core/ipc/event-queue'
import { electronBindingFileName, electronBindingPath, moduleVersionFromConfigGypi } from '../../electron/core/native-binding'
import { appDataRoot, defaultDataDir, libraryPaths, userDataDir } from '../../electron/core/paths'
import { DEFAULT_SIZE, loadWindowState, MIN_SIZE, placeWindow, saveWindowState } from '../../electron/core/window-state'
import { tempDir } from '../helpers/db'

describe('paths', () => {
  it('match the folders Electron uses for appData on each OS', () => {
    expect(appDataRoot('linux', {}, '/home/ann')).toBe('/home/ann/.config')
    expect(appDataRoot('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ann')).toBe('/xdg')
    expect(appDataRoot('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support')
    expect(appDataRoot('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming')
    expect(userDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/Imagine Studio')
  })

  it('put the library in userData unless IMAGINE_DATA_DIR says otherwise', () => {
    expect(defaultDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/Imagine Studio/Library')
    expect(defaultDataDir('linux', { IMAGINE_DATA_DIR: '/data/lib' }, '/home/ann')).toBe('/data/lib')
    expect(defaultDataDir('linux', { IMAGINE_DATA_DIR: '   ' }, '/home/ann')).toBe('/home/ann/.config/Imagine Studio/Library')
    expect(libraryPaths('/d').dbFile).toBe(join('/d', 'library.db'))
  })
})

describe('native binding selection', () => {
  it('keeps one Electron build per better-sqlite3 and Electron version', () => {
    expect(electronBindingFileName('12.11.1', '41.7.1')).toBe('better-sqlite3-12.11.1-electron-41.7.1.node')
    const common = { resourcesPath: '/opt/app/resources', appPath: '/src/imagine', betterSqliteVersion: '12.11.1', electronVersion: '41.7.1' }
    expect(electronBindingPath({ ...common, isPackaged: false })).toBe('/src/imagine/.native/better-sqlite3-12.11.1-electron-41.7.1.node')
    expect(electronBindingPath({ ...common, isPackaged: true })).toBe('/opt/app/resources/native/better_sqlite3.node')
  })

  it('reads the ABI a node-gyp build targeted from config.gypi', () => {
    expect(moduleVersionFromConfigGypi('{ "variables": { "node_module_version": 145, "runtime": "electron" } }')).toBe(145)
    expect(moduleVersionFromConfigGypi('{}')).toBeNull()
  })
})

describe('window placement', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1050 }
  const second = { x: 1920, y: 0, width: 1280, height: 1000 }

  it('centres the default size when nothing was saved', () => {
    expect(placeWindow(null, [screen])).toEqual({
      bounds: { x: (1920 - DEFAULT_SIZE.width) / 2, y: (1050 - DEFAULT_SIZE.height) / 2, ...DEFAULT_SIZE },
      maximized: false
    })
  })

  it('restores saved bounds on a display that still exists', () => {
    const saved = { bounds: { x: 2000, y: 50, width: 1000, height: 700 }, maximized: true }
    expect(placeWindow(saved, [screen, second])).toEqual(saved)
  })

  it('recentres a window whose display was unplugged', () => {
    const saved = { bounds: { x: 2000, y: 50, width: 1000, height: 700 }, maximized: false }
    expect(placeWindow(saved, [screen]).bounds.x).toBe((1920 - DEFAULT_SIZE.width) / 2)
  })

  it('pulls a half-visible window back on screen and enforces the minimum size', () => {
    const placed = placeWindow({ bounds: { x: 1700, y: 900, width: 400, height: 300 }, maximized: false }, [screen])
    expect(placed.bounds).toEqual({ x: 1920 - MIN_SIZE.width, y: 1050 - MIN_SIZE.height, ...MIN_SIZE })
  })

  it('round-trips through its file and ignores a corrupt one', () => {
    const t = tempDir()
    const f = join(t.dir, 'sub', 'window-state.json')
    expect(loadWindowState(f)).toBeNull()
    saveWindowState(f, { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: false })
    expect(loadWindowState(f)).toEqual({ bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: false })
    saveWindowState(f, { bounds: { x: Number.NaN, y: 0, width: 1, height: 1 }, maximized: false })
    expect(loadWindowState(f)).toBeNull()
    t.cleanup()
  })
})

describe('event queue', () => {
  it('holds events until the renderer is ready, then delivers them in order', () => {
    const sent: unknown[] = []
    const q = createEventQueue((channel, payload) => (sent.push([channel, payload]), true))
    q.emit('menu:command', 'about')
    q.emit('menu:command', 'focus-prompt')
    expect(sent).toEqual([])
    q.markReady()
    q.emit('menu:command', 'toggle-sidebar')
    expect(sent).toEqual([['menu:command', 'about'], ['menu:command', 'focus-prompt'], ['menu:command', 'toggle-sidebar']])
  })

  it('holds again after a reload and keeps what could not be sent', () => {
    const send = vi.fn(() => false)
    const q = createEventQueue(send)
    q.markReady()
    q.emit('menu:command', 'about')
    expect(send).toHaveBeenCalledTimes(1)
    send.mockReturnValue(true)
    q.markNotReady()
    q.emit('menu:command', 'open-settings')
    expect(send).toHaveBeenCalledTimes(1)
    q.markReady()
    expect(send.mock.calls.map((c: unknown[]) => c[1])).toEqual(['about', 'about', 'open-settings'])
  })

  it('drops the oldest events beyond its bound', () => {
    const sent: unknown[] = []
    const q = createEventQueue((_c, p) => (sent.push(p), true), 2)
    q.emit('menu:command', 'about')
    q.emit('menu:command', 'focus-prompt')
    q.emit('menu:command', 'toggle-sidebar')
    q.markReady()
    expect(sent).toEqual(['focus-prompt', 'toggle-sidebar'])
  })
})
