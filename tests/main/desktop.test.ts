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
    shown: [] as string[]
  }
})

vi.mock('electron', () => ({
  nativeImage: {
    createFromPath: (p: string) => m.image(p, ...(m.sizes.get(p) ?? [0, 0])),
    createEmpty: () => m.image('empty', 0, 0)
  },
  clipboard: { write: async (items: unknown[]) => void m.written.push(...items) },
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
  it('startDrag passes every file and the thumbnail, scaled to a drag-sized icon', () => {
    const { win, drags } = fakeWindow()
    m.sizes.set('/lib/thumbs/a.webp', [256, 144])
    desktopShell(() => win as never, '/app/icon.png').startDrag(['/lib/images/a.png', '/lib/images/b.jpg'], '/lib/thumbs/a.webp')
    expect(drags).toHaveLength(1)
    expect(drags[0]).toMatchObject({ file: '/lib/images/a.png', files: ['/lib/images/a.png', '/lib/images/b.jpg'] })
    expect(drags[0]!.icon.from).toBe('/lib/thumbs/a.webp@96x-')
    expect(drags[0]!.icon.getSize()).toEqual({ width: 96, height: 54 })
  })

  it('without a thumbnail (or an unreadable one) the app icon is used, never an empty image', () => {
    const { win, drags } = fakeWindow()
    m.sizes.set('/app/icon.png', [64, 64])
    const shell = desktopShell(() => win as never, '/app/icon.png')
    shell.startDrag(['/lib/images/a.png'], null)
    shell.startDrag(['/lib/images/a.png'], '/lib/thumbs/unreadable.webp')
    expect(drags.map((d) => d.icon.from)).toEqual(['/app/icon.png', '/app/icon.png'])
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
})
