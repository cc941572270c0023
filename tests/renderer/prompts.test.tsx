/**
 * The prompt library in the window: the composer's autocomplete (debounced, stale
 * answers dropped, keyboard and mouse, never in the way of typing) and the Prompts
 * view (sorted and filtered by the core, Use puts a prompt and its settings into
 * the composer).
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { GenerationRecipe } from '../../electron/shared/generation'
import type { PromptStat } from '../../electron/shared/library'
import { SUGGEST_DEBOUNCE_MS } from '../../renderer/src/features/composer/use-prompt-suggestions'
import { useAppStore } from '../../renderer/src/store'
import { FakeApi, KEYCHAIN_KEY, makePromptStat } from './fake-api'
import { renderApp } from './render-app'

const DAY = 86_400_000
const T = Date.UTC(2026, 10, 20, 12)

/** Eight prompts starting with "a " (the oldest is "a big cat"), and two others. */
const LIBRARY: PromptStat[] = [
  makePromptStat({ prompt: 'a red fox in the snow', uses: 12, lastUsedAt: T, totalCostUsd: 0.24, lastGenerationId: 40, bestImageId: 7, bestRating: 5 }),
  makePromptStat({ prompt: 'a red barn at dusk', uses: 3, lastUsedAt: T - 1 * DAY, totalCostUsd: 0.06, lastGenerationId: 31, bestImageId: 8, bestRating: 2 }),
  makePromptStat({ prompt: 'a blue bird', uses: 1, lastUsedAt: T - 2 * DAY, lastGenerationId: 30 }),
  makePromptStat({ prompt: 'a castle in fog', uses: 2, lastUsedAt: T - 3 * DAY, lastGenerationId: 29 }),
  makePromptStat({ prompt: 'a dragon', uses: 1, lastUsedAt: T - 4 * DAY, lastGenerationId: 28 }),
  makePromptStat({ prompt: 'a lighthouse', uses: 1, lastUsedAt: T - 5 * DAY, lastGenerationId: 27 }),
  makePromptStat({ prompt: 'a quiet garden', uses: 1, lastUsedAt: T - 6 * DAY, lastGenerationId: 26 }),
  makePromptStat({ prompt: 'a big cat', uses: 1_250, lastUsedAt: T - 7 * DAY, totalCostUsd: 1234.5, lastGenerationId: 25 }),
  makePromptStat({ prompt: 'owl at night', uses: 5, lastUsedAt: T - 10 * DAY, totalCostUsd: 3, lastGenerationId: 20, bestImageId: 9, bestRating: 4 }),
  makePromptStat({ prompt: 'zebra crossing', uses: 40, lastUsedAt: T - 20 * DAY, totalCostUsd: 0.005, lastGenerationId: 10 })
]

const prompt = (): HTMLTextAreaElement => screen.getByRole('textbox', { name: 'Prompt' })
const list = (): HTMLElement | null => screen.queryByRole('listbox', { name: 'Prompt suggestions' })
const options = (): string[] => within(screen.getByRole('listbox', { name: 'Prompt suggestions' })).getAllByRole('option').map((o) => o.querySelector('span:nth-child(2)')?.textContent ?? '')
const type = (value: string): void => {
  fireEvent.change(prompt(), { target: { value } })
}
const key = (k: string, init: Partial<KeyboardEventInit> = {}): boolean => fireEvent.keyDown(prompt(), { key: k, ...init })
const sleep = (ms: number): Promise<void> => act(() => new Promise<void>((r) => setTimeout(r, ms)))

