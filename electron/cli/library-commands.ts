/**
 * CLI commands over the library: history, show, favorite, trash, restore.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Core } from '../core/app-core'
import { NotFoundError, ValidationError } from '../core/errors'
import { LibraryQueries } from '../core/library/library-queries'
import type { LibraryImage } from '../shared/library'

export interface Out {
  stdout(text: string): void
  stderr(text: string): void
}

interface GenerationRecord {
  id: number
  task_uuid: string
  prompt: string
  model: string
  status: string
  created_at: number
  finished_at: number | null
  cost: number | null
  number_results: number
  error_code: string | null
  error_message: string | null
  message: string | null
  request: string
}

function imageSummary(core: Core, img: Pick<LibraryImage, 'id' | 'path' | 'sha256' | 'width' | 'height' | 'format'>) {
  return { id: img.id, path: join(core.paths.dataDir, img.path), sha256: img.sha256, width: img.width, height: img.height, format: img.format }
}

function generationJson(core: Core, g: GenerationRecord) {
  return {
    id: g.id,
    taskUUID: g.task_uuid,
    prompt: g.prompt,
    model: g.model,
    status: g.status,
    createdAt: new Date(g.created_at).toISOString(),
    cost: g.cost,
    error: g.error_code ? { code: g.error_code, message: g.error_message } : null,
    images: core.generation.images(g.id).map((i) => imageSummary(core, { id: i.imageId, ...i }))
  }
}

function parseId(text: string | undefined): { kind: 'image' | 'generation'; id: number } {
  const m = /^(?:(g|gen|generation|i|img|image):?)?(\d{1,15})$/i.exec(text ?? '')
  if (!m) throw new ValidationError('Give an image id (45 or i45) or a generation id (g12)', 'id')
  const kind = m[1] && /^g/i.test(m[1]) ? 'generation' : 'image'
  return { kind, id: Number(m[2]) }
}

export function parseImageIds(list: string[]): number[] {
  if (list.length === 0) throw new ValidationError('Give at least one image id', 'id')
  return list.map((t) => {
    const p = parseId(t)
    if (p.kind !== 'image') throw new ValidationError(`${t} is a generation; these commands take image ids`, 'id')
    return p.id
  })
}

export function history(core: Core, argv: string[], out: Out): void {
  const { values } = parseArgs({ args: argv, options: { search: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } } })
  const limit = values.limit === undefined ? 20 : Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ValidationError('--limit takes 1 to 1000', 'limit')
  let rows: GenerationRecord[]
  const getGen = core.db.prepare<[number], GenerationRecord>('SELECT * FROM generations WHERE id = ?')
  if (values.search !== undefined) {
    // Generations whose images match the search, newest first.
    const q = new LibraryQueries(core.db)
    const seen = new Set<number>()
    rows = []
    let cursor: string | null = null
    do {
      const page = q.page({ query: values.search }, cursor, 500)
      for (const w of page.warnings) out.stderr(`search: ${w}`)
      for (const img of page.items) {
        if (img.generationId === null || seen.has(img.generationId)) continue
        seen.add(img.generationId)
        const g = getGen.get(img.generationId)
        if (g) rows.push(g)
        if (rows.length >= limit) break
      }
      cursor = page.nextCursor
    } while (cursor && rows.length < limit)
  } else {
    rows = core.db.prepare<[number], GenerationRecord>('SELECT * FROM generations ORDER BY id DESC LIMIT ?').all(limit)
  }
  const list = rows.map((g) => generationJson(core, g))
  if (values.json) {
    out.stdout(JSON.stringify(list))
    return
  }
  if (list.length === 0) out.stdout('No generations.')
  for (const g of list) {
    out.stdout(`g${g.id}  ${g.createdAt.slice(0, 16).replace('T', ' ')}  ${g.status.padEnd(11)} ${String(g.images.length).padStart(2)} img  ${g.cost === null ? '      ' : `$${g.cost.toFixed(3)}`}  ${g.prompt.length > 70 ? `${g.prompt.slice(0, 69)}…` : g.prompt}`)
  }
}

export function show(core: Core, argv: string[], out: Out): void {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } })
  const target = parseId(positionals[0])
  let result: Record<string, unknown>
  if (target.kind === 'generation') {
    const g = core.db.prepare<[number], GenerationRecord>('SELECT * FROM generations WHERE id = ?').get(target.id)
    if (!g) throw new NotFoundError(`There is no generation g${target.id}`)
    const refs = core.db.prepare('SELECT position, source_kind AS kind, source, source_image_id AS imageId FROM generation_references WHERE generation_id = ? ORDER BY position').all(target.id)
    result = { kind: 'generation', ...generationJson(core, g), message: g.message, request: JSON.parse(g.request) as unknown, references: refs }
  } else {
    const [img] = new LibraryQueries(core.db).images([target.id])
    if (!img) throw new NotFoundError(`There is no image ${target.id}`)
    const collections = core.db.prepare('SELECT c.id, c.name FROM collections c JOIN collection_images ci ON ci.collection_id = c.id WHERE ci.image_id = ?').all(target.id)
    result = {
      kind: 'image',
      ...img,
      path: join(core.paths.dataDir, img.path),
      createdAt: new Date(img.createdAt).toISOString(),
      collections,
      lineage: { ancestors: core.library.ancestors(target.id), descendants: core.library.descendants(target.id) }
    }
  }
  if (values.json) out.stdout(JSON.stringify(result))
  else for (const [k, v] of Object.entries(result)) out.stdout(`${k.padEnd(14)} ${typeof v === 'string' ? v : JSON.stringify(v)}`)
}

export function favorite(core: Core, argv: string[], out: Out): void {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { off: { type: 'boolean' } } })
  const ids = parseImageIds(positionals)
  const changed = core.library.setFavorite(ids, !values.off)
  if (changed !== ids.length) throw new NotFoundError(`${ids.length - changed} of those images do not exist`)
  out.stdout(`${values.off ? 'Unmarked' : 'Marked'} ${changed} image${changed === 1 ? '' : 's'} as favourite.`)
}

export function trash(core: Core, argv: string[], out: Out, restore: boolean): void {
  const ids = parseImageIds(parseArgs({ args: argv, allowPositionals: true, options: {} }).positionals)
  const changed = restore ? core.library.restore(ids) : core.library.trash(ids)
  if (changed !== ids.length) throw new NotFoundError(`${ids.length - changed} of those images do not exist`)
  out.stdout(`${restore ? 'Restored' : 'Moved to the trash:'} ${changed} image${changed === 1 ? '' : 's'}.`)
}
