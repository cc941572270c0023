/**
 * The Spend view (sidebar → Spend): what the ledger says was spent per day over
 * the last 30, 90 or 365 days, as a chart and a table, and per collection and
 * per prompt over the same days. It replaces the gallery in the main area.
 */
import { useId } from 'react'
import { useAppStore } from '../../store'
import { dayLabel, SPEND_RANGES, type SpendDay } from '../../lib/spend'
import type { CostTotal } from '../../../../electron/shared/library'
import { formatUsd } from '../composer/generate-status'
import { formatBalance } from '../queue/job-format'
import { SpendChart } from './SpendChart'
import css from './Spend.module.css'

/** How many collections and prompts the tables list (the most expensive). */
const TOP = 20

function RangeControl() {
  const range = useAppStore((s) => s.spendRange)
  const setRange = useAppStore((s) => s.setSpendRange)
  const name = useId()
  return (
    <div className={css.segmented} role="radiogroup" aria-label="Period" data-testid="spend-range">
      {SPEND_RANGES.map((r) => (
        <label key={r} className={css.segment}>
          <input type="radio" name={name} value={r} checked={range === r} onChange={() => setRange(r)} data-testid={`spend-range-${r}`} />
          <span>{r} days</span>
        </label>
      ))}
    </div>
  )
}

function Stat({ label, value, testId, tone }: { label: string; value: string; testId: string; tone?: 'warning' }) {
  return (
    <div className={css.stat} data-tone={tone}>
      <dt className={css.statLabel}>{label}</dt>
      <dd className={css.statValue} data-testid={testId}>
        {value}
      </dd>
    </div>
  )
}

function DayTable({ days, range }: { days: readonly SpendDay[]; range: number }) {
  const spent = days.filter((d) => d.generations > 0).reverse()
  const thisYear = new Date().getFullYear()
  return (
    <div className={css.tableWrap}>
      <table className={css.table} data-testid="spend-day-table">
        <caption className={css.caption}>Spend per day, last {range} days (days with spend, newest first)</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col" className={css.num}>
              Images
            </th>
            <th scope="col" className={css.num}>
              Spend
            </th>
          </tr>
        </thead>
        <tbody>
          {spent.length === 0 ? (
            <tr>
              <td colSpan={3} className={css.none}>
                Nothing spent in these days.
              </td>
            </tr>
          ) : (
            spent.map((d) => (
              <tr key={d.key} data-day={d.key}>
                <th scope="row">
                  <time dateTime={d.key}>{dayLabel(d.key, thisYear !== Number(d.key.slice(0, 4)))}</time>
                </th>
                <td className={css.num}>{d.images.toLocaleString()}</td>
                <td className={css.num}>{formatUsd(d.costUsd)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  )
}

function TotalsTable({ rows, caption, what, testId, empty }: { rows: readonly CostTotal[]; caption: string; what: string; testId: string; empty: string }) {
  const top = rows.slice(0, TOP)
  const max = top.reduce((m, r) => Math.max(m, r.costUsd), 0)
  return (
    <div className={css.tableWrap}>
      <table className={css.table} data-testid={testId}>
        <caption className={css.caption}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{what}</th>
            <th scope="col" className={css.num}>
              Images
            </th>
            <th scope="col" className={css.num}>
              Spend
            </th>
          </tr>
        </thead>
        <tbody>
          {top.length === 0 ? (
            <tr>
              <td colSpan={3} className={css.none}>
                {empty}
              </td>
            </tr>
          ) : (
            top.map((r) => (
              <tr key={r.key}>
                <th scope="row" className={css.keyCell}>
                  <span className={css.keyText} title={r.key}>
                    {r.key}
                  </span>
                  <span className={css.meter} aria-hidden="true" style={{ inlineSize: `${max > 0 ? (r.costUsd / max) * 100 : 0}%` }} />
                </th>
                <td className={css.num}>{r.images.toLocaleString()}</td>
                <td className={css.num}>{formatUsd(r.costUsd)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      {rows.length > TOP ? <p className={css.more}>The {TOP} that cost most of {rows.length}.</p> : null}
    </div>
  )
}

export function SpendView() {
  const report = useAppStore((s) => s.spendReport)
  const loading = useAppStore((s) => s.spendReportLoading)
  const error = useAppStore((s) => s.spendReportError)
  const range = useAppStore((s) => s.spendRange)
  const today = useAppStore((s) => s.spendToday)
  const month = useAppStore((s) => s.spendMonth)
  const balance = useAppStore((s) => s.balance)
  const budget = useAppStore((s) => s.settings?.dailyBudgetUsd ?? null)
  const reload = useAppStore((s) => s.loadSpendReport)
  const days = report?.days ?? []
  const total = days.reduce((s, d) => s + d.costUsd, 0)
  const overBudget = budget !== null && today !== null && today > budget + 1e-9

  return (
    <section className={css.view} aria-labelledby="spend-title" data-testid="spend-view" aria-busy={loading || undefined}>
      <header className={css.header}>
        <h1 id="spend-title" className={css.title}>
          Spend
        </h1>
        <RangeControl />
      </header>

      <div className={css.body}>
        <dl className={css.stats}>
          <Stat label={`Last ${range} days`} value={report ? formatUsd(total) : '…'} testId="spend-total" />
          <Stat
            label={budget === null ? 'Today' : `Today · budget ${formatUsd(budget)}`}
            value={today === null ? '…' : `${formatUsd(today)}${overBudget ? ' · over budget' : ''}`}
            testId="spend-stat-today"
            {...(overBudget ? { tone: 'warning' as const } : {})}
          />
          <Stat label="This month" value={month === null ? '…' : formatUsd(month)} testId="spend-stat-month" />
          <Stat label="Balance" value={balance ? formatBalance(balance) : 'Unknown'} testId="spend-stat-balance" />
        </dl>

        {error ? (
          <p className={css.error} role="alert">
            {error}{' '}
            <button type="button" className="link-button" onClick={() => void reload()}>
              Try again
            </button>
          </p>
        ) : null}

        {report ? (
          <>
            <div className={css.daily}>
              <SpendChart days={days} label={`Spend per day, last ${report.range} days`} />
              <DayTable days={days} range={report.range} />
            </div>
            <div className={css.breakdown}>
              <TotalsTable rows={report.collections} caption={`Per collection, last ${report.range} days`} what="Collection" testId="spend-collection-table" empty="No images in collections were made in these days." />
              <TotalsTable rows={report.prompts} caption={`Per prompt, last ${report.range} days`} what="Prompt" testId="spend-prompt-table" empty="Nothing spent in these days." />
            </div>
          </>
        ) : loading ? (
          <p className={css.loading}>Loading…</p>
        ) : null}
        <p className={css.note}>From the cost Runware reported for each generation; days are in your time zone.</p>
      </div>
    </section>
  )
}
