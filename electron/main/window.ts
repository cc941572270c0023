/**
 * The main window: secure webPreferences stated explicitly, remembered size and
 * position, shown when ready to avoid a white flash.
 */
import { join } from 'node:path'
import { app, BrowserWindow, nativeTheme, screen } from 'electron'
import { chooseRendererUrl } from '../core/security/app-scheme'
import { loadWindowState, MIN_SIZE, placeWindow, saveWindowState } from '../core/window-state'

/** The built UI that `app://studio/` serves. */
export const RENDERER_DIR = join(__dirname, '../renderer')

/** `app://studio/index.html`; electron-vite's dev server only in development. */
export function rendererUrl(): string {
  return chooseRendererUrl({ isPackaged: app.isPackaged, devUrl: process.env.ELECTRON_RENDERER_URL })
}

export function createMainWindow(opts: { stateFile: string; iconPath: string }): BrowserWindow {
  const placed = placeWindow(
    loadWindowState(opts.stateFile),
    screen.getAllDisplays().map((d) => d.workArea)
  )
  const win = new BrowserWindow({
    ...placed.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Imagine Studio',
    icon: opts.iconPath,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16171b' : '#f6f6f8',
    // Written out literally (not spread from a constant) so reviewers and
    // electronegativity can see every security-relevant choice right here.
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Middle-click would otherwise open links in a new window.
      disableBlinkFeatures: 'Auxclick',
      // DevTools only in development: a packaged app cannot open them.
      devTools: !app.isPackaged,
      // The spellchecker itself is switched on and off for the session by the
      // Spelling setting (off by default: it downloads dictionaries); see spellcheck.ts.
      spellcheck: true
    }
  })
  if (placed.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())

  let saveTimer: NodeJS.Timeout | undefined
  const save = (): void => {
    if (win.isDestroyed() || win.isMinimized()) return
    saveWindowState(opts.stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() })
  }
  const saveSoon = (): void => {
    clearTimeout(saveTimer)
    saveTimer = setTimeout(save, 400)
  }
  win.on('resize', saveSoon)
  win.on('move', saveSoon)
  win.on('close', () => {
    clearTimeout(saveTimer)
    save()
  })

  void win.loadURL(rendererUrl())
  return win
}
