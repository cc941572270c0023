/**
 * Paths the user gave. The window never names a file by path: a drop goes
 * through the preload (`webUtils.getPathForFile`, which only knows files that
 * really came from the OS) or, later, the open dialog, and main hands back an
 * opaque token for that one file. A reference by path from the window is
 * refused at the IPC boundary, so a compromised renderer can neither read an
 * arbitrary file nor learn from the error messages what exists.
 * The CLI is the user's own shell and keeps plain paths.
 */
import { randomBytes } from 'node:crypto'
import { basename, isAbsolute, resolve } from 'node:path'
import type { GenerationParamsInput, ReferenceSource, WindowGenerationRequest, WindowReferenceSource } from '../../shared/generation'
import { PATH_FROM_WINDOW_MESSAGE } from '../../shared/schemas'
import { AppError } from '../errors'

/** Enough for any session; the oldest grant goes first. */
export const MAX_GRANTS = 1000

export const UNKNOWN_GRANT_MESSAGE = 'That file was not given to the app in this session: drop it or choose it again.'

export const UNKNOWN_FOLDER_MESSAGE = 'That folder was not chosen in this session: choose it again.'

export class PathGrants {
  private readonly byToken = new Map<string, string>()
  /** Folders the user chose (export targets): a file token is never a folder token, nor the reverse. */
  private readonly folders = new Map<string, string>()

  /** A token for a folder the user chose in the OS dialog (main) or a test host granted. */
  grantFolder(path: string): { token: string; name: string } {
    if (typeof path !== 'string' || path === '' || path.includes('\0') || !isAbsolute(path)) {
      throw new AppError('VALIDATION', 'Only a folder chosen on your computer can be used.')
    }
    const token = randomBytes(18).toString('base64url')
    this.folders.set(token, resolve(path))
    while (this.folders.size > MAX_GRANTS) this.folders.delete(this.folders.keys().next().value as string)
    return { token, name: basename(resolve(path)) || resolve(path) }
  }

  /** The folder behind a token; VALIDATION when it was never handed out here. */
  resolveFolder(token: string): string {
    const path = typeof token === 'string' ? this.folders.get(token) : undefined
    if (path === undefined) throw new AppError('VALIDATION', UNKNOWN_FOLDER_MESSAGE)
    return path
  }

  /** A token for a path the preload took from a real dropped or chosen file. */
  grant(path: string): { token: string; name: string } {
    if (typeof path !== 'string' || path === '' || path.includes('\0') || !isAbsolute(path)) {
      throw new AppError('VALIDATION', 'Only a file dropped or chosen from your computer can be used.')
    }
    const token = randomBytes(18).toString('base64url')
    this.byToken.set(token, resolve(path))
    while (this.byToken.size > MAX_GRANTS) this.byToken.delete(this.byToken.keys().next().value as string)
    return { token, name: basename(path) }
  }

  /** The path behind a token; VALIDATION when the token was never handed out here. */
  resolve(token: string): string {
    const path = typeof token === 'string' ? this.byToken.get(token) : undefined
    if (path === undefined) throw new AppError('VALIDATION', UNKNOWN_GRANT_MESSAGE)
    return path
  }

  /** The window's request with its file tokens replaced by the paths they stand for. */
  toCoreParams(request: WindowGenerationRequest): GenerationParamsInput {
    const { references, ...rest } = request
    if (references === undefined) return rest
    if (!Array.isArray(references)) return { ...rest, references: references as never }
    return { ...rest, references: references.map((ref) => this.toCoreReference(ref)) }
  }

  /**
   * One window reference as the core takes it: a token becomes its path; every
   * other kind is rebuilt from the fields it may carry, so nothing a window adds
   * (a label, a path, a source image) reaches the core. The IPC schema has checked
   * the shapes already; the core's own schema checks them again.
   */
  toCoreReference(ref: WindowReferenceSource): ReferenceSource {
    const r = ref as Partial<Record<string, unknown>> | null
    switch (r?.kind) {
      case 'path':
        throw new AppError('VALIDATION', PATH_FROM_WINDOW_MESSAGE)
      case 'file':
        return { kind: 'path', path: this.resolve(r.token as string) }
      case 'bytes':
        return { kind: 'bytes', data: r.data as Uint8Array, name: r.name as string }
      case 'prepared':
        return { kind: 'prepared', referenceId: r.referenceId as number }
      case 'url':
        return { kind: 'url', url: r.url as string }
      case 'image':
        return { kind: 'image', imageId: r.imageId as number }
      default:
        // Not a reference: the core's schema names the problem.
        return ref as ReferenceSource
    }
  }
}
