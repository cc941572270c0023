/**
 * Native-module policy (see README, "Native modules"):
 * - `npm install` compiles better-sqlite3 for Node: tests and the CLI use it.
 * - `npm run native:electron` compiles a second copy for Electron's ABI into
 *   .native/, once per (better-sqlite3, Electron) version pair. The app loads it
 *   through better-sqlite3's `nativeBinding` option, so node_modules is never
 *   touched and switching between `npm test` and `npm start` never recompiles.
 * - `ensure` (run by `npm start`/`dev`/`dist`) builds it only when missing.
 *
 * Why not `electron-builder install-app-deps`: it rebuilds node_modules in place
 * (breaking the Node tests) and, where npm passes `nodedir`, silently compiles
 * against Node's headers while reporting success. We strip `nodedir` and check
 * the ABI in config.gypi before accepting the file.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { electronBindingFileName, moduleVersionFromConfigGypi, NATIVE_DIR } from '../electron/core/native-binding'

const root = resolve(__dirname, '..')
const req = createRequire(join(root, 'package.json'))
const version = (pkg: string): string => (JSON.parse(readFileSync(req.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version

function die(message: string): never {
  console.error(`native: ${message}`)
  process.exit(1)
}

function electronInstalled(): boolean {
  try {
    const p = req('electron') as unknown
    return typeof p === 'string' && existsSync(p)
  } catch {
    return false
  }
}

function electronAbi(electronVersion: string): number | null {
  try {
    return Number((req('node-abi') as { getAbi(v: string, runtime: string): string }).getAbi(electronVersion, 'electron'))
  } catch {
    return null
  }
}

function nodeGypScript(): string {
  const local = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  if (existsSync(local)) return local
  const npmBundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  if (existsSync(npmBundled)) return npmBundled
  die('node-gyp not found (it ships with npm); reinstall npm or run `npm install`.')
}

function buildForElectron(): string {
  const electronVersion = version('electron')
  const bsVersion = version('better-sqlite3')
  const target = join(root, NATIVE_DIR, electronBindingFileName(bsVersion, electronVersion))
  const work = mkdtempSync(join(tmpdir(), 'imagine-native-'))
  console.log(`native: building better-sqlite3 ${bsVersion} for Electron ${electronVersion} (needs Electron's headers from the internet, about a minute)…`)
  try {
    const src = join(work, 'better-sqlite3')
    cpSync(dirname(req.resolve('better-sqlite3/package.json')), src, {
      recursive: true,
      filter: (p) => !p.includes(`${'/'}build${'/'}`) && !p.endsWith(`${'/'}build`)
    })
    const env = { ...process.env }
    // npm exports the user's `nodedir` to scripts; node-gyp would then use Node's headers.
    for (const k of Object.keys(env)) if (/^npm_config_(nodedir|runtime|target|disturl)$/i.test(k)) delete env[k]
    const r = spawnSync(
      process.execPath,
      [nodeGypScript(), 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'],
      { cwd: src, env, stdio: 'inherit' }
    )
    if (r.status !== 0) die('the build failed (see above). It needs network access to download Electron\'s headers once.')
    const built = moduleVersionFromConfigGypi(readFileSync(join(src, 'build', 'config.gypi'), 'utf8'))
    const expected = electronAbi(electronVersion)
    if (expected !== null && built !== expected) die(`the build targeted ABI ${built}, but Electron ${electronVersion} needs ${expected}; refusing it.`)
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(join(src, 'build', 'Release', 'better_sqlite3.node'), target)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  return target
}

function main(): void {
  const cmd = process.argv[2] ?? 'ensure'
  if (cmd !== 'ensure' && cmd !== 'electron') die(`unknown command "${cmd}" (use ensure or electron)`)
  if (!electronInstalled()) {
    die('Electron is not installed (its download was skipped or failed). Run `npm install` on a machine with internet access, without ELECTRON_SKIP_BINARY_DOWNLOAD.')
  }
  const file = join(root, NATIVE_DIR, electronBindingFileName(version('better-sqlite3'), version('electron')))
  const built = cmd === 'electron' || !existsSync(file) ? buildForElectron() : file
  // electron-builder packs this copy (extraResources) as resources/native/better_sqlite3.node.
  mkdirSync(join(root, NATIVE_DIR, 'current'), { recursive: true })
  copyFileSync(built, join(root, NATIVE_DIR, 'current', 'better_sqlite3.node'))
  console.log(`native: Electron build ready: ${built}`)
}

main()
