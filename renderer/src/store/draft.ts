/**
 * The composer's draft (prompt, settings and the prepared references) survives a
 * reload and a restart: it is kept in the window's localStorage (per app origin,
 * in the app's own profile). Only prepared references are kept: they live in the
 * library's refs/ folder by id, so nothing large is stored here.
 */
import type { PreparedReferenceInfo } from '../../../electron/shared/generation'
import { initialComposer, type ComposerForm } from './composer-slice'
import type { TrayItem } from './references-slice'
import type { AppState } from './types'

export const DRAFT_KEY = 'imagine-studio:composer-draft:v1'

interface Draft {
  composer: ComposerForm
  references: { label: string; sourceKind: TrayItem['sourceKind']; info: PreparedReferenceInfo }[]
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // storage disabled: the draft lives for this session only
  }
}

export function draftOf(s: Pick<AppState, 'composer' | 'tray'>): Draft {
  return {
    composer: s.composer,
    references: s.tray.flatMap((t) => (t.status === 'ready' && t.info ? [{ label: t.label, sourceKind: t.sourceKind, info: t.info }] : []))
  }
}

export function saveDraft(draft: Draft): void {
  try {
    storage()?.setItem(DRAFT_KEY, JSON.stringify(draft))
  } catch {
    // Full or unavailable: keeping the draft is a convenience, never a reason to fail.
  }
}

/** The saved draft, checked field by field; anything that does not fit is dropped. */
export function loadDraft(): Draft | null {
  let raw: unknown
  try {
    const text = storage()?.getItem(DRAFT_KEY)
    if (!text) return null
    raw = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof raw !== 'object' || raw === null) return null
  const d = raw as Partial<Draft>
  const composer: ComposerForm = { ...initialComposer }
  if (d.composer && typeof d.composer === 'object') {
    for (const key of Object.keys(initialComposer) as (keyof ComposerForm)[]) {
      const v = (d.composer as unknown as Record<string, unknown>)[key]
      if (typeof v === typeof initialComposer[key]) (composer as unknown as Record<string, unknown>)[key] = v
    }
  }
  const references = Array.isArray(d.references)
    ? d.references.filter((r) => r && typeof r.label === 'string' && typeof r.info?.referenceId === 'number' && Number.isInteger(r.info.referenceId) && r.info.referenceId > 0)
    : []
  return { composer, references }
}

/** Saves the draft whenever the prompt, a setting or the tray changes; returns the unsubscribe. */
export function keepDraft(store: { subscribe(fn: (s: AppState, prev: AppState) => void): () => void }): () => void {
  return store.subscribe((s, prev) => {
    if (s.composer !== prev.composer || s.tray !== prev.tray) saveDraft(draftOf(s))
  })
}
