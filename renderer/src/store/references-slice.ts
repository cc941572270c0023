/**
 * The reference tray: images the next generation is made from. A reference is
 * prepared by main (checked, downscaled, stored by hash) as soon as it lands, so
 * a bad one is reported at once and Generate sends without waiting. The model's
 * limit comes from its capability table; a drop when the tray is full replaces
 * the oldest reference and can be undone. A failed drop leaves the tray as it was.
 */
import type { PreparedReferenceInfo, WindowReferenceSource } from '../../../electron/shared/generation'
import { capabilitiesFor, DEFAULT_MODEL } from '../../../electron/shared/model-capabilities'
import { api, ApiError, call, toApiError } from '../api'
import type { SettingsOffer } from '../../../electron/shared/recall'
import { composerFromRecipe, composerFromSettings } from '../lib/recipe'
import { fileProblem, type ReferenceInput } from '../lib/reference-input'
import { loadDraft } from './draft'
import type { SliceCreator } from './types'

export interface TrayItem {
  key: number
  status: 'preparing' | 'ready'
  /** File name, URL or the library image's prompt. */
  label: string
  sourceKind: PreparedReferenceInfo['sourceKind']
  /** What the chip shows: a local preview while preparing, then the stored reference. */
  previewUrl: string | null
  /** Set once main has prepared it. */
  info: PreparedReferenceInfo | null
}

export interface TrayNotice {
  tone: 'error' | 'info'
  message: string
  /** The tray before the change, when it can be undone. */
  undo: TrayItem[] | null
}

/** The settings a dropped file carries (recall from files), offered under the tray until used or dismissed. */
export interface TraySettingsOffer {
  /** The tray item the file became. */
  key: number
  offer: SettingsOffer
}

export interface ReferencesSlice {
  tray: TrayItem[]
  trayNotice: TrayNotice | null
  settingsOffer: TraySettingsOffer | null
  /** The next tray key (state, not a module variable, so tests reset it). */
  trayNextKey: number
  /** Adds what the user dropped, pasted or picked; `problem` is a refusal found while reading the drop. */
  addReferences(inputs: readonly ReferenceInput[], problem?: string | null): Promise<void>
  removeReference(key: number): void
  undoTrayChange(): void
  dismissTrayNotice(): void
  /** The tray as `generation:start` references; null while one is still being prepared. */
  trayReferences(): WindowReferenceSource[] | null
  /**
   * Remix in one gesture: the composer gets the image's prompt and the image goes
   * into the tray (replacing what was there, with Undo); the detail view closes.
   */
  remixImage(image: { id: number; prompt: string | null; generationId: number | null }): Promise<void>
  /** Use all settings: every field the image was made with goes to the composer; the tray is left as it is. */
  applyImageSettings(image: { id: number; prompt: string | null; generationId: number | null }): Promise<boolean>
  /**
   * Recall from files: the offered settings go to the composer, the prompt only or all
   * of them (the tray is left as it is); the offer goes.
   */
  applySettingsOffer(what: 'prompt' | 'all'): void
  dismissSettingsOffer(): void
  /** Vary, Retry, Run again: the same request with the same references, at once. */
  runAgain(generationId: number, prompt?: string): Promise<boolean>
  /** Puts back the draft saved before a reload or a restart (prompt, settings, prepared references). */
  restoreDraft(): void
}

