/**
 * Preloaded (`node -r`) into electronegativity by scripts/electronegativity.ts.
 * The tool fetches two things from GitHub with `got`: translations, and Electron's
 * release list for its security-fix check. Neither host is reachable from CI, and
 * under Node >= 22 a failed `got` request crashes the tool after it has caught the
 * error (p-cancelable: "onCancel handler was attached after the promise settled").
 * This makes every `got` call fail at once, as offline, so the tool takes its own
 * "no connectivity" paths and prints their warnings, which the caller then reports
 * (and fails on unless they are justified in .electronegativity.json).
 */
'use strict'
const Module = require('node:module')
const load = Module._load
Module._load = function (request, parent, isMain) {
  if (request === 'got') {
    const offline = (url) => Promise.reject(new Error(`offline: ${String(url)} not fetched`))
    offline.head = offline
    offline.get = offline
    return offline
  }
  return load.call(this, request, parent, isMain)
}
