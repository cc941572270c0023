import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { APP_INDEX_URL, APP_ORIGIN, appSchemeResponse, chooseRendererUrl, resolveAppUrl, type AppSchemeDeps } from '../../electron/core/security/app-scheme'
import { tempDir } from '../helpers/db'

const { dir: root, cleanup } = tempDir('imagine-app-scheme-')
afterAll(cleanup)
const rendererDir = join(root, 'out', 'renderer')
const outside = join(root, 'outside')
mkdirSync(join(rendererDir, 'assets', 'sub'), { recursive: true })
mkdirSync(outside, { recursive: true })
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'js')
writeFileSync(join(rendererDir, 'assets', 'index-abc.css'), 'css')
writeFileSync(join(rendererDir, 'assets', 'font.woff2'), 'font')
writeFileSync(join(rendererDir, 'assets', 'logo.svg'), '<svg/>')
writeFileSync(join(rendererDir, 'assets', 'sub', 'index.html'), 'not served as a folder default')
writeFileSync(join(rendererDir, 'assets', 'blob.bin'), 'unknown type')
writeFileSync(join(outside, 'secret.js'), 'secret')
symlinkSync(join(outside, 'secret.js'), join(rendererDir, 'assets', 'escape.js'))
writeFileSync(join(root, 'out', 'renderer-evil.js'), 'sibling with a shared prefix')

const deps: AppSchemeDeps = { rootDir: rendererDir }

describe('resolveAppUrl', () => {
  it.each([
    [`${APP_ORIGIN}/`, 200, 'index.html', 'text/html; charset=utf-8'],
    [`${APP_ORIGIN}`, 200, 'index.html', 'text/html; charset=utf-8'],
    [APP_INDEX_URL, 200, 'index.html', 'text/html; charset=utf-8'],
    [`${APP_INDEX_URL}#/settings`, 200, 'index.html', 'text/html; charset=utf-8'],
    [`${APP_ORIGIN}/assets/index-abc.js`, 200, 'assets/index-abc.js', 'text/javascript; charset=utf-8'],
    [`${APP_ORIGIN}/assets/index-abc.css?v=1`, 200, 'assets/index-abc.css', 'text/css; charset=utf-8'],
    [`${APP_ORIGIN}/assets/font.woff2`, 200, 'assets/font.woff2', 'font/woff2'],
    [`${APP_ORIGIN}/assets/logo.svg`, 200, 'assets/logo.svg', 'image/svg+xml'],
    // The parser folds dot segments; what remains must still be inside the folder.
    [`${APP_ORIGIN}/assets/../index.html`, 200, 'index.html', 'text/html; charset=utf-8'],
    [`${APP_ORIGIN}/../../outside/secret.js`, 404, null, null],
    [`${APP_ORIGIN}/%2e%2e/%2e%2e/outside/secret.js`, 404, null, null]
  ])('%s → %i', (url, status, file, contentType) => {
    const r = resolveAppUrl(url, deps)
    expect(r.status).toBe(status)
    if (r.status === 200) {
      expect(r.file).toBe(join(rendererDir, file!))
      expect(r.contentType).toBe(contentType)
    }
  })

  it.each([
    [`${APP_ORIGIN}/..%2f..%2foutside%2fsecret.js`, 403],
    [`${APP_ORIGIN}/%2e%2e%2f%2e%2e%2foutside/secret.js`, 403],
    [`${APP_ORIGIN}/assets%5c..%5c..%5coutside%5csecret.js`, 403],
    [`${APP_ORIGIN}/%2Fetc%2Fpasswd.js`, 404],
    [`${APP_ORIGIN}/C:%5cWindows%5cwin.ini`, 403],
    [`${APP_ORIGIN}/C:/Windows/win.ini`, 403],
    [`${APP_ORIGIN}/index.html%00.js`, 403],
    [`${APP_ORIGIN}/index.html\0`, 400],
    [`${APP_ORIGIN}/assets/escape.js`, 403],
    [`${APP_ORIGIN}/../renderer-evil.js`, 404],
    [`${APP_ORIGIN}/assets/`, 404],
    [`${APP_ORIGIN}/assets`, 404],
    [`${APP_ORIGIN}/assets/sub/`, 404],
    [`${APP_ORIGIN}/assets/blob.bin`, 404],
    [`${APP_ORIGIN}/missing.js`, 404],
    [`${APP_ORIGIN}/%E0%A4%A`, 400],
    ['app://evil/index.html', 404],
    ['app://studio.evil/index.html', 404],
    ['app://user:pw@studio/index.html', 400],
    ['app://studio:8080/index.html', 400],
    ['file:///etc/passwd', 400],
    ['app-image://image/1', 400],
    ['not a url', 400],
    [`${APP_ORIGIN}/${'a'.repeat(3000)}.js`, 400]
  ])('%s → %i', (url, status) => {
    expect(resolveAppUrl(url, deps).status).toBe(status)
  })

  it('never serves a file outside the folder for any of the hostile inputs', () => {
    for (const url of [`${APP_ORIGIN}/../../outside/secret.js`, `${APP_ORIGIN}/%2e%2e/%2e%2e/outside/secret.js`, `${APP_ORIGIN}/assets/escape.js`]) {
      const r = resolveAppUrl(url, deps)
      if (r.status === 200) expect(r.file.startsWith(rendererDir)).toBe(true)
    }
  })
})

