/**
 * library.db is data: a tampered path in it must never make us delete or read a
 * file outside the library (issue 7).
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WritableDB } from '../../electron/core/db/connection'
import { ImageStore } from '../../electron/core/files/image-store'
import { OutsideLibraryError } from '../../electron/core/files/library-path'
import { ReferenceService } from '../../electron/core/generation/references'
import { LibraryService } from '../../electron/core/library/library-service'
import { libraryPaths } from '../../electron/core/paths'
import { createTestDb, tempDir } from '../helpers/db'
import { seedImage } from '../helpers/library-seed'

let db: WritableDB
let root: { dir: string; cleanup: () => void }
let dataDir: string
let victim: string

beforeEach(() => {
  db = createTestDb()
  root = tempDir('imagine-contain-')
  dataDir = join(root.dir, 'library')
  mkdirSync(join(dataDir, 'images', '00'), { recursive: true })
  victim = join(root.dir, 'victim.txt')
  writeFileSync(victim, 'precious')
})
afterEach(() => {
  db.close()
  root.cleanup()
})

describe('emptying the trash', () => {
  it('never deletes a file outside the library, and empties the rest', () => {
    symlinkSync(victim, join(dataDir, 'images', '00', 'link.png'))
    writeFileSync(join(dataDir, 'images', '00', 'mine.png'), 'ours')
    const tampered = ['../victim.txt', victim, 'images/00/link.png']
    const ids = [...tampered, 'images/00/mine.png'].map((path) => seedImage(db, { prompt: path, createdAt: 1, path }).imageId)
    db.prepare('UPDATE images SET trashed_at = 1').run()
    const result = new LibraryService(db, dataDir).emptyTrash()
    expect(existsSync(victim)).toBe(true)
    expect(existsSync(join(dataDir, 'images', '00', 'link.png'))).toBe(true)
    expect(existsSync(join(dataDir, 'images', '00', 'mine.png'))).toBe(false)
    expect(result.removed).toBe(4)
    expect(result.filesDeleted).toBe(1)
    expect(result.refused.map((r) => [r.imageId, r.path, r.code])).toEqual(tampered.map((p, i) => [ids[i], p, 'PATH_OUTSIDE_LIBRARY']))
    expect(result.refused[0]!.message).toMatch(/outside the library/)
    expect(db.prepare('SELECT COUNT(*) FROM images').pluck().get()).toBe(0)
  })
})

describe('a reference by library image id', () => {
  it('refuses a stored path leading outside the library with a clear error', async () => {
    writeFileSync(victim, await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00f' } }).png().toBuffer())
    for (const stored of ['../victim.txt', victim]) {
      const refs = new ReferenceService({ db, store: new ImageStore(libraryPaths(dataDir)), client: null as never, imagePath: () => stored, now: Date.now })
      const attempt = refs.prepare({ kind: 'image', imageId: 1 })
      await expect(attempt).rejects.toBeInstanceOf(OutsideLibraryError)
      await expect(attempt).rejects.toMatchObject({ code: 'PATH_OUTSIDE_LIBRARY', message: expect.stringContaining('outside the library') })
    }
    expect(db.prepare('SELECT COUNT(*) FROM reference_images').pluck().get()).toBe(0)
  })
})
