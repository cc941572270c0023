/**
 * Maps a media request (`app-image://<kind>/<id>`, kind image, thumb or ref) to a file inside the data
 * folder, or to the HTTP status that refuses it. Pure but for the file-system
 * `realpath`, so the Electron protocol handler and the browser test host share it.
 */
import { extname } from 'node:path'
import type { MediaKind } from '../db/repos/images-repo'
import { checkLibraryPath, isPathInside } from '../files/library-path'

export type MediaResolution =
  | { status: 200; file: string; contentType: string }
  | { status: 400 | 403 | 404; reason: string }

export const MEDIA_SCHEME = 'app-image'

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp'
}

export { isPathInside }

export interface MediaDeps {
  dataDir: string
  lookup(kind: MediaKind, id: number): string | null
  realpath?: (p: string) => string
}

const ID_PATTERN = /^[1-9][0-9]{0,14}$/
const KINDS: ReadonlySet<string> = new Set<MediaKind>(['image', 'thumb', 'ref'])
const isMediaKind = (k: string): k is MediaKind => KINDS.has(k)

/** Resolves a kind and an id (both still as text from the URL). */
export function resolveMedia(kindText: string, idText: string, deps: MediaDeps): MediaResolution {
  if (!isMediaKind(kindText)) return { status: 404, reason: 'unknown media kind' }
  if (!ID_PATTERN.test(idText)) return { status: 400, reason: 'malformed image id' }
  const stored = deps.lookup(kindText, Number(idText))
  if (stored === null) return { status: 404, reason: 'no such image' }
  // The same containment check as every other read or delete of a library path.
  const check = checkLibraryPath(deps.dataDir, stored, deps.realpath)
  if (!check.ok && check.problem !== 'missing') return { status: 403, reason: check.reason }
  const contentType = CONTENT_TYPES[extname(stored).toLowerCase()]
  if (!contentType) return { status: 403, reason: 'not an image file' }
  if (!check.ok) return { status: 404, reason: check.reason }
  return { status: 200, file: check.file, contentType }
}

/** Resolves a full `app-image://kind/id` URL. */
export function resolveMediaUrl(rawUrl: string, deps: MediaDeps): MediaResolution {
  if (rawUrl.includes('\0') || rawUrl.length > 2048) return { status: 400, reason: 'malformed url' }
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return { status: 400, reason: 'malformed url' }
  }
  if (url.protocol !== `${MEDIA_SCHEME}:`) return { status: 400, reason: 'wrong scheme' }
  if (url.search || url.username || url.password || url.port) return { status: 400, reason: 'unexpected url parts' }
  const segments = url.pathname.split('/').filter((s) => s !== '')
  if (segments.length !== 1) return { status: 400, reason: 'malformed path' }
  return resolveMedia(url.hostname, segments[0]!, deps)
}
