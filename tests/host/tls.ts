/**
 * The test host's TLS certificate for HTTP/2 (Chromium speaks h2 only over TLS):
 * self-signed for 127.0.0.1 and localhost, made by openssl on first use and shared
 * by every host this process starts, so one Chromium flag (`trustHostCertificate`
 * in tests/e2e/app-browser.ts) makes it valid for all of them. Valid, not merely
 * ignored: Chromium keeps no HTTP cache for a page whose certificate error it was
 * told to ignore, and the gallery benchmark's thumbnails would then all go back to
 * the host where HTTP/1.1 reads them from the cache.
 */
import { execFileSync } from 'node:child_process'
import { createHash, X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface HostCertificate {
  /** PEM. */
  key: string
  /** PEM. */
  cert: string
  /** Base64 SHA-256 of the public key (SPKI): what `--ignore-certificate-errors-spki-list` takes. */
  spki: string
}

let made: HostCertificate | null = null

export function hostCertificate(): HostCertificate {
  if (made) return made
  const dir = mkdtempSync(join(tmpdir(), 'imagine-host-tls-'))
  try {
    const keyFile = join(dir, 'key.pem')
    const certFile = join(dir, 'cert.pem')
    // P-256 (quick to make); 30 days outlasts any test run or a `npm run host` left running.
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '30', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyFile, '-out', certFile],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    )
    const cert = readFileSync(certFile, 'utf8')
    const spki = createHash('sha256')
      .update(new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64')
    made = { key: readFileSync(keyFile, 'utf8'), cert, spki }
    return made
  } finally {
    // The private key stays in memory only.
    rmSync(dir, { recursive: true, force: true })
  }
}
