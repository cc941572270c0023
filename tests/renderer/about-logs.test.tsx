/**
 * Issue 11: the About dialog names the logs folder and opens it through main
 * (`app:open-logs-folder`); a refusal is said, not swallowed. The window's uncaught
 * errors, unhandled rejections and render errors go to main's log as plain reports.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { ErrorBoundary } from '../../renderer/src/components/ErrorBoundary'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createErrorForwarder, forwardWindowErrors } from '../../renderer/src/error-forwarding'
import { errorReport } from '../../renderer/src/lib/error-report'
import type { RendererErrorReport } from '../../electron/shared/renderer-error'
import { invokeArgSchemas } from '../../electron/shared/schemas'
import { renderApp } from './render-app'

describe('About → Open logs folder', () => {
  it('shows where the logs are and asks main to open the folder', async () => {
    const { fake } = await renderApp({ info: { dataDir: '/data/imagine', logsDir: '/data/imagine/logs' } })
    act(() => fake.emitMenuCommand('about'))
    const dialog = screen.getByTestId('about-dialog')
    expect(within(dialog).getByTestId('about-logs-dir').textContent).toBe('/data/imagine/logs')
    expect(fake.callsTo('app.openLogsFolder')).toEqual([])
    fireEvent.click(within(dialog).getByRole('button', { name: 'Open logs folder' }))
    await waitFor(() => expect(fake.callsTo('app.openLogsFolder')).toEqual([[]]))
    // The dialog stays open: the person may want to read the path too.
    expect(screen.getByTestId('about-dialog')).toBeTruthy()
  })

  it('says so when main could not open it', async () => {
    const { fake } = await renderApp()
    act(() => fake.emitMenuCommand('about'))
    fake.failNext('app.openLogsFolder', { code: 'INTERNAL', message: 'The logs folder could not be opened: no file manager' })
    fireEvent.click(screen.getByRole('button', { name: 'Open logs folder' }))
    expect(await screen.findByText(/no file manager/)).toBeTruthy()
  })
})

describe('renderer errors go to main', () => {
  let stop: (() => void) | null = null
  afterEach(() => {
    stop?.()
    stop = null
  })

  const valid = (r: RendererErrorReport): boolean => invokeArgSchemas['app:report-error'].safeParse([r]).success

  it('a window error and an unhandled rejection are reported with message, stack and place', () => {
    const sent: RendererErrorReport[] = []
    stop = forwardWindowErrors(window, createErrorForwarder({ reportError: async (r) => (sent.push(r), { ok: true, value: { logged: true } }) }))
    const boom = new TypeError('x is undefined', { cause: new Error('inner cause') })
    window.dispatchEvent(new ErrorEvent('error', { error: boom, message: boom.message, filename: 'app://studio/assets/index.js', lineno: 12, colno: 7 }))
    const rejection = new Event('unhandledrejection') as PromiseRejectionEvent
    Object.defineProperty(rejection, 'reason', { value: 'plain reason' })
    window.dispatchEvent(rejection)
    expect(sent).toHaveLength(2)
    expect(sent[0]).toMatchObject({ kind: 'error', message: 'TypeError: x is undefined', source: 'app://studio/assets/index.js', line: 12, column: 7 })
    expect(sent[0]!.stack).toMatch(/^TypeError: x is undefined\n/)
    expect(sent[0]!.stack).toContain('Caused by: Error: inner cause')
    expect(sent[1]).toEqual({ kind: 'unhandledrejection', message: 'plain reason', stack: null, source: null, line: null, column: null })
    expect(sent.every(valid)).toBe(true)
  })

  it('a render error caught by the error boundary is handed on with the component stack', () => {
    const seen: { error: unknown; stack: string | null }[] = []
    function Broken(): never {
      throw new Error('render-marker')
    }
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      render(
        <ErrorBoundary onError={(error, stack) => seen.push({ error, stack })}>
          <Broken />
        </ErrorBoundary>
      )
    } finally {
      quiet.mockRestore()
    }
    expect(screen.getByText('Something went wrong')).toBeTruthy()
    expect(seen).toHaveLength(1)
    expect((seen[0]!.error as Error).message).toBe('render-marker')
    expect(seen[0]!.stack).toContain('Broken')
    const r = errorReport('render', seen[0]!.error, { source: seen[0]!.stack })
    expect(r).toMatchObject({ kind: 'render', message: 'Error: render-marker' })
    expect(valid(r)).toBe(true)
  })

  it('cuts reports to what the schema accepts', () => {
    const huge = new Error('m'.repeat(10_000))
    huge.stack = 's'.repeat(100_000)
    const r = errorReport('render', huge, { source: 'c'.repeat(5000) })
    expect(valid(r)).toBe(true)
    expect(r.message.endsWith('…')).toBe(true)
  })

  it('sends the same error again only after a second (a loop must not flood IPC), others at once', () => {
    let t = 0
    const reportError = vi.fn(async () => ({ ok: true as const, value: { logged: true } }))
    const forward = createErrorForwarder({ reportError }, () => t)
    const same = errorReport('error', new Error('loop'))
    for (let i = 0; i < 100; i++) forward(same)
    forward(errorReport('error', new Error('another')))
    expect(reportError).toHaveBeenCalledTimes(2)
    t += 1000
    forward(same)
    expect(reportError).toHaveBeenCalledTimes(3)
  })

  it('a failing report raises nothing', async () => {
    const forward = createErrorForwarder({ reportError: () => Promise.reject(new Error('bridge gone')) })
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    try {
      expect(() => forward(errorReport('error', new Error('x')))).not.toThrow()
      await new Promise((r) => setTimeout(r, 10))
      expect(unhandled).not.toHaveBeenCalled()
    } finally {
      process.off('unhandledRejection', unhandled)
    }
  })
})
