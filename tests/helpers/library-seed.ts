/** Inserts generations and images rows straight into a test library (no files needed). */
import type { Statement } from 'better-sqlite3'
import type { WritableDB } from '../../electron/core/db/connection'

export interface SeedImage {
  prompt: string
  createdAt: number
  width?: number
  height?: number
  format?: 'png' | 'jpg' | 'webp'
  favorite?: boolean
  rating?: number
  cost?: number | null
  status?: string
  path?: string
}

let counter = 0
/** The two inserts, compiled once per database: seeding 200,000 images compiles no SQL per row. */
const inserts = new WeakMap<WritableDB, { generation: Statement; image: Statement }>()

function statements(db: WritableDB): { generation: Statement; image: Statement } {
  let s = inserts.get(db)
  if (!s) {
    s = {
      generation: db.prepare(`INSERT INTO generations (task_uuid, prompt, model, request, params, status, created_at, number_results, cost) VALUES (?, ?, 'xai:grok-imagine@image', '{}', '{}', ?, ?, 1, ?)`),
      image: db.prepare(`INSERT INTO images (generation_id, sha256, path, width, height, format, bytes, created_at, favorite, rating, cost) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`)
    }
    inserts.set(db, s)
  }
  return s
}

export function seedImage(db: WritableDB, img: SeedImage): { imageId: number; generationId: number } {
  counter++
  const insert = statements(db)
  const generationId = Number(insert.generation.run(`seed-${counter}-${Math.random()}`, img.prompt, img.status ?? 'succeeded', img.createdAt, img.cost ?? null).lastInsertRowid)
  const imageId = Number(
    insert.image.run(generationId, counter.toString(16).padStart(64, '0'), img.path ?? `images/00/${counter}.png`, img.width ?? 1024, img.height ?? 1024, img.format ?? 'png', img.createdAt, img.favorite ? 1 : 0, img.rating ?? 0, img.cost === undefined ? 0.02 : img.cost).lastInsertRowid
  )
  return { imageId, generationId }
}

/** Makes `child` a generation that used `parentImageId` as its reference. */
export function linkReference(db: WritableDB, childGenerationId: number, parentImageId: number): void {
  const ref = Number(db.prepare("INSERT INTO reference_images (sha256, path, width, height, format, bytes, created_at) VALUES (?, 'refs/x.png', 1, 1, 'png', 1, 0)").run(`${Date.now()}${Math.random()}`.replace('.', '').padEnd(64, '0').slice(0, 64)).lastInsertRowid)
  db.prepare("INSERT INTO generation_references (generation_id, position, reference_id, source_kind, source, source_image_id) VALUES (?, 0, ?, 'image', ?, ?)").run(childGenerationId, ref, String(parentImageId), parentImageId)
}

/**
 * `images` rows (rounded up to whole generations of `perGeneration`), all with the same prompt, in one
 * statement each (200,000 images in about 2 s): a library large enough for a
 * query to take tens of milliseconds.
 */
export function seedMany(db: WritableDB, images: number, perGeneration: number, prompt: string): void {
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @generations)
     INSERT INTO generations (task_uuid, prompt, model, request, params, status, created_at, number_results, cost)
     SELECT 'many-' || i, @prompt, 'xai:grok-imagine@image', '{}', '{}', 'succeeded', 1700000000000 + i * 600000, @per, 0.02 FROM n`
  ).run({ generations: Math.ceil(images / perGeneration), prompt, per: perGeneration })
  db.prepare(
    `WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < @per - 1)
     INSERT INTO images (generation_id, sha256, path, width, height, format, bytes, created_at)
     SELECT g.id, printf('%064x', g.id * @per + j), 'images/00/many.png', 1024, 1024, 'png', 1, g.created_at
     FROM generations g, k WHERE g.task_uuid LIKE 'many-%' ORDER BY g.id, j`
  ).run({ per: perGeneration })
}
