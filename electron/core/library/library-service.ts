/**
 * Write side of the library and its small reports: favourite, rating, notes,
 * tags, collections, trash (emptying deletes a file only when no other row
 * uses it), lineage, the cost ledger and the prompt library.
 *
 * Every write runs in `journal.tx()` and is journaled there (core/journal): an
 * operation on many images is applied through `journal.apply()` (the very code
 * `imagine rebuild` replays), a row with an id of its own is recorded with
 * `journal.put()` after it is written, a deleted one with a `del`.
 */
import { rmSync } from 'node:fs'
import { localDayKey, type CostGrouping, type CostRange } from '../../shared/spend'
import type { CollectionInfo, CollectionMembership, CostTotal, ImageTarget, EmptyTrashResult, ImageReference, LineageNode, PromptStat, RefusedFile, SavedSearch } from '../../shared/library'
import { referenceLabel, type LinkKind } from '../generation/reference-label'

export type { RefusedFile } from '../../shared/library'
import { parseView } from './view-sql'
import { checkIdList, isViewTarget, viewTargetIds } from './image-target'
import { LibraryQueries } from './library-queries'
import { PromptLibrary } from './prompt-library'
import type { PromptListQuery, PromptPage } from '../../shared/prompts'
import type { WritableDB } from '../db/connection'
import { NotFoundError, ValidationError } from '../errors'
import { deletableInsideLibrary, OutsideLibraryError } from '../files/library-path'
import { Journal } from '../journal/journal'
import type { ImageSetColumn } from '../journal/events'


interface DoomedRow {
  id: number
  path: string
  thumb_path: string | null
}
const MAX_DEPTH = 64

function cleanName(name: string, what: string, max: number): string {
  // Control characters have no place in a name.
  // eslint-disable-next-line no-control-regex
  const clean = name.normalize('NFC').replace(/[\u0000-\u001f\u007f]/g, '').trim().replace(/\s+/g, ' ')
  if (clean.length === 0) throw new ValidationError(`A ${what} needs a name`, 'name')
  if (clean.length > max) throw new ValidationError(`A ${what} name has at most ${max} characters`, 'name')
  return clean
}

/** Collection names are unique (case-insensitively): a clash is the person's to fix, anything else is ours. */
function duplicateCollection(error: unknown, name: string): unknown {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE' ? new ValidationError(`There is already a collection named "${name}"`, 'name') : error
}

export class LibraryService {
  private readonly views: LibraryQueries
  private readonly promptLibrary: PromptLibrary

  constructor(
    private readonly db: WritableDB,
    private readonly dataDir: string,
    private readonly now: () => number = Date.now,
    private readonly onChange: (reason: 'images-updated' | 'images-trashed' | 'images-restored' | 'images-removed', ids: number[]) => void = () => undefined,
    private readonly journal: Journal = Journal.off(db)
  ) {
    this.views = new LibraryQueries(db)
    this.promptLibrary = new PromptLibrary(db)
  }

  /**
   * The ids a target names: a list as given (at most 10,000), or every image of a
   * view read here in one query ("everything in this search": never sent as ids).
   */
  private idsOf(target: ImageTarget): number[] {
    if (!isViewTarget(target)) return checkIdList(target)
    const ids = viewTargetIds(this.views.idList(target.view), target)
    if (ids.length === 0) throw new ValidationError('That view has no images', 'target')
    return ids
  }

  private update(col: ImageSetColumn, target: ImageTarget, v: string | number | null, reason: 'images-updated' | 'images-trashed' | 'images-restored' = 'images-updated'): number {
    const ids = this.idsOf(target)
    const changes = this.journal.tx(() => this.journal.apply({ t: 'images.set', ids, col, v }))
    this.onChange(reason, ids)
    return changes
  }

  setFavorite(target: ImageTarget, favorite: boolean): number {
    return this.update('favorite', target, favorite ? 1 : 0)
  }

  setRating(target: ImageTarget, rating: number): number {
    if (!Number.isInteger(rating) || rating < 0 || rating > 5) throw new ValidationError('A rating is 0 to 5 stars', 'rating')
    return this.update('rating', target, rating)
  }

