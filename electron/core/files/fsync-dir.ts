import * as fsp from 'node:fs/promises'

/** Makes a rename into `dir` durable. Not supported on every platform (Windows): best effort. */
export async function fsyncDir(dir: string): Promise<void> {
  try {
    const h = await fsp.open(dir, 'r')
    try {
      await h.sync()
    } finally {
      await h.close()
    }
  } catch {
    /* ignore */
  }
}