describe('autocomplete in the composer', () => {
  it('suggests past prompts with the typed start, their best result and uses, after typing pauses, and not for an empty prompt', async () => {
    const { fake } = await renderApp({ apiKeyStatus: KEYCHAIN_KEY, prompts: LIBRARY })
    prompt().focus()
    type('a r')
    type('a re')
    // Debounced: nothing asked yet, then one ask for what was typed last.
    expect(fake.callsTo('library.prompts')).toEqual([])
    await waitFor(() => expect(list()).not.toBeNull())
    expect(fake.callsTo('library.prompts').map((a) => a[0])).toEqual(['a re'])
    expect(options()).toEqual(['a red fox in the snow', 'a red barn at dusk'])
    const first = within(list()!).getAllByRole('option')[0]!
    expect(first.textContent).toContain('12 uses')
    expect(first.querySelector('img')?.getAttribute('src')).toBe('app-image://thumb/7')
    expect(prompt().getAttribute('aria-autocomplete')).toBe('list')
    expect(prompt().getAttribute('aria-controls')).toBe(list()!.id)

    type('')
    await sleep(SUGGEST_DEBOUNCE_MS + 50)
    expect(list()).toBeNull()
    expect(fake.callsTo('library.prompts').map((a) => a[0])).toEqual(['a re'])
    expect(prompt().hasAttribute('aria-controls')).toBe(false)
  })

  it('moves with the arrows, accepts with Enter or Tab, and leaves Enter and Tab alone when nothing is highlighted', async () => {
    const { fake } = await renderApp({ apiKeyStatus: KEYCHAIN_KEY, prompts: LIBRARY })
    prompt().focus()
    type('a red')
    await waitFor(() => expect(list()).not.toBeNull())
    // Nothing highlighted: Enter is the textarea's (a new line), not taken.
    expect(key('Enter')).toBe(true)
    expect(prompt().hasAttribute('aria-activedescendant')).toBe(false)

    key('ArrowDown')
    const opts = within(list()!).getAllByRole('option')
    expect(prompt().getAttribute('aria-activedescendant')).toBe(opts[0]!.id)
    expect(opts[0]!.getAttribute('aria-selected')).toBe('true')
    key('ArrowDown')
    expect(prompt().getAttribute('aria-activedescendant')).toBe(opts[1]!.id)
    key('ArrowDown') // wraps
    expect(prompt().getAttribute('aria-activedescendant')).toBe(opts[0]!.id)
    key('ArrowUp') // wraps back
    expect(prompt().getAttribute('aria-activedescendant')).toBe(opts[1]!.id)

    // Ctrl+Enter is still Generate's, not the list's.
    key('Enter', { ctrlKey: true })
    await waitFor(() => expect(fake.callsTo('generation.start')).toHaveLength(1))
    expect(fake.callsTo('generation.start')[0]![0]).toMatchObject({ prompt: 'a red' })
    expect(prompt().value).toBe('a red')

    expect(key('Enter')).toBe(false) // taken: accepted
    expect(prompt().value).toBe('a red barn at dusk')
    expect(list()).toBeNull()
    expect(document.activeElement).toBe(prompt())
    // The prompt is exactly a past one: it stays closed.
    await sleep(SUGGEST_DEBOUNCE_MS + 50)
    expect(list()).toBeNull()

    type('a red f')
    await waitFor(() => expect(options()).toEqual(['a red fox in the snow']))
    expect(key('Tab')).toBe(true) // nothing highlighted: Tab moves focus as usual
    key('ArrowUp')
    expect(key('Tab')).toBe(false)
    expect(prompt().value).toBe('a red fox in the snow')
    expect(list()).toBeNull()
  })

  it('closes on Escape keeping the prompt (and the gallery selection), and opens again with more typing', async () => {
    await renderApp({ apiKeyStatus: KEYCHAIN_KEY, prompts: LIBRARY })
    useAppStore.setState({ selectedIds: { 3: true } })
    prompt().focus()
    type('a')
    await waitFor(() => expect(list()).not.toBeNull())
    key('ArrowDown')
    key('Escape')
    expect(list()).toBeNull()
    expect(prompt().value).toBe('a')
    expect(useAppStore.getState().selectedIds).toEqual({ 3: true })
    await sleep(SUGGEST_DEBOUNCE_MS + 50)
    expect(list()).toBeNull()
    type('a q')
    await waitFor(() => expect(options()).toEqual(['a quiet garden']))
  })

  it('takes a suggestion on a click without taking focus from the prompt', async () => {
    await renderApp({ apiKeyStatus: KEYCHAIN_KEY, prompts: LIBRARY })
    prompt().focus()
    type('ow')
    await waitFor(() => expect(list()).not.toBeNull())
    const option = within(list()!).getByRole('option')
    // The press keeps focus in the prompt (the list would close on blur otherwise).
    expect(fireEvent.mouseDown(option)).toBe(false)
    fireEvent.click(option)
    expect(prompt().value).toBe('owl at night')
    expect(list()).toBeNull()
  })

  it('drops an answer that comes after a newer one', async () => {
    const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY, prompts: LIBRARY })
    const releaseFirst = fake.holdNext('library.prompts')
    await renderApp(fake)
    prompt().focus()
    type('a')
    await waitFor(() => expect(fake.callsTo('library.prompts')).toHaveLength(1))
    type('a b')
    await waitFor(() => expect(list()).not.toBeNull())
    expect(options()).toEqual(['a blue bird', 'a big cat'])
    // The answer for "a" (its newest seven, without "a big cat") lands last: it must not replace "a b"'s.
    releaseFirst()
    await sleep(20)
    expect(options()).toEqual(['a blue bird', 'a big cat'])
    expect(fake.callsTo('library.prompts').map((a) => a[0])).toEqual(['a', 'a b'])
  })

  it('does not open when the prompt is set for the person (Use, Remix), only when they type', async () => {
    const { fake } = await renderApp({ apiKeyStatus: KEYCHAIN_KEY, prompts: LIBRARY })
    act(() => useAppStore.getState().updateComposer({ prompt: 'a' }))
    await sleep(SUGGEST_DEBOUNCE_MS + 50)
    expect(list()).toBeNull()
    expect(fake.callsTo('library.prompts')).toEqual([])
  })
})

