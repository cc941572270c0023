/**
 * Renderer test setup: a fresh fake api before each test, and after each one
 * unmount, dispose IPC wiring, reset the store to its initial state, clear
 * the theme attribute and close the library cores the test opened, so no test
 * sees another's leftovers.
 */
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { setApiForTests } from '../../renderer/src/api'
import { useAppStore } from '../../renderer/src/store'
import { closeCoreLibraries } from './core-library'
import { FakeApi } from './fake-api'
import { runDisposers } from './render-app'

const initialState = useAppStore.getState()

beforeEach(() => {
  setApiForTests(new FakeApi().api)
})

afterEach(async () => {
  cleanup()
  runDisposers()
  useAppStore.setState(initialState, true)
  setApiForTests(undefined)
  delete document.documentElement.dataset.theme
  await closeCoreLibraries()
})