  setNote(id: number, note: string | null): void {
    const text = note === null ? null : note.replaceAll('\u0000', '').trim().slice(0, 10_000) || null
    this.update('note', [id], text)
  }

  addTags(target: ImageTarget, names: readonly string[]): void {
    const ids = this.idsOf(target)
    const clean = names.map((n) => cleanName(n, 'tag', 64))
    this.journal.tx(() => {
      const tags: [number, string][] = []
      for (const name of clean) {
        this.db.prepare('INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING').run(name)
        const t = this.db.prepare('SELECT id, name FROM tags WHERE name = ?').get(name) as { id: number; name: string }
        tags.push([t.id, t.name])
      }
      this.journal.apply({ t: 'tags.add', ids, tags })
    })
    this.onChange('images-updated', ids)
  }

  removeTags(target: ImageTarget, names: readonly string[]): void {
    const ids = this.idsOf(target)
    this.journal.tx(() => this.journal.apply({ t: 'tags.remove', ids, names: [...names] }))
    this.onChange('images-updated', ids)
  }

  tags(): { name: string; images: number }[] {
    // Trigger-kept counts (schema 9): no count(*) over image_tags on main's thread.
    return this.db.prepare('SELECT t.name, c.n AS images FROM tags t JOIN tag_counts c ON c.tag_id = t.id ORDER BY t.name COLLATE NOCASE').all() as { name: string; images: number }[]
  }

  createCollection(name: string): CollectionInfo {
    const clean = cleanName(name, 'collection', 120)
    try {
      const id = this.journal.tx(() => {
        const id = Number(this.db.prepare('INSERT INTO collections (name, created_at) VALUES (?, ?)').run(clean, this.now()).lastInsertRowid)
        this.journal.put('collections', { id })
        return id
      })
      return { id, name: clean, images: 0, createdAt: this.now() }
    } catch (error) {
      throw duplicateCollection(error, clean)
    }
  }

  renameCollection(id: number, name: string): void {
    const clean = cleanName(name, 'collection', 120)
    let changes: number
    try {
      changes = this.journal.tx(() => {
        const n = this.db.prepare('UPDATE collections SET name = ? WHERE id = ?').run(clean, id).changes
        if (n > 0) this.journal.put('collections', { id })
        return n
      })
    } catch (error) {
      throw duplicateCollection(error, clean)
    }
    if (changes === 0) throw new NotFoundError(`There is no collection #${id}`)
  }

  deleteCollection(id: number): void {
    const changes = this.journal.tx(() => {
      const n = this.db.prepare('DELETE FROM collections WHERE id = ?').run(id).changes
      if (n > 0) this.journal.note({ t: 'del', tb: 'collections', k: { id } })
      return n
    })
    if (changes === 0) throw new NotFoundError(`There is no collection #${id}`)
  }

  addToCollection(id: number, target: ImageTarget): void {
    const ids = this.idsOf(target)
    this.journal.tx(() => {
      if (!this.db.prepare('SELECT 1 FROM collections WHERE id = ?').get(id)) throw new NotFoundError(`There is no collection #${id}`)
      this.journal.apply({ t: 'collection.add', id, ids, at: this.now() })
    })
    this.onChange('images-updated', ids)
  }

  removeFromCollection(id: number, target: ImageTarget): void {
    const ids = this.idsOf(target)
    this.journal.tx(() => this.journal.apply({ t: 'collection.remove', id, ids }))
    this.onChange('images-updated', ids)
  }

  collections(): CollectionInfo[] {
    return (this.db.prepare('SELECT c.id, c.name, c.created_at, coalesce((SELECT n FROM collection_counts k WHERE k.collection_id = c.id), 0) AS images FROM collections c ORDER BY c.name COLLATE NOCASE').all() as { id: number; name: string; created_at: number; images: number }[]).map(
      (r) => ({ id: r.id, name: r.name, images: r.images, createdAt: r.created_at })
    )
  }

