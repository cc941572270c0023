/**
 * Cost you can see: the Spend view's numbers from a seeded ledger (chart and
 * tables), the chrome's today / this month / balance / Offline, the refresh after
 * a spend, and the daily budget's amber estimate before Generate.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { dayKeyOf } from '../../electron/shared/spend'
import { axisLabels, budgetCheck, dayWindow, niceAxis, parseBudget, spendSeries, spendSummary } from '../../renderer/src/lib/spend'
import { useAppStore } from '../../renderer/src/store'
import { fakeCostTotals, FakeApi, KEYCHAIN_KEY, type LedgerEntry, makeJob } from './fake-api'
import { renderApp } from './render-app'

/** Noon, `daysAgo` local days before today. */
const noon = (daysAgo: number): number => {
  const n = new Date()
  return new Date(n.getFullYear(), n.getMonth(), n.getDate() - daysAgo, 12).getTime()
}
const key = (daysAgo: number): string => dayKeyOf(new Date(noon(daysAgo)))

const LEDGER: LedgerEntry[] = [
  { prompt: 'a lighthouse at dusk', createdAt: noon(0), costUsd: 0.04, images: 2, collections: ['Portfolio'] },
  { prompt: 'a lighthouse at dusk', createdAt: noon(0) + 60_000, costUsd: 0.02, images: 1 },
  { prompt: 'a red fox', createdAt: noon(3), costUsd: 0.08, images: 4, collections: ['Portfolio', 'Foxes'] },
  { prompt: 'a castle in fog', createdAt: noon(29), costUsd: 0.1, images: 5 },
  // Outside 30 days, inside 90; and outside 365.
  { prompt: 'an old robot', createdAt: noon(45), costUsd: 0.5, images: 1, collections: ['Foxes'] },
  { prompt: 'ancient', createdAt: noon(400), costUsd: 9, images: 1 }
]

const rows = (testId: string): string[][] =>
  within(screen.getByTestId(testId))
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent ?? ''))

async function openSpend(options: ConstructorParameters<typeof FakeApi>[0] = {}) {
  const ctx = await renderApp({ apiKeyStatus: KEYCHAIN_KEY, ledger: LEDGER, ...options })
  fireEvent.click(screen.getByTestId('nav-spend'))
  await screen.findByTestId('spend-day-table')
  return ctx
}

afterEach(() => {
  delete process.env.TZ
})

