/**
 * Helpers for the library tests: render the app over the real core's library (core-library.ts) and wait
 * for the first page, find tiles, read what the gallery asked main for, and a
 * controllable IntersectionObserver (jsdom has none).
 */
import { screen, waitFor } from '@testing-library/react'
import { expect, vi } from 'vitest'
import type { LibraryImage, LibraryView } from '../../electron/shared/library'
import { FakeApi } from './fake-api'
import { renderApp } from './render-app'

/** Renders the shell over `images` and waits until the gallery shows its first page (or an empty state). */
export async function renderLibrary(images: LibraryImage[], prepare?: (fake: FakeApi) => void) {
  const fake = new FakeApi({ library: images })
  prepare?.(fake)
  const rendered = await renderApp(fake)
  await waitFor(() => expect(screen.queryByTestId('gallery') ?? screen.queryByTestId('gallery-empty')).not.toBeNull())
  return rendered
}

export function tileIds(): number[] {
  return screen.queryAllByTestId('gallery-tile').map((t) => Number(t.getAttribute('data-image-id')))
}

export function tile(id: number): HTMLElement {
  const found = screen.getAllByTestId('gallery-tile').find((t) => t.getAttribute('data-image-id') === String(id))
  if (!found) throw new Error(`No tile for image ${id}`)
  return found
}

export function selectedIds(): number[] {
  return screen
    .queryAllByTestId('gallery-tile')
    .filter((t) => t.getAttribute('aria-selected') === 'true')
    .map((t) => Number(t.getAttribute('data-image-id')))
}

/** The views the gallery asked main for (their id lists), in order. */
export function viewsRead(fake: FakeApi): LibraryView[] {
  return fake.callsTo('library.idList').map((args) => args[0] as LibraryView)
}

/** An IntersectionObserver the test triggers by hand. */
export class FakeIntersectionObserver {
  static instances: FakeIntersectionObserver[] = []
  readonly targets: Element[] = []
  disconnected = false
  readonly root = null
  readonly rootMargin = ''
  readonly thresholds: number[] = []

  constructor(
    private readonly callback: IntersectionObserverCallback,
    readonly options?: IntersectionObserverInit
  ) {
    FakeIntersectionObserver.instances.push(this)
  }

  observe(target: Element): void {
    this.targets.push(target)
  }
  unobserve(): void {}
  disconnect(): void {
    this.disconnected = true
  }
  takeRecords(): IntersectionObserverEntry[] {
    return []
  }

  /** Reports every observed target of every live observer as intersecting. */
  static intersectAll(): void {
    for (const o of FakeIntersectionObserver.instances.filter((x) => !x.disconnected)) {
      const entries = o.targets.map((target) => ({ isIntersecting: true, target }) as IntersectionObserverEntry)
      o.callback(entries, o as unknown as IntersectionObserver)
    }
  }

  static install(): void {
    FakeIntersectionObserver.instances = []
    vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver)
  }
}
