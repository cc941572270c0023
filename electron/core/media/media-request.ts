/**
 * Maps a media request (`app-image://<kind>/<id>`) to a file inside the data
 * folder, or to the HTTP status that refuses it. Pure but for the file-system
 * `realpath`, so the Electron protocol handler and the browser test host share it.
 */
import { realpathSync } from 'node:fs'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import type { MediaKind } from '../db/repos/images-repo'

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

/** True when `child` is strictly inside `parent` (by path.relative, not by string prefix). */
export function isPathInside(child: string, parent: string): boolean {
  const rel = relative(parent, child)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

export interface MediaDeps {
  dataDir: string
  lookup(kind: MediaKind, id: number): string | null
  realpath?: (p: string) => string
}

const ID_PATTERN = /^[1-9][0-9]{0,14}$/

/** Resolves a kind and an id (both still as text from the URL). */
export function resolveMedia(kindText: string, idText: string, deps: MediaDeps): MediaResolution {
  if (kindText !== 'image' && kindText !== 'thumb') return { status: 404, reason: 'unknown media kind' }
  if (!ID_PATTERN.test(idText)) return { status: 400, reason: 'malformed image id' }
  const stored = deps.lookup(kindText, Number(idText))
  if (stored === null) return { status: 404, reason: 'no such image' }
  if (stored.includes('\0') || isAbsolute(stored)) return { status: 403, reason: 'stored path is not relative' }
  const root = resolve(deps.dataDir)
  const file = resolve(root, stored)
  if (!isPathInside(file, root)) return { status: 403, reason: 'path leaves the data folder' }
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()]
  if (!contentType) return { status: 403, reason: 'not an image file' }
  const realpath = deps.realpath ?? realpathSync
  let realFile: string
  let realRoot: string
  try {
    realRoot = realpath(root)
    realFile = realpath(file)
  } catch {
    return { status: 404, reason: 'file missing' }
  }
  // A symlink inside the library must not lead outside it.
  if (!isPathInside(realFile, realRoot)) return { status: 403, reason: 'link leaves the data folder' }
  return { status: 200, file: realFile, contentType }
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