  /** How many of these images each collection holds (collections holding none are left out): the menu's check marks. */
  collectionMembership(ids: readonly number[]): CollectionMembership[] {
    return this.db
      .prepare('SELECT collection_id AS collectionId, count(*) AS images FROM collection_images WHERE image_id IN (SELECT value FROM json_each(?)) GROUP BY collection_id ORDER BY collection_id')
      .all(JSON.stringify(checkIdList(ids))) as CollectionMembership[]
  }

  trash(target: ImageTarget): number {
    return this.update('trashed_at', target, this.now(), 'images-trashed')
  }

  restore(target: ImageTarget): number {
    return this.update('trashed_at', target, null, 'images-restored')
  }

  /**
   * Deletes trashed images for good. A file is removed only when no other image
   * row (the same bytes can belong to several) still points at it, and only when
   * it is inside the library: a path in library.db that leads outside (tampered
   * '../x', absolute, symlink out) is refused and reported in `refused`; that
   * row is still removed (the person asked for it to go, and the row never owned
   * a library file), the file it names is never touched, and the rest go on.
   */
  emptyTrash(): EmptyTrashResult {
    return this.deleteTrashed('', [])
  }

  /**
   * Deletes these images for good, the way emptyTrash does, but only those in
   * the Trash: a live image among `ids` is left alone (a stale selection must
   * not delete what the person can still see elsewhere); unknown ids are skipped.
   */
  deleteForever(ids: readonly number[]): EmptyTrashResult {
    return this.deleteTrashed('AND id IN (SELECT value FROM json_each(?))', [JSON.stringify(checkIdList(ids))])
  }

  /** emptyTrash and deleteForever: the trashed rows matching `and` go, then the files no row uses any more. */
  private deleteTrashed(and: string, params: unknown[]): EmptyTrashResult {
    let doomed: DoomedRow[] = []
    const files = this.journal.tx(() => {
      // Read under the write lock: an image restored a moment ago is not deleted.
      doomed = this.db.prepare(`SELECT id, path, thumb_path FROM images WHERE trashed_at IS NOT NULL ${and}`).all(...params) as DoomedRow[]
      if (doomed.length === 0) return []
      const rows = doomed
      this.journal.apply({ t: 'images.delete', ids: doomed.map((d) => d.id) })
      const stillUsed = this.db.prepare('SELECT 1 FROM images WHERE path = ? LIMIT 1').pluck()
      const out: { imageId: number; rel: string; isImage: boolean }[] = []
      for (const d of new Map(rows.map((x) => [x.path, x])).values()) {
        if (stillUsed.get(d.path)) continue
        out.push({ imageId: d.id, rel: d.path, isImage: true })
        if (d.thumb_path) out.push({ imageId: d.id, rel: d.thumb_path, isImage: false })
      }
      return out
    })
    if (doomed.length === 0) return { removed: 0, filesDeleted: 0, refused: [] }
    // Files go only after the rows are gone: a crash here leaves an orphan file, never a row without its file.
    let filesDeleted = 0
    const refused: RefusedFile[] = []
    for (const f of files) {
      let target: string | null
      try {
        target = deletableInsideLibrary(this.dataDir, f.rel)
      } catch (error) {
        if (!(error instanceof OutsideLibraryError)) throw error
        refused.push({ imageId: f.imageId, path: f.rel, code: 'PATH_OUTSIDE_LIBRARY', message: error.message })
        continue
      }
      if (target) rmSync(target, { force: true })
      if (f.isImage) filesDeleted++
    }
    this.onChange('images-removed', doomed.map((d) => d.id))
    return { removed: doomed.length, filesDeleted, refused }
  }

  /** The images an image was made from, nearest first (via reference images). */
  ancestors(imageId: number): LineageNode[] {
    return this.lineage(
      imageId,
      `SELECT gr.source_image_id, walk.depth + 1 FROM walk
         JOIN images i ON i.id = walk.image_id
         JOIN generation_references gr ON gr.generation_id = i.generation_id
       WHERE gr.source_image_id IS NOT NULL AND walk.depth < ${MAX_DEPTH}`
    )
  }

