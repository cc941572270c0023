import { create } from 'zustand'
import { createAppSlice } from './app-slice'
import { createBackupSlice } from './backup-slice'
import { createCompareSlice } from './compare-slice'
import { createComposerSlice } from './composer-slice'
import { createDesktopSlice } from './desktop-slice'
import { createDetailSlice } from './detail-slice'
import { createGallerySlice } from './gallery-slice'
import { createJobsSlice } from './jobs-slice'
import { createLibrarySlice } from './library-slice'
import { createExportSlice } from './export-slice'
import { createOrganiseSlice } from './organise-slice'
import { createPromptsSlice } from './prompts-slice'
import { createReferencesSlice } from './references-slice'
import { createSelectionSlice } from './selection-slice'
import { createSettingsSlice } from './settings-slice'
import { createSidebarSlice } from './sidebar-slice'
import { createSpendSlice } from './spend-slice'
import { createUiSlice } from './ui-slice'
import type { AppState } from './types'

export type { AppState } from './types'

/** The renderer's one store. Components select single values (or `useShallow`). */
export const useAppStore = create<AppState>()((...a) => ({
  ...createAppSlice(...a),
  ...createSettingsSlice(...a),
  ...createUiSlice(...a),
  ...createLibrarySlice(...a),
  ...createGallerySlice(...a),
  ...createSelectionSlice(...a),
  ...createOrganiseSlice(...a),
  ...createSidebarSlice(...a),
  ...createDetailSlice(...a),
  ...createCompareSlice(...a),
  ...createComposerSlice(...a),
  ...createReferencesSlice(...a),
  ...createExportSlice(...a),
  ...createDesktopSlice(...a),
  ...createBackupSlice(...a),
  ...createJobsSlice(...a),
  ...createSpendSlice(...a),
  ...createPromptsSlice(...a)
}))
