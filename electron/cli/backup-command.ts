/**
 * `imagine backup --to DIR` and `imagine restore --from DIR --to DATA_DIR` (issue 11).
 * Neither opens the core: a backup reads the library through its own read-only
 * connection (the app or a generate may be writing meanwhile), and a restore
 * writes a folder no one else has open. Ctrl-C cancels: a backup then leaves the
 * previous manifest (and everything it names) valid, a restore leaves nothing.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { backupLibrary, type BackupProgressInfo, type BackupResult } from '../core/backup/backup'
import { restoreBackup } from '../core/backup/restore'
import { AppError, ValidationError } from '../core/errors'
import { describeWriteError, errnoOf } from '../core/export/safe-write'
import { isPathInside } from '../core/files/library-path'
import { EXIT, HELP } from './cli-text'
import type { Out } from './library-commands'

export interface BackupCliContext {
  dataDir: string
  cwd: string
  appVersion: string
  /** Canceled on Ctrl-C; tests pass their own. */
  signal: AbortSignal
}

const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`

/** One stderr line per tenth of the files (and one per phase), not one per file. */
function progressPrinter(out: Out): (p: BackupProgressInfo) => void {
  let lastTenth = -1
  let lastPhase = ''
  return (p) => {
    if (p.phase !== lastPhase) {
      lastPhase = p.phase
      lastTenth = -1
      if (p.phase === 'database') out.stderr('backing up the database…')
      if (p.phase === 'manifest') out.stderr('writing the manifest…')
    }
    if (p.phase !== 'files') return
    const tenth = p.filesTotal === 0 ? 10 : Math.floor((p.filesDone / p.filesTotal) * 10)
    if (tenth === lastTenth) return
    lastTenth = tenth
    out.stderr(`files ${p.filesDone} of ${p.filesTotal} (${mb(p.bytesDone)} of ${mb(p.bytesTotal)})`)
  }
}

export async function backupCommand(argv: string[], out: Out, ctx: BackupCliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, allowPositionals: false, options: { to: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } })
  if (values.help) {
    out.stdout(HELP)
    return EXIT.ok
  }
  if (values.to === undefined) throw new ValidationError('Say where to: backup --to DIR', 'to')
  const to = resolve(ctx.cwd, values.to)
  if (to === resolve(ctx.dataDir) || isPathInside(to, resolve(ctx.dataDir))) throw new ValidationError('Back up to a folder outside the library', 'to')
  let r: BackupResult
  try {
    r = await backupLibrary({ dataDir: ctx.dataDir, to, appVersion: ctx.appVersion, signal: ctx.signal, onProgress: progressPrinter(out) })
  } catch (error) {
    if (error instanceof AppError || errnoOf(error) === undefined) throw error
    // Disk full, read-only, unplugged: in words; what the folder held before is untouched.
    out.stderr(`imagine: the backup failed: ${describeWriteError(error).message} The previous backup in ${to} (if any) is still complete.`)
    return EXIT.other
  }
  if (values.json) {
    out.stdout(
      JSON.stringify({
        folder: to,
        canceled: r.canceled,
        copied: r.copied,
        skipped: r.skipped,
        bytesCopied: r.bytesCopied,
        journal: r.journal,
        elapsedMs: r.elapsedMs,
        problems: r.problems,
        manifest: r.manifest
      })
    )
  } else if (!r.canceled) out.stdout(to)
  if (r.canceled) {
    out.stderr('imagine: backup canceled; the previous backup in that folder (if any) is still complete')
    return EXIT.other
  }
  out.stderr(`backed up ${r.manifest!.counts.images} images: ${r.copied} files copied (${mb(r.bytesCopied)}), ${r.skipped} already there, in ${(r.elapsedMs / 1000).toFixed(1)} s`)
  for (const p of r.problems) out.stderr(`imagine: ${p.path}: ${p.problem === 'missing' ? 'missing from the library' : p.problem === 'damaged' ? 'damaged in the library (its bytes no longer match its sha256), not copied' : 'not a path of the library, not copied'}`)
  return r.problems.length === 0 ? EXIT.ok : EXIT.other
}

export async function restoreBackupCommand(argv: string[], out: Out, ctx: BackupCliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, allowPositionals: false, options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } } })
  if (values.from === undefined) throw new ValidationError('Say which backup: restore --from DIR --to DATA_DIR', 'from')
  if (values.to === undefined) throw new ValidationError('Say where to: restore --from DIR --to DATA_DIR (an empty or new folder)', 'to')
  let lastTenth = -1
  const r = await restoreBackup({
    from: resolve(ctx.cwd, values.from),
    to: resolve(ctx.cwd, values.to),
    signal: ctx.signal,
    onProgress: (p) => {
      if (p.phase !== 'files') return
      const tenth = p.filesTotal === 0 ? 10 : Math.floor((p.filesDone / p.filesTotal) * 10)
      if (tenth === lastTenth) return
      lastTenth = tenth
      out.stderr(`files ${p.filesDone} of ${p.filesTotal}`)
    }
  })
  if (values.json) out.stdout(JSON.stringify({ to: r.to, canceled: r.canceled, copied: r.copied, backupCreatedAt: r.manifest.createdAt, notInBackup: r.notInBackup, countMismatches: r.countMismatches, check: r.check }))
  if (r.canceled) {
    out.stderr('imagine: restore canceled; nothing was left in the target folder')
    return EXIT.other
  }
  const c = r.check!
  if (!values.json) out.stdout(r.to)
  out.stderr(`restored the backup of ${r.manifest.createdAt}: ${r.copied} files`)
  out.stderr(`checked: integrity ${c.integrity.join('; ')}, foreign keys ${c.foreignKeyViolations === 0 ? 'ok' : `${c.foreignKeyViolations} violations`}, ${c.images.checked} images and ${c.references.checked} references against their sha256, ${c.thumbs.checked} thumbnails present`)
  for (const p of c.images.missing) out.stderr(`imagine: ${p}: missing`)
  for (const p of [...c.images.damaged, ...c.references.damaged]) out.stderr(`imagine: ${p}: damaged (its bytes do not match its sha256)`)
  for (const p of c.references.missing) out.stderr(`imagine: ${p}: missing`)
  for (const p of c.thumbs.missing) out.stderr(`imagine: ${p}: thumbnail missing (the app makes it again)`)
  for (const m of r.countMismatches) out.stderr(`imagine: ${m}`)
  return c.ok && r.countMismatches.length === 0 ? EXIT.ok : EXIT.other
}
