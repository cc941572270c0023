/**
 * Runs @doyensec/electronegativity over the Electron code and the renderer's
 * HTML (for the CSP check) and fails unless every finding is justified in
 * .electronegativity.json. Stale justifications fail too, so the list stays true.
 *
 * The tool's own warnings (lines it prints outside its findings, such as "could
 * not fetch Electron's releases", which means its security-fix version check did
 * not run) are printed, and each must match a justified warning too: a check that
 * silently did not run fails the step. Network lookups are made to fail fast
 * (scripts/electronegativity-offline.cjs), never to hang or crash.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(__dirname, '..')
const config = JSON.parse(readFileSync(join(root, '.electronegativity.json'), 'utf8')) as {
  justified: { check: string; file: string; reason: string }[]
  justifiedWarnings: { pattern: string; reason: string }[]
}
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version

const stage = mkdtempSync(join(tmpdir(), 'electronegativity-'))
try {
  cpSync(join(root, 'electron'), join(stage, 'electron'), { recursive: true })
  cpSync(join(root, 'renderer'), join(stage, 'renderer'), { recursive: true })
  const csv = join(stage, 'findings.csv')
  const run = spawnSync(
    process.execPath,
    ['-r', join(root, 'scripts/electronegativity-offline.cjs'), join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'), '-i', stage, '-r', '-e', electronVersion, '-o', csv],
    { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, timeout: 120_000 }
  )
  if (run.status !== 0) {
    console.log(run.stdout, run.stderr)
    throw new Error(`electronegativity exited with ${run.status ?? run.signal}`)
  }
  const warnings = toolWarnings(`${run.stdout}\n${run.stderr}`)
  const usedWarnings = new Set<number>()
  const unjustifiedWarnings = warnings.filter((w) => {
    const i = config.justifiedWarnings.findIndex((j) => w.includes(j.pattern))
    if (i >= 0) usedWarnings.add(i)
    return i < 0
  })
  for (const w of warnings) console.log(`  tool warning: ${w}`)
  for (const [i, j] of config.justifiedWarnings.entries()) if (usedWarnings.has(i)) console.log(`    justified ("${j.pattern}"): ${j.reason}`)
  for (const w of unjustifiedWarnings) console.log(`  UNJUSTIFIED tool warning: ${w}`)
  for (const [i, j] of config.justifiedWarnings.entries()) if (!usedWarnings.has(i)) console.log(`  STALE warning justification: "${j.pattern}" matches no warning`)
  if (unjustifiedWarnings.length > 0 || usedWarnings.size < config.justifiedWarnings.length) process.exitCode = 1
  const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1)
  const findings = rows.map((line) => {
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''))
    const [check = '', severity = '', , file = '', location = '', sample = ''] = cells
    return { check, severity, file: file.replace(/^\.?\/?/, ''), location, sample }
  })
  const used = new Set<number>()
  const unjustified = findings.filter((f) => {
    const i = config.justified.findIndex((j) => j.check === f.check && j.file === f.file)
    if (i >= 0) used.add(i)
    return i < 0
  })
  const stale = config.justified.filter((_j, i) => !used.has(i))
  console.log(`electronegativity ${electronVersion}: ${findings.length} findings, ${findings.length - unjustified.length} justified`)
  for (const f of unjustified) console.log(`  UNJUSTIFIED ${f.check} (${f.severity}) ${f.file}:${f.location} ${f.sample}`)
  for (const j of stale) console.log(`  STALE justification: ${j.check} in ${j.file} matches no finding`)
  if (unjustified.length > 0 || stale.length > 0) process.exitCode = 1
  if (process.exitCode) console.log('electronegativity: FAILED (see above)')
} finally {
  rmSync(stage, { recursive: true, force: true })
}

/**
 * The lines the tool prints that are not its findings table: warnings about
 * checks it could not run. Its table (box-drawing characters), the scan banner
 * and blank lines are not warnings.
 */
export function toolWarnings(output: string): string[] {
  return [...new Set(output.split('\n').map((l) => l.trim()))].filter(
    (l) => l !== '' && !/^[│┌└├─╔║╚╟═┬┴┼┐┘┤╗╝╢╤╧╪]/.test(l) && !/^(Scan Status|\d+%|Releases list|Fetching|Updated releases|Electronegativity|Loaded|Found|Running|Excluded|Done)/i.test(l)
  )
}
