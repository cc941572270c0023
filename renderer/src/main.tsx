/**
 * Start-up: check the bridge, wire IPC outside React, load the initial state,
 * then render. Without `window.api` the app can do nothing, so it says so
 * instead of showing a blank window.
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { api, hasApi } from './api'
import { App } from './App'
import { ErrorBoundary } from './components/ErrorBoundary'
import { FullWindowMessage } from './components/FullWindowMessage'
import { useAppStore } from './store'
import { keepDraft } from './store/draft'
import { connectIpc } from './store/ipc-bridge'
import { followGalleryView } from './store/gallery-follow'
import { createErrorForwarder, forwardWindowErrors } from './error-forwarding'
import { errorReport } from './lib/error-report'
import './styles/index.css'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')
const root = createRoot(container)

if (!hasApi()) {
  root.render(
    <FullWindowMessage title="Imagine Studio can't start" testId="api-missing">
      This window could not connect to the rest of the app (the preload bridge is missing), so it can't load or save
      anything. Quit and reopen Imagine Studio; if this keeps happening, reinstall it.
    </FullWindowMessage>
  )
} else {
  // Uncaught errors and rejections go to main's log (scope renderer), rate-limited there.
  const forward = createErrorForwarder({ reportError: (report) => api.app.reportError(report) })
  forwardWindowErrors(window, forward)
  // Anything that escapes an action still surfaces as a toast rather than vanishing.
  window.addEventListener('unhandledrejection', (event) => {
    useAppStore.getState().reportError('Something went wrong', event.reason)
  })
  // The composer's draft from before a reload or a restart, then kept as it changes.
  useAppStore.getState().restoreDraft()
  keepDraft(useAppStore)
  const disconnect = connectIpc(api)
  window.addEventListener('beforeunload', disconnect)
  // The gallery's first view is asked for first, before the rest of the start-up state and the first render.
  followGalleryView(useAppStore)
  void useAppStore.getState().bootstrap()
  root.render(
    <StrictMode>
      <ErrorBoundary onError={(error, componentStack) => forward(errorReport('render', error, { source: componentStack }))}>
        <App />
      </ErrorBoundary>
    </StrictMode>
  )
}
