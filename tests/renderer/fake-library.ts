/**
 * A small in-memory library for the fake api: a list of LibraryImage plus
 * collections. Queries go through the real `parseQuery`, so an overlong search
 * fails with main's VALIDATION error and warnings are main's own words. It
 * honours section, collection, sort (and counts months like main), words (prompt, tags and note), fav:, tag:,
 * -tag:, rating:, collection:, in:trash and id:. Filters it does not model
 * (dates, sizes, cost, status…) make the call fail loudly instead of guessing.
 * The cursor is simply the index of the next item.
 */
import { viewTargetIds } from '../../electron/core/library/image-target'
import type { Api } from '../../electron/shared/api'
import type { LibraryChanged, LibraryStats } from '../../electron/shared/domain'
import type { InvokeArgs, InvokeChannel } from '../../electron/shared/ipc-contract'
import type { CollectionInfo, ImageReference, ImageTarget, LibraryImage, LibraryView, LineageNode, SavedSearch } from '../../electron/shared/library'
import { type Comparison, parseQuery, type ParsedQuery, QueryError, type TextTerm } from '../../electron/shared/query-language'
import type { IpcError, Result } from '../../electron/shared/result'
import { invokeArgSchemas } from '../../electron/shared/schemas'
import type { FakeMethod } from './fake-api'

const BASE_TIME = Date.UTC(2026, 0, 15, 9, 0, 0)

