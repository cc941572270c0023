/**
 * The gallery loads its view whenever the view changes (section, collection,
 * search, sort), wired once at start-up outside React (as ipc-bridge.ts is): the
 * first view is asked for before the first render, and a switch in the same task
 * as the click or key that made it, not after React has rendered and painted the
 * click's frame (about 50 ms of a million-image library's first screenful went to
 * that first render). A view that stays the same is not read again when the
 * gallery comes back from another main view: its id list is kept up to date by
 * main's pushes (applyLibraryChange).
 */
import { currentView, viewKey } from './gallery-view'
import type { useAppStore } from './index'

export function followGalleryView(store: typeof useAppStore): () => void {
  let key = viewKey(currentView(store.getState()))
  void store.getState().loadGallery()
  return store.subscribe((s) => {
    const next = viewKey(currentView(s))
    if (next === key) return
    key = next
    void s.loadGallery()
  })
}
