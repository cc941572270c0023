/**
 * A separate process writing to a shared log file (tests/core/log-file.test.ts):
 * `log-writer.ts DIR NAME LABEL COUNT MAX_BYTES KEEP`. Each line carries the label,
 * its index and a payload of varying length (up to ~20 KB, beyond any pipe buffer),
 * so a torn or interleaved line is visible.
 */
import { createFileSink } from '../../electron/core/logging/file-sink'

const [dir = '', name = '', label = '', count = '0', maxBytes = '0', keep = '0'] = process.argv.slice(2)
const log = createFileSink({ dir, name, maxBytes: Number(maxBytes), keep: Number(keep), onError: (e) => { console.error(e); process.exitCode = 1 } })
for (let i = 0; i < Number(count); i++) {
  const size = (i * 7919) % 20_000
  log.sink('info', label, `line ${i}`, { label, i, size, payload: 'x'.repeat(size) })
}
log.close()
