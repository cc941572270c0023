/**
 * Chromium's spellchecker follows the Spelling setting (off by default: on
 * Windows and Linux it downloads Hunspell dictionaries from Google's CDN).
 */
import { session } from 'electron'
import type { Settings } from '../shared/domain'

export function followSpellcheckSetting(settings: { get(): Settings; onChange(fn: (s: Settings) => void): unknown }): void {
  const apply = (enabled: boolean): void => session.defaultSession.setSpellCheckerEnabled(enabled)
  let current = settings.get().spellcheck
  apply(current)
  settings.onChange((s) => {
    if (s.spellcheck === current) return
    current = s.spellcheck
    apply(current)
  })
}
