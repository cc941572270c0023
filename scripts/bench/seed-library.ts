/**
 * Seeds a synthetic library for the benchmarks (`library`, `gallery`): rows
 * through the real schema (openLibraryDb: migrations, FTS triggers), in
 * chronological order (ids ascend with created_at, as in a real library),
 * 1–8 images per generation, prompts from a small vocabulary with a rare
 * number, 5 % favourites, 10 % with a tag. Where the files come from and how
 * time is spread are the caller's.
 */
import { openLibraryDb } from '../../electron/core/db/open-library-db'
import type { StoredFormat } from '../../electron/core/files/image-store'
import { GROK_IMAGINE_SIZES, type SizePreset } from '../../electron/shared/model-capabilities'
import { prng } from '../../tests/helpers/prng'

export const SUBJECTS = ['lighthouse', 'fox', 'castle', 'robot', 'forest', 'city', 'dragon', 'portrait', 'mountain', 'ocean', 'cat', 'astronaut', 'garden', 'train', 'desert', 'violin', 'owl', 'bridge', 'waterfall', 'samurai']
export const STYLES = ['oil painting', 'watercolor', 'photograph', 'pixel art', 'isometric render', 'charcoal sketch', 'cinematic still', 'ukiyo-e print', 'neon noir', 'studio portrait']
export const MOODS = ['at dusk', 'in the rain', 'under northern lights', 'at golden hour', 'in fog', 'at midnight', 'in spring', 'covered in snow', 'on fire', 'underwater']
export const EXTRAS = ['highly detailed', 'minimalist', 'wide angle', 'macro', 'soft light', 'dramatic shadows', 'pastel colors', 'vintage', 'futuristic', 'symmetrical']
export const TAGS = ['cats', 'favorites-2026', 'client-a', 'wallpaper', 'print', 'draft', 'moodboard', 'series-1', 'sky', 'portraits']

/** What an image row says about its file (the columns the gallery and the media protocol read). */
export interface SeedFile {
  sha256: string
  /** Relative to the data folder, as ImageStore writes them. */
  path: string
  thumbPath: string | null
  width: number
  height: number
  format: StoredFormat
  bytes: number
  /** Average colour (0xRRGGBB, ImageStore's avgRgb) or null: the gallery's placeholders. */
  avgRgb?: number | null
}

export interface SeedOptions {
  images: number
  /** The generation's size preset (its images share it). */
  size: (rand: () => number) => SizePreset
  /** The file of the `n`-th image (1-based), of a generation of `size`. */
  file: (n: number, size: SizePreset, rand: () => number) => SeedFile
  /** created_at (ms) of the image at `index` (0-based) in time order; must not decrease. */
  createdAt: (index: number) => number
  seed?: number
}

export interface SeedResult {
  images: number
  generations: number
  ms: number
}

export const randomSize = (rand: () => number): SizePreset => GROK_IMAGINE_SIZES[Math.floor(rand() * GROK_IMAGINE_SIZES.length)]!

export function seedLibrary(dbFile: string, opts: SeedOptions): SeedResult {
  const N = opts.images
  const db = openLibraryDb(dbFile)
  const r = prng(opts.seed ?? 7)
  const gen = db.prepare(`INSERT INTO generations (task_uuid, prompt, model, request, params, status, created_at, width, height, aspect, output_format, number_results, cost)
    VALUES (?, ?, 'xai:grok-imagine@image', '{}', '{}', 'succeeded', ?, ?, ?, ?, ?, ?, ?)`)
  const img = db.prepare(`INSERT INTO images (generation_id, sha256, path, thumb_path, width, height, format, bytes, avg_rgb, created_at, favorite, rating, cost, image_uuid, position)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0.02, ?, ?)`)
  const tag = db.prepare('INSERT OR IGNORE INTO image_tags (image_id, tag_id) VALUES (?, ?)')
  for (const t of TAGS) db.prepare('INSERT OR IGNORE INTO tags (name) VALUES (?)').run(t)
  const t0 = performance.now()
  let made = 0
  let g = 0
  const batch = db.transaction((until: number) => {
    while (made < until) {
      const count = 1 + Math.floor(r() * 8)
      const size = opts.size(r)
      const prompt = `${SUBJECTS[Math.floor(r() * SUBJECTS.length)]} ${MOODS[Math.floor(r() * MOODS.length)]}, ${STYLES[Math.floor(r() * STYLES.length)]}, ${EXTRAS[Math.floor(r() * EXTRAS.length)]} #${Math.floor(r() * 50_000)}`
      const created = opts.createdAt(made)
      g++
      const genId = Number(gen.run(`uuid-${g}`, prompt, created, size.width, size.height, size.aspect, 'PNG', count, 0.02 * count).lastInsertRowid)
      for (let k = 0; k < count && made < until; k++) {
        made++
        const f = opts.file(made, size, r)
        const id = Number(img.run(genId, f.sha256, f.path, f.thumbPath, f.width, f.height, f.format, f.bytes, f.avgRgb ?? null, created + k, r() < 0.05 ? 1 : 0, Math.floor(r() * 6), `img-${made}`, k).lastInsertRowid)
        if (r() < 0.1) tag.run(id, 1 + Math.floor(r() * TAGS.length))
      }
    }
  })
  for (let until = 50_000; ; until += 50_000) {
    batch(Math.min(until, N))
    if (made >= N) break
  }
  db.pragma('optimize')
  db.exec("INSERT INTO images_fts(images_fts) VALUES ('optimize')")
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  return { images: made, generations: g, ms: performance.now() - t0 }
}

/** Even spread: image `index` of `total` at its share of [start, end). */
export const evenly = (total: number, start: number, end: number) => (index: number): number => start + Math.floor((index / total) * (end - start))
