/**
 * Composition root: the only place that wires Electron to the plain-Node core.
 * Single-instance lock, app lifecycle, image protocol, IPC, menu and window.
 */
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { app, BrowserWindow, Menu, dialog, nativeTheme, safeStorage, shell } from 'electron'
import betterSqlitePackage from 'better-sqlite3/package.json'
import { createCore, type Core } from '../core/app-core'
import { AppError } from '../core/errors'
import { consoleSink, createLogger, teeSink } from '../core/log'
import { createFileSink } from '../core/logging/file-sink'
import { electronBindingPath } from '../core/native-binding'
import { APP_NAME, defaultDataDir, libraryPaths, userDataDir } from '../core/paths'
import { appEndpoint } from '../core/runware/endpoint'
import { openFileSecretStore, osProtects, type SecretStore } from '../core/secrets/secret-store'
import { createEmitter, registerIpc, type Emit, type WindowRef } from './ipc'
import { folderChooser, pemFileChooser } from './folder-dialog'
import { desktopShell } from './desktop'
import { desktopNotifier, windowFocus } from './notifications'
import { buildMenu } from './menu'
import { handleAppProtocol, handleMediaProtocol, registerSchemePrivileges } from './protocol'
import { installSecurityHooks } from './security'
import { followSpellcheckSetting } from './spellcheck'
import { createMainWindow, RENDERER_DIR, rendererUrl } from './window'
import { serializeError } from '../core/logging/serialize-error'

const dataDir = defaultDataDir(process.platform, process.env, homedir())
/** Read at each write, so the key is redacted from the moment it is known. */
let secretsForLog: SecretStore | null = null
const knownSecrets = (): string[] => {
  const key = secretsForLog?.getApiKey()
  return key ? [key] : []
}
// <dataDir>/logs/main.log, rotated at 5 MB; the console too (a terminal in development).
const fileLog = createFileSink({ dir: libraryPaths(dataDir).logsDir, name: 'main', known: knownSecrets })
const sink = teeSink(fileLog.sink, consoleSink(knownSecrets))
const log = createLogger('main', sink)
process.on('unhandledRejection', (reason) => log.error('unhandled rejection in main', { error: serializeError(reason) }))

app.setName(APP_NAME)
// Windows shows notifications only for an app with an AppUserModelID (electron-builder's appId).
if (process.platform === 'win32') app.setAppUserModelId('ai.imagine.studio')
app.setPath('userData', userDataDir(process.platform, process.env, homedir()))
registerSchemePrivileges()

if (!app.requestSingleInstanceLock()) {
  // Another Imagine Studio is running: it gets focus (see 'second-instance'), we leave.
  app.quit()
} else {
  let mainWindow: BrowserWindow | null = null
  const windowRef: WindowRef = { get: () => mainWindow, appUrl: rendererUrl }

  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
  })

  installSecurityHooks(rendererUrl, log.child('security'))

  void app.whenReady().then(async () => {
    const emit = createEmitter(windowRef)
    let core: Core
    try {
      const secrets = await openSecrets()
      secretsForLog = secrets
      core = startCore(emit, secrets, () => mainWindow)
    } catch (error) {
      const message = error instanceof AppError ? error.message : `Imagine Studio could not open its library.\n\n${error instanceof Error ? error.message : String(error)}\n\nDetails are in ${fileLog.file}`
      log.error('start-up failed', { error: serializeError(error) })
      dialog.showErrorBox('Imagine Studio cannot start', message)
      app.exit(1)
      return
    }
    // Native menus, dialogs and the window background follow the theme chosen in Settings.
    nativeTheme.themeSource = core.settings.get().theme
    core.settings.onChange((s) => (nativeTheme.themeSource = s.theme))
    handleAppProtocol(RENDERER_DIR, log.child('protocol'))
    handleMediaProtocol(core.media, log.child('protocol'))
    registerIpc(core.router, windowRef, log.child('ipc'))
    Menu.setApplicationMenu(
      buildMenu((command) => emit('menu:command', command), {
        devTools: !app.isPackaged,
        // The same handler as the About dialog's button.
        openLogsFolder: () => void core.router.dispatch('app:open-logs-folder', []).then((r) => {
          if (!r.ok) log.warn('could not open the logs folder', { error: r.error })
        })
      })
    )
    followSpellcheckSetting(core.settings)
    app.setAboutPanelOptions({
      applicationName: APP_NAME,
      applicationVersion: app.getVersion(),
      copyright: 'Images by xAI Grok Imagine through Runware'
    })

    const open = (): void => {
      mainWindow = createMainWindow({
        stateFile: join(app.getPath('userData'), 'window-state.json'),
        iconPath: iconPath()
      })
      mainWindow.on('closed', () => (mainWindow = null))
    }
    open()
    app.on('render-process-gone', (_event, _contents, details) => log.error('the window process ended', { reason: details.reason, exitCode: details.exitCode }))
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open()
    })
    // Running jobs stop where they are (their rows resume them next time); then quit.
    let closing = false
    app.on('will-quit', (event) => {
      if (closing) return
      closing = true
      event.preventDefault()
      void core.close().finally(() => {
        fileLog.close()
        app.exit(0)
      })
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}

/** The API key, encrypted by safeStorage's asynchronous API, read once at start-up. */
function openSecrets(): Promise<SecretStore> {
  return openFileSecretStore({
    file: join(app.getPath('userData'), 'secrets.json'),
    cipher: {
      isAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
      // Linux without a keyring: Chromium's built-in password (`basic_text`), not the OS.
      isOsProtected: () => osProtects(process.platform, process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : ''),
      encrypt: (plain) => safeStorage.encryptStringAsync(plain),
      decrypt: (buf) => safeStorage.decryptStringAsync(buf)
    },
    envKey: process.env.RUNWARE_API_KEY
  })
}

function startCore(emit: Emit, secrets: SecretStore, getWindow: () => BrowserWindow | null): Core {
  const binding = electronBindingPath({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
    betterSqliteVersion: betterSqlitePackage.version,
    electronVersion: process.versions.electron
  })
  // RUNWARE_API_URL only in development, and only https or loopback; a packaged app ignores it.
  const { endpoint, ignored } = appEndpoint({ isPackaged: app.isPackaged, envUrl: process.env.RUNWARE_API_URL })
  if (ignored) log.warn('RUNWARE_API_URL is ignored in a packaged app', { using: endpoint })
  return createCore({
    dataDir,
    log,
    rendererLog: createLogger('renderer', sink),
    emit,
    runware: { endpoint },
    secrets,
    openExternal: (url) => shell.openExternal(url),
    openPath: (path) => shell.openPath(path),
    chooseFolder: folderChooser(getWindow),
    chooseFile: pemFileChooser(getWindow),
    desktop: desktopShell(getWindow, iconPath()),
    notifications: { notifier: desktopNotifier(), window: windowFocus(getWindow) },
    libraryWorker: { script: join(__dirname, 'library-worker.js') },
    colorBackfill: true,
    info: {
      name: APP_NAME,
      version: app.getVersion(),
      platform: process.platform,
      shell: 'electron',
      versions: {
        app: app.getVersion(),
        electron: process.versions.electron,
        chrome: process.versions.chrome,
        node: process.versions.node
      }
    },
    // Without the Electron build the default (Node) build is tried, and a mismatch
    // is reported with the command that fixes it.
    ...(existsSync(binding) ? { nativeBinding: binding } : {})
  })
}

function iconPath(): string {
  return app.isPackaged ? join(process.resourcesPath, 'icon.png') : join(app.getAppPath(), 'resources', 'icon.png')
}
