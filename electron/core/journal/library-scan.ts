/**
 * What `imagine rebuild` and `imagine doctor` look at on disk: the files under
 * images/, refs/ and thumbs/, and whether a file a row names is there and still
 * has the bytes it was stored with. Paths from library.db or the journal go
 * through the one containment check (files/library-path.ts).
 */
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs'
import { join, normalize, relative } from 'node:path'
import { checkLibraryPath } from '../files/library-path'

export const LIBRARY_FOLDERS = ['images', 'refs', 'thumbs'] as const

/** Every regular file under `<dataDir>/<folder>`, as stored paths (relative to the data folder). */
export function walkLibraryFiles(dataDir: string, folder: (typeof LIBRARY_FOLDERS)[number]): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name)
      if (e.isDirectory()) walk(abs)
      else if (e.isFile()) out.push(relative(dataDir, abs))
    }
  }
  walk(join(dataDir, folder))
  return out.sort()
}

/** The same stored path however it was written (`images/ab/x.png`, `images\\ab\\x.png` on Windows). */
export const samePath = (rel: string): string => normalize(rel)

export async function sha256File(abs: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(abs)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export type FileState = 'ok' | 'missing' | 'changed' | 'outside'

/**
 * Whether the file a row names is there with its bytes: its size always, its
 * sha256 when `hash` (a full check reads every byte).
 */
export async function checkStoredFile(dataDir: string, rel: string, expected: { sha256: string; bytes: number }, hash: boolean): Promise<FileState> {
  const check = checkLibraryPath(dataDir, rel)
  if (!check.ok) return check.problem === 'missing' ? 'missing' : 'outside'
  const st = statSync(check.file, { throwIfNoEntry: false })
  if (!st?.isFile()) return 'missing'
  if (st.size !== expected.bytes) return 'changed'
  if (hash && (await sha256File(check.file)) !== expected.sha256) return 'changed'
  return 'ok'
}
