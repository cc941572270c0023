/**
 * Pure URL policy for the window: which navigations stay inside the app and
 * which links may be handed to the OS browser. Table-tested in
 * tests/core/trusted-url.test.ts.
 */
import { APP_HOST, APP_SCHEME } from './app-scheme'

/** Hosts whose https pages may open in the OS browser (docs, billing, the model page). */
export const EXTERNAL_HOST_ALLOW_LIST: readonly string[] = [
  'runware.ai',
  'my.runware.ai',
  'docs.runware.ai',
  'x.ai',
  'docs.x.ai',
  'github.com'
]

function parse(url: string): URL | null {
  // Control characters and whitespace have no place in a URL we act on.
  // eslint-disable-next-line no-control-regex
  if (typeof url !== 'string' || url.length > 4096 || /[\u0000-\u001f\s]/.test(url)) return null
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/** Whether a link may be opened with `shell.openExternal`. */
export function isExternalAllowed(url: string, allowList: readonly string[] = EXTERNAL_HOST_ALLOW_LIST): boolean {
  const u = parse(url)
  if (!u) return false
  if (u.protocol !== 'https:') return false
  if (u.username || u.password) return false
  if (u.port !== '') return false
  return allowList.includes(u.hostname.toLowerCase())
}

/**
 * The URL to hand to the OS browser: the parsed, normalised `href` (so the OS
 * opens exactly what was checked, not a raw string it might read differently),
 * or null when the link is not allowed.
 */
export function externalHref(url: string, allowList: readonly string[] = EXTERNAL_HOST_ALLOW_LIST): string | null {
  return isExternalAllowed(url, allowList) ? new URL(url).href : null
}

/**
 * Whether `target` is the app's own page (a hash change or reload), given the URL
 * the window was loaded with. Anything else is a navigation away and is refused.
 */
export function isInternalNavigation(target: string, appUrl: string): boolean {
  const t = parse(target)
  const a = parse(appUrl)
  if (!t || !a) return false
  if (t.protocol !== a.protocol) return false
  // Our own scheme (app://studio): Node gives such URLs the origin 'null', so compare
  // host and page. file:// is never the app's origin: nothing loaded from it is ours.
  if (a.protocol === `${APP_SCHEME}:`) return t.host === APP_HOST && a.host === APP_HOST && t.pathname === a.pathname
  if (a.protocol === 'http:' || a.protocol === 'https:') return t.origin === a.origin && (a.hostname === 'localhost' || a.hostname === '127.0.0.1')
  return false
}

/** Whether an IPC message comes from our window's main frame showing our page. */
export function isTrustedSender(
  sender: { url: string; isMainFrame: boolean; fromAppWindow: boolean },
  appUrl: string
): boolean {
  return sender.fromAppWindow && sender.isMainFrame && isInternalNavigation(sender.url, appUrl)
}
