/** A core over a temp library with real image files, for the export tests. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { createCore, nodeInfo, type Core, type CoreOptions } from '../../electron/core/app-core'
import { silentLogger } from '../../electron/core/log'
import { createMemorySecretStore } from '../../electron/core/secrets/secret-store'
import { seedImage, type SeedImage } from './library-seed'
import { prng } from './prng'

export function exportCore(dir: string, extra: Partial<CoreOptions> = {}): Core {
  return createCore({ dataDir: join(dir, 'lib'), secrets: createMemorySecretStore(null), log: silentLogger, openExternal: async () => undefined, info: nodeInfo('test'), autoRecover: false, ...extra })
}

/** Noisy pixels (not flat), so a conversion really has something to encode. */
export async function imageBytes(width: number, height: number, format: 'png' | 'jpg' | 'webp', seed = 1): Promise<Buffer> {
  const rand = prng(seed)
  const raw = Buffer.alloc(width * height * 3)
  for (let i = 0; i < raw.length; i++) raw[i] = Math.floor(rand() * 256)
  const img = sharp(raw, { raw: { width, height, channels: 3 } })
  return (format === 'png' ? img.png() : format === 'jpg' ? img.jpeg({ quality: 90 }) : img.webp({ quality: 90 })).toBuffer()
}

export interface SeededFile {
  imageId: number
  generationId: number
  bytes: Buffer
  path: string
}

/** A generation + image row whose file really exists in the library. */
export async function seedFile(core: Core, img: SeedImage & { width?: number; height?: number; seedValue?: number }): Promise<SeededFile> {
  const width = img.width ?? 64
  const height = img.height ?? 48
  const format = img.format ?? 'png'
  const bytes = await imageBytes(width, height, format, img.createdAt)
  const rel = img.path ?? `images/ex/${img.createdAt}-${Math.random().toString(36).slice(2)}.${format}`
  if (!img.path) {
    mkdirSync(join(core.paths.dataDir, 'images', 'ex'), { recursive: true })
    writeFileSync(join(core.paths.dataDir, rel), bytes)
  }
  const ids = seedImage(core.db, { ...img, width, height, format, path: rel })
  if (img.seedValue !== undefined) core.db.prepare('UPDATE images SET seed = ? WHERE id = ?').run(img.seedValue, ids.imageId)
  return { ...ids, bytes, path: rel }
}
