/**
 * Runs @doyensec/electronegativity over the Electron code and the renderer's
 * HTML (for the CSP check) and fails unless every finding is justified in
 * .electronegativity.json. Stale justifications fail too, so the list stays true.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(__dirname, '..')
const config = JSON.parse(readFileSync(join(root, '.electronegativity.json'), 'utf8')) as {
  justified: { check: string; file: string; reason: string }[]
}
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version

const stage = mkdtempSync(join(tmpdir(), 'electronegativity-'))
try {
  cpSync(join(root, 'electron'), join(stage, 'electron'), { recursive: true })
  cpSync(join(root, 'renderer'), join(stage, 'renderer'), { recursive: true })
  const csv = join(stage, 'findings.csv')
  execFileSync(process.execPath, [join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'), '-i', stage, '-r', '-e', electronVersion, '-o', csv], {
    stdio: ['ignore', 'ignore', 'inherit']
  })
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
} finally {
  rmSync(stage, { recursive: true, force: true })
}
