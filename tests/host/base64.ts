/**
 * Bytes from base64 text, for the host bridge's typed arrays ({ $u32 }, { $bytes }).
 * The built-in decoder where the browser has one, else atob and a plain loop:
 * `Uint8Array.from(atob(s), mapFn)` iterates the string through a callback and
 * took seconds for a million-image id list (5 MB of text), far more than the
 * query behind it; Electron's IPC clones the array instead.
 */
type WithFromBase64 = { fromBase64?: (text: string) => Uint8Array }

export function bytesFromBase64(text: string, native = (Uint8Array as unknown as WithFromBase64).fromBase64): Uint8Array {
  if (native) return native(text)
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