/** How many references the current model takes. */
export function referenceLimit(model: string | undefined): number {
  return capabilitiesFor(model ?? DEFAULT_MODEL)?.maxReferenceImages ?? 1
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

/** The source main prepares for one input: a file by token when it has a path, else by its bytes. */
async function sourceFor(input: ReferenceInput): Promise<Exclude<WindowReferenceSource, { kind: 'prepared' }>> {
  if (input.kind === 'url') return { kind: 'url', url: input.url }
  if (input.kind === 'image') return { kind: 'image', imageId: input.imageId }
  const granted = await api.files.grantFile(input.file)
  if (granted.ok) return { kind: 'file', token: granted.value.token }
  if (granted.error.code !== 'NO_PATH') throw new ApiError(granted.error)
  return { kind: 'bytes', data: new Uint8Array(await input.file.arrayBuffer()), name: input.file.name || 'pasted image' }
}

function localPreview(input: ReferenceInput): string | null {
  if (input.kind === 'image') return api.media.thumbUrl(input.imageId)
  if (input.kind === 'file' && typeof URL.createObjectURL === 'function') return URL.createObjectURL(input.file)
  return null
}

function releasePreview(url: string | null): void {
  if (url?.startsWith('blob:') && typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(url)
}

function labelOf(input: ReferenceInput): string {
  if (input.kind === 'file') return input.file.name || 'Pasted image'
  if (input.kind === 'url') return input.url
  return input.label
}

export const createReferencesSlice: SliceCreator<ReferencesSlice> = (set, get) => ({
  tray: [],
  trayNotice: null,
  settingsOffer: null,
  trayNextKey: 1,

  async addReferences(inputs, problem = null) {
    if (problem) return set({ trayNotice: { tone: 'error', message: problem, undo: null } })
    if (inputs.length === 0) return
    const limit = referenceLimit(get().settings?.model)
    if (inputs.length > limit) {
      return set({
        trayNotice: {
          tone: 'error',
          message: `This model takes ${plural(limit, 'reference image', 'reference images')}; ${inputs.length} were dropped. Drop ${limit === 1 ? 'one image' : `at most ${limit}`} at a time.`,
          undo: null
        }
      })
    }
    for (const input of inputs) {
      const p = input.kind === 'file' ? fileProblem(input.file) : null
      if (p) return set({ trayNotice: { tone: 'error', message: p, undo: null } })
    }

    const before = get().tray
    const overflow = Math.max(0, before.length + inputs.length - limit)
    const replaced = before.slice(0, overflow)
    const firstKey = get().trayNextKey
    const added: TrayItem[] = inputs.map((input, i) => ({
      key: firstKey + i,
      status: 'preparing',
      label: labelOf(input),
      sourceKind: input.kind,
      previewUrl: localPreview(input),
      info: null
    }))
    set({ tray: [...before.slice(overflow), ...added], trayNextKey: firstKey + inputs.length, trayNotice: null })

    const results = await Promise.allSettled(inputs.map(async (input) => call(async () => api.references.prepare(await sourceFor(input)))))
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    const addedKeys = new Set(added.map((a) => a.key))
    if (failure) {
      // The tray keeps what it had: the new ones go, the replaced ones come back.
      added.forEach((a) => releasePreview(a.previewUrl))
      set((s) => {
        const kept = s.tray.filter((t) => !addedKeys.has(t.key))
        const restore = replaced.filter((r) => !kept.some((k) => k.key === r.key)).slice(0, Math.max(0, limit - kept.length))
        return { tray: [...restore, ...kept], trayNotice: { tone: 'error', message: toApiError(failure.reason).message, undo: null } }
      })
      return
    }
    // The last dropped file that carries settings offers them (one offer at a time).
    const offered = added.flatMap((a, i) => {
      const r = results[i]
      return r?.status === 'fulfilled' && r.value.offer ? [{ key: a.key, offer: r.value.offer }] : []
    })
    set((s) => ({
      tray: s.tray.map((t) => {
        const i = added.findIndex((a) => a.key === t.key)
        const r = results[i]
        if (i < 0 || r?.status !== 'fulfilled') return t
        releasePreview(t.previewUrl)
        const { offer: _offer, ...info } = r.value
        return { ...t, status: 'ready' as const, label: info.label || t.label, info, previewUrl: api.media.referenceUrl(info.referenceId) }
      }),
      settingsOffer: offered.at(-1) ?? (s.settingsOffer && s.tray.some((t) => t.key === s.settingsOffer!.key) ? s.settingsOffer : null),
      trayNotice:
        replaced.length > 0
          ? { tone: 'info', message: replaced.length === 1 ? 'Replaced the reference image.' : `Replaced ${replaced.length} reference images.`, undo: before }
          : s.trayNotice
    }))
  },

  removeReference(key) {
    const before = get().tray
    const item = before.find((t) => t.key === key)
    if (!item) return
    set((s) => ({
      tray: before.filter((t) => t.key !== key),
      trayNotice: { tone: 'info', message: 'Removed the reference image.', undo: before },
      settingsOffer: s.settingsOffer?.key === key ? null : s.settingsOffer
    }))
  },

  undoTrayChange() {
    const undo = get().trayNotice?.undo
    if (undo) set({ tray: undo, trayNotice: null })
  },

  dismissTrayNotice: () => set({ trayNotice: null }),

  async remixImage(image) {
    const s = get()
    s.closeDetail()
    // Its prompt and settings (an image from outside a generation has none: the prompt, if any).
    const applied = image.generationId !== null && (await get().applyImageSettings(image))
    if (!applied && image.prompt) get().updateComposer({ prompt: image.prompt })
    get().requestPromptFocus()
    await get().addReferences([{ kind: 'image', imageId: image.id, label: image.prompt?.trim() || `Image ${image.id}` }])
  },

  async applyImageSettings(image) {
    if (image.generationId === null) return false
    try {
      const recipe = await get().recipeOf(image.generationId)
      get().updateComposer(composerFromRecipe(recipe))
      get().requestPromptFocus()
      return true
    } catch (error) {
      get().reportError("Couldn't read the image's settings", error)
      return false
    }
  },

  applySettingsOffer(what) {
    const offered = get().settingsOffer?.offer
    const settings = offered?.settings
    if (!offered || !settings) return
    if (what === 'prompt') {
      if (settings.prompt === undefined) return
      get().updateComposer({ prompt: settings.prompt })
    } else {
      get().updateComposer(composerFromSettings(get().composer, settings, offered.complete))
    }
    set({ settingsOffer: null })
    get().requestPromptFocus()
  },

  dismissSettingsOffer: () => set({ settingsOffer: null }),

  async runAgain(generationId, prompt) {
    try {
      const started = await call(() => api.generation.runAgain(generationId))
      const job = get().jobs[generationId]
      // Main pushes the new job's snapshot too; this shows it at once.
      get().noteStartedJob(started.generationId, started.taskUUID, job?.prompt ?? prompt ?? '', job?.imagesTotal ?? 1)
      return true
    } catch (error) {
      get().reportError("Couldn't start it again", error)
      return false
    }
  },

  restoreDraft() {
    const draft = loadDraft()
    if (!draft) return
    const first = get().trayNextKey
    set({
      composer: draft.composer,
      tray: draft.references.map((r, i) => ({
        key: first + i,
        status: 'ready' as const,
        label: r.label,
        sourceKind: r.sourceKind,
        previewUrl: api.media.referenceUrl(r.info.referenceId),
        info: r.info
      })),
      trayNextKey: first + draft.references.length
    })
  },

  trayReferences() {
    const tray = get().tray
    if (tray.some((t) => t.status !== 'ready' || !t.info)) return null
    return tray.map((t) => ({ kind: 'prepared', referenceId: t.info!.referenceId }))
  }
})
