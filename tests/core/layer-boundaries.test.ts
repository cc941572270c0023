import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../e2e/harness'

/** Lints a snippet as if it were the given file, with the project's own config. */
async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: repoRoot,
    // Type-aware rules need a file on disk; the boundary rules do not.
    overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } }, rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' } }
  })
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${filePath}` })
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message)
}

describe('layer boundaries (lint)', () => {
  it('forbids electron in the core, shared code and the renderer', async () => {
    const code = "import { app } from 'electron'\nexport const x = app\n"
    expect(await ruleIds(code, 'electron/core/probe.ts')).toContain('no-restricted-imports')
    expect(await ruleIds(code, 'electron/shared/probe.ts')).toContain('no-restricted-imports')
    expect(await ruleIds(code, 'renderer/src/probe.ts')).toContain('no-restricted-imports')
  })

  it('allows electron in the main-process adapters and the preload', async () => {
    const code = "import { app } from 'electron'\nexport const x = app\n"
    expect(await ruleIds(code, 'electron/main/probe.ts')).not.toContain('no-restricted-imports')
    expect(await ruleIds(code, 'electron/preload/probe.ts')).not.toContain('no-restricted-imports')
  })

  it('keeps the renderer away from the core and from Node modules', async () => {
    expect(await ruleIds("import { createCore } from '../../electron/core/app-core'\nexport const c = createCore\n", 'renderer/src/probe.ts')).toContain('no-restricted-imports')
    expect(await ruleIds("import { readFileSync } from 'node:fs'\nexport const r = readFileSync\n", 'renderer/src/probe.ts')).toContain('no-restricted-imports')
  })

  it('keeps the core independent of the Electron adapters', async () => {
    expect(await ruleIds("import { registerIpc } from '../main/ipc'\nexport const r = registerIpc\n", 'electron/core/probe.ts')).toContain('no-restricted-imports')
  })
})
