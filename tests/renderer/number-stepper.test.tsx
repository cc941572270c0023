/**
 * NumberStepper keeps a draft while typing; a value set from outside replaces the
 * draft at once, so a blur right after (focus moved on by an effect of the same
 * update, as Use all settings moves it to the prompt) does not commit the old draft.
 */
import { fireEvent, render, screen } from '@testing-library/react'
import { useEffect, useRef, useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { NumberStepper } from '../../renderer/src/components/NumberStepper'

function Form({ onChange }: { onChange: (n: number) => void }) {
  const [count, setCount] = useState(1)
  const [focusRequest, setFocusRequest] = useState(0)
  const other = useRef<HTMLInputElement>(null)
  // As the composer focuses its prompt: in an effect of the render that applied the new value.
  useEffect(() => {
    if (focusRequest > 0) other.current?.focus()
  }, [focusRequest])
  return (
    <>
      <NumberStepper id="n" label="number of images" testId="count" value={count} min={1} max={10} onChange={(n) => (onChange(n), setCount(n))} />
      <input ref={other} aria-label="other" />
      <button
        type="button"
        // Keeps focus where it is on press, so the click itself moves nothing (as when the press lands first).
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => {
          setCount(3)
          setFocusRequest((n) => n + 1)
        }}
      >
        Apply
      </button>
    </>
  )
}

describe('NumberStepper', () => {
  it('a value set from outside is not undone by a blur in the same update', () => {
    const changed = vi.fn()
    render(<Form onChange={changed} />)
    const input = screen.getByTestId('count') as HTMLInputElement
    input.focus()
    fireEvent.change(input, { target: { value: '2' } })
    expect(changed).toHaveBeenLastCalledWith(2)
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }))
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'other' }))
    expect(input.value).toBe('3')
    expect(changed).toHaveBeenCalledTimes(1)
  })
})
