import type { StateCreator } from 'zustand'
import type { AppSlice } from './app-slice'
import type { BackupSlice } from './backup-slice'
import type { CompareSlice } from './compare-slice'
import type { ComposerSlice } from './composer-slice'
import type { DesktopSlice } from './desktop-slice'
import type { DetailSlice } from './detail-slice'
import type { GallerySlice } from './gallery-slice'
import type { JobsSlice } from './jobs-slice'
import type { LibrarySlice } from './library-slice'
import type { ExportSlice } from './export-slice'
import type { OrganiseSlice } from './organise-slice'
import type { PromptsSlice } from './prompts-slice'
import type { ReferencesSlice } from './references-slice'
import type { SelectionSlice } from './selection-slice'
import type { SettingsSlice } from './settings-slice'
import type { SidebarSlice } from './sidebar-slice'
import type { SpendSlice } from './spend-slice'
import type { UiSlice } from './ui-slice'

/** The whole renderer state: one store built from typed slices (zustand slices pattern). */
export type AppState = AppSlice &
  SettingsSlice &
  UiSlice &
  LibrarySlice &
  GallerySlice &
  SelectionSlice &
  OrganiseSlice &
  SidebarSlice &
  DetailSlice &
  CompareSlice &
  ComposerSlice &
  ReferencesSlice &
  ExportSlice &
  DesktopSlice &
  BackupSlice &
  JobsSlice &
  SpendSlice &
  PromptsSlice

/** A slice sees the whole state through `get` but contributes only its own part. */
export type SliceCreator<T> = StateCreator<AppState, [], [], T>
