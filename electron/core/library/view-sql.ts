/**
 * Turns a gallery view (section + parsed query + sort) into parameterised SQL.
 * Values are always bound; the only text assembled here is fixed SQL chosen
 * from the allow-listed sorts and filters below.
 */
import type { LibrarySort, LibraryView } from '../../shared/library'
import { ValidationError } from '../errors'
import { parseQuery, toFtsExclusion, toFtsMatch, QueryError, type Comparison, type ParsedQuery } from '../../shared/query-language'

export interface ViewSql {
  /** `FROM … WHERE …` (alias `i` for images), shared by pages, counts, id lists and month counts. */
  from: string
  where: string[]
  params: Record<string, unknown>
  sort: LibrarySort
  trash: boolean
  /** Text search that can drive the query in FTS rowid order (newest/oldest). */
  ftsDriven: boolean
  warnings: string[]
}

interface SortSpec {
  /** ORDER BY clause. */
  order: string
  /** Key columns for keyset pagination, in order, with the comparison for "after". */
  keys: { expr: string; name: string }[]
  descending: boolean
}

export const SORTS: Record<LibrarySort | 'trash', SortSpec> = {
  newest: { order: 'i.id DESC', keys: [{ expr: 'i.id', name: 'id' }], descending: true },
  oldest: { order: 'i.id ASC', keys: [{ expr: 'i.id', name: 'id' }], descending: false },
  rating: { order: 'i.rating DESC, i.id DESC', keys: [{ expr: 'i.rating', name: 'rating' }, { expr: 'i.id', name: 'id' }], descending: true },
  cost: { order: 'ifnull(i.cost, 0) DESC, i.id DESC', keys: [{ expr: 'ifnull(i.cost, 0)', name: 'cost' }, { expr: 'i.id', name: 'id' }], descending: true },
  trash: { order: 'i.trashed_at DESC, i.id DESC', keys: [{ expr: 'i.trashed_at', name: 'trashedAt' }, { expr: 'i.id', name: 'id' }], descending: true }
}

function cmp(expr: string, c: Comparison, name: string, params: Record<string, unknown>): string {
  params[name] = c.value
  return `${expr} ${c.op} @${name}`
}

export function parseView(view: LibraryView): ParsedQuery {
  try {
    return parseQuery(view.query ?? '')
  } catch (error) {
    if (error instanceof QueryError) throw new ValidationError(error.message, 'query')
    throw error
  }
}

export function buildViewSql(view: LibraryView, parsed: ParsedQuery = parseView(view)): ViewSql {
  const f = parsed.filters
  const where: string[] = []
  const params: Record<string, unknown> = {}
  const trash = view.section === 'trash' || f.inTrash === true
  where.push(trash ? 'i.trashed_at IS NOT NULL' : 'i.trashed_at IS NULL')
  if (view.section === 'favorites' || f.favorite === true) where.push('i.favorite = 1')
  else if (f.favorite === false) where.push('i.favorite = 0')
  if (view.collectionId !== undefined) {
    params.collectionId = view.collectionId
    where.push('i.id IN (SELECT image_id FROM collection_images WHERE collection_id = @collectionId)')
  }
  f.collections.forEach((name, n) => {
    params[`col${n}`] = name
    where.push(`i.id IN (SELECT ci.image_id FROM collection_images ci JOIN collections c ON c.id = ci.collection_id WHERE c.name = @col${n})`)
  })
  f.tags.forEach((name, n) => {
    params[`tag${n}`] = name
    where.push(`i.id IN (SELECT it.image_id FROM image_tags it JOIN tags t ON t.id = it.tag_id WHERE t.name = @tag${n})`)
  })
  f.excludedTags.forEach((name, n) => {
    params[`xtag${n}`] = name
    where.push(`i.id NOT IN (SELECT it.image_id FROM image_tags it JOIN tags t ON t.id = it.tag_id WHERE t.name = @xtag${n})`)
  })
  if (f.aspect) {
    params.aw = f.aspect.width
    params.ah = f.aspect.height
    where.push('i.width = @aw AND i.height = @ah')
  }
  if (f.size) {
    params.sw = f.size.width
    params.sh = f.size.height
    where.push('i.width = @sw AND i.height = @sh')
  }
  if (f.formats.length > 0) {
    f.formats.forEach((fmt, n) => (params[`fmt${n}`] = fmt))
    where.push(`i.format IN (${f.formats.map((_x, n) => `@fmt${n}`).join(', ')})`)
  }
  if (f.after !== undefined) {
    params.after = f.after
    where.push('i.created_at >= @after')
  }
  if (f.before !== undefined) {
    params.before = f.before
    where.push('i.created_at < @before')
  }
  if (f.on) {
    params.onStart = f.on.start
    params.onEnd = f.on.end
    where.push('i.created_at >= @onStart AND i.created_at < @onEnd')
  }
  if (f.rating) where.push(cmp('i.rating', f.rating, 'rating', params))
  if (f.cost) where.push(cmp('ifnull(i.cost, 0)', f.cost, 'cost', params))
  if (f.hasReferences !== undefined) {
    where.push(`${f.hasReferences ? '' : 'NOT '}EXISTS (SELECT 1 FROM generation_references gr WHERE gr.generation_id = i.generation_id)`)
  }
  if (f.statuses.length > 0) {
    f.statuses.forEach((s, n) => (params[`st${n}`] = s))
    where.push(`i.generation_id IN (SELECT id FROM generations WHERE status IN (${f.statuses.map((_x, n) => `@st${n}`).join(', ')}))`)
  }
  if (f.ids && f.ids.length > 0) {
    f.ids.forEach((id, n) => (params[`id${n}`] = id))
    where.push(`i.id IN (${f.ids.map((_x, n) => `@id${n}`).join(', ')})`)
  }
  const sort: LibrarySort = view.sort ?? f.sort ?? 'newest'
  const positive = toFtsMatch(parsed.text)
  // Only exclusions (`-cat -dog`): drop images matching any of them.
  const negatedOnly = positive === null ? toFtsExclusion(parsed.text) : null
  let from = 'images i'
  let ftsDriven = false
  if (positive !== null) {
    params.fts = positive
    if ((sort === 'newest' || sort === 'oldest') && !trash) {
      // Read matches in the FTS index's own rowid (= image id) order: no sort, stops at LIMIT.
      from = 'images_fts f JOIN images i ON i.id = f.rowid'
      where.push('images_fts MATCH @fts')
      ftsDriven = true
    } else {
      where.push('i.id IN (SELECT rowid FROM images_fts WHERE images_fts MATCH @fts)')
    }
  } else if (negatedOnly !== null) {
    params.fts = negatedOnly
    where.push('i.id NOT IN (SELECT rowid FROM images_fts WHERE images_fts MATCH @fts)')
  }
  return { from, where, params, sort, trash, ftsDriven, warnings: parsed.warnings }
}

export function sortSpec(v: ViewSql): SortSpec {
  const spec = v.trash ? SORTS.trash : SORTS[v.sort]
  if (!v.ftsDriven) return spec
  // Same order, spelled on the FTS rowid so SQLite walks the index instead of sorting.
  return { ...spec, order: v.sort === 'oldest' ? 'f.rowid ASC' : 'f.rowid DESC' }
}
