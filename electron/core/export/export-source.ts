/**
 * What an export reads about each image: its row, its generation and the
 * record that travels with the file (metadata and sidecar). Rows are read in
 * chunks so a 100,000-image export never holds more than a few hundred.
 */
import type { Database } from 'better-sqlite3'
import type { LibraryImage } from '../../shared/library'
import type { ExportRecord } from './metadata'

/** An image's library fields (as LibraryImage names them) and what its generation adds. */
export interface ExportRow extends Pick<LibraryImage, 'id' | 'generationId' | 'sha256' | 'path' | 'width' | 'height' | 'format' | 'seed' | 'cost' | 'rating' | 'createdAt' | 'prompt'> {
  model: string | null
  params: string | null
  taskUUID: string | null
  generationCost: number | null
  collection: string | null
}

export const CHUNK = 500

// Keys of a generation's params that never leave the app: a webhook or a presigned
// upload URL is a credential; references are replaced by their hashes below.
const SECRET_PARAMS = new Set(['webhookURL', 'uploadEndpoint', 'references'])
const SECRET_NAME = /key|token|secret|password|auth/i

export class ExportSource {
  private readonly rowsStmt
  private readonly refsStmt
  private readonly collectionName

  constructor(private readonly db: Database) {
    this.rowsStmt = db.prepare<[string], ExportRow>(`
      SELECT i.id, i.generation_id AS generationId, i.sha256, i.path, i.width, i.height, i.format, i.seed, i.cost,
        i.rating, i.created_at AS createdAt, g.prompt, g.model, g.params, g.task_uuid AS taskUUID, g.cost AS generationCost,
        (SELECT c.name FROM collection_images ci JOIN collections c ON c.id = ci.collection_id
          WHERE ci.image_id = i.id ORDER BY c.name COLLATE NOCASE LIMIT 1) AS collection
      FROM images i LEFT JOIN generations g ON g.id = i.generation_id
      WHERE i.id IN (SELECT value FROM json_each(?))`)
    this.refsStmt = db.prepare<[number], { position: number; sha256: string; sourceKind: string; sourceImageId: number | null }>(`
      SELECT gr.position, ri.sha256, gr.source_kind AS sourceKind, gr.source_image_id AS sourceImageId
      FROM generation_references gr JOIN reference_images ri ON ri.id = gr.reference_id
      WHERE gr.generation_id = ? ORDER BY gr.position`)
    this.collectionName = db.prepare<[number], { name: string }>('SELECT name FROM collections WHERE id = ?')
  }

  /** Rows for these ids (missing ids are absent from the map). */
  rows(ids: readonly number[]): Map<number, ExportRow> {
    const rows = this.rowsStmt.all(JSON.stringify(ids))
    return new Map(rows.map((r) => [r.id, r]))
  }

  collection(id: number): string | null {
    return this.collectionName.get(id)?.name ?? null
  }

  /**
   * The record that travels with an exported file: the request as it was sent
   * (without secrets), ids, taskUUID, cost, reference hashes and parent images.
   * Null for an image with no generation (nothing true to say about how it was made).
   */
  record(row: ExportRow, out: { width: number; height: number }): ExportRecord | null {
    if (row.generationId === null || row.prompt === null) return null
    let params: Record<string, unknown> = {}
    try {
      const parsed = JSON.parse(row.params ?? '{}') as unknown
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) params = parsed as Record<string, unknown>
    } catch {
      // A damaged params column: the record says less, the export goes on.
    }
    const clean = Object.fromEntries(Object.entries(params).filter(([k]) => !SECRET_PARAMS.has(k) && !SECRET_NAME.test(k)))
    const refs = this.refsStmt.all(row.generationId)
    return {
      prompt: row.prompt,
      model: row.model ?? '',
      width: out.width,
      height: out.height,
      seed: row.seed,
      record: {
        app: 'Imagine Studio',
        imageId: row.id,
        generationId: row.generationId,
        taskUUID: row.taskUUID,
        sha256: row.sha256,
        createdAt: new Date(row.createdAt).toISOString(),
        model: row.model,
        params: clean,
        cost: row.cost,
        generationCost: row.generationCost,
        originalSize: { width: row.width, height: row.height },
        references: refs.map((r) => ({ position: r.position, sha256: r.sha256, kind: r.sourceKind, imageId: r.sourceImageId })),
        parentImageIds: [...new Set(refs.map((r) => r.sourceImageId).filter((x): x is number => x !== null))]
      }
    }
  }
}

/** The output size for a long-edge limit; never larger than the original. */
export function outputSize(width: number, height: number, resize: number | null): { width: number; height: number; resized: boolean } {
  const long = Math.max(width, height)
  if (resize === null || long <= resize) return { width, height, resized: false }
  const scale = resize / long
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)), resized: true }
}
