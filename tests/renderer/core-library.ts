/**
 * The library behind the renderer tests' fake api is the real core: `createCore`
 * on a temp folder, its router (zod checks, Result errors), its SQL (views,
 * search, sorts, month counts, view targets) and its change feed (one
 * `library:changed` per burst, with rows and O(1) counts). Nothing here
 * re-implements a filter or a sort, so the renderer's tests cannot drift from
 * what main answers (issue 12).
 *
 * Tests seed rows straight into the real schema (`add`), change them as another
 * process would (`update`), and read them back as main does (`images`). The core
 * is made on first use, so a test that never touches the library opens no database;
 * `closeCoreLibraries` (the renderer setup's afterEach) closes every one.
 */
import { join } from 'node:path'
import { createCore, type Core } from '../../electron/core/app-core'
import { LibraryQueries } from '../../electron/core/library/library-queries'
import { silentLogger } from '../../electron/core/log'
import { createMemorySecretStore } from '../../electron/core/secrets/secret-store'
import { createApi, type Api } from '../../electron/shared/api'
import type { LibraryChanged, LibraryStats } from '../../electron/shared/domain'
import type { InvokeArgs, InvokeChannel, InvokeResult } from '../../electron/shared/ipc-contract'
import type { CollectionInfo, ImageReference, LibraryImage, SavedSearch } from '../../electron/shared/library'
import { DEFAULT_MODEL } from '../../electron/shared/model-capabilities'
import type { Result } from '../../electron/shared/result'
import { tempDir } from '../helpers/db'
import type { FakeMethod } from './fake-api'

const BASE_TIME = Date.UTC(2026, 0, 15, 9, 0, 0)

/** A library image with plain defaults; newer ids are newer. */
export function makeLibraryImage(patch: Partial<LibraryImage> & { id: number }): LibraryImage {
  return {
    generationId: patch.id,
    sha256: shaOf(patch.id),
    path: `images/${patch.id}.png`,
    width: 1024,
    height: 1024,
    format: 'png',
    bytes: 200_000,
    avgColor: null,
    seed: null,
    cost: 0.02,
    nsfw: null,
    favorite: false,
    rating: 0,
    note: null,
    createdAt: BASE_TIME + patch.id * 60_000,
    trashedAt: null,
    prompt: `prompt number ${patch.id}`,
    tags: [],
    ...patch
  }
}

/** `count` images with ids from `firstId`. */
export function makeLibraryImages(firstId: number, count: number): LibraryImage[] {
  return Array.from({ length: count }, (_, i) => makeLibraryImage({ id: firstId + i }))
}

/** A stable 64-hex content hash for image `id` (the schema checks the length). */
export function shaOf(id: number): string {
  return id.toString(16).padStart(64, '0')
}

/** What an image's generation was made from, seeded as real reference rows. */
export type SeedReference =
  | { kind: 'image'; imageId: number }
  /** A file (its name is the label) or pasted bytes, with a stored copy as reference `referenceId`. */
  | { kind: 'file' | 'bytes'; name: string; referenceId?: number }

/** The parts of an image another process may change. */
export type ImagePatch = Partial<Pick<LibraryImage, 'favorite' | 'rating' | 'note' | 'trashedAt' | 'tags' | 'seed'>>

const open = new Set<CoreLibrary>()

/** Closes every core the tests opened (renderer setup, after each test). */
export async function closeCoreLibraries(): Promise<void> {
  const all = [...open]
  open.clear()
  await Promise.all(all.map((l) => l.close()))
}

export class CoreLibrary {
  private made: { core: Core; api: Api['library']; rows: LibraryQueries; cleanup: () => void } | null = null
  private readonly seed: LibraryImage[]
  private readonly seedCollections: { name: string; members: number[] }[] = []
  private nextReferenceId = 1

  /**
   * @param onChanged receives the core's own `library:changed` pushes.
   */
  constructor(
    images: LibraryImage[] = [],
    private readonly onChanged: (change: LibraryChanged) => void = () => undefined
  ) {
    this.seed = images.map((i) => structuredClone(i))
  }