describe('spend numbers (lib/spend)', () => {
  it('walks local calendar days across a DST change and fills the days without spend', () => {
    process.env.TZ = 'Europe/Berlin' // clocks go forward on 29 March 2026: that day is 23 hours long
    const now = new Date(2026, 2, 31, 9)
    const w = dayWindow(now, 5)
    expect(w.days.map((d) => d.key)).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31'])
    expect(w.range).toEqual({ from: new Date(2026, 2, 27).getTime(), to: new Date(2026, 3, 1).getTime() })
    expect(w.days[3]!.start - w.days[2]!.start).toBe(23 * 3600_000)
    const ledger: LedgerEntry[] = [
      { prompt: 'p', createdAt: new Date(2026, 2, 29, 23, 30).getTime(), costUsd: 0.25 },
      { prompt: 'p', createdAt: new Date(2026, 2, 30, 0, 30).getTime(), costUsd: 0.5, images: 2 },
      { prompt: 'p', createdAt: new Date(2026, 2, 26, 23, 59).getTime(), costUsd: 7 }
    ]
    const series = spendSeries(fakeCostTotals(ledger, 'day', w.range), w.days)
    expect(series.map((d) => [d.key, d.costUsd, d.images])).toEqual([
      ['2026-03-27', 0, 0],
      ['2026-03-28', 0, 0],
      ['2026-03-29', 0.25, 1],
      ['2026-03-30', 0.5, 2],
      ['2026-03-31', 0, 0]
    ])
  })

  it("sums today's and this month's spend", () => {
    const now = new Date(2026, 4, 20, 15)
    expect(spendSummary([{ key: '2026-05-20', costUsd: 0.5, images: 1, generations: 1 }, { key: '2026-05-02', costUsd: 1.25, images: 1, generations: 1 }], now)).toEqual({ todayUsd: 0.5, monthUsd: 1.75 })
  })

  it('puts round ticks on the axis and labels the days without crowding', () => {
    expect(niceAxis(0.37)).toEqual({ top: 0.4, ticks: [0, 0.1, 0.2, 0.3, 0.4] })
    expect(niceAxis(12)).toEqual({ top: 15, ticks: [0, 5, 10, 15] })
    expect(niceAxis(0).top).toBeGreaterThan(0)
    const w = dayWindow(new Date(2026, 0, 20), 90)
    const days = spendSeries([], w.days)
    // Month starts only, with the year on January.
    expect(axisLabels(days, 5).map((l) => l.text)).toEqual(['Nov', 'Dec', 'Jan 2026'])
    const month = spendSeries([], dayWindow(new Date(2026, 0, 30), 30).days)
    expect(axisLabels(month, 3).map((l) => l.text)).toEqual(['2 Jan', '9 Jan', '16 Jan', '23 Jan', '30 Jan'])
  })

  it('checks the budget with what was spent today plus the estimate', () => {
    expect(budgetCheck(null, 5, 0.02)).toBeNull()
    expect(budgetCheck(1, 0.97, 0.02)).toEqual({ over: false, alreadyOver: false })
    expect(budgetCheck(1, 0.99, 0.02)).toEqual({ over: true, alreadyOver: false })
    expect(budgetCheck(1, 1.5, 0.02)).toEqual({ over: true, alreadyOver: true })
    expect(budgetCheck(0.3, 0.1 + 0.2 - 0.02, 0.02)?.over).toBe(false) // float noise does not tip it
    expect(parseBudget('$2.50')).toEqual({ ok: true, value: 2.5 })
    expect(parseBudget('2,5')).toEqual({ ok: true, value: 2.5 })
    expect(parseBudget(' ')).toEqual({ ok: true, value: null })
    expect(parseBudget('0')).toMatchObject({ ok: false })
    expect(parseBudget('two')).toMatchObject({ ok: false })
  })
})

