/**
 * One set of overlays (issue 10): Modal on Radix Dialog traps the focus (Tab
 * and Shift+Tab cycle inside, focus sent outside comes back), Esc closes only
 * the top dialog of a stack, focus returns to the opener each time, the page
 * behind is hidden from assistive tech (live regions stay), the initial focus
 * rules hold and a press on the backdrop closes it; Popover closes on Esc (focus
 * back to its trigger) and on a press outside, not on its trigger; "Add to
 * collection" is a menu with roving focus, typeahead and Esc back to its
 * button; icon-only buttons get a tooltip on keyboard focus only.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { useRef, useState } from 'react'
import { describe, expect, it } from 'vitest'
import { Modal } from '../../renderer/src/components/Modal'
import { Popover } from '../../renderer/src/components/Popover'
import { makeLibraryImages } from './core-library'
import { renderLibrary, tile } from './library-helpers'

function Stack() {
  const [outer, setOuter] = useState(false)
  const [inner, setInner] = useState(false)
  return (
    <>
      <main>
        <button type="button" onClick={() => setOuter(true)}>
          Open settings
        </button>
        <div aria-live="polite" data-testid="live">
          Saved
        </div>
      </main>
      {outer ? (
        <Modal title="Settings" description="Everything the app remembers." onClose={() => setOuter(false)} testId="outer">
          <input aria-label="Name" />
          <button type="button" onClick={() => setInner(true)}>
            Delete…
          </button>
          {inner ? (
            <Modal title="Delete it?" onClose={() => setInner(false)} testId="inner" size="small">
              <button type="button">Cancel</button>
              <button type="button">Delete</button>
            </Modal>
          ) : null}
        </Modal>
      ) : null}
    </>
  )
}

const dialog = (name: string): HTMLElement => screen.getByRole('dialog', { name })

describe('Modal (Radix Dialog)', () => {
  it('is a labelled, described modal dialog that takes the focus past its Close button', () => {
    render(<Stack />)
    const opener = screen.getByRole('button', { name: 'Open settings' })
    opener.focus()
    fireEvent.click(opener)
    const settings = dialog('Settings')
    expect(settings.getAttribute('aria-modal')).toBe('true')
    expect(document.getElementById(settings.getAttribute('aria-describedby')!)?.textContent).toBe('Everything the app remembers.')
    expect(document.activeElement).toBe(within(settings).getByRole('textbox', { name: 'Name' }))
  })

  it('traps Tab and Shift+Tab inside, and pulls back focus sent outside', () => {
    render(<Stack />)
    fireEvent.click(screen.getByRole('button', { name: 'Open settings' }))
    const settings = dialog('Settings')
    const close = within(settings).getByRole('button', { name: 'Close' })
    const last = within(settings).getByRole('button', { name: 'Delete…' })

    last.focus()
    fireEvent.keyDown(last, { key: 'Tab' })
    expect(document.activeElement).toBe(close)
    fireEvent.keyDown(close, { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(last)

    // The page behind can't take the focus (the opener is outside the trap).
    const outside = screen.getByText('Open settings')
    act(() => outside.focus())
    expect(settings.contains(document.activeElement)).toBe(true)
  })

  it('hides the page behind from assistive tech while open, except live regions', () => {
    render(<Stack />)
    fireEvent.click(screen.getByRole('button', { name: 'Open settings' }))
    expect(screen.queryByRole('button', { name: 'Open settings' })).toBeNull()
    expect(screen.getByTestId('live').closest('[aria-hidden="true"]')).toBeNull()
    fireEvent.keyDown(dialog('Settings'), { key: 'Escape' })
    expect(screen.getByRole('button', { name: 'Open settings' })).toBeTruthy()
  })

  it('Esc closes only the top dialog of a stack; focus goes back to each opener in turn', () => {
    render(<Stack />)
    const opener = screen.getByRole('button', { name: 'Open settings' })
    opener.focus()
    fireEvent.click(opener)
    const del = within(dialog('Settings')).getByRole('button', { name: 'Delete…' })
    del.focus()
    fireEvent.click(del)
    const confirm = dialog('Delete it?')
    expect(confirm.contains(document.activeElement)).toBe(true)
    // The dialog underneath is hidden while the confirm is up.
    expect(screen.queryByRole('dialog', { name: 'Settings' })).toBeNull()

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' })
    expect(screen.queryByTestId('inner')).toBeNull()
    expect(screen.getByTestId('outer')).toBeTruthy()
    expect(document.activeElement).toBe(del)

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' })
    expect(screen.queryByTestId('outer')).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('a press on the backdrop closes it; a press inside does not', () => {
    render(<Stack />)
    fireEvent.click(screen.getByRole('button', { name: 'Open settings' }))
    fireEvent.mouseDown(within(dialog('Settings')).getByRole('textbox', { name: 'Name' }))
    expect(screen.getByTestId('outer')).toBeTruthy()
    fireEvent.mouseDown(screen.getByTestId('outer-backdrop'))
    expect(screen.queryByTestId('outer')).toBeNull()
  })

  it('initial focus: initialFocus first, then data-autofocus, then the first control that is not Close', () => {
    function Focused({ mode }: { mode: 'ref' | 'marked' | 'first' }) {
      const ref = useRef<HTMLButtonElement>(null)
      return (
        <Modal title="Pick" onClose={() => undefined} initialFocus={mode === 'ref' ? ref : undefined}>
          <button type="button">First</button>
          <button type="button" data-autofocus={mode === 'marked' ? '' : undefined}>
            Marked
          </button>
          <button type="button" ref={ref}>
            Referenced
          </button>
        </Modal>
      )
    }
    const name = (): string => document.activeElement?.textContent ?? ''
    const view = render(<Focused mode="ref" />)
    expect(name()).toBe('Referenced')
    view.unmount()
    const marked = render(<Focused mode="marked" />)
    expect(name()).toBe('Marked')
    marked.unmount()
    render(<Focused mode="first" />)
    expect(name()).toBe('First')
  })
})

function Picker() {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button">Elsewhere</button>
      <Popover
        open={open}
        onOpenChange={setOpen}
        label="Add tags"
        testId="pop"
        trigger={
          <button type="button" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(!open)}>
            Tag
          </button>
        }
      >
        <input aria-label="Tags" autoFocus />
      </Popover>
    </>
  )
}

describe('Popover (Radix Popover)', () => {
  it('is a labelled dialog; Esc inside closes it and gives the focus to its trigger', () => {
    render(<Picker />)
    const trigger = screen.getByRole('button', { name: 'Tag' })
    fireEvent.click(trigger)
    const pop = screen.getByRole('dialog', { name: 'Add tags' })
    expect(document.activeElement).toBe(within(pop).getByRole('textbox', { name: 'Tags' }))
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' })
    expect(screen.queryByTestId('pop')).toBeNull()
    expect(document.activeElement).toBe(trigger)
  })

  it('a press outside closes it; the trigger toggles it and a press on it is not "outside"', async () => {
    render(<Picker />)
    const trigger = screen.getByRole('button', { name: 'Tag' })
    fireEvent.click(trigger)
    // Radix listens for outside presses from the next tick.
    await act(() => new Promise((r) => setTimeout(r, 0)))
    fireEvent.pointerDown(trigger)
    fireEvent.click(trigger)
    expect(screen.queryByTestId('pop')).toBeNull()
    fireEvent.click(trigger)
    await act(() => new Promise((r) => setTimeout(r, 0)))
    expect(screen.getByTestId('pop')).toBeTruthy()
    // A press outside (Radix dismisses once it has become a click).
    const elsewhere = screen.getByRole('button', { name: 'Elsewhere' })
    fireEvent.pointerDown(elsewhere)
    fireEvent.click(elsewhere)
    await waitFor(() => expect(screen.queryByTestId('pop')).toBeNull())
  })
})

describe('menus (Radix DropdownMenu)', () => {
  async function openCollectionMenu() {
    const view = await renderLibrary(makeLibraryImages(1, 2), (f) => {
      f.library.addCollection('Birds')
      f.library.addCollection('Night')
    })
    fireEvent.click(tile(2))
    const button = screen.getByRole('button', { name: 'Add to collection' })
    expect(button.getAttribute('aria-haspopup')).toBe('menu')
    button.focus()
    await act(async () => fireEvent.keyDown(button, { key: 'Enter' }))
    const menu = await screen.findByRole('menu', { name: 'Add to collection' })
    return { ...view, button, menu }
  }

  it('"Add to collection" opens from the keyboard as a menu: its items are menuitemcheckbox and menuitem, the first has the focus', async () => {
    const { button, menu } = await openCollectionMenu()
    expect(button.getAttribute('aria-expanded')).toBe('true')
    const items = within(menu).getAllByRole('menuitemcheckbox')
    expect(items.map((i) => i.textContent)).toEqual(['Birds0', 'Night0'])
    expect(within(menu).getByRole('menuitem', { name: 'New collection…' })).toBeTruthy()
    await waitFor(() => expect(document.activeElement).toBe(items[0]))
  })

  it('arrow keys move the focus through the items (roving, wrapping), typeahead jumps, Esc gives the focus back to the button', async () => {
    const { button, menu } = await openCollectionMenu()
    const [birds, night] = within(menu).getAllByRole('menuitemcheckbox')
    const add = within(menu).getByRole('menuitem', { name: 'New collection…' })
    await waitFor(() => expect(document.activeElement).toBe(birds))
    // Roving tabindex: only the focused item is a tab stop, and it moves with the focus.
    const stops = (): (string | null)[] => [birds, night, add].map((i) => i!.getAttribute('tabindex'))
    expect(stops()).toEqual(['0', '-1', '-1'])
    fireEvent.keyDown(birds!, { key: 'ArrowDown' })
    await waitFor(() => expect(document.activeElement).toBe(night))
    expect(stops()).toEqual(['-1', '0', '-1'])
    fireEvent.keyDown(night!, { key: 'ArrowDown' })
    await waitFor(() => expect(document.activeElement).toBe(add))
    fireEvent.keyDown(add, { key: 'ArrowDown' })
    await waitFor(() => expect(document.activeElement).toBe(birds))
    fireEvent.keyDown(birds!, { key: 'ArrowUp' })
    await waitFor(() => expect(document.activeElement).toBe(add))
    fireEvent.keyDown(add, { key: 'n' })
    await waitFor(() => expect(document.activeElement).toBe(night))

    fireEvent.keyDown(night!, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull())
    await waitFor(() => expect(document.activeElement).toBe(button))
    // Esc was the menu's: the selection is still there.
    expect(screen.getByTestId('selection-bar')).toBeTruthy()
  })

  it('Enter on an item chooses it and closes the menu', async () => {
    const { fake, menu } = await openCollectionMenu()
    const night = within(menu).getAllByRole('menuitemcheckbox')[1]!
    night.focus()
    await act(async () => fireEvent.keyDown(night, { key: 'Enter' }))
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull())
    expect(fake.callsTo('library.addToCollection')).toEqual([[2, [2]]])
  })
})

describe('tooltips', () => {
  it('an icon-only button shows its name as a tooltip when the keyboard brings the focus, not when focus is just put there', async () => {
    await renderLibrary(makeLibraryImages(1, 2))
    fireEvent.click(tile(2))
    const clear = screen.getByRole('button', { name: 'Clear selection' })
    expect(clear.getAttribute('title')).toBeNull()
    act(() => clear.focus())
    expect(screen.queryByRole('tooltip')).toBeNull()
    act(() => clear.blur())

    fireEvent.keyDown(window, { key: 'Tab' })
    act(() => clear.focus())
    const tip = await screen.findByRole('tooltip')
    expect(tip.textContent).toContain('Clear selection')
    // The name stays the aria-label; the tooltip describes it.
    expect(clear.getAttribute('aria-label')).toBe('Clear selection')
    expect(clear.getAttribute('aria-describedby')).toBe(tip.id)
    fireEvent.keyDown(clear, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('tooltip')).toBeNull())
  })

  it('the sidebar\'s items have a tooltip only when collapsed to icons, and the button stays the same element', async () => {
    await renderLibrary(makeLibraryImages(1, 1))
    const favourites = screen.getByTestId('nav-favourites')
    fireEvent.keyDown(window, { key: 'Tab' })
    act(() => favourites.focus())
    expect(screen.queryByRole('tooltip')).toBeNull()
    act(() => favourites.blur())

    fireEvent.click(screen.getByRole('button', { name: 'Collapse sidebar' }))
    expect(screen.getByTestId('nav-favourites')).toBe(favourites)
    fireEvent.keyDown(window, { key: 'Tab' })
    act(() => favourites.focus())
    expect((await screen.findByRole('tooltip')).textContent).toBe('Favourites')
  })
})