const RECIPE: GenerationRecipe = {
  prompt: 'owl at night',
  model: 'xai:grok-imagine@image',
  width: 1408,
  height: 768,
  numberResults: 3,
  outputFormat: 'PNG',
  outputType: 'URL',
  deliveryMethod: 'async',
  referenceIds: []
}

const tableRows = (): string[][] =>
  within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('th, td')].slice(0, 4).map((c) => c.textContent ?? ''))
const header = (name: RegExp): HTMLElement => screen.getByRole('columnheader', { name })

async function openPrompts(fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY, prompts: LIBRARY })) {
  await renderApp(fake)
  fireEvent.click(screen.getByRole('button', { name: 'Prompts' }))
  await screen.findByRole('heading', { name: 'Prompts' })
  await waitFor(() => expect(tableRows()).toHaveLength(10))
  return fake
}

describe('the Prompts view', () => {
  it('lists every prompt, last used first, with uses, last use, cost as the Spend view writes it and the best result', async () => {
    const fake = await openPrompts()
    expect(screen.getByRole('button', { name: 'Prompts' }).getAttribute('aria-current')).toBe('page')
    expect(fake.callsTo('library.promptList')[0]).toEqual([{ filter: '', sort: 'lastUsed', direction: 'desc', offset: 0, limit: 100 }])
    expect(tableRows()[0]![0]).toBe('a red fox in the snow')
    const big = tableRows().find((r) => r[0] === 'a big cat')!
    expect(big[1]).toBe('1,250')
    expect(big[3]).toBe('$1234.50')
    expect(tableRows().find((r) => r[0] === 'zebra crossing')![3]).toBe('$0.005')
    expect(screen.getByRole('img', { name: 'Best result, 5 of 5 stars' }).getAttribute('src')).toBe('app-image://thumb/7')
    expect(header(/Last used/).getAttribute('aria-sort')).toBe('descending')
    expect(header(/Uses/).hasAttribute('aria-sort')).toBe(false)
  })

  it('sorts by a column (the core sorts), the same column again turning it the other way, with aria-sort', async () => {
    const fake = await openPrompts()
    fireEvent.click(within(header(/Uses/)).getByRole('button'))
    await waitFor(() => expect(tableRows()[0]![0]).toBe('a big cat'))
    expect(tableRows().map((r) => r[0]).slice(0, 3)).toEqual(['a big cat', 'zebra crossing', 'a red fox in the snow'])
    expect(header(/Uses/).getAttribute('aria-sort')).toBe('descending')
    expect(header(/Last used/).hasAttribute('aria-sort')).toBe(false)
    fireEvent.click(within(header(/Uses/)).getByRole('button'))
    await waitFor(() => expect(header(/Uses/).getAttribute('aria-sort')).toBe('ascending'))
    await waitFor(() => expect(tableRows().at(-1)![0]).toBe('a big cat'))
    fireEvent.click(within(header(/Total cost/)).getByRole('button'))
    await waitFor(() => expect(tableRows()[0]![0]).toBe('a big cat'))
    expect(tableRows()[1]![0]).toBe('owl at night')
    // Text sorts A to Z first.
    fireEvent.click(within(header(/^Prompt/)).getByRole('button'))
    await waitFor(() => expect(header(/^Prompt/).getAttribute('aria-sort')).toBe('ascending'))
    await waitFor(() => expect(tableRows()[0]![0]).toBe('a big cat'))
    expect(tableRows().at(-1)![0]).toBe('zebra crossing')
    expect(fake.callsTo('library.promptList').map((a) => (a[0] as { sort: string; direction: string }))).toMatchObject([
      { sort: 'lastUsed', direction: 'desc' },
      { sort: 'uses', direction: 'desc' },
      { sort: 'uses', direction: 'asc' },
      { sort: 'cost', direction: 'desc' },
      { sort: 'prompt', direction: 'asc' }
    ])
  })

  it('filters by text anywhere in the prompt, and says when nothing matches', async () => {
    const fake = await openPrompts()
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter prompts' }), { target: { value: 'RED' } })
    await waitFor(() => expect(tableRows().map((r) => r[0])).toEqual(['a red fox in the snow', 'a red barn at dusk']))
    expect(fake.callsTo('library.promptList').at(-1)![0]).toMatchObject({ filter: 'RED', offset: 0 })
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter prompts' }), { target: { value: 'nothing like it' } })
    await screen.findByText('No prompt contains “nothing like it”.')
  })

  it('Use puts the prompt and the settings of its newest generation into the composer and focuses it; a row click does too', async () => {
    const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY, prompts: LIBRARY })
    fake.recipes[20] = RECIPE
    await openPrompts(fake)
    fireEvent.click(screen.getByRole('button', { name: 'Use “owl at night”' }))
    await waitFor(() => expect(prompt().value).toBe('owl at night'))
    expect(fake.callsTo('generation.recipe')).toEqual([[20]])
    expect(useAppStore.getState().composer).toMatchObject({ count: 3, outputFormat: 'PNG', deliveryMethod: 'async', aspect: '16:9' })
    await waitFor(() => expect(document.activeElement).toBe(prompt()))
    // The list does not pop up for a prompt set this way.
    await sleep(SUGGEST_DEBOUNCE_MS + 50)
    expect(list()).toBeNull()

    // No recipe for that generation: the prompt alone, the settings kept.
    const row = screen.getAllByTestId('prompt-row').find((r) => r.textContent?.startsWith('zebra crossing'))!
    fireEvent.click(row)
    await waitFor(() => expect(prompt().value).toBe('zebra crossing'))
    expect(useAppStore.getState().composer).toMatchObject({ count: 3, outputFormat: 'PNG' })
  })

  it('pages with Show more', async () => {
    const many = Array.from({ length: 130 }, (_, i) => makePromptStat({ prompt: `prompt ${i}`, lastUsedAt: T - i * 1000 }))
    const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY, prompts: many })
    await renderApp(fake)
    fireEvent.click(screen.getByRole('button', { name: 'Prompts' }))
    await waitFor(() => expect(tableRows()).toHaveLength(100))
    fireEvent.click(screen.getByRole('button', { name: 'Show more' }))
    await waitFor(() => expect(tableRows()).toHaveLength(130))
    expect(tableRows().at(-1)![0]).toBe('prompt 129')
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull()
  })
})
