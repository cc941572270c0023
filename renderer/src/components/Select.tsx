import type { ReactElement, SelectHTMLAttributes } from 'react'
import { ChevronIcon } from './icons'

export interface SelectOption<V extends string> {
  value: V
  label: string
}

interface SelectProps<V extends string> extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'> {
  value: V
  options: readonly SelectOption<V>[]
  onValueChange(value: V): void
  testId?: string
}

/** A native select in the app's style (chevron, themes), typed by its values. */
export function Select<V extends string>({ value, options, onValueChange, testId, className, ...rest }: SelectProps<V>): ReactElement {
  return (
    <div className="select-wrap">
      <select
        {...rest}
        className={className ? `select ${className}` : 'select'}
        data-testid={testId}
        value={value}
        onChange={(event) => onValueChange(event.target.value as V)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ChevronIcon size={14} className="select-chevron" />
    </div>
  )
}
