/**
 * Issue 11: backup and restore. A backup taken while a generation is writing is
 * one consistent snapshot, restored equal row for row and file for file; a second
 * backup copies only the new files; restore refuses a non-empty folder and its
 * check finds a damaged file; a canceled backup leaves the previous one valid.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backupLibrary, type BackupResult } from '../../electron/core/backup/backup'
import { readManifest } from '../../electron/core/backup/manifest'
import { checkLibrary, restoreBackup } from '../../electron/core/backup/restore'
import { ValidationError } from '../../electron/core/errors'
import { nodeFs, type ExportFs } from '../../electron/core/export/safe-write'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { tempDir } from '../helpers/db'
import { generateAndWait, makeCore, type TestCore } from '../helpers/generation'
import { dumpDb, dumpFiles } from '../helpers/library-dump'

let fake: FakeRunware
let tmp: { dir: string; cleanup: () => void }
let lib: string
let backupDir: string

beforeEach(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  tmp = tempDir('imagine-backup-')
  lib = join(tmp.dir, 'library')
  backupDir = join(tmp.dir, 'backup')
})
afterEach(async () => {
  await fake.close()
  tmp.cleanup()
})

const imageCount = (core: TestCore): number => (core.db.prepare('SELECT count(*) FROM images').pluck().get() as number)

/** Downloads of result images wait at `gate` once `free` of them have passed. */
function gatedFetch(free: number): { fetch: typeof fetch; open(): void } {
  let passed = 0
  let open!: () => void
  const gate = new Promise<void>((resolve) => (open = resolve))
  return {
    fetch: async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      if (url.includes('/images/') && passed++ >= free) await gate
      return fetch(input, init)
    },
    open
  }
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5))
  if (!cond()) throw new Error('condition never held')
}

/** A library with tags, a collection, a trashed image and a reference: every table has rows. */
async function organise(core: TestCore): Promise<void> {
  const ids = core.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
  core.library.addTags(ids.slice(0, 2), ['sea', 'dusk'])
  const c = core.library.createCollection('Keepers')
  core.library.addToCollection(c.id, [ids[0]!])
  core.library.setFavorite([ids[0]!], true)
  core.library.trash([ids[1]!])
}

