import { useId } from 'react'

/** The app's mark: a rounded tile with a spark, drawn inline. */
export function LogoMark({ size = 26 }: { size?: number }) {
  // Unique per instance: the sidebar and the About box show it at the same time.
  const gradient = `logo-grad-${useId()}`
  return (
    <svg className="logo-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#8b7dff" />
          <stop offset="1" stopColor="#4f46e5" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill={`url(#${gradient})`} />
      <path
        d="M16 6.5 18.1 12.6a2.5 2.5 0 0 0 1.5 1.5L25.5 16l-5.9 1.9a2.5 2.5 0 0 0-1.5 1.5L16 25.5l-2.1-6.1a2.5 2.5 0 0 0-1.5-1.5L6.5 16l5.9-1.9a2.5 2.5 0 0 0 1.5-1.5z"
        fill="#fff"
      />
    </svg>
  )
}