/** A library image with plain defaults; newer ids are newer. */
export function makeLibraryImage(patch: Partial<LibraryImage> & { id: number }): LibraryImage {
  return {
    generationId: patch.id,
    sha256: `sha-${patch.id}`,
    path: `images/${patch.id}.png`,
    width: 1024,
    height: 1024,
    format: 'png',
    bytes: 200_000,
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

interface Collection {
  info: CollectionInfo
  members: Set<number>
}

/** What a test sets; `references` defaults to none. */
type Lineage = { ancestors: LineageNode[]; descendants: LineageNode[]; references?: ImageReference[] }

const ok = <T>(value: T): Result<T> => ({ ok: true, value })
const fail = (error: IpcError): Result<never> => ({ ok: false, error })

function compare(value: number, c: Comparison): boolean {
  switch (c.op) {
    case '=':
      return value === c.value
    case '>':
      return value > c.value
    case '>=':
      return value >= c.value
    case '<':
      return value < c.value
    case '<=':
      return value <= c.value
  }
}

function matchesText(image: LibraryImage, term: TextTerm): boolean {
  const hay = [image.prompt ?? '', image.tags.join(' '), image.note ?? ''].join(' ').toLowerCase()
  const words = hay.split(/[^\p{L}\p{N}]+/u)
  const value = term.value.toLowerCase()
  const found = term.kind === 'phrase' ? hay.includes(value) : term.kind === 'prefix' ? words.some((w) => w.startsWith(value)) : words.includes(value)
  return found !== term.negated
}

function unmodelled(q: ParsedQuery): string | null {
  const f = q.filters
  const names: [string, boolean][] = [
    ['aspect:', f.aspect !== undefined],
    ['size:', f.size !== undefined],
    ['format:', f.formats.length > 0],
    ['after:/before:/on:', f.after !== undefined || f.before !== undefined || f.on !== undefined],
    ['cost:', f.cost !== undefined],
    ['has:', f.hasReferences !== undefined],
    ['status:', f.statuses.length > 0]
  ]
  return names.find(([, used]) => used)?.[0] ?? null
}

export class FakeLibrary {
  images: LibraryImage[]
  collections: Collection[] = []
  lineage: Record<number, Lineage> = {}
  savedSearches: SavedSearch[] = []
  nextCollectionId = 1
  now = (): number => Date.now()

  constructor(images: LibraryImage[] = []) {
    this.images = images.map((i) => structuredClone(i))
  }

  addCollection(name: string, members: number[] = []): CollectionInfo {
    const info = { id: this.nextCollectionId++, name, images: 0, createdAt: this.now() }
    this.collections.push({ info, members: new Set(members) })
    return info
  }

  stats(): LibraryStats {
    const live = this.images.filter((i) => i.trashedAt === null)
    return {
      images: live.length,
      favourites: live.filter((i) => i.favorite).length,
      trashed: this.images.length - live.length,
      generations: new Set(this.images.map((i) => i.generationId)).size
    }
  }

  /** The view's images in order, or main's error for it. */
  select(view: LibraryView): Result<{ items: LibraryImage[]; warnings: string[] }> {
    let q: ParsedQuery
    try {
      q = parseQuery(view.query ?? '')
    } catch (error) {
      if (error instanceof QueryError) return fail({ code: 'VALIDATION', message: error.message, field: 'query' })
      throw error
    }
    const missing = unmodelled(q)
    if (missing) return fail({ code: 'INTERNAL', message: `The fake library does not model ${missing}` })
    const f = q.filters
    const trash = view.section === 'trash' || f.inTrash === true
    const inCollection = (id: number, c: Collection | undefined): boolean => c?.members.has(id) ?? false
    const byId = this.collections.find((c) => c.info.id === view.collectionId)
    const items = this.images.filter(
      (i) =>
        (i.trashedAt !== null) === trash &&
        (view.section !== 'favorites' || i.favorite) &&
        (f.favorite === undefined || i.favorite === f.favorite) &&
        (view.collectionId === undefined || inCollection(i.id, byId)) &&
        f.collections.every((name) => inCollection(i.id, this.collections.find((c) => c.info.name === name))) &&
        f.tags.every((t) => i.tags.includes(t)) &&
        !f.excludedTags.some((t) => i.tags.includes(t)) &&
        (f.rating === undefined || compare(i.rating, f.rating)) &&
        (f.ids === undefined || f.ids.includes(i.id)) &&
        q.text.every((term) => matchesText(i, term))
    )
    const sort = view.sort ?? f.sort ?? 'newest'
    const key = (i: LibraryImage): number[] =>
      trash ? [i.trashedAt ?? 0, i.id] : sort === 'rating' ? [i.rating, i.id] : sort === 'cost' ? [i.cost ?? 0, i.id] : [i.id]
    items.sort((a, b) => {
      const [ka, kb] = [key(a), key(b)]
      const diff = ka.map((v, n) => v - (kb[n] ?? 0)).find((d) => d !== 0) ?? 0
      return sort === 'oldest' && !trash ? diff : -diff
    })
    return ok({ items, warnings: q.warnings })
  }

  /** Like main: a list as given, or the view's ids read here (bounded by maxId, minus except). */
  private idsOf(target: ImageTarget): number[] {
    if (Array.isArray(target)) return target
    const sel = this.select(target.view)
    return sel.ok ? viewTargetIds(sel.value.items.map((i) => i.id), target) : []
  }

  private each(ids: number[], change: (image: LibraryImage) => void): number {
    let n = 0
    for (const image of this.images) {
      if (!ids.includes(image.id)) continue
      change(image)
      n++
    }
    return n
  }

  private collection(id: number): Collection | Result<never> {
    return this.collections.find((c) => c.info.id === id) ?? fail({ code: 'NOT_FOUND', message: `There is no collection #${id}` })
  }

  /** The `library` part of the Api over this model (stats and onChanged are the caller's). */
  api(
    respond: <T>(method: FakeMethod, args: unknown[], produce: () => Result<T>) => Promise<Result<T>>,
    changed: (change: Omit<LibraryChanged, 'stats'>) => void
  ): Omit<Api['library'], 'stats' | 'onChanged'> {
    /** Validates like main's router, answers, and publishes a change the way main's services do. */
    const run = <C extends InvokeChannel, T>(method: FakeMethod, channel: C, args: InvokeArgs<C>, produce: () => Result<T>, change?: (v: T) => Omit<LibraryChanged, 'stats'>): Promise<Result<T>> =>
      respond(method, args, () => {
        const parsed = invokeArgSchemas[channel].safeParse(args)
        if (!parsed.success) {
          const issue = parsed.error.issues[0]
          return fail({ code: 'VALIDATION', message: issue?.message ?? 'Invalid input', field: issue?.path.map(String).join('.') })
        }
        const result = produce()
        if (result.ok && change) changed(change(result.value))
        return result
      })
    const updated = (ids: number[], reason: LibraryChanged['reason'] = 'images-updated') => (): Omit<LibraryChanged, 'stats'> => ({ reason, imageIds: ids })
    const withCount = (c: Collection): CollectionInfo => ({ ...c.info, images: this.images.filter((i) => c.members.has(i.id)).length })

    return {
      page: (view, cursor, limit) =>
        run('library.page', 'library:page', [view, cursor, limit], () => {
          const sel = this.select(view)
          if (!sel.ok) return sel
          const start = cursor === null ? 0 : Number(cursor)
          const end = start + limit
          return ok({ items: sel.value.items.slice(start, end), nextCursor: end < sel.value.items.length ? String(end) : null, warnings: sel.value.warnings })
        }),
      count: (view) => run('library.count', 'library:count', [view], () => {
        const sel = this.select(view)
        return sel.ok ? ok(sel.value.items.length) : sel
      }),
      idList: (view) => run('library.idList', 'library:id-list', [view], () => {
        const sel = this.select(view)
        return sel.ok ? ok({ ids: Uint32Array.from(sel.value.items.map((i) => i.id)), total: sel.value.items.length }) : sel
      }),
      monthCounts: (view) => run('library.monthCounts', 'library:month-counts', [view], () => {
        // Like main: calendar months (UTC) of the view's images, newest month first.
        const sel = this.select(view)
        if (!sel.ok) return sel
        const byMonth = new Map<number, number>()
        for (const i of sel.value.items) {
          const d = new Date(i.createdAt)
          const month = d.getUTCFullYear() * 100 + d.getUTCMonth() + 1
          byMonth.set(month, (byMonth.get(month) ?? 0) + 1)
        }
        return ok([...byMonth].sort((a, b) => b[0] - a[0]).map(([month, count]) => ({ month, count })))
      }),
      images: (ids) => run('library.images', 'library:get-images', [ids], () => ok(this.images.filter((i) => ids.includes(i.id)))),
      setFavorite: (ids, favorite) => run('library.setFavorite', 'library:set-favorite', [ids, favorite], () => ok(this.each(this.idsOf(ids), (i) => (i.favorite = favorite))), updated(this.idsOf(ids))),
      setRating: (ids, rating) => run('library.setRating', 'library:set-rating', [ids, rating], () => ok(this.each(this.idsOf(ids), (i) => (i.rating = rating))), updated(this.idsOf(ids))),
      setNote: (id, note) => run('library.setNote', 'library:set-note', [id, note], () => {
        this.each([id], (i) => (i.note = note?.trim() || null))
        return ok(undefined)
      }, updated([id])),
      addTags: (ids, tags) => run('library.addTags', 'library:add-tags', [ids, tags], () => {
        this.each(this.idsOf(ids), (i) => (i.tags = [...new Set([...i.tags, ...tags.map((t) => t.trim())])]))
        return ok(undefined)
      }, updated(this.idsOf(ids))),
      removeTags: (ids, tags) => run('library.removeTags', 'library:remove-tags', [ids, tags], () => {
        this.each(this.idsOf(ids), (i) => (i.tags = i.tags.filter((t) => !tags.includes(t))))
        return ok(undefined)
      }, updated(this.idsOf(ids))),
      tags: () => run('library.tags', 'library:list-tags', [], () => {
        const counts = new Map<string, number>()
        for (const i of this.images) for (const t of i.tags) counts.set(t, (counts.get(t) ?? 0) + 1)
        return ok([...counts].map(([name, images]) => ({ name, images })).sort((a, b) => a.name.localeCompare(b.name)))
      }),
      trash: (ids) => run('library.trash', 'library:trash', [ids], () => ok(this.each(this.idsOf(ids), (i) => (i.trashedAt = this.now()))), updated(this.idsOf(ids), 'images-trashed')),
      restore: (ids) => run('library.restore', 'library:restore', [ids], () => ok(this.each(this.idsOf(ids), (i) => (i.trashedAt = null))), updated(this.idsOf(ids), 'images-restored')),
      emptyTrash: () => {
        const doomed = this.images.filter((i) => i.trashedAt !== null).map((i) => i.id)
        return run('library.emptyTrash', 'library:empty-trash', [], () => {
          // Like main: a stored path that leaves the library is refused, its row still goes.
          const refused = this.images
            .filter((i) => i.trashedAt !== null && (i.path.startsWith('../') || i.path.startsWith('/')))
            .map((i) => ({ imageId: i.id, path: i.path, code: 'PATH_OUTSIDE_LIBRARY' as const, message: `${i.path} is outside the library` }))
          this.images = this.images.filter((i) => i.trashedAt === null)
          return ok({ removed: doomed.length, filesDeleted: doomed.length - refused.length, refused })
        }, () => ({ reason: 'images-removed', imageIds: doomed }))
      },
      deleteForever: (ids) => {
        // Like main: only trashed images among `ids` go; a live one is left alone.
        const doomed = this.images.filter((i) => i.trashedAt !== null && ids.includes(i.id)).map((i) => i.id)
        return run('library.deleteForever', 'library:delete-forever', [ids], () => {
          this.images = this.images.filter((i) => !doomed.includes(i.id))
          for (const c of this.collections) for (const id of doomed) c.members.delete(id)
          return ok({ removed: doomed.length, filesDeleted: doomed.length, refused: [] })
        }, () => ({ reason: 'images-removed', imageIds: doomed }))
      },
      lineage: (id) => run('library.lineage', 'library:lineage', [id], () => ok({ references: [], ...(this.lineage[id] ?? { ancestors: [], descendants: [] }) })),
      collections: () => run('library.collections', 'library:list-collections', [], () => ok(this.collections.map(withCount))),
      createCollection: (name) => run('library.createCollection', 'library:create-collection', [name], () => {
        const clean = name.trim()
        if (this.collections.some((c) => c.info.name === clean)) return fail({ code: 'VALIDATION', message: `There is already a collection named "${clean}"`, field: 'name' })
        return ok(this.addCollection(clean))
      }),
      renameCollection: (id, name) => run('library.renameCollection', 'library:rename-collection', [id, name], () => {
        const c = this.collection(id)
        if ('ok' in c) return c
        const clean = name.trim()
        if (this.collections.some((x) => x !== c && x.info.name.toLowerCase() === clean.toLowerCase())) return fail({ code: 'VALIDATION', message: `There is already a collection named "${clean}"`, field: 'name' })
        c.info.name = clean
        return ok(undefined)
      }),
      deleteCollection: (id) => run('library.deleteCollection', 'library:delete-collection', [id], () => {
        const c = this.collection(id)
        if ('ok' in c) return c
        this.collections = this.collections.filter((x) => x !== c)
        return ok(undefined)
      }),
      addToCollection: (id, ids) => run('library.addToCollection', 'library:add-to-collection', [id, ids], () => {
        const c = this.collection(id)
        if ('ok' in c) return c
        for (const imageId of this.idsOf(ids)) if (this.images.some((i) => i.id === imageId)) c.members.add(imageId)
        return ok(undefined)
      }, updated(this.idsOf(ids))),
      removeFromCollection: (id, ids) => run('library.removeFromCollection', 'library:remove-from-collection', [id, ids], () => {
        const c = this.collection(id)
        if ('ok' in c) return c
        for (const imageId of this.idsOf(ids)) c.members.delete(imageId)
        return ok(undefined)
      }, updated(this.idsOf(ids))),
      collectionMembership: (ids) => run('library.collectionMembership', 'library:collection-membership', [ids], () =>
        ok(
          this.collections
            .map((c) => ({ collectionId: c.info.id, images: ids.filter((id) => c.members.has(id)).length }))
            .filter((m) => m.images > 0)
        )
      ),
      costTotals: (by) => run('library.costTotals', 'library:cost-totals', [by], () => fail({ code: 'INTERNAL', message: 'The fake library does not model cost totals' })),
      prompts: (prefix, limit) => run('library.prompts', 'library:prompts', [prefix, limit], () => fail({ code: 'INTERNAL', message: 'The fake library does not model the prompt library' })),
      savedSearches: () => run('library.savedSearches', 'library:list-saved-searches', [], () => ok(this.savedSearches.map((x) => ({ ...x })))),
      saveSearch: (name, query) => run('library.saveSearch', 'library:save-search', [name, query], () => {
        // Like main: the same name (any case) replaces the query and keeps its place; a new one goes last.
        const clean = name.trim()
        const same = this.savedSearches.find((x) => x.name.toLowerCase() === clean.toLowerCase())
        if (same) {
          same.query = query
          return ok({ ...same })
        }
        const saved = { id: Math.max(0, ...this.savedSearches.map((x) => x.id)) + 1, name: clean, query, createdAt: this.now() }
        this.savedSearches = [...this.savedSearches, saved]
        return ok({ ...saved })
      }),
      renameSavedSearch: (id, name) => run('library.renameSavedSearch', 'library:rename-saved-search', [id, name], () => {
        const clean = name.trim()
        const found = this.savedSearches.find((x) => x.id === id)
        if (!found) return fail({ code: 'NOT_FOUND', message: `There is no saved search #${id}` })
        if (this.savedSearches.some((x) => x.id !== id && x.name.toLowerCase() === clean.toLowerCase())) return fail({ code: 'VALIDATION', message: `There is already a saved search named "${clean}"`, field: 'name' })
        found.name = clean
        return ok(undefined)
      }),
      reorderSavedSearches: (ids) => run('library.reorderSavedSearches', 'library:reorder-saved-searches', [ids], () => {
        const known = this.savedSearches.map((x) => x.id).sort((a, b) => a - b)
        const given = [...ids].sort((a, b) => a - b)
        if (given.length !== known.length || given.some((id, n) => id !== known[n])) return fail({ code: 'VALIDATION', message: 'The new order must name every saved search once', field: 'ids' })
        this.savedSearches = ids.map((id) => this.savedSearches.find((x) => x.id === id)!)
        return ok(this.savedSearches.map((x) => ({ ...x })))
      }),
      deleteSavedSearch: (id) => run('library.deleteSavedSearch', 'library:delete-saved-search', [id], () => {
        this.savedSearches = this.savedSearches.filter((x) => x.id !== id)
        return ok(undefined)
      })
    }
  }
}
