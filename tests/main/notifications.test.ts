/** The Electron notification and window-focus adapters (electron mocked): thin, and they keep what a click needs. */
import { describe, expect, it, vi } from 'vitest'

const m = vi.hoisted(() => ({ supported: true, made: [] as { options: { title: string; body: string }; handlers: Map<string, () => void>; shown: number }[] }))

vi.mock('electron', () => ({
  Notification: class {
    static isSupported = (): boolean => m.supported
    readonly handlers = new Map<string, () => void>()
    shown = 0
    constructor(readonly options: { title: string; body: string }) {
      m.made.push(this)
    }
    on(event: string, fn: () => void): this {
      this.handlers.set(event, fn)
      return this
    }
    show(): void {
      this.shown++
    }
  }
}))

const { desktopNotifier, windowFocus } = await import('../../electron/main/notifications')

describe('desktopNotifier', () => {
  it('shows the title and body and runs the click handler on click', () => {
    m.made.length = 0
    const clicked = vi.fn()
    desktopNotifier().show({ generationId: 3, title: '3 images ready — a fox', body: 'Click to see them.' }, clicked)
    expect(m.made).toHaveLength(1)
    expect(m.made[0]!.options).toEqual({ title: '3 images ready — a fox', body: 'Click to see them.' })
    expect(m.made[0]!.shown).toBe(1)
    m.made[0]!.handlers.get('click')!()
    expect(clicked).toHaveBeenCalledTimes(1)
  })

  it('shows nothing where the OS has no notifications', () => {
    m.made.length = 0
    m.supported = false
    desktopNotifier().show({ generationId: 1, title: 't', body: 'b' }, () => undefined)
    expect(m.made).toHaveLength(0)
    m.supported = true
  })
})

describe('windowFocus', () => {
  const fakeWindow = (over: Partial<Record<'focused' | 'minimized' | 'destroyed', boolean>> = {}) => {
    const calls: string[] = []
    return {
      calls,
      win: {
        isFocused: () => over.focused ?? false,
        isMinimized: () => over.minimized ?? false,
        isDestroyed: () => over.destroyed ?? false,
        restore: () => void calls.push('restore'),
        show: () => void calls.push('show'),
        focus: () => void calls.push('focus')
      }
    }
  }

  it('reads BrowserWindow.isFocused, and no window (or a destroyed one) is not focused', () => {
    expect(windowFocus(() => fakeWindow({ focused: true }).win as never).isFocused()).toBe(true)
    expect(windowFocus(() => fakeWindow({ focused: false }).win as never).isFocused()).toBe(false)
    expect(windowFocus(() => fakeWindow({ focused: true, destroyed: true }).win as never).isFocused()).toBe(false)
    expect(windowFocus(() => null).isFocused()).toBe(false)
  })

  it('brings a minimised window back, shows and focuses it', () => {
    const w = fakeWindow({ minimized: true })
    windowFocus(() => w.win as never).focus()
    expect(w.calls).toEqual(['restore', 'show', 'focus'])
    const plain = fakeWindow()
    windowFocus(() => plain.win as never).focus()
    expect(plain.calls).toEqual(['show', 'focus'])
    expect(() => windowFocus(() => null).focus()).not.toThrow()
  })
})
