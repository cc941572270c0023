/**
 * The native menu. Standard roles keep copy/paste, undo and window handling
 * working everywhere (without an Edit menu, macOS loses the shortcuts).
 */
import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../shared/domain'

/**
 * `devTools`: whether View offers Toggle Developer Tools (development only).
 * `openLogsFolder`: Help → Open Logs Folder (main's `app:open-logs-folder` handler).
 */
export function buildMenu(send: (command: MenuCommand) => void, opts: { devTools: boolean; openLogsFolder: () => void }): Menu {
  const isMac = process.platform === 'darwin'
  const settingsItem: MenuItemConstructorOptions = {
    label: isMac ? 'Settings…' : 'Settings',
    accelerator: 'CmdOrCtrl+,',
    click: () => send('open-settings')
  }
  const template: MenuItemConstructorOptions[] = [
    ...(isMac
      ? [{
          label: app.name,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            settingsItem,
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' }
          ]
        } satisfies MenuItemConstructorOptions]
      : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Prompt', accelerator: 'CmdOrCtrl+N', click: () => send('focus-prompt') },
        ...(isMac ? [] : [{ type: 'separator' } as const, settingsItem]),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' }
      ]
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Toggle Sidebar', accelerator: 'CmdOrCtrl+B', click: () => send('toggle-sidebar') },
        { type: 'separator' },
        // Ctrl/⌘ + and − size the thumbnails, as in photo apps; the page zoom moves to Shift.
        { label: 'Larger Thumbnails', accelerator: 'CmdOrCtrl+=', click: () => send('thumbnails-larger') },
        { label: 'Smaller Thumbnails', accelerator: 'CmdOrCtrl+-', click: () => send('thumbnails-smaller') },
        { type: 'separator' },
        { role: 'reload' },
        ...(opts.devTools ? [{ role: 'toggleDevTools' } as const] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn', accelerator: 'CmdOrCtrl+Shift+=' },
        { role: 'zoomOut', accelerator: 'CmdOrCtrl+Shift+-' },
        { type: 'separator' },
        { role: 'togglefullscreen' }
      ]
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        ...(isMac ? [] : [{ label: 'About Imagine Studio', click: () => send('about') }]),
        { label: 'Runware Documentation', click: () => void shell.openExternal('https://runware.ai/docs') },
        { label: 'Grok Imagine Image Model Page', click: () => void shell.openExternal('https://runware.ai/docs/models/xai-grok-imagine-image') },
        { type: 'separator' },
        { label: 'Open Logs Folder', click: () => opts.openLogsFolder() }
      ]
    }
  ]
  return Menu.buildFromTemplate(template)
}
