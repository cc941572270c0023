/**
 * Issue 7: DevTools only in development; the spellchecker (which downloads
 * dictionaries) off unless the user turns it on. `electron` is mocked.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Settings } from '../../electron/shared/domain'

const m = vi.hoisted(() => ({
  isPackaged: true,
  windows: [] as { options: { webPreferences: Record<string, unknown> }; loaded: string[] }[],
  spellcheck: vi.fn()
}))

vi.mock('electron', () => {
  class BrowserWindow {
    loaded: string[] = []
    webContents = { on: vi.fn() }
    constructor(public options: { webPreferences: Record<string, unknown> }) {
      m.windows.push(this)
    }
    maximize(): void {}
    once(): void {}
    on(): void {}
    loadURL(url: string): Promise<void> {
      this.loaded.push(url)
      return Promise.resolve()
    }
  }
  return {
    app: {
      get isPackaged() {
        return m.isPackaged
      },
      name: 'Imagine Studio'
    },
    BrowserWindow,
    nativeTheme: { shouldUseDarkColors: false },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    Menu: { buildFromTemplate: (t: unknown) => t },
    shell: { openExternal: vi.fn() },
    session: { defaultSession: { setSpellCheckerEnabled: m.spellcheck } }
  }
})

const { createMainWindow } = await import('../../electron/main/window')
const { buildMenu } = await import('../../electron/main/menu')
const { followSpellcheckSetting } = await import('../../electron/main/spellcheck')

type Item = { role?: string; submenu?: Item[] }
const roles = (items: Item[]): string[] => items.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(i.submenu ?? [])])

beforeEach(() => {
  m.windows.length = 0
  m.spellcheck.mockClear()
  delete process.env.ELECTRON_RENDERER_URL
})

describe('DevTools only in development', () => {
  it('a packaged window cannot open DevTools and loads app://studio even with ELECTRON_RENDERER_URL set', () => {
    m.isPackaged = true
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/'
    createMainWindow({ stateFile: '/nonexistent/window-state.json', iconPath: '' })
    expect(m.windows[0]!.options.webPreferences.devTools).toBe(false)
    expect(m.windows[0]!.loaded).toEqual(['app://studio/index.html'])
  })

  it('a development window may, and uses the dev server', () => {
    m.isPackaged = false
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/'
    createMainWindow({ stateFile: '/nonexistent/window-state.json', iconPath: '' })
    expect(m.windows[0]!.options.webPreferences.devTools).toBe(true)
    expect(m.windows[0]!.loaded).toEqual(['http://localhost:5173/'])
  })

  it('Ctrl/⌘ + and − size the thumbnails; the page zoom moves to Shift', () => {
    type Acc = Item & { label?: string; accelerator?: string }
    const all = (items: Acc[]): Acc[] => items.flatMap((i) => [i, ...all((i.submenu ?? []) as Acc[])])
    const items = all(buildMenu(() => undefined, { devTools: false, openLogsFolder: () => undefined }) as unknown as Acc[])
    expect(items.find((i) => i.label === 'Larger Thumbnails')?.accelerator).toBe('CmdOrCtrl+=')
    expect(items.find((i) => i.label === 'Smaller Thumbnails')?.accelerator).toBe('CmdOrCtrl+-')
    expect(items.find((i) => i.role === 'zoomIn')?.accelerator).toBe('CmdOrCtrl+Shift+=')
    expect(items.find((i) => i.role === 'zoomOut')?.accelerator).toBe('CmdOrCtrl+Shift+-')
  })

  it('the menu offers Toggle Developer Tools only in development', () => {
    expect(roles(buildMenu(() => undefined, { devTools: false, openLogsFolder: () => undefined }) as unknown as Item[])).not.toContain('toggleDevTools')
    expect(roles(buildMenu(() => undefined, { devTools: true, openLogsFolder: () => undefined }) as unknown as Item[])).toContain('toggleDevTools')
  })
})

describe('Help → Open Logs Folder', () => {
  it('is in the Help menu on every platform and runs the handler main gives it', () => {
    type Click = Item & { label?: string; click?: () => void }
    const opened = vi.fn()
    const help = (buildMenu(() => undefined, { devTools: false, openLogsFolder: opened }) as unknown as Click[]).find((i) => i.role === 'help')
    const item = (help?.submenu as Click[] | undefined)?.find((i) => i.label === 'Open Logs Folder')
    expect(item).toBeDefined()
    expect(opened).not.toHaveBeenCalled()
    item!.click!()
    expect(opened).toHaveBeenCalledTimes(1)
  })
})

describe('spellcheck follows the setting', () => {
  const base: Settings = { theme: 'system', model: 'm', concurrency: 1, sidebarCollapsed: false, thumbnailSize: 'medium', thumbnailFit: 'square', spellcheck: false, promptDefaults: { aspect: 'auto', count: 1, outputFormat: 'JPG', outputQuality: 95, safetyCheck: false }, dailyBudgetUsd: null, notifications: true }
  it('is switched off at start when the setting is off, on when the user turns it on, and not re-applied for other changes', () => {
    let listener: (s: Settings) => void = () => undefined
    let current = base
    followSpellcheckSetting({ get: () => current, onChange: (fn) => (listener = fn) })
    expect(m.spellcheck.mock.calls).toEqual([[false]])
    current = { ...base, theme: 'dark' }
    listener(current)
    expect(m.spellcheck.mock.calls).toEqual([[false]])
    current = { ...base, spellcheck: true }
    listener(current)
    expect(m.spellcheck.mock.calls).toEqual([[false], [true]])
  })
})