describe('chooseRendererUrl: the dev server only in development', () => {
  it.each([
    [{ isPackaged: true, devUrl: 'http://localhost:5173/' }, APP_INDEX_URL],
    [{ isPackaged: true, devUrl: 'https://evil.example/' }, APP_INDEX_URL],
    [{ isPackaged: true, devUrl: undefined }, APP_INDEX_URL],
    [{ isPackaged: false, devUrl: undefined }, APP_INDEX_URL],
    [{ isPackaged: false, devUrl: '' }, APP_INDEX_URL],
    [{ isPackaged: false, devUrl: 'http://localhost:5173/' }, 'http://localhost:5173/'],
    [{ isPackaged: false, devUrl: 'http://127.0.0.1:5173' }, 'http://127.0.0.1:5173/'],
    [{ isPackaged: false, devUrl: 'http://[::1]:5173/' }, 'http://[::1]:5173/'],
    [{ isPackaged: false, devUrl: 'https://evil.example/' }, APP_INDEX_URL],
    [{ isPackaged: false, devUrl: 'http://localhost.evil.example:5173/' }, APP_INDEX_URL],
    [{ isPackaged: false, devUrl: 'http://user:pw@localhost:5173/' }, APP_INDEX_URL],
    [{ isPackaged: false, devUrl: 'file:///tmp/index.html' }, APP_INDEX_URL],
    [{ isPackaged: false, devUrl: 'not a url' }, APP_INDEX_URL]
  ])('%j → %s', (opts, expected) => {
    expect(chooseRendererUrl(opts)).toBe(expected)
  })
})

describe('appSchemeResponse', () => {
  it('streams the file with its type and nosniff; HEAD has no body; other methods are 405', async () => {
    const get = appSchemeResponse(new Request(`${APP_ORIGIN}/assets/index-abc.js`), deps)
    expect(get.status).toBe(200)
    expect(get.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(get.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await get.text()).toBe('js')
    const head = appSchemeResponse(new Request(APP_INDEX_URL, { method: 'HEAD' }), deps)
    expect(head.status).toBe(200)
    expect(head.body).toBeNull()
    expect(appSchemeResponse(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }), deps).status).toBe(405)
  })

  it('answers the resolver status, with no body, for what it refuses', async () => {
    const r = appSchemeResponse(new Request(`${APP_ORIGIN}/assets/escape.js`), deps)
    expect(r.status).toBe(403)
    expect(await r.text()).toBe('')
    expect(appSchemeResponse(new Request(`${APP_ORIGIN}/missing.js`), deps).status).toBe(404)
  })
})