  /** The images made from an image, directly or through others. */
  descendants(imageId: number): LineageNode[] {
    return this.lineage(
      imageId,
      `SELECT child.id, walk.depth + 1 FROM walk
         JOIN generation_references gr ON gr.source_image_id = walk.image_id
         JOIN images child ON child.generation_id = gr.generation_id
       WHERE walk.depth < ${MAX_DEPTH}`
    )
  }

  /**
   * The references an image's generation was made from, in order, whatever they
   * were: a file or pasted bytes have no library image, but a stored copy in refs/.
   */
  references(imageId: number): ImageReference[] {
    const rows = this.db
      .prepare<[number], { referenceId: number; sourceKind: LinkKind; source: string; sourceImageId: number | null; prompt: string | null }>(
        `SELECT gr.reference_id AS referenceId, gr.source_kind AS sourceKind, gr.source, gr.source_image_id AS sourceImageId, sg.prompt
         FROM images i
         JOIN generation_references gr ON gr.generation_id = i.generation_id
         LEFT JOIN images si ON si.id = gr.source_image_id
         LEFT JOIN generations sg ON sg.id = si.generation_id
         WHERE i.id = ? ORDER BY gr.position`
      )
      .all(imageId)
    return rows.map((r) => ({
      referenceId: r.referenceId,
      ...referenceLabel(r, () => r.prompt),
      libraryImageId: r.sourceImageId
    }))
  }

  /** Walks the reference graph from an image with one recursive step (fixed SQL above). */
  private lineage(imageId: number, step: string): LineageNode[] {
    return this.db
      .prepare(
        `WITH RECURSIVE walk(image_id, depth) AS (
           SELECT ?, 0
           UNION
           ${step})
         SELECT walk.image_id AS imageId, i.generation_id AS generationId, g.prompt, min(walk.depth) AS depth
         FROM walk JOIN images i ON i.id = walk.image_id LEFT JOIN generations g ON g.id = i.generation_id
         WHERE walk.depth > 0 GROUP BY walk.image_id ORDER BY depth, walk.image_id`
      )
      .all(imageId) as LineageNode[]
  }

  /**
   * Spending from the ledger (generations' `cost`, as Runware reported it), grouped by
   * local calendar day or month (the machine's time zone, as `on:today` in a search),
   * collection or prompt; only generations created in `range` ([from, to) epoch ms)
   * when one is given. Days and months come newest first; collections and prompts
   * most expensive first. A collection counts its images' costs.
   */
  costTotals(by: CostGrouping, range: CostRange = {}, limit = 100): CostTotal[] {
    const lim = Math.max(1, Math.min(1000, Math.floor(limit)))
    this.registerLocalDates()
    const from = range.from ?? 0
    const to = range.to ?? Number.MAX_SAFE_INTEGER
    if (by === 'collection') {
      return this.db
        .prepare(`SELECT c.name AS key, ifnull(sum(i.cost), 0) AS costUsd, count(i.id) AS images, count(DISTINCT i.generation_id) AS generations
          FROM collections c JOIN collection_images ci ON ci.collection_id = c.id JOIN images i ON i.id = ci.image_id
          JOIN generations g ON g.id = i.generation_id
          WHERE g.created_at >= ? AND g.created_at < ? GROUP BY c.id ORDER BY costUsd DESC, c.name LIMIT ${lim}`)
        .all(from, to) as CostTotal[]
    }
    const key = by === 'prompt' ? 'g.prompt' : by === 'day' ? 'imagine_local_day(g.created_at)' : 'imagine_local_month(g.created_at)'
    const order = by === 'prompt' ? 'costUsd DESC, key' : 'key DESC'
    return this.db
      .prepare(`SELECT ${key} AS key, ifnull(sum(g.cost), 0) AS costUsd, sum((SELECT count(*) FROM images i WHERE i.generation_id = g.id)) AS images, count(*) AS generations
        FROM generations g WHERE g.cost IS NOT NULL AND g.created_at >= ? AND g.created_at < ? GROUP BY key ORDER BY ${order} LIMIT ${lim}`)
      .all(from, to) as CostTotal[]
  }

