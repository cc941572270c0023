/**
 * Resolves a bulk action's target to ids. A list is taken as given (bounded); a
 * view is read by main itself in one query, so "everything in this search" never
 * crosses IPC as a million ids (issue 12).
 */
import type { ImageTarget, ViewTarget } from '../../shared/library'
import { ValidationError } from '../errors'

/** The most ids a list target may name (a view target has no such bound). */
export const MAX_TARGET_IDS = 10_000

export function isViewTarget(target: ImageTarget): target is ViewTarget {
  return !Array.isArray(target)
}

/** The ids of a view target, in view order: bounded by `maxId`, minus `except`. */
export function viewTargetIds(viewIds: ArrayLike<number>, target: Pick<ViewTarget, 'except' | 'maxId'>): number[] {
  const except = new Set(target.except ?? [])
  const maxId = target.maxId ?? Infinity
  const out: number[] = []
  for (let i = 0; i < viewIds.length; i++) {
    const id = viewIds[i]!
    if (id <= maxId && !except.has(id)) out.push(id)
  }
  return out
}

/** Checks a list target: not empty, not too long, positive whole numbers. */
export function checkIdList(ids: readonly number[]): number[] {
  if (ids.length === 0) throw new ValidationError('No images were given', 'ids')
  if (ids.length > MAX_TARGET_IDS) throw new ValidationError(`At most ${MAX_TARGET_IDS.toLocaleString('en')} images at a time`, 'ids')
  if (!ids.every((id) => Number.isInteger(id) && id > 0)) throw new ValidationError('Image ids are positive whole numbers', 'ids')
  return [...ids]
}
