import type { WritableDB } from '../connection'
import type { LibraryStats } from '../../../shared/domain'

/** `ref`: a stored reference image (refs/), by its reference_images id. */
export type MediaKind = 'image' | 'thumb' | 'ref'

/** Image rows. Paths are relative to the data folder. */
export class ImagesRepo {
  private readonly pathStmt
  private readonly thumbStmt
  private readonly refStmt
  private readonly statsStmt
  private readonly liveByShaStmt
  private readonly generationStmt

  constructor(db: WritableDB) {
    this.pathStmt = db.prepare<[number], { path: string }>('SELECT path FROM images WHERE id = ?')
    this.thumbStmt = db.prepare<[number], { path: string | null }>('SELECT thumb_path AS path FROM images WHERE id = ?')
    this.refStmt = db.prepare<[number], { path: string }>('SELECT path FROM reference_images WHERE id = ?')
    // Images are content-addressed: the same bytes are the same image (recall by content).
    this.liveByShaStmt = db.prepare<[string], { id: number }>('SELECT id FROM images WHERE sha256 = ? AND trashed_at IS NULL ORDER BY id LIMIT 1')
    this.generationStmt = db.prepare<[number], { generationId: number | null }>('SELECT generation_id AS generationId FROM images WHERE id = ?')
    // Trigger-kept counters (schemas 3 and 5): O(1) at any size, so stats can ride on every push.
    this.statsStmt = db.prepare<[], LibraryStats>(`
      SELECT
        (SELECT n FROM library_counts WHERE name = 'live') AS images,
        (SELECT n FROM generation_count WHERE id = 1) AS generations,
        (SELECT n FROM library_counts WHERE name = 'trash') AS trashed,
        (SELECT n FROM library_counts WHERE name = 'favorites') AS favourites`)
  }

  /** The stored relative path of an image, its thumbnail or a reference image, or null when unknown. */
  mediaPath(kind: MediaKind, id: number): string | null {
    const row = (kind === 'image' ? this.pathStmt : kind === 'thumb' ? this.thumbStmt : this.refStmt).get(id)
    return row?.path ?? null
  }

  /** The oldest live (not trashed) image with these bytes (sha256, lower-case hex), or null. */
  liveImageBySha(sha256: string): number | null {
    return this.liveByShaStmt.get(sha256)?.id ?? null
  }

  /** The generation an image came from; null when it has none or the image is unknown. */
  generationOf(imageId: number): number | null {
    return this.generationStmt.get(imageId)?.generationId ?? null
  }

  stats(): LibraryStats {
    return this.statsStmt.get()!
  }
}
