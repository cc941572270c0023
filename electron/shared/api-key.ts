/**
 * What a Runware API key may contain. It travels in an HTTP header, where fetch
 * refuses control and non-ASCII characters by throwing — which would otherwise
 * look like a network failure. Settings (the IPC schema) and the client both
 * check with this, so a bad key is named at once and nothing is sent.
 */

/** Printable ASCII without the space: what a header value may hold and a key is made of. */
export const API_KEY_CHARS = /^[\x21-\x7e]+$/

export const MALFORMED_API_KEY_MESSAGE =
  'That API key is malformed: it contains a space, a control character or a non-ASCII character (often from copying). Paste the key again from your Runware dashboard.'

/** Why `key` cannot be sent as a Bearer token, or null when it can. */
export function apiKeyProblem(key: string): string | null {
  return API_KEY_CHARS.test(key) ? null : MALFORMED_API_KEY_MESSAGE
}
