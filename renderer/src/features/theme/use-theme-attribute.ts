import { useEffect } from 'react'
import type { ThemePreference } from '../../../../electron/shared/domain'

/**
 * 'system' leaves <html> without data-theme, so CSS follows prefers-color-scheme;
 * 'light' or 'dark' pins it (see styles/tokens.css).
 */
export function applyTheme(theme: ThemePreference): void {
  const root = document.documentElement
  if (theme === 'system') delete root.dataset.theme
  else root.dataset.theme = theme
}

export function useThemeAttribute(theme: ThemePreference): void {
  useEffect(() => applyTheme(theme), [theme])
}