describe('Spend view', () => {
  it('shows the seeded spend per day as bars and in the table, per collection and per prompt, for 30, 90 and 365 days', async () => {
    const { fake } = await openSpend()
    expect(screen.getByTestId('spend-view')).toBeTruthy()
    expect(screen.queryByTestId('gallery-grid')).toBeNull()
    expect(screen.getByTestId('nav-spend').getAttribute('aria-current')).toBe('page')
    expect(screen.getByTestId('nav-all').getAttribute('aria-current')).toBeNull()
    // The ranges asked for are local midnights: 30 days up to and including today.
    const n = new Date()
    expect(fake.callsTo('library.costTotals')).toContainEqual(['day', { from: new Date(n.getFullYear(), n.getMonth(), n.getDate() - 29).getTime(), to: new Date(n.getFullYear(), n.getMonth(), n.getDate() + 1).getTime() }])

    expect(within(screen.getByTestId('spend-day-table')).getByText(/Spend per day, last 30 days/).tagName).toBe('CAPTION')
    expect(rows('spend-day-table').map((r) => [r[1], r[2]])).toEqual([
      ['3', '$0.06'],
      ['4', '$0.08'],
      ['5', '$0.10']
    ])
    const bars = [...screen.getByTestId('spend-chart').querySelectorAll('rect[data-day]')].map((r) => r.getAttribute('data-day'))
    expect(bars).toEqual([key(29), key(3), key(0)])
    // Taller bar for more spend.
    const height = (k: string): number => Number(screen.getByTestId('spend-chart').querySelector(`rect[data-day="${k}"]`)!.getAttribute('height'))
    expect(height(key(29))).toBeGreaterThan(height(key(3)))
    expect(height(key(3))).toBeGreaterThan(height(key(0)))
    expect(screen.getByTestId('spend-total').textContent).toBe('$0.24')
    expect(rows('spend-collection-table')).toEqual([
      ['Portfolio', '6', '$0.12'],
      ['Foxes', '4', '$0.08']
    ])
    expect(rows('spend-prompt-table').map((r) => r[0])).toEqual(['a castle in fog', 'a red fox', 'a lighthouse at dusk'])

    fireEvent.click(screen.getByTestId('spend-range-90'))
    await waitFor(() => expect(rows('spend-day-table')).toHaveLength(4))
    expect(rows('spend-day-table').at(-1)!.slice(1)).toEqual(['1', '$0.50'])
    expect(screen.getByTestId('spend-total').textContent).toBe('$0.74')
    expect(rows('spend-collection-table')[0]).toEqual(['Foxes', '5', '$0.58'])

    fireEvent.click(screen.getByTestId('spend-range-365'))
    await waitFor(() => expect(screen.getByTestId('spend-total').textContent).toBe('$0.74'))
    expect(screen.getAllByRole('radio').map((r) => [r.parentElement?.textContent, (r as HTMLInputElement).checked])).toEqual([
      ['30 days', false],
      ['90 days', false],
      ['365 days', true]
    ])

    // Back to the gallery from the sidebar.
    fireEvent.click(screen.getByTestId('nav-all'))
    expect(screen.queryByTestId('spend-view')).toBeNull()
  })

  it("reads a day's value on hover-free keyboard focus: arrows move between days", async () => {
    await openSpend()
    const chart = screen.getByTestId('spend-chart')
    expect(chart.getAttribute('tabindex')).toBe('0')
    expect(chart.getAttribute('aria-label')).toMatch(/Spend per day, last 30 days/)
    fireEvent.keyDown(chart, { key: 'End' })
    expect(screen.getByTestId('spend-chart-readout').textContent).toMatch(/: \$0\.06 · 3 images$/)
    fireEvent.keyDown(chart, { key: 'ArrowLeft' })
    expect(screen.getByTestId('spend-chart-readout').textContent).toMatch(/: nothing spent$/)
    fireEvent.keyDown(chart, { key: 'Home' })
    expect(screen.getByTestId('spend-chart-readout').textContent).toMatch(/: \$0\.10 · 5 images$/)
  })
})

