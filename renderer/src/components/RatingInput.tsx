/**
 * 0–5 stars as five toggle buttons: clicking a star sets that rating, clicking
 * the current rating again clears it to 0. Hovering previews the choice.
 */
import { useState } from 'react'
import { StarIcon } from './icons'

interface RatingInputProps {
  value: number
  onChange(rating: number): void
  /** Each star gets `${testId}-${n}`. */
  testId: string
  label?: string
  size?: number
}

const STARS = [1, 2, 3, 4, 5] as const

export function RatingInput({ value, onChange, testId, label = 'Rating', size = 15 }: RatingInputProps) {
  const [hover, setHover] = useState<number | null>(null)
  const shown = hover ?? value
  return (
    <div className="rating" role="group" aria-label={label} data-testid={testId} data-value={value} onMouseLeave={() => setHover(null)}>
      {STARS.map((n) => (
        <button
          key={n}
          type="button"
          className="rating-star"
          data-on={n <= shown || undefined}
          data-testid={`${testId}-${n}`}
          aria-label={n === value ? `${n} ${n === 1 ? 'star' : 'stars'}, click to clear` : `${n} ${n === 1 ? 'star' : 'stars'}`}
          aria-pressed={n <= value}
          onMouseEnter={() => setHover(n)}
          onClick={() => onChange(n === value ? 0 : n)}
        >
          <StarIcon size={size} />
        </button>
      ))}
    </div>
  )
}
