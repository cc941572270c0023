/**
 * `imagine rebuild [--force] [--json]` and `imagine doctor [--fix] [--json]`
 * (issue 11): library.db from the journal and the files, and a check of the
 * database, the files and the journal (core/journal/rebuild.ts, doctor.ts).
 */
import { parseArgs } from 'node:util'
import type { Core } from '../core/app-core'
import { databaseHealth, rebuildLibrary, type RebuildReport } from '../core/journal/rebuild'
import { libraryPaths } from '../core/paths'
import type { HealthReport } from '../shared/health'
import { EXIT, HELP } from './cli-text'
import type { Out } from './library-commands'

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`

function rebuildLines(r: RebuildReport): string[] {
  const j = r.journal
  const lines = [
    `rebuilt ${r.database} from ${plural(j.applied, 'journal entry', 'journal entries')} (${plural(j.segments, 'segment')}, from #${j.from} to #${j.lastSeq})`,
    `restored ${plural(r.restored.generations, 'generation')}, ${plural(r.restored.images, 'image')} (${r.restored.trashed} in the trash), ${plural(r.restored.tags, 'tag')}, ${plural(r.restored.collections, 'collection')}, ${plural(r.restored.savedSearches, 'saved search', 'saved searches')}`,
    `${plural(r.files.matched, 'image file')} matched ${r.files.matched === 1 ? 'its' : 'their'} hash; ${plural(r.thumbnails.made, 'thumbnail')} made again`
  ]
  if (r.movedAside) lines.push(`the old database was moved aside to ${r.movedAside} (not deleted)`)
  for (const b of j.torn) lines.push(`ignored a torn last line: ${b.segment} line ${b.line} (${b.reason})`)
  for (const b of j.corrupt) lines.push(`skipped a damaged line: ${b.segment} line ${b.line} (${b.reason})`)
  for (const [from, to] of j.gaps) lines.push(`journal lines ${from === to ? `#${from}` : `#${from}-#${to}`} are missing (lost)`)
  if (j.incompleteCheckpoints) lines.push(`ignored ${plural(j.incompleteCheckpoints, 'unfinished checkpoint')}`)
  for (const f of j.failed) lines.push(`could not apply #${f.seq} (${f.event}): ${f.reason}`)
  for (const m of r.files.missing) lines.push(`missing file: ${m.kind} #${m.id} ${m.path} (its record is kept)`)
  for (const c of r.files.changed) lines.push(`changed file: ${c.kind} #${c.id} ${c.path} no longer matches its hash`)
  for (const u of r.files.unnamed) lines.push(`no journal entry names ${u} (left where it is; doctor --fix moves it to lost+found)`)
  for (const t of r.thumbnails.failed) lines.push(`the thumbnail of image #${t.imageId} could not be made: ${t.reason}`)
  return lines
}

/** Exit 0 rebuilt (whatever could not be matched is reported), 2 refused (a healthy database without --force), 1 otherwise. */
export async function rebuildCommand(argv: string[], out: Out, dataDir: string, nativeBinding?: string): Promise<number> {
  const { values } = parseArgs({ args: argv, allowPositionals: false, options: { force: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } })
  if (values.help) {
    out.stdout(HELP)
    return EXIT.ok
  }
  const report = await rebuildLibrary(dataDir, { force: values.force ?? false, progress: (line) => out.stderr(line), ...(nativeBinding ? { nativeBinding } : {}) })
  if (values.json) out.stdout(JSON.stringify(report))
  else for (const line of rebuildLines(report)) out.stdout(line)
  return EXIT.ok
}

function doctorLines(r: HealthReport): string[] {
  const lines = [
    `database: ${r.sqlite.ok ? 'integrity ok' : `FAILED (${[...r.sqlite.messages, r.sqlite.foreignKeyProblems ? `${r.sqlite.foreignKeyProblems} broken references` : ''].filter(Boolean).join('; ')})`}`,
    `files: ${r.quick ? `the newest ${r.files.checked} of ${plural(r.files.images, 'image')}` : plural(r.files.images, 'image')}, ${plural(r.files.references, 'reference')} checked${r.quick ? ' (sizes; no search for orphans)' : ' (hashes)'}`,
    `journal: #${r.journal.lastSeq}, database #${r.journal.databaseSeq}${r.journal.torn ? `, ${plural(r.journal.torn, 'torn line')} ignored` : ''}`
  ]
  for (const m of r.files.missing) lines.push(`missing: ${m.kind} #${m.id} ${m.path}`)
  for (const c of r.files.changed) lines.push(`changed: ${c.kind} #${c.id} ${c.path} no longer matches its hash`)
  for (const o of r.files.orphans) lines.push(`orphan: ${o} (named by no row)`)
  for (const o of r.files.movedToLostFound) lines.push(`moved to lost+found: ${o}`)
  for (const j of r.jobs.unfinished) lines.push(`unfinished: generation #${j.generationId} (${j.status}, task ${j.taskUUID}) ${j.ownerGone ? 'left by a process that is gone' : `held by ${j.owner}`}`)
  for (const p of r.problems) lines.push(`problem: ${p}`)
  for (const f of r.fixed) lines.push(`fixed: ${f}`)
  lines.push(r.ok ? 'ok: nothing is wrong' : `${plural(r.problems.length, 'problem')} found${r.fixed.length ? ` (after ${plural(r.fixed.length, 'fix', 'fixes')})` : ''}`)
  return lines
}

/**
 * Exit 0 when nothing is wrong (after --fix, when nothing is left), 1 otherwise.
 * A library.db that does not open is reported without creating a new one.
 */
export async function doctorCommand(argv: string[], out: Out, dataDir: string, open: () => Core): Promise<number> {
  const { values } = parseArgs({ args: argv, allowPositionals: false, options: { fix: { type: 'boolean' }, quick: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } })
  if (values.help) {
    out.stdout(HELP)
    return EXIT.ok
  }
  const health = databaseHealth(libraryPaths(dataDir).dbFile)
  if (!health.healthy) {
    const message = `library.db cannot be used (${health.reason}): imagine rebuild recreates it from the journal (the old file is moved aside, not deleted)`
    if (values.json) out.stdout(JSON.stringify({ ok: false, problems: [message], fixed: [] }))
    else out.stdout(`problem: ${message}`)
    return EXIT.other
  }
  const core = open()
  try {
    const report = await core.doctor({ quick: values.quick ?? false, fix: values.fix ?? false })
    if (values.json) out.stdout(JSON.stringify(report))
    else for (const line of doctorLines(report)) out.stdout(line)
    return report.ok ? EXIT.ok : EXIT.other
  } finally {
    await core.close()
  }
}
