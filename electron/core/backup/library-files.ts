/**
 * The files a library database names, as backup, restore and the check see them.
 * Every image and reference file is content-addressed (`images/ab/<sha256>.<ext>`,
 * `refs/ab/<sha256>.<ext>`): its name is its hash, so a copy can be verified
 * against its name and its row. Thumbnails are named by their image's hash (they
 * are derived bytes, so only their presence and a faithful copy can be checked).
 *
 * library.db is data, not code: a stored path that leaves its folder ('../x',
 * absolute, another folder) is never read or written, only reported; one that
 * reaches outside through a symbolic link is refused when it is read.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type Database from 'better-sqlite3'
import type { BackupProblem } from '../../shared/backup'

export interface LibraryFile {
  /** Relative to the library (and to the backup folder), `/` separators. */
  rel: string
  kind: 'image' | 'thumb' | 'reference'
  /** The hash the bytes must have; null for a thumbnail. */
  sha256: string | null
  /** The size the row records; null for a thumbnail. */
  bytes: number | null
  /** A file no row names but the library may hold (a reference's thumbnail): copied when present. */
  optional?: true
}

const STORED = /^(images|thumbs|refs)[/\\]([0-9a-f]{2})[/\\]([0-9a-f]{64})\.(png|jpg|webp)$/

/** A stored path as `/`-separated, or null when it is not the content address of a file of ours. */
export function contentPath(stored: string, folder: 'images' | 'thumbs' | 'refs', sha256: string): string | null {
  const m = STORED.exec(stored)
  if (!m || m[1] !== folder || m[3] !== sha256 || m[2] !== sha256.slice(0, 2)) return null
  if (folder === 'thumbs' && m[4] !== 'webp') return null
  return `${m[1]}/${m[2]}/${m[3]}.${m[4]}`
}

/**
 * The stored path as `/`-separated when it is a plain relative path inside `folder`
 * (an older or imported file not named by its hash): no `..`, no empty or `.` part,
 * not absolute. Anything else is refused. Symbolic links are checked when read.
 */
export function storedPath(stored: string, folder: 'images' | 'thumbs' | 'refs', sha256: string): string | null {
  const content = contentPath(stored, folder, sha256)
  if (content !== null) return content
  if (stored.includes('\0') || /^[a-zA-Z]:/.test(stored)) return null
  const rel = stored.split('\\').join('/')
  const parts = rel.split('/')
  if (parts.length < 2 || parts[0] !== folder || parts.some((p) => p === '' || p === '.' || p === '..')) return null
  return rel
}

/** Every file the database names, once each (several rows may share bytes), and the paths refused. */
export function libraryFiles(db: Database.Database): { files: LibraryFile[]; refused: BackupProblem[] } {
  const files = new Map<string, LibraryFile>()
  const refused: BackupProblem[] = []
  const add = (stored: string, folder: 'images' | 'thumbs' | 'refs', sha256: string, kind: LibraryFile['kind'], bytes: number | null): void => {
    const rel = storedPath(stored, folder, sha256)
    if (rel === null) refused.push({ path: stored, problem: 'refused' })
    else if (!files.has(rel)) files.set(rel, { rel, kind, sha256: kind === 'thumb' ? null : sha256, bytes })
  }
  const images = db.prepare('SELECT sha256, path, thumb_path, bytes FROM images ORDER BY id').all() as { sha256: string; path: string; thumb_path: string | null; bytes: number }[]
  for (const i of images) {
    add(i.path, 'images', i.sha256, 'image', i.bytes)
    if (i.thumb_path !== null) add(i.thumb_path, 'thumbs', i.sha256, 'thumb', null)
  }
  const refs = db.prepare('SELECT sha256, path, bytes FROM reference_images ORDER BY id').all() as { sha256: string; path: string; bytes: number }[]
  for (const r of refs) {
    add(r.path, 'refs', r.sha256, 'reference', r.bytes)
    // ImageStore.commit makes a thumbnail for a reference too; no row names it.
    const thumb = `thumbs/${r.sha256.slice(0, 2)}/${r.sha256}.webp`
    if (/^[0-9a-f]{64}$/.test(r.sha256) && !files.has(thumb)) files.set(thumb, { rel: thumb, kind: 'thumb', sha256: null, bytes: null, optional: true })
  }
  return { files: [...files.values()], refused }
}

export function sha256Of(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/** sha256 and size of a file, streamed (a database may be large). */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer)
    bytes += (chunk as Buffer).length
  }
  return { sha256: hash.digest('hex'), bytes }
}

/** Row counts a manifest records and a restore compares. */
export function countRows(db: Database.Database): { generations: number; images: number; references: number; tags: number; collections: number } {
  const n = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  return { generations: n('generations'), images: n('images'), references: n('reference_images'), tags: n('tags'), collections: n('collections') }
}
