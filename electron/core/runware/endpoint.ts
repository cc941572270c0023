/**
 * Which Runware endpoint gets the API key. The default is Runware's own; an
 * override (`RUNWARE_API_URL`: the fake server in tests, a proxy in development)
 * must be https, or plain http only to a loopback host, and never carries
 * credentials. A packaged app ignores it: an environment variable must not be
 * able to send the decrypted key somewhere else.
 */
import { AppError } from '../errors'
import { DEFAULT_ENDPOINT } from './client'

const isLoopbackHost = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)

/** Why `url` may not be the endpoint, or null when it may. */
export function endpointProblem(url: string): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return 'is not a URL'
  }
  if (u.username || u.password) return 'must not contain a user name or password'
  if (u.protocol === 'https:') return null
  if (u.protocol === 'http:') return isLoopbackHost(u.hostname) ? null : 'must use https (plain http only to a loopback host such as 127.0.0.1)'
  return 'must be an https URL'
}

/** The checked endpoint override, or null when none is given. Throws VALIDATION for a bad one. */
export function endpointOverride(raw: string | undefined): string | null {
  const url = raw?.trim()
  if (!url) return null
  const problem = endpointProblem(url)
  if (problem) throw new AppError('VALIDATION', `RUNWARE_API_URL ${problem}: ${JSON.stringify(url)}`)
  return url
}

/**
 * The endpoint the app uses: Runware's, or in development only (`!isPackaged`)
 * a checked `RUNWARE_API_URL`. `ignored` is set when a packaged app skipped one.
 */
export function appEndpoint(opts: { isPackaged: boolean; envUrl: string | undefined }): { endpoint: string; ignored: boolean } {
  if (opts.isPackaged) return { endpoint: DEFAULT_ENDPOINT, ignored: Boolean(opts.envUrl?.trim()) }
  return { endpoint: endpointOverride(opts.envUrl) ?? DEFAULT_ENDPOINT, ignored: false }
}
