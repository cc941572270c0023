/**
 * `npm test`: every check in one command, in CI order: typecheck → lint
 * (ESLint + electronegativity) → build → vitest (core, renderer, e2e in Chromium,
 * Electron). Ends with one plain line `N passed, N failed, N skipped` summed over
 * all of them (each non-vitest step counts as one check), which .ci/run repeats.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(__dirname, '..')
const out = join(root, '.ci-out')
mkdirSync(out, { recursive: true })
const bin = (name: string): string => join(root, 'node_modules', '.bin', name)

interface Step {
  name: string
  cmd: string
  args: string[]
}
const steps: Step[] = [
  { name: 'typecheck', cmd: bin('tsc'), args: ['-p', 'tsconfig.json'] },
  { name: 'eslint', cmd: bin('eslint'), args: ['--cache', '.'] },
  { name: 'electronegativity', cmd: bin('tsx'), args: ['scripts/electronegativity.ts'] },
  { name: 'build', cmd: bin('electron-vite'), args: ['build'] }
]

let passed = 0
let failed = 0
let skipped = 0
const lines: string[] = []
for (const step of steps) {
  const t0 = Date.now()
  console.log(`\n▶ ${step.name}`)
  const r = spawnSync(step.cmd, step.args, { cwd: root, stdio: 'inherit' })
  const ok = r.status === 0
  if (ok) passed++
  else failed++
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${step.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
}

console.log('\n▶ vitest (core, renderer, e2e, electron)')
const report = join(out, 'vitest.json')
rmSync(report, { force: true })
const t0 = Date.now()
const v = spawnSync(bin('vitest'), ['run', '--config', 'tests/vitest.config.mts'], { cwd: root, stdio: 'inherit' })
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }
  passed += j.numPassedTests
  failed += j.numFailedTests
  skipped += j.numPendingTests + j.numTodoTests
  // A crash outside any test (an unhandled error, a broken file) fails the run too.
  if (v.status !== 0 && j.numFailedTests === 0) failed++
  lines.push(`${v.status === 0 ? 'ok  ' : 'FAIL'} vitest: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numPendingTests + j.numTodoTests} skipped (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
} else {
  failed++
  lines.push('FAIL vitest: no report was written')
}

console.log(`\nSummary\n${lines.map((l) => `  ${l}`).join('\n')}`)
writeFileSync(join(out, 'summary.json'), JSON.stringify({ passed, failed, skipped }))
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 ? 1 : 0)