async function referenceFile(): Promise<string> {
  const path = join(tmp.dir, 'ref.png')
  writeFileSync(path, await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366aa' } }).png().toBuffer())
  return path
}

describe('backupLibrary + restoreBackup', () => {
  it('a backup taken while a generation writes is one consistent snapshot; restored, every row and file is equal', async () => {
    const gated = gatedFetch(2 + 2)
    const core = makeCore(fake, tmp.dir, { runware: { fetch: gated.fetch, downloadConcurrency: 1 } })
    await generateAndWait(core, { numberResults: 2, references: [{ kind: 'path', path: await referenceFile() }] })
    await organise(core)
    // Six more images: two pass, then downloads wait until the snapshot is taken.
    const { generationId } = await core.generation.start({ prompt: 'a harbour in fog', numberResults: 6 })
    await until(() => imageCount(core) === 2 + 2)
    let atSnapshot = -1
    let copyingWhileWritten = false
    const first = await backupLibrary({
      dataDir: core.paths.dataDir,
      to: backupDir,
      appVersion: 'test',
      afterSnapshot: async () => {
        atSnapshot = imageCount(core)
        gated.open()
        // The library changes under the running backup before any file is copied.
        await until(() => imageCount(core) > atSnapshot)
        copyingWhileWritten = true
      }
    })
    expect(copyingWhileWritten).toBe(true)
    expect(atSnapshot).toBe(4)
    expect(first.canceled).toBe(false)
    expect(first.problems).toEqual([])
    const manifest = (await readManifest(backupDir))!
    expect(manifest.counts).toMatchObject({ generations: 2, images: 4, references: 1, tags: 2, collections: 1 })
    expect(manifest.appVersion).toBe('test')
    expect(manifest.schemaVersion).toBeGreaterThanOrEqual(5)

    const final = await core.generation.whenDone(generationId)
    expect(final.status).toBe('succeeded')
    expect(imageCount(core)).toBe(8)

    // The snapshot, restored: exactly the database the manifest names, and a generation caught mid-way.
    const restored = join(tmp.dir, 'restored-1')
    const r1 = await restoreBackup({ from: backupDir, to: restored })
    expect(r1.check?.ok).toBe(true)
    expect(r1.countMismatches).toEqual([])
    expect(r1.check?.integrity).toEqual(['ok'])
    expect(r1.check?.images.checked).toBe(4)
    expect(r1.check?.references.checked).toBe(1)
    const snap = dumpDb(join(restored, 'library.db'))
    expect(snap).toEqual(dumpDb(join(backupDir, manifest.database.file)))
    const midJob = (snap.generations as { id: number; status: string }[]).find((g) => g.id === generationId)!
    expect(['running', 'downloading', 'queued', 'submitted', 'accepted']).toContain(midJob.status)
    // Every row it has is the library's row (images never change once written, except what organise set before).
    const live = dumpDb(core.paths.dbFile)
    for (const row of snap.images as { id: number }[]) expect((live.images as { id: number }[]).find((i) => i.id === row.id)).toEqual(row)
    for (const table of ['tags', 'image_tags', 'collections', 'collection_images', 'reference_images', 'generation_references']) expect(snap[table]).toEqual(live[table])
    // And every file equals the library's file of that name.
    const files = dumpFiles(restored)
    const liveFiles = dumpFiles(core.paths.dataDir)
    // Four images, their thumbnails, the reference and its thumbnail.
    expect(Object.keys(files)).toHaveLength(4 + 4 + 2)
    for (const [rel, sha] of Object.entries(files)) expect(liveFiles[rel]).toBe(sha)

    // Once the job is done and the library quiet: an incremental backup copies only what is new.
    await core.close()
    const second = await backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })
    expect(second.copied).toBe(4 + 4)
    expect(second.skipped).toBe(4 + 4 + 2)
    const restored2 = join(tmp.dir, 'restored-2')
    const r2 = await restoreBackup({ from: backupDir, to: restored2 })
    expect(r2.check?.ok).toBe(true)
    expect(dumpDb(join(restored2, 'library.db'))).toEqual(dumpDb(join(lib, 'library.db')))
    expect(dumpFiles(restored2)).toEqual(dumpFiles(lib))
    // Only the newest snapshot is kept; the manifest names it.
    expect(existsSync(join(backupDir, manifest.database.file))).toBe(false)
    expect(existsSync(join(backupDir, (await readManifest(backupDir))!.database.file))).toBe(true)

    // Nothing new: nothing copied.
    const third = await backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })
    expect(third.copied).toBe(0)
    expect(third.skipped).toBe(8 + 8 + 2)
  })

  it('restore refuses a folder that is not empty and changes nothing; a missing or empty one is fine', async () => {
    const core = makeCore(fake, tmp.dir)
    await generateAndWait(core, { numberResults: 1 })
    await core.close()
    await backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })
    const busy = join(tmp.dir, 'busy')
    mkdirSync(busy)
    writeFileSync(join(busy, 'notes.txt'), 'mine')
    await expect(restoreBackup({ from: backupDir, to: busy })).rejects.toThrow(/not empty/)
    await expect(restoreBackup({ from: backupDir, to: busy })).rejects.toBeInstanceOf(ValidationError)
    expect(readFileSync(join(busy, 'notes.txt'), 'utf8')).toBe('mine')
    // Into the library itself: refused too.
    await expect(restoreBackup({ from: backupDir, to: lib })).rejects.toThrow(/not empty/)
    const empty = join(tmp.dir, 'empty')
    mkdirSync(empty)
    expect((await restoreBackup({ from: backupDir, to: empty })).check?.ok).toBe(true)
    // A folder that is not a (finished) backup.
    await expect(restoreBackup({ from: tmp.dir, to: join(tmp.dir, 'x') })).rejects.toThrow(/no manifest\.json/)
  })

  it("restore's check finds a file damaged in the backup, and one missing from it", async () => {
    const core = makeCore(fake, tmp.dir)
    await generateAndWait(core, { numberResults: 3 })
    const rels = core.db.prepare('SELECT path FROM images ORDER BY id').pluck().all() as string[]
    await core.close()
    await backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })
    const damaged = join(backupDir, rels[0]!)
    const bytes = readFileSync(damaged)
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 3) ^ 0xff, bytes.length - 3) // same size, other bytes
    writeFileSync(damaged, bytes)
    writeFileSync(join(backupDir, rels[1]!), Buffer.alloc(0))
    const r = await restoreBackup({ from: backupDir, to: join(tmp.dir, 'restored') })
    expect(r.check?.ok).toBe(false)
    expect(r.check?.images.damaged.sort()).toEqual([rels[0]!, rels[1]!].map((p) => p.split('\\').join('/')).sort())
    expect(r.check?.images.missing).toEqual([])
    expect(r.check?.integrity).toEqual(['ok'])
  })

  it('a file damaged in the library is reported and not copied under its name', async () => {
    const core = makeCore(fake, tmp.dir)
    await generateAndWait(core, { numberResults: 2 })
    const rel = (core.db.prepare('SELECT path FROM images ORDER BY id LIMIT 1').pluck().get() as string).split('\\').join('/')
    await core.close()
    const abs = join(lib, rel)
    const bytes = readFileSync(abs)
    bytes.writeUInt8(bytes.readUInt8(10) ^ 0xff, 10)
    writeFileSync(abs, bytes)
    const r = await backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })
    expect(r.problems).toEqual([{ path: rel, problem: 'damaged' }])
    expect(existsSync(join(backupDir, rel))).toBe(false)
    expect((await readManifest(backupDir))!.problems).toEqual(r.problems)
    expect((await checkLibrary(lib)).images.damaged).toEqual([rel])
  })

  it('a stored path leading out of the library, or a link out of it, is refused and never read', async () => {
    const core = makeCore(fake, tmp.dir)
    await generateAndWait(core, { numberResults: 3 })
    const rows = core.db.prepare('SELECT id, path FROM images ORDER BY id').all() as { id: number; path: string }[]
    writeFileSync(join(tmp.dir, 'secret.png'), 'outside the library')
    core.db.prepare('UPDATE images SET path = ? WHERE id = ?').run('../secret.png', rows[0]!.id)
    const linked = join(lib, rows[1]!.path)
    rmSync(linked)
    symlinkSync(join(tmp.dir, 'secret.png'), linked)
    await core.close()
    const r = await backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })
    expect(r.problems).toEqual([
      { path: '../secret.png', problem: 'refused' },
      { path: rows[1]!.path.split('\\').join('/'), problem: 'refused' }
    ])
    expect(Object.values(dumpFiles(backupDir))).not.toContain(createHash('sha256').update('outside the library').digest('hex'))
    expect(existsSync(join(tmp.dir, 'secret.png'))).toBe(true)
  })

  it('a disk that fills up part-way fails the backup, leaves no temp file and keeps the previous manifest', async () => {
    const core = makeCore(fake, tmp.dir)
    await generateAndWait(core, { numberResults: 2 })
    await core.close()
    await backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })
    const manifestBytes = readFileSync(join(backupDir, 'manifest.json'))
    const again = makeCore(fake, tmp.dir)
    await generateAndWait(again, { numberResults: 3 })
    await again.close()
    let parts = 0
    const full: ExportFs = {
      ...nodeFs,
      open: (async (path: string, ...rest: unknown[]) => {
        if (String(path).endsWith('.part') && ++parts > 2) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
        return (nodeFs.open as (...a: unknown[]) => unknown)(path, ...rest)
      }) as ExportFs['open']
    }
    await expect(backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test', fs: full, concurrency: 1 })).rejects.toMatchObject({ code: 'ENOSPC' })
    expect(readFileSync(join(backupDir, 'manifest.json')).equals(manifestBytes)).toBe(true)
    const leftovers = readdirSync(backupDir, { recursive: true }).map(String).filter((n) => n.includes('.imagine-export-') || n.endsWith('.lock'))
    expect(leftovers).toEqual([])
    expect(readdirSync(join(backupDir, 'db'))).toEqual([(await readManifest(backupDir))!.database.file.slice('db/'.length)])
    expect((await restoreBackup({ from: backupDir, to: join(tmp.dir, 'r') })).check?.ok).toBe(true)
    // Space is back: the next backup completes.
    expect((await backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })).manifest?.counts.images).toBe(5)
  })

  it("backup refuses a folder of other files and a manifest that is not ours, touching nothing", async () => {
    const core = makeCore(fake, tmp.dir)
    await generateAndWait(core, { numberResults: 1 })
    await core.close()
    mkdirSync(backupDir)
    writeFileSync(join(backupDir, 'holiday.jpg'), 'mine')
    await expect(backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })).rejects.toThrow(/holds other files \(holiday\.jpg\)/)
    rmSync(join(backupDir, 'holiday.jpg'))
    writeFileSync(join(backupDir, 'manifest.json'), '{"name":"some package"}')
    await expect(backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })).rejects.toThrow(/not an Imagine Studio backup manifest/)
    expect(readFileSync(join(backupDir, 'manifest.json'), 'utf8')).toBe('{"name":"some package"}')
    expect(readdirSync(backupDir)).toEqual(['manifest.json'])
  })

  it('one backup at a time per folder: a second one meanwhile is refused; a lock a dead process left is taken over', async () => {
    const core = makeCore(fake, tmp.dir)
    await generateAndWait(core, { numberResults: 1 })
    await core.close()
    let second: Promise<unknown> | null = null
    const first = await backupLibrary({
      dataDir: lib,
      to: backupDir,
      appVersion: 'test',
      afterSnapshot: () => {
        second = backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })
        return second.then(() => undefined, () => undefined)
      }
    })
    await expect(second).rejects.toThrow(/Another backup into this folder is running/)
    expect(first.manifest?.counts.images).toBe(1)
    writeFileSync(join(backupDir, '.imagine-backup.lock'), '999999999')
    expect((await backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })).canceled).toBe(false)
    expect(existsSync(join(backupDir, '.imagine-backup.lock'))).toBe(false)
  })

  it('a backup canceled in the same second as the last, with nothing changed, keeps the snapshot the manifest names', async () => {
    const core = makeCore(fake, tmp.dir)
    await generateAndWait(core, { numberResults: 1 })
    await core.close()
    const now = (): number => Date.UTC(2026, 11, 3, 12, 0, 0)
    const first = await backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test', now })
    const ac = new AbortController()
    const second = await backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test', now, signal: ac.signal, afterSnapshot: () => ac.abort() })
    expect(second.canceled).toBe(true)
    expect(existsSync(join(backupDir, first.manifest!.database.file))).toBe(true)
    expect((await restoreBackup({ from: backupDir, to: join(tmp.dir, 'r') })).check?.ok).toBe(true)
  })

  it('canceling a backup leaves the previous manifest valid and restorable', async () => {
    const core = makeCore(fake, tmp.dir)
    await generateAndWait(core, { numberResults: 2 })
    await core.close()
    const first = await backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })
    const manifestBytes = readFileSync(join(backupDir, 'manifest.json'))
    const firstDump = dumpDb(join(backupDir, first.manifest!.database.file))

    const again = makeCore(fake, tmp.dir)
    await generateAndWait(again, { numberResults: 4 })
    await again.close()
    const ac = new AbortController()
    const canceled: BackupResult = await backupLibrary({
      dataDir: lib,
      to: backupDir,
      appVersion: 'test',
      signal: ac.signal,
      onProgress: (p) => {
        if (p.phase === 'files' && p.filesDone === 3) ac.abort()
      }
    })
    expect(canceled.canceled).toBe(true)
    // Copies in flight when the signal came finish (up to the concurrency); nothing new starts.
    expect(canceled.copied).toBeGreaterThanOrEqual(3)
    expect(canceled.copied).toBeLessThan(4 * 2)
    expect(readFileSync(join(backupDir, 'manifest.json')).equals(manifestBytes)).toBe(true)
    const r = await restoreBackup({ from: backupDir, to: join(tmp.dir, 'restored') })
    expect(r.check?.ok).toBe(true)
    expect(r.manifest.counts.images).toBe(2)
    expect(dumpDb(join(tmp.dir, 'restored', 'library.db'))).toEqual(firstDump)

    // The next backup picks up where the canceled one stopped.
    const next = await backupLibrary({ dataDir: lib, to: backupDir, appVersion: 'test' })
    expect(next.copied).toBe(4 * 2 - canceled.copied)
    expect((await readManifest(backupDir))!.counts.images).toBe(6)
  })
})
