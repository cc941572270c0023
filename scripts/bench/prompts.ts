/**
 * `npm run bench -- prompts [--images N] [--keep DIR]`
 * The prompt library at scale: seeds a synthetic library (seed-library: about one
 * generation per 4.5 images, nearly every prompt distinct) plus a few prompts used
 * thousands of times (the heavy rows sorting by uses puts first), then times what
 * the composer's autocomplete asks per keystroke (`library:prompts`) and what the
 * Prompts view asks per sort or filter (`library:prompt-list`). Prints medians and p95.
 * `--keep DIR` with a library.db already there (seeded by an earlier run, perhaps at
 * an older schema) reuses it, timing its migration.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openLibraryDb } from '../../electron/core/db/open-library-db'
import { LibraryService } from '../../electron/core/library/library-service'
import { PROMPT_SORTS } from '../../electron/shared/prompts'
import { evenly, randomSize, seedLibrary } from './seed-library'
import { fmtMs, median, percentile, timeIt } from './stats'

const { values } = parseArgs({ args: process.argv.slice(2), options: { images: { type: 'string' }, keep: { type: 'string' }, heavy: { type: 'string' } }, allowPositionals: true })
const N = Number(values.images ?? 1_000_000)
/** Uses of each of the three heavy prompts. */
const HEAVY = Number(values.heavy ?? 20_000)

const line = (label: string, ms: number[], extra = ''): void =>
  console.log(`  ${label.padEnd(56)} median ${fmtMs(median(ms)).padStart(9)}  p95 ${fmtMs(percentile(ms, 95)).padStart(9)}${extra}`)

function main(): void {
  const root = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), 'imagine-prompts-bench-'))
  mkdirSync(root, { recursive: true })
  const file = join(root, 'library.db')
  console.log(`prompt library benchmark: ${N.toLocaleString('en')} images`)
  const reuse = existsSync(file)
  let seededText = 'reused'
  if (!reuse) {
    const seeded = seedLibrary(file, {
      images: N,
      size: randomSize,
      file: (n, size) => ({ sha256: n.toString(16).padStart(64, '0'), path: `images/aa/shared${n % 8}.png`, thumbPath: null, width: size.width, height: size.height, format: 'png', bytes: 1 }),
      createdAt: evenly(N, Date.UTC(2024, 0, 1), Date.UTC(2026, 10, 25))
    })
    const db = openLibraryDb(file)
    const heavy = ['fox, the one I keep using', 'a cat in a hat', 'astronaut riding a horse']
    const gen = db.prepare(`INSERT INTO generations (task_uuid, prompt, model, request, params, status, created_at, number_results, cost) VALUES (?, ?, 'm', '{}', '{}', 'succeeded', ?, 1, 0.02)`)
    const img = db.prepare(`INSERT INTO images (generation_id, sha256, path, width, height, format, bytes, created_at, rating, cost) VALUES (?, ?, 'images/aa/shared0.png', 1024, 1024, 'png', 1, ?, ?, 0.02)`)
    db.transaction(() => {
      let k = 0
      for (const p of heavy) {
        for (let i = 0; i < HEAVY; i++) {
          k++
          const t = Date.UTC(2025, 0, 1) + k * 1000
          const g = Number(gen.run(`heavy-${k}`, p, t).lastInsertRowid)
          img.run(g, `h${k}`.padStart(64, '0'), t, k % 4)
        }
      }
    })()
    db.close()
    seededText = `seeded ${seeded.generations.toLocaleString('en')} generations in ${(seeded.ms / 1000).toFixed(1)} s`
  }
  const t0 = performance.now()
  const db = openLibraryDb(file)
  console.log(`  opened${reuse ? ' (migrated when older)' : ''} in ${fmtMs(performance.now() - t0)}`)
  const distinct = (db.prepare('SELECT count(DISTINCT prompt) AS n FROM generations').get() as { n: number }).n
  const generations = (db.prepare('SELECT n FROM generation_count').get() as { n: number }).n
  console.log(`  ${generations.toLocaleString('en')} generations (${seededText}), ${distinct.toLocaleString('en')} distinct prompts`)

  const lib = new LibraryService(db, root)
  console.log('autocomplete (library:prompts, 8 suggestions), per keystroke:')
  for (const prefix of ['f', 'fo', 'fox', 'fox at dusk', 'fox at dusk, oil painting, macro #1', 'a', 'a cat', 'zzz']) {
    const got = lib.prompts(prefix, 8).length
    line(JSON.stringify(prefix), timeIt(() => lib.prompts(prefix, 8), 30), `  (${got} rows)`)
  }
  console.log('Prompts view (library:prompt-list, 100 rows), per sort or filter:')
  for (const sort of PROMPT_SORTS) {
    for (const direction of ['desc', 'asc'] as const) {
      line(`${sort} ${direction}`, timeIt(() => lib.promptList({ sort, direction, filter: '', offset: 0, limit: 100 }), 15))
    }
  }
  for (const filter of ['fox', 'dusk, oil', '#4242', 'no such words']) {
    const got = lib.promptList({ sort: 'uses', direction: 'desc', filter, offset: 0, limit: 100 }).rows.length
    line(`uses desc, filter ${JSON.stringify(filter)}`, timeIt(() => lib.promptList({ sort: 'uses', direction: 'desc', filter, offset: 0, limit: 100 }), 10), `  (${got} rows)`)
  }
  line('lastUsed desc, page at offset 10,000', timeIt(() => lib.promptList({ sort: 'lastUsed', direction: 'desc', filter: '', offset: 10_000, limit: 100 }), 10))
  // What the triggers cost a big write, and the one search a stale row then needs.
  const heavyIds = db.prepare("SELECT i.id FROM images i JOIN generations g ON g.id = i.generation_id WHERE g.prompt = 'a cat in a hat'").pluck().all() as number[]
  let t = performance.now()
  const chunks = (f: (ids: number[]) => unknown): void => {
    for (let k = 0; k < heavyIds.length; k += 10_000) f(heavyIds.slice(k, k + 10_000))
  }
  chunks((ids) => lib.trash(ids))
  console.log(`  trash ${heavyIds.length.toLocaleString('en')} images of one prompt: ${fmtMs(performance.now() - t)}`)
  chunks((ids) => lib.restore(ids))
  t = performance.now()
  lib.prompts('a cat in a hat', 1)
  console.log(`  then the first read of that prompt (finds its best again): ${fmtMs(performance.now() - t)}`)
  line('and the reads after it', timeIt(() => lib.prompts('a cat in a hat', 1), 10))
  db.close()
}

main()
