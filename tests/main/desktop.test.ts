/**
 * The Electron half of drag out, Copy image and Show in folder (electron/main/desktop.ts),
 * with `electron` mocked: startDrag gets the files and a non-empty, small icon (macOS
 * refuses an empty one), the clipboard gets a PNG ClipboardItem, the shell the file.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'

interface FakeImage {
  from: string
  size: { width: number; height: number }
  isEmpty(): boolean
  getSize(): { width: number; height: number }
  resize(o: { width?: number; height?: number }): FakeImage
}

const m = vi.hoisted(() => {
  const image = (from: string, width: number, height: number): FakeImage => ({
    from,
    size: { width, height },
    isEmpty: () => width === 0,
    getSize: () => ({ width, height }),
    resize: (o) => image(`${from}@${o.width ?? '-'}x${o.height ?? '-'}`, o.width ?? Math.round((width * o.height!) / height), o.height ?? Math.round((height * o.width!) / width))
  })
  return {
    image,
    sizes: new Map<string, [number, number]>(),
    written: [] as unknown[],
    text: [] as string[],
    shown: [] as string[]
  }
})

vi.mock('electron', () => ({
  nativeImage: {
    createFromPath: (p: string) => m.image(p, ...(m.sizes.get(p) ?? [0, 0])),
    createFromBuffer: (b: Buffer) => m.image(`buffer:${b.toString()}`, ...(m.sizes.get(`buffer:${b.toString()}`) ?? [0, 0])),
    createEmpty: () => m.image('empty', 0, 0)
  },
  clipboard: { write: async (items: unknown[]) => void m.written.push(...items), writeText: async (text: string) => void m.text.push(text) },
  ClipboardItem: class {
    constructor(readonly items: Record<string, Blob>) {}
  },
  shell: { showItemInFolder: (f: string) => void m.shown.push(f) }
}))

const { desktopShell } = await import('../../electron/main/desktop')

function fakeWindow() {
  const drags: { file: string; files?: string[]; icon: FakeImage }[] = []
  return { win: { isDestroyed: () => false, webContents: { startDrag: (item: (typeof drags)[number]) => void drags.push(item) } }, drags }
}

beforeEach(() => {
  m.sizes.clear()
  m.written.length = 0
  m.shown.length = 0
})

describe('desktopShell', () => {
  it('startDrag passes every file and the icon the core made', () => {
    const { win, drags } = fakeWindow()
    m.sizes.set('buffer:png-icon', [96, 54])
    desktopShell(() => win as never, '/app/icon.png').startDrag(['/lib/images/a.png', '/lib/images/b.jpg'], Buffer.from('png-icon'))
    expect(drags).toHaveLength(1)
    expect(drags[0]).toMatchObject({ file: '/lib/images/a.png', files: ['/lib/images/a.png', '/lib/images/b.jpg'] })
    expect(drags[0]!.icon.from).toBe('buffer:png-icon')
  })

  it('without an icon (or one nativeImage cannot read) the app icon, drag-sized, is used: never an empty image', () => {
    const { win, drags } = fakeWindow()
    m.sizes.set('/app/icon.png', [512, 512])
    const shell = desktopShell(() => win as never, '/app/icon.png')
    shell.startDrag(['/lib/images/a.png'], null)
    shell.startDrag(['/lib/images/a.png'], Buffer.from('unreadable'))
    expect(drags.map((d) => d.icon.from)).toEqual(['/app/icon.png@96x-', '/app/icon.png@96x-'])
    expect(drags.every((d) => !d.icon.isEmpty())).toBe(true)
  })

  it('refuses a drag when the window is gone', () => {
    expect(() => desktopShell(() => null, '/app/icon.png').startDrag(['/x.png'], null)).toThrow(/window is closed/)
  })

  it('copyImage writes one image/png item; showInFolder reveals the file', async () => {
    const shell = desktopShell(() => null, '/app/icon.png')
    await shell.copyImage(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    expect(m.written).toHaveLength(1)
    const blob = (m.written[0] as { items: Record<string, Blob> }).items['image/png']!
    expect(blob.type).toBe('image/png')
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47])
    shell.showInFolder('/lib/images/a.png')
    expect(m.shown).toEqual(['/lib/images/a.png'])
  })

  it('copyText writes plain text', async () => {
    const shell = desktopShell(() => null, '/app/icon.png')
    await shell.copyText('a red fox in the snow')
    expect(m.text).toEqual(['a red fox in the snow'])
  })
})
