/**
 * Renders the whole shell the way main.tsx starts it: fake api installed, IPC
 * connected, initial state loaded. Disposers run in setup.ts after each test.
 */
import { act, render } from '@testing-library/react'
import { setApiForTests } from '../../renderer/src/api'
import { App } from '../../renderer/src/App'
import { useAppStore } from '../../renderer/src/store'
import { connectIpc } from '../../renderer/src/store/ipc-bridge'
import { followGalleryView } from '../../renderer/src/store/gallery-follow'
import { FakeApi, type FakeApiOptions } from './fake-api'

const disposers: (() => void)[] = []

export function runDisposers(): void {
  for (const dispose of disposers.splice(0)) dispose()
}

/** Pass options for a fresh fake, or a prepared FakeApi (e.g. with failures queued). */
export async function renderApp(options: FakeApiOptions | FakeApi = {}) {
  const fake = options instanceof FakeApi ? options : new FakeApi(options)
  setApiForTests(fake.api)
  disposers.push(connectIpc(fake.api))
  disposers.push(followGalleryView(useAppStore))
  const view = render(<App />)
  await act(() => useAppStore.getState().bootstrap())
  return { fake, view }
}