  /** The core, made (and seeded) on first use. */
  private get it(): NonNullable<CoreLibrary['made']> {
    if (this.made) return this.made
    const t = tempDir('imagine-renderer-')
    const core = createCore({
      dataDir: join(t.dir, 'library'),
      secrets: createMemorySecretStore(),
      log: silentLogger,
      openExternal: async () => undefined,
      runware: { endpoint: 'http://127.0.0.1:9/v1' },
      autoRecover: false,
      info: { name: 'Imagine Studio', version: '0.1.0', platform: 'linux', shell: 'browser-host', versions: { app: '0.1.0', electron: null, chrome: null, node: process.versions.node } },
      emit: (channel, payload) => {
        if (channel === 'library:changed') this.onChanged(payload as LibraryChanged)
      },
      // A push goes out as soon as its write commits; other writers are looked for only on request.
      changeFeed: { intervalMs: 0, pollMs: 3_600_000 }
    })
    const api = createApi({
      invoke: <C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>) => core.router.dispatch(channel, args) as Promise<Result<InvokeResult<C>>>,
      subscribe: () => () => undefined,
      rendererReady: () => undefined,
      grantFile: async () => ({ ok: false, error: { code: 'NO_PATH', message: 'This file has no path on disk.' } }),
      mediaBase: 'app-image://'
    }).library
    this.made = { core, api, rows: new LibraryQueries(core.db), cleanup: t.cleanup }
    open.add(this)
    this.insert(this.seed)
    for (const c of this.seedCollections) this.insertCollection(c.name, c.members)
    return this.made
  }

  /** The core's database (for what a test needs to set up that has no helper here). */
  get core(): Core {
    return this.it.core
  }

  /**
   * Every image row as main reads it (trashed ones too), by id. Frozen: a test changes
   * rows with `add` and `update`, so a push or an assignment here throws instead of doing nothing.
   */
  get images(): readonly Readonly<LibraryImage>[] {
    const ids = this.it.core.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
    const rows: LibraryImage[] = []
    // Main reads rows by id at most 500 at a time.
    for (let i = 0; i < ids.length; i += 500) rows.push(...this.it.rows.images(ids.slice(i, i + 500)))
    rows.sort((a, b) => a.id - b.id)
    return Object.freeze(rows.map((r) => Object.freeze(r)))
  }

  image(id: number): LibraryImage | undefined {
    return this.images.find((i) => i.id === id)
  }

  /** Seeds images into the schema as the pipeline stores them (no files needed for browsing). */
  add(...images: LibraryImage[]): void {
    if (!this.made) {
      this.seed.push(...images.map((i) => structuredClone(i)))
      return
    }
    this.insert(images)
  }

  /** Changes rows behind the app's back, as the CLI or a second window would. */
  update(id: number, patch: ImagePatch): void {
    const db = this.it.core.db
    const set: [string, unknown][] = []
    if (patch.favorite !== undefined) set.push(['favorite', patch.favorite ? 1 : 0])
    if (patch.rating !== undefined) set.push(['rating', patch.rating])
    if (patch.note !== undefined) set.push(['note', patch.note])
    if (patch.trashedAt !== undefined) set.push(['trashed_at', patch.trashedAt])
    if (patch.seed !== undefined) set.push(['seed', patch.seed])
    db.transaction(() => {
      if (set.length > 0) db.prepare(`UPDATE images SET ${set.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...set.map(([, v]) => v), id)
      if (patch.tags !== undefined) {
        db.prepare('DELETE FROM image_tags WHERE image_id = ?').run(id)
        this.tag(id, patch.tags)
      }
    })()
  }

  /** Makes image `childId`'s generation one made from `from` (a library image, a file or pasted bytes). */
  link(childId: number, ...from: SeedReference[]): void {
    const db = this.it.core.db
    const generationId = db.prepare('SELECT generation_id FROM images WHERE id = ?').pluck().get(childId) as number | null
    if (generationId == null) throw new Error(`Image ${childId} has no generation to link`)
    const position = db.prepare('SELECT count(*) FROM generation_references WHERE generation_id = ?').pluck().get(generationId) as number
    from.forEach((ref, n) => {
      const referenceId = ref.kind === 'image' ? this.nextReferenceId++ : (ref.referenceId ?? this.nextReferenceId++)
      db.prepare("INSERT INTO reference_images (id, sha256, path, width, height, format, bytes, created_at) VALUES (?, ?, ?, 640, 480, 'jpg', 48000, 0)").run(referenceId, shaOf(1_000_000 + referenceId), `refs/${referenceId}.jpg`)
      const [kind, source, imageId] = ref.kind === 'image' ? ['image', String(ref.imageId), ref.imageId] : [ref.kind === 'file' ? 'path' : 'bytes', ref.name, null]
      db.prepare('INSERT INTO generation_references (generation_id, position, reference_id, source_kind, source, source_image_id) VALUES (?, ?, ?, ?, ?, ?)').run(generationId, position + n, referenceId, kind, source, imageId)
    })
  }

  /** The references main lists for an image (to compare with what the UI shows). */
  references(id: number): ImageReference[] {
    return this.it.core.library.references(id)
  }

  addCollection(name: string, members: number[] = []): CollectionInfo {
    if (!this.made) {
      this.seedCollections.push({ name, members })
      // Seeded collections get ids in the order they are added, as the table would give them.
      return { id: this.seedCollections.length, name, images: members.length, createdAt: BASE_TIME }
    }
    return this.insertCollection(name, members)
  }

  get collections(): CollectionInfo[] {
    return this.it.core.library.collections()
  }

  get savedSearches(): SavedSearch[] {
    return this.it.core.library.savedSearches()
  }

  /** Replaces the saved searches (ids and order as given). */
  set savedSearches(searches: SavedSearch[]) {
    const db = this.it.core.db
    db.transaction(() => {
      db.prepare('DELETE FROM saved_searches').run()
      const ins = db.prepare('INSERT INTO saved_searches (id, name, query, created_at, position) VALUES (?, ?, ?, ?, ?)')
      searches.forEach((s, n) => ins.run(s.id, s.name, s.query, s.createdAt, n))
    })()
  }

  stats(): LibraryStats {
    return this.it.core.images.stats()
  }

  /** The `library` part of the Api, answered by the core's router; each call goes through `respond` (records, fails, holds). */
  api(respond: <T>(method: FakeMethod, args: unknown[], produce: () => Promise<Result<T>>) => Promise<Result<T>>): Omit<Api['library'], 'stats' | 'onChanged' | 'costTotals'> {
    const call =
      <M extends keyof Api['library']>(name: M) =>
      (...args: unknown[]) =>
        respond(`library.${name}` as FakeMethod, args, () => (this.it.api[name] as (...a: unknown[]) => Promise<Result<unknown>>)(...args))
    const names = ['page', 'count', 'idList', 'monthCounts', 'images', 'setFavorite', 'setRating', 'setNote', 'addTags', 'removeTags', 'tags', 'trash', 'restore', 'emptyTrash', 'deleteForever', 'lineage', 'collections', 'createCollection', 'renameCollection', 'deleteCollection', 'addToCollection', 'removeFromCollection', 'collectionMembership', 'prompts', 'promptList', 'swatches', 'savedSearches', 'saveSearch', 'renameSavedSearch', 'reorderSavedSearches', 'deleteSavedSearch'] as const
    return Object.fromEntries(names.map((n) => [n, call(n)])) as unknown as Omit<Api['library'], 'stats' | 'onChanged' | 'costTotals'>
  }

  async close(): Promise<void> {
    const made = this.made
    if (!made) return
    this.made = null
    open.delete(this)
    await made.core.close()
    made.cleanup()
  }

  private insert(images: readonly LibraryImage[]): void {
    const db = this.it.core.db
    const gen = db.prepare(
      `INSERT OR IGNORE INTO generations (id, task_uuid, prompt, model, request, params, status, created_at, number_results, cost, width, height, output_format)
       VALUES (?, ?, ?, ?, '{}', '{}', 'succeeded', ?, 1, ?, ?, ?, ?)`
    )
    const img = db.prepare(
      `INSERT INTO images (id, generation_id, sha256, path, width, height, format, bytes, created_at, trashed_at, favorite, rating, note, cost, seed, nsfw, avg_rgb, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`
    )
    db.transaction(() => {
      for (const i of images) {
        // An image without a prompt came from no generation this library knows.
        const generationId = i.prompt === null ? null : i.generationId
        if (generationId !== null) gen.run(generationId, `task-${generationId}`, i.prompt, DEFAULT_MODEL, i.createdAt, i.cost, i.width, i.height, i.format.toUpperCase())
        const sha = /^[0-9a-f]{64}$/.test(i.sha256) ? i.sha256 : shaOf(i.id)
        img.run(i.id, generationId, sha, i.path, i.width, i.height, i.format, i.bytes, i.createdAt, i.trashedAt, i.favorite ? 1 : 0, i.rating, i.note, i.cost, i.seed, i.nsfw === null ? null : i.nsfw ? 1 : 0, i.avgColor)
        this.tag(i.id, i.tags)
      }
    })()
  }

  private tag(imageId: number, tags: readonly string[]): void {
    const db = this.it.core.db
    for (const name of tags) {
      db.prepare('INSERT OR IGNORE INTO tags (name) VALUES (?)').run(name)
      db.prepare('INSERT OR IGNORE INTO image_tags (image_id, tag_id) SELECT ?, id FROM tags WHERE name = ?').run(imageId, name)
    }
  }

  private insertCollection(name: string, members: number[]): CollectionInfo {
    const db = this.it.core.db
    const id = Number(db.prepare('INSERT INTO collections (name, created_at) VALUES (?, ?)').run(name, BASE_TIME).lastInsertRowid)
    const add = db.prepare('INSERT INTO collection_images (collection_id, image_id, added_at) VALUES (?, ?, ?)')
    for (const m of members) add.run(id, m, BASE_TIME)
    return { id, name, images: members.length, createdAt: BASE_TIME }
  }
}
