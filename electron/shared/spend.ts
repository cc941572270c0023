/**
 * The cost ledger's groupings and date keys, shared by the core (which sums) and
 * the window (which fills the days without spend). Days and months are local
 * calendar dates, as in the query language (`on:today`).
 */

export const COST_GROUPINGS = ['day', 'month', 'collection', 'prompt'] as const
export type CostGrouping = (typeof COST_GROUPINGS)[number]

/** Generations created in [from, to) epoch ms; either end open when left out. */
export interface CostRange {
  from?: number
  to?: number
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** YYYY-MM-DD of a local date (the key of a `day` total). */
export function dayKeyOf(date: Date): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** YYYY-MM-DD of the local day an epoch-ms time falls on. */
export function localDayKey(ms: number): string {
  return dayKeyOf(new Date(ms))
}
