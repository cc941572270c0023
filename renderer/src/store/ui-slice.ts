import { THUMBNAIL_SIZES } from '../../../electron/shared/domain'
import { type ApiError, toApiError } from '../api'
import type { SliceCreator } from './types'

export type DialogName = 'settings' | 'about' | 'empty-trash' | 'export' | 'compare' | 'delete-collection' | 'delete-forever'
export type LibrarySection = 'all' | 'favourites' | 'trash'

export interface Toast {
  id: number
  tone: 'error' | 'info'
  title: string
  message?: string
  /** A button on the toast (e.g. Undo); pressing it runs `run` and dismisses the toast. */
  action?: { label: string; run(): void }
}

export interface UiSlice {
  /** The open modal, if any (one at a time). */
  dialog: DialogName | null
  sidebarCollapsed: boolean
  activeSection: LibrarySection
  toasts: Toast[]
  /** Bumped to ask the composer to focus its prompt (menu command `focus-prompt`). */
  promptFocusRequest: number
  openDialog(name: DialogName): void
  closeDialog(): void
  /** Shows a library section (leaving any collection view) with nothing selected. */
  setActiveSection(section: LibrarySection): void
  /** Flips the sidebar at once and persists the choice in settings. */
  toggleSidebar(): void
  /** One size larger (+1) or smaller (−1) thumbnails, kept in settings. */
  stepThumbnailSize(step: 1 | -1): void
  requestPromptFocus(): void
  showToast(toast: Omit<Toast, 'id'>): void
  dismissToast(id: number): void
  /** Shows a failed call as a non-blocking toast and returns it as an ApiError. */
  reportError(title: string, error: unknown): ApiError
}

/** Older toasts give way so a burst of failures cannot fill the window. */
const MAX_TOASTS = 3
let nextToastId = 1

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  dialog: null,
  sidebarCollapsed: false,
  activeSection: 'all',
  toasts: [],
  promptFocusRequest: 0,

  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  setActiveSection: (activeSection) => set({ activeSection, mainView: 'gallery', activeCollectionId: null, selectedIds: {}, selectionAll: null, selectionAnchor: null, selectionLead: null }),

  toggleSidebar() {
    const sidebarCollapsed = !get().sidebarCollapsed
    set({ sidebarCollapsed })
    // Fire and forget: updateSettings reports its own failure as a toast.
    void get().updateSettings({ sidebarCollapsed })
  },

  stepThumbnailSize(step) {
    const current = get().settings?.thumbnailSize ?? 'medium'
    const next = THUMBNAIL_SIZES[Math.min(THUMBNAIL_SIZES.length - 1, Math.max(0, THUMBNAIL_SIZES.indexOf(current) + step))]!
    if (next !== current) void get().updateSettings({ thumbnailSize: next })
  },

  requestPromptFocus: () => set((s) => ({ dialog: null, promptFocusRequest: s.promptFocusRequest + 1 })),

  showToast(toast) {
    const id = nextToastId++
    set((s) => ({ toasts: [...s.toasts, { ...toast, id }].slice(-MAX_TOASTS) }))
  },

  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),

  reportError(title, error) {
    const apiError = toApiError(error)
    get().showToast({ tone: 'error', title, message: apiError.message })
    return apiError
  }
})
