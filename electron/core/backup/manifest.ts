/**
 * Reading a backup's `manifest.json`. A folder without one is not a finished
 * backup (the manifest is written last); one that does not parse, or names a
 * database file that is not ours, is refused rather than guessed at.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BACKUP_MANIFEST, type BackupManifest } from '../../shared/backup'
import { ValidationError } from '../errors'
import { errnoOf } from '../export/safe-write'

const count = z.number().int().min(0)

const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().min(1),
  createdAt: z.string(),
  appVersion: z.string(),
  schemaVersion: count,
  database: z.object({ file: z.string().regex(/^db\/library-[0-9TZ-]+-[0-9a-f]{12}\.db$/), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: count }),
  journal: z
    .object({
      seq: count,
      segments: z.array(
        z.object({
          segment: z.string().regex(/^journal-\d{6,}\.jsonl$/),
          file: z.string().regex(/^journal\/journal-\d{6,}-[0-9a-f]{12}\.jsonl$/),
          bytes: count,
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
          sourceBytes: count,
          cut: z.boolean(),
          maxSeq: count
        })
      )
    })
    .optional(),
  counts: z.object({ generations: count, images: count, references: count, tags: count, collections: count, files: count, bytes: count }),
  problems: z.array(z.object({ path: z.string(), problem: z.enum(['missing', 'damaged', 'refused']) }))
})

/** The folder's manifest; null when it has none. Throws ValidationError for one that is not ours or too new. */
export async function readManifest(folder: string): Promise<BackupManifest | null> {
  let text: string
  try {
    text = await readFile(join(folder, BACKUP_MANIFEST), 'utf8')
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return null
    throw error
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new ValidationError(`${BACKUP_MANIFEST} in ${folder} is not valid JSON: the backup is damaged.`, 'from')
  }
  const parsed = manifestSchema.safeParse(raw)
  if (!parsed.success) throw new ValidationError(`${BACKUP_MANIFEST} in ${folder} is not an Imagine Studio backup manifest.`, 'from')
  if (parsed.data.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new ValidationError(`This backup was written by a newer Imagine Studio (format ${parsed.data.formatVersion}); update the app to restore it.`, 'from')
  }
  return parsed.data as BackupManifest
}
