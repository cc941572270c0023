/**
 * Issue 8 through the browser host: a page's bytes (a browser drop, a paste) reach
 * the real handlers as a Uint8Array, as Electron's IPC delivers them. The bridge
 * sends `{ $bytes: base64 }` in JSON and the host revives it before dispatch; the
 * stored reference comes back over the /app-image/ref/ route.
 */
import { randomBytes } from 'node:crypto'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { MAX_REFERENCE_FILE_BYTES } from '../../electron/shared/generation'
import { useAppWithFakeRunware } from './harness'

const app = useAppWithFakeRunware({ imageBytes: 'small' })

describe('bytes over the host bridge', () => {
  it('a page prepares bytes, sees the stored copy over /app-image/ref/, and generates with it (the fake sees one upload)', async () => {
    const session = await app.open()
    const { page, host } = session
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#c63' } }).png().toBuffer()
    const prepared = await page.evaluate(
      // The bytes are made in the page and handed to window.api as a real Uint8Array.
      async (b64) => window.api.references.prepare({ kind: 'bytes', data: Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), name: 'dropped.png' }),
      png.toString('base64')
    )
    expect(prepared).toMatchObject({ ok: true, value: { label: 'dropped.png', sourceKind: 'bytes', width: 300, height: 200, format: 'jpg' } })
    const info = (prepared as { value: { referenceId: number; bytes: number } }).value
    const media = await page.evaluate(async (id) => {
      const r = await fetch(window.api.media.referenceUrl(id))
      const missing = await fetch(window.api.media.referenceUrl(987_654))
      return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength, missing: missing.status }
    }, info.referenceId)
    expect(media).toEqual({ status: 200, type: 'image/jpeg', size: info.bytes, missing: 404 })

    const started = await page.evaluate((id) => window.api.generation.start({ prompt: 'remix of a drop', references: [{ kind: 'prepared', referenceId: id }] }), info.referenceId)
    expect(started).toMatchObject({ ok: true })
    const final = await host.core.generation.whenDone((started as { value: { generationId: number } }).value.generationId)
    expect(final.status).toBe('succeeded')
    expect(app.fake.requests.filter((r) => JSON.stringify(r.body).includes('imageUpload'))).toHaveLength(1)
    // The 404 above was asked for on purpose.
    expect(session.problems.filter((p) => !p.includes('/app-image/ref/987654'))).toEqual([])
  })

  it('carries a reference larger than the old 4 MB body limit, and refuses a bad one with its message', async () => {
    const session = await app.open()
    const { page } = session
    // Noise does not compress: a ~6 MB PNG, ~8 MB as base64.
    const noisy = await sharp(randomBytes(1500 * 1400 * 3), { raw: { width: 1500, height: 1400, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer()
    expect(noisy.length).toBeGreaterThan(5 * 1024 * 1024)
    expect(noisy.length).toBeLessThan(MAX_REFERENCE_FILE_BYTES)
    const run = (b64: string, name: string) =>
      page.evaluate(
        async (a) => window.api.references.prepare({ kind: 'bytes', data: Uint8Array.from(atob(a.b64), (c) => c.charCodeAt(0)), name: a.name }),
        { b64, name }
      )
    await expect(run(noisy.toString('base64'), 'noise.png')).resolves.toMatchObject({ ok: true, value: { width: 1500, height: 1400, sourceKind: 'bytes' } })
    await expect(run(Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64'), 'scan.pdf')).resolves.toMatchObject({ ok: false, error: { code: 'BAD_IMAGE', message: expect.stringMatching(/not an image/) } })
    await expect(run('', 'empty.png')).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/empty/) } })
    expect(session.problems).toEqual([])
  })
})
