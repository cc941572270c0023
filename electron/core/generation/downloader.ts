/**
 * Gets result bytes into the image store: streamed from a (temporary) URL, or
 * decoded from base64 / data URI output. A short or broken download is a
 * transient failure; 403/404/410 means the URL expired.
 */
import { AppError } from '../errors'
import type { ImageStore, TempFile } from '../files/image-store'
import { RunwareError } from '../runware/errors'

export class ExpiredUrlError extends AppError {
  constructor(readonly status: number) {
    super('API_NOT_FOUND', `The image link expired before it could be downloaded (HTTP ${status})`)
    this.name = 'ExpiredUrlError'
  }
}

export async function downloadToTemp(store: ImageStore, url: string, fetchImpl: typeof fetch, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<TempFile> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 120_000)
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout
  let res: Response
  try {
    res = await fetchImpl(url, { signal })
  } catch (error) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? error
    throw new RunwareError({ category: timeout.aborted ? 'timeout' : 'network', apiCode: 'downloadFailed', detail: String(error) }, { cause: error })
  }
  if (res.status === 403 || res.status === 404 || res.status === 410) {
    await res.body?.cancel()
    throw new ExpiredUrlError(res.status)
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel()
    throw new RunwareError({ category: res.status === 429 ? 'rateLimit' : 'server', apiCode: `download${res.status}`, httpStatus: res.status })
  }
  const declared = res.headers.get('content-length')
  let tmp: TempFile
  try {
    tmp = await store.writeTemp(res.body as unknown as AsyncIterable<Uint8Array>)
  } catch (error) {
    if (error instanceof AppError) throw error
    if (opts.signal?.aborted) throw opts.signal.reason ?? error
    throw new RunwareError({ category: 'network', apiCode: 'downloadInterrupted', detail: String(error) }, { cause: error })
  }
  if (declared !== null && Number(declared) !== tmp.bytes) {
    await store.discardTemp(tmp)
    throw new RunwareError({ category: 'network', apiCode: 'downloadTruncated', detail: `got ${tmp.bytes} of ${declared} bytes` })
  }
  return tmp
}

/** Bytes of an inline result (`imageBase64Data` or `imageDataURI`). */
export function decodeInline(item: { imageBase64Data?: string; imageDataURI?: string }): Buffer | null {
  if (item.imageBase64Data) return Buffer.from(item.imageBase64Data, 'base64')
  if (item.imageDataURI) {
    const comma = item.imageDataURI.indexOf(',')
    if (comma < 0 || !/;base64$/i.test(item.imageDataURI.slice(0, comma))) return null
    return Buffer.from(item.imageDataURI.slice(comma + 1), 'base64')
  }
  return null
}
