/**
 * The Spend view's numbers from the core's cost ledger (`library:cost-totals`):
 * the local days of a range, the per-day series with the days without spend
 * filled in, today's and this month's totals, the budget check before Generate
 * and the chart's axis. Pure, so the tests feed it a seeded ledger.
 */
import { dayKeyOf, type CostRange } from '../../../electron/shared/spend'
import type { CostTotal } from '../../../electron/shared/library'

export const SPEND_RANGES = [30, 90, 365] as const
export type SpendRange = (typeof SPEND_RANGES)[number]

export interface SpendDay {
  /** Local YYYY-MM-DD. */
  key: string
  /** Local midnight the day starts at. */
  start: number
  costUsd: number
  images: number
  generations: number
}

/** The last `days` local days up to and including today: the range to ask for and the day keys, oldest first. */
export function dayWindow(now: Date, days: number): { range: Required<CostRange>; days: { key: string; start: number }[] } {
  const out: { key: string; start: number }[] = []
  for (let i = days - 1; i >= 0; i--) {
    // Built from the calendar, not by adding 24 h: a DST day is 23 or 25 hours long.
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - i)
    out.push({ key: dayKeyOf(d), start: d.getTime() })
  }
  const to = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime()
  return { range: { from: out[0]!.start, to }, days: out }
}

/** The per-day series of a window, oldest first, with 0 for days without spend. */
export function spendSeries(totals: readonly CostTotal[], days: readonly { key: string; start: number }[]): SpendDay[] {
  const byKey = new Map(totals.map((t) => [t.key, t]))
  return days.map(({ key, start }) => {
    const t = byKey.get(key)
    return { key, start, costUsd: t?.costUsd ?? 0, images: t?.images ?? 0, generations: t?.generations ?? 0 }
  })
}

/** From the first of this month (local) to tomorrow: what today's and this month's totals are read from. */
export function monthToDate(now: Date): Required<CostRange> {
  return { from: new Date(now.getFullYear(), now.getMonth(), 1).getTime(), to: new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime() }
}

/** Today's and this month's spend from the month's per-day totals. */
export function spendSummary(monthDays: readonly CostTotal[], now: Date): { todayUsd: number; monthUsd: number } {
  const today = dayKeyOf(now)
  let todayUsd = 0
  let monthUsd = 0
  for (const d of monthDays) {
    monthUsd += d.costUsd
    if (d.key === today) todayUsd += d.costUsd
  }
  return { todayUsd, monthUsd }
}

export interface BudgetCheck {
  /** Today's spend plus this estimate goes past the budget. */
  over: boolean
  /** Today's spend alone already is past it. */
  alreadyOver: boolean
}

/** Whether a generation estimated at `estimateUsd` takes today past the daily budget; null without a budget or an estimate. */
export function budgetCheck(budgetUsd: number | null, spentTodayUsd: number | null, estimateUsd: number | null): BudgetCheck | null {
  if (budgetUsd === null || estimateUsd === null) return null
  const spent = spentTodayUsd ?? 0
  // A cent's fraction of float noise must not flip the colour.
  const eps = 1e-9
  return { over: spent + estimateUsd > budgetUsd + eps, alreadyOver: spent > budgetUsd + eps }
}

/** A round top for the chart's axis (1, 2 or 5 × 10ⁿ steps) and its ticks, 0 first. */
export function niceAxis(max: number, targetTicks = 4): { top: number; ticks: number[] } {
  if (!(max > 0)) return { top: 0.1, ticks: [0, 0.05, 0.1] }
  const rough = max / targetTicks
  const pow = 10 ** Math.floor(Math.log10(rough))
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * pow >= rough) ?? 10) * pow
  const top = Math.ceil(max / step - 1e-9) * step
  const ticks: number[] = []
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Number(v.toFixed(10)))
  return { top, ticks }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "7 Mar" (or "7 Mar 2025" when `withYear`). */
export function dayLabel(key: string, withYear = false): string {
  const [y, m, d] = key.split('-').map(Number)
  return `${d} ${MONTHS[(m ?? 1) - 1]}${withYear ? ` ${y}` : ''}`
}

/**
 * Which days get a label under the chart: for 30 days every 7th day back from
 * today; for longer ranges the first of each month ("Mar", "Jan 2026" at a year's
 * start). Labels closer than `minGap` bars to the previous one are dropped.
 */
export function axisLabels(days: readonly SpendDay[], minGap: number): { index: number; text: string }[] {
  const out: { index: number; text: string }[] = []
  const push = (index: number, text: string): void => {
    const last = out.at(-1)
    if (last === undefined || index - last.index >= minGap) out.push({ index, text })
  }
  if (days.length <= 31) {
    const picks: number[] = []
    for (let i = days.length - 1; i >= 0; i -= 7) picks.unshift(i)
    for (const i of picks) push(i, dayLabel(days[i]!.key))
    return out
  }
  days.forEach((d, i) => {
    const [y, m, day] = d.key.split('-').map(Number)
    if (day === 1) push(i, m === 1 ? `Jan ${y}` : MONTHS[(m ?? 1) - 1]!)
  })
  return out
}

/** The budget field's text as dollars: '' is no budget; "$2.50", "2,5" and "2.5" are 2.5. */
export function parseBudget(text: string): { ok: true; value: number | null } | { ok: false; message: string } {
  const t = text.trim().replace(/^\$/, '').trim().replace(',', '.')
  if (t === '') return { ok: true, value: null }
  if (!/^\d+(\.\d{0,2})?$|^\.\d{1,2}$/.test(t)) return { ok: false, message: 'Type an amount in dollars, such as 2.50, or leave it empty.' }
  const value = Number(t)
  if (value <= 0) return { ok: false, message: 'A budget is more than $0 (leave it empty for none).' }
  if (value > 100_000) return { ok: false, message: 'A budget is at most $100,000.' }
  return { ok: true, value }
}