  private localDates = false
  /** YYYY-MM-DD and YYYY-MM of an epoch-ms time in this process's time zone (JavaScript's Date follows DST). */
  private registerLocalDates(): void {
    if (this.localDates) return
    this.localDates = true
    this.db.function('imagine_local_day', (ms: unknown) => localDayKey(Number(ms)))
    this.db.function('imagine_local_month', (ms: unknown) => localDayKey(Number(ms)).slice(0, 7))
  }

  /** Saved searches in the order the person arranged them (new ones last). */
  savedSearches(): SavedSearch[] {
    return (this.db.prepare('SELECT id, name, query, created_at FROM saved_searches ORDER BY position, id').all() as { id: number; name: string; query: string; created_at: number }[]).map((r) => ({
      id: r.id,
      name: r.name,
      query: r.query,
      createdAt: r.created_at
    }))
  }

  /** Saves (or replaces, by name, keeping its place) a search for the sidebar; a new one goes last. The query is checked first. */
  saveSearch(name: string, query: string): SavedSearch {
    const clean = cleanName(name, 'saved search', 120)
    parseView({ query })
    const now = this.now()
    const row = this.journal.tx(() => {
      this.db
        .prepare(
          `INSERT INTO saved_searches (name, query, created_at, position) VALUES (?, ?, ?, (SELECT ifnull(max(position), -1) + 1 FROM saved_searches))
           ON CONFLICT (name) DO UPDATE SET query = excluded.query`
        )
        .run(clean, query, now)
      const row = this.db.prepare('SELECT id, name, created_at FROM saved_searches WHERE name = ?').get(clean) as { id: number; name: string; created_at: number }
      this.journal.put('saved_searches', { id: row.id })
      return row
    })
    return { id: row.id, name: row.name, query, createdAt: row.created_at }
  }

  /** Names are unique (case-insensitively), like collections: a clash is a VALIDATION error. */
  renameSavedSearch(id: number, name: string): void {
    const clean = cleanName(name, 'saved search', 120)
    this.journal.tx(() => {
      let changes: number
      try {
        changes = this.db.prepare('UPDATE saved_searches SET name = ? WHERE id = ?').run(clean, id).changes
      } catch (error) {
        throw (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE' ? new ValidationError(`There is already a saved search named "${clean}"`, 'name') : error
      }
      if (changes === 0) throw new NotFoundError(`There is no saved search #${id}`)
      this.journal.put('saved_searches', { id })
    })
  }

  /**
   * Puts the saved searches in this order. `ids` must name every saved search
   * once (so two windows reordering at once cannot lose one); answers the new list.
   */
  reorderSavedSearches(ids: readonly number[]): SavedSearch[] {
    this.journal.tx(() => {
      const known = (this.db.prepare('SELECT id FROM saved_searches').pluck().all() as number[]).sort((a, b) => a - b)
      const given = [...ids].sort((a, b) => a - b)
      if (new Set(ids).size !== ids.length || given.length !== known.length || given.some((id, n) => id !== known[n])) {
        throw new ValidationError('The new order must name every saved search once; the list may have changed, so reload it', 'ids')
      }
      const move = this.db.prepare('UPDATE saved_searches SET position = ? WHERE id = ?')
      ids.forEach((id, position) => {
        move.run(position, id)
        this.journal.put('saved_searches', { id })
      })
    })
    return this.savedSearches()
  }

  deleteSavedSearch(id: number): void {
    const changes = this.journal.tx(() => {
      const n = this.db.prepare('DELETE FROM saved_searches WHERE id = ?').run(id).changes
      if (n > 0) this.journal.note({ t: 'del', tb: 'saved_searches', k: { id } })
      return n
    })
    if (changes === 0) throw new NotFoundError(`There is no saved search #${id}`)
  }

  /** Past prompts starting with `prefix`, most recently used first (the composer's autocomplete). */
  prompts(prefix = '', limit = 20): PromptStat[] {
    return this.promptLibrary.prompts(prefix, limit)
  }

  /** A page of the Prompts view. */
  promptList(query: PromptListQuery): PromptPage {
    return this.promptLibrary.list(query)
  }
}