describe('spend and balance in the chrome', () => {
  it("shows today's and this month's spend under the queue header and opens the Spend view", async () => {
    const ledger: LedgerEntry[] = [
      { prompt: 'today', createdAt: noon(0), costUsd: 0.06 },
      { prompt: 'last month', createdAt: new Date(new Date().getFullYear(), new Date().getMonth() - 1, 15).getTime(), costUsd: 3 }
    ]
    await renderApp({ apiKeyStatus: KEYCHAIN_KEY, ledger })
    expect(screen.getByTestId('spend-today').textContent).toBe('$0.06')
    expect(screen.getByTestId('spend-month').textContent).toBe('$0.06')
    expect(screen.getByTestId('account-balance').textContent).toBe('Balance $12.50')
    fireEvent.click(screen.getByTestId('spend-summary'))
    expect(await screen.findByTestId('spend-view')).toBeTruthy()
  })

  it('reads the balance and totals again when a job ends and when another process (the CLI) changed the library', async () => {
    const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY, ledger: [], jobs: [makeJob({ generationId: 1, status: 'running' })] })
    await renderApp(fake)
    expect(screen.getByTestId('spend-today').textContent).toBe('$0.00')
    const balanceCalls = fake.callsTo('account.balance').length

    fake.ledger.push({ prompt: 'p', createdAt: Date.now(), costUsd: 0.04 })
    fake.balance = { amount: 12.46, currency: 'USD' }
    act(() => fake.emitProgress(makeJob({ generationId: 1, status: 'succeeded', imagesDone: 1, costUsd: 0.04 })))
    await waitFor(() => expect(screen.getByTestId('spend-today').textContent).toBe('$0.04'))
    expect(screen.getByTestId('account-balance').textContent).toBe('Balance $12.46')
    expect(fake.callsTo('account.balance').length).toBe(balanceCalls + 1)

    // The CLI spent: the push says 'external'.
    fake.ledger.push({ prompt: 'cli', createdAt: Date.now(), costUsd: 0.1 })
    fake.balance = { amount: 12.36, currency: 'USD' }
    act(() => fake.emitLibraryChanged({ reason: 'external', imageIds: [] }))
    await waitFor(() => expect(screen.getByTestId('spend-today').textContent).toBe('$0.14'))
    expect(screen.getByTestId('account-balance').textContent).toBe('Balance $12.36')
  })

  it('says Offline (with why, as its title) instead of dropping the balance, and reads it again when back online', async () => {
    const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY })
    fake.failNext('account.balance', { code: 'NETWORK', message: 'Runware could not be reached. Check your internet connection.' })
    await renderApp(fake)
    const offline = screen.getByTestId('offline-status')
    expect(offline.textContent).toBe('Offline')
    expect(offline.getAttribute('title')).toMatch(/can't be reached: check your internet connection/)
    expect(screen.queryByTestId('account-balance')).toBeNull()

    act(() => void window.dispatchEvent(new Event('online')))
    // Already "online" to the browser: the event changes nothing; the next successful read clears it.
    await act(() => useAppStore.getState().loadBalance())
    expect(screen.queryByTestId('offline-status')).toBeNull()
    expect(screen.getByTestId('account-balance').textContent).toBe('Balance $12.50')

    // The browser loses the network: Offline at once, the last balance in the title; back: read again.
    act(() => void window.dispatchEvent(new Event('offline')))
    expect(screen.getByTestId('offline-status').getAttribute('title')).toMatch(/Last balance: \$12\.50/)
    fake.balance = { amount: 11, currency: 'USD' }
    act(() => void window.dispatchEvent(new Event('online')))
    await waitFor(() => expect(screen.getByTestId('account-balance').textContent).toBe('Balance $11.00'))
  })

  it('says Offline while a job waits for the network', async () => {
    await renderApp({ apiKeyStatus: KEYCHAIN_KEY, jobs: [makeJob({ generationId: 4, status: 'submitting', waitingForNetwork: true })] })
    await waitFor(() => expect(screen.getByTestId('offline-status')).toBeTruthy())
  })
})

describe('daily budget before Generate', () => {
  const write = (text: string): void => void fireEvent.change(screen.getByTestId('prompt-input'), { target: { value: text } })

  it('turns the estimate amber and says so in words once this generation takes today past the budget', async () => {
    await renderApp({ apiKeyStatus: KEYCHAIN_KEY, settings: { dailyBudgetUsd: 0.1 }, ledger: [{ prompt: 'p', createdAt: noon(0), costUsd: 0.06 }] })
    write('a lighthouse')
    const hint = screen.getByTestId('generate-hint')
    expect(screen.getByTestId('cost-estimate').textContent).toBe('≈ $0.02 · 1 image')
    expect(hint.hasAttribute('data-over-budget')).toBe(false)
    expect(screen.queryByTestId('budget-warning')).toBeNull()

    // 3 images: $0.06 + $0.06 > $0.10.
    act(() => useAppStore.getState().updateComposer({ count: 3 }))
    expect(hint.getAttribute('data-over-budget')).toBe('true')
    expect(hint.className).toContain('is-over-budget')
    expect(screen.getByTestId('budget-warning').textContent).toBe('· over your $0.10 daily budget')
    expect(screen.getByTestId('budget-warning').getAttribute('title')).toBe('$0.06 spent today; this generation (≈ $0.06) takes it past your $0.10 daily budget. Change the budget in Settings.')
  })

  it('has no warning without a budget, however much was spent', async () => {
    await renderApp({ apiKeyStatus: KEYCHAIN_KEY, ledger: [{ prompt: 'p', createdAt: noon(0), costUsd: 50 }] })
    write('a lighthouse')
    expect(screen.queryByTestId('budget-warning')).toBeNull()
  })
})
