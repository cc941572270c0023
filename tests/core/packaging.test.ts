/**
 * The packaged app's hardening lives in electron-builder.yml: these tests read the
 * real file (as electron-builder does, with js-yaml) so a fuse cannot be dropped or
 * flipped back silently, and a fuse a future Electron adds must be decided here.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..')
const req = createRequire(join(root, 'package.json'))
const yaml = req('js-yaml') as { load(text: string): unknown }
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>
const fuses = (config.electronFuses ?? {}) as Record<string, unknown>

/** electron-builder's option name for each of @electron/fuses' V1 fuses. */
const optionName: Record<string, string> = {
  RunAsNode: 'runAsNode',
  EnableCookieEncryption: 'enableCookieEncryption',
  EnableNodeOptionsEnvironmentVariable: 'enableNodeOptionsEnvironmentVariable',
  EnableNodeCliInspectArguments: 'enableNodeCliInspectArguments',
  EnableEmbeddedAsarIntegrityValidation: 'enableEmbeddedAsarIntegrityValidation',
  OnlyLoadAppFromAsar: 'onlyLoadAppFromAsar',
  LoadBrowserProcessSpecificV8Snapshot: 'loadBrowserProcessSpecificV8Snapshot',
  GrantFileProtocolExtraPrivileges: 'grantFileProtocolExtraPrivileges'
}

describe('electron-builder.yml: fuses', () => {
  it('turns off every way to run the binary as something else', () => {
    expect(fuses.runAsNode).toBe(false)
    expect(fuses.enableNodeOptionsEnvironmentVariable).toBe(false)
    expect(fuses.enableNodeCliInspectArguments).toBe(false)
    expect(fuses.grantFileProtocolExtraPrivileges).toBe(false)
  })

  it('encrypts cookies and loads only the integrity-checked asar', () => {
    expect(fuses.enableCookieEncryption).toBe(true)
    expect(fuses.enableEmbeddedAsarIntegrityValidation).toBe(true)
    expect(fuses.onlyLoadAppFromAsar).toBe(true)
    // onlyLoadAppFromAsar needs an asar to load.
    expect(config.asar).not.toBe(false)
  })

  it('decides every fuse the installed @electron/fuses knows', () => {
    const fusesLib = createRequire(req.resolve('app-builder-lib/package.json'))('@electron/fuses') as { FuseV1Options: Record<string, string | number> }
    const known = Object.keys(fusesLib.FuseV1Options).filter((k) => Number.isNaN(Number(k)))
    expect(known.length).toBeGreaterThanOrEqual(8)
    for (const name of known) {
      const option = optionName[name]
      expect(option, `a new fuse ${name}: decide it in electron-builder.yml and name it here`).toBeDefined()
      expect(typeof fuses[option as string], `${name} is set`).toBe('boolean')
    }
  })

  it('never rebuilds node_modules in place (the Node build the tests use)', () => {
    expect(config.npmRebuild).toBe(false)
  })
})
