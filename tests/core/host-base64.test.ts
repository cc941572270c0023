import { describe, expect, it, vi } from 'vitest'
import { bytesFromBase64 } from '../host/base64'

describe('the host bridge decodes base64 into bytes', () => {
  it('gives back the very bytes, empty included (the loop, where there is no built-in decoder)', () => {
    const bytes = new Uint8Array(70_001).map((_, i) => (i * 2654435761) >>> 24)
    expect(Buffer.from(bytesFromBase64(Buffer.from(bytes).toString('base64'), undefined))).toEqual(Buffer.from(bytes))
    expect(bytesFromBase64('', undefined)).toEqual(new Uint8Array(0))
    // An id list as the host sends it.
    const ids = Uint32Array.from([1_000_000, 999_999, 1, 4_294_967_295])
    const decoded = bytesFromBase64(Buffer.from(ids.buffer).toString('base64'), undefined)
    expect(Array.from(new Uint32Array(decoded.buffer))).toEqual(Array.from(ids))
  })

  it('uses the built-in decoder when the browser has one', () => {
    const native = vi.fn(() => new Uint8Array([7]))
    expect(bytesFromBase64('Bw==', native)).toEqual(new Uint8Array([7]))
    expect(native).toHaveBeenCalledWith('Bw==')
  })
})
