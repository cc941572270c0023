/**
 * Date values for the library query language (`after:`, `before:`, `on:`).
 * Every date is a local calendar day, month or year; ranges are half-open
 * [start, end) in epoch milliseconds of local midnights, so they follow the
 * user's time zone and daylight-saving changes.
 */

export interface DateRange {
  /** Epoch ms of the local midnight the range starts at (inclusive). */
  start: number
  /** Epoch ms of the local midnight after the range (exclusive). */
  end: number
}

export const DATE_FORMS = 'YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday or an age like 7d, 2w, 3m, 1y'

const MIN_YEAR = 1970
const MAX_YEAR = 9999

function dayRange(year: number, monthIndex: number, day: number): DateRange {
  return { start: new Date(year, monthIndex, day).getTime(), end: new Date(year, monthIndex, day + 1).getTime() }
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(year, monthIndex + 1, 0).getDate()
}

/** The local day `count` units before `now` (months and years keep the day, clamped to the month's length). */
function relativeDay(now: Date, count: number, unit: string): DateRange | null {
  const y = now.getFullYear()
  const m = now.getMonth()
  const d = now.getDate()
  let base: Date
  if (unit === 'd' || unit === 'w') {
    base = new Date(y, m, d - count * (unit === 'w' ? 7 : 1))
  } else {
    // The year argument stays `y` (≥ 1970): Date maps years 0–99 to 19xx.
    const first = new Date(y, m - count * (unit === 'y' ? 12 : 1), 1)
    base = new Date(first.getFullYear(), first.getMonth(), Math.min(d, daysInMonth(first.getFullYear(), first.getMonth())))
  }
  if (base.getFullYear() < MIN_YEAR) return null
  return dayRange(base.getFullYear(), base.getMonth(), base.getDate())
}

/**
 * Parses a date value into the local range it names, or null when it is not a
 * valid date. Accepts YYYY-MM-DD (a day), YYYY-MM (a month), YYYY (a year),
 * `today`, `yesterday`, and `<n>d|w|m|y` (the day n days/weeks/months/years ago).
 */
export function parseDateRange(value: string, now: Date): DateRange | null {
  const v = value.trim().toLowerCase()
  if (v === 'today') return relativeDay(now, 0, 'd')
  if (v === 'yesterday') return relativeDay(now, 1, 'd')
  const rel = /^(\d{1,4})([dwmy])$/.exec(v)
  if (rel) return relativeDay(now, Number(rel[1]), rel[2] ?? 'd')
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(v)
  if (!m) return null
  const year = Number(m[1])
  if (year < MIN_YEAR || year > MAX_YEAR) return null
  if (m[2] === undefined) return { start: new Date(year, 0, 1).getTime(), end: new Date(year + 1, 0, 1).getTime() }
  const month = Number(m[2])
  if (month < 1 || month > 12) return null
  if (m[3] === undefined) return { start: new Date(year, month - 1, 1).getTime(), end: new Date(year, month, 1).getTime() }
  const day = Number(m[3])
  if (day < 1 || day > daysInMonth(year, month - 1)) return null
  return dayRange(year, month - 1, day)
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** `2026-01-15` for the local day that contains `ms`. */
export function formatLocalDay(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** `on 2026-01-15`, `in 2026-01`, `in 2026`, or `from … until …` for other ranges. */
export function describeRange(r: DateRange): string {
  const s = new Date(r.start)
  const y = s.getFullYear()
  const m = s.getMonth()
  if (r.end === dayRange(y, m, s.getDate()).end) return `on ${formatLocalDay(r.start)}`
  if (s.getDate() === 1 && r.end === new Date(y, m + 1, 1).getTime()) return `in ${y}-${pad(m + 1)}`
  if (s.getDate() === 1 && m === 0 && r.end === new Date(y + 1, 0, 1).getTime()) return `in ${y}`
  return `from ${formatLocalDay(r.start)} until ${formatLocalDay(r.end)}`
}
