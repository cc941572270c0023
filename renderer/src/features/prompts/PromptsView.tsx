/**
 * The Prompts view (sidebar → Prompts): every past prompt with how often and when
 * it was last used, what it cost and its best-rated result, sorted and filtered
 * by the core (`library:prompt-list`). "Use", or a click on the row, puts the
 * prompt and the settings it was last made with into the composer below.
 */
import { useEffect, useId, useRef, useState } from 'react'
import type { PromptStat } from '../../../../electron/shared/library'
import type { PromptSort } from '../../../../electron/shared/prompts'
import { api } from '../../api'
import { SearchIcon } from '../../components/icons'
import { useAppStore } from '../../store'
import { formatUsd } from '../composer/generate-status'
import { formatDateTime } from '../detail/detail-format'
import css from './Prompts.module.css'

/** How long typing in the filter must pause before the core is asked. */
const FILTER_DEBOUNCE_MS = 200

const COLUMNS: { sort: PromptSort; label: string; numeric: boolean }[] = [
  { sort: 'prompt', label: 'Prompt', numeric: false },
  { sort: 'uses', label: 'Uses', numeric: true },
  { sort: 'lastUsed', label: 'Last used', numeric: true },
  { sort: 'cost', label: 'Total cost', numeric: true }
]

function FilterBox() {
  const filter = useAppStore((s) => s.promptTable.filter)
  const setFilter = useAppStore((s) => s.setPromptFilter)
  const [text, setText] = useState(filter)
  const id = useId()
  useEffect(() => {
    if (text === filter) return
    const timer = setTimeout(() => setFilter(text), FILTER_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [text, filter, setFilter])
  return (
    <div className={css.filter}>
      <label htmlFor={id} className="visually-hidden">
        Filter prompts
      </label>
      <SearchIcon size={15} className={css.filterIcon} />
      <input
        id={id}
        type="search"
        className={css.filterInput}
        placeholder="Filter prompts"
        value={text}
        data-testid="prompts-filter"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') setFilter(text)
        }}
      />
    </div>
  )
}

function SortHeader({ sort, label, numeric }: { sort: PromptSort; label: string; numeric: boolean }) {
  const current = useAppStore((s) => s.promptTable.sort)
  const direction = useAppStore((s) => s.promptTable.direction)
  const sortBy = useAppStore((s) => s.sortPromptsBy)
  const active = current === sort
  return (
    <th scope="col" className={numeric ? css.num : undefined} aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className={css.sortButton} data-testid={`prompts-sort-${sort}`} onClick={() => sortBy(sort)}>
        {label}
        <span className={css.sortMark} aria-hidden="true" data-active={active || undefined}>
          {active && direction === 'asc' ? '↑' : '↓'}
        </span>
      </button>
    </th>
  )
}

function Row({ stat }: { stat: PromptStat }) {
  const reuse = useAppStore((s) => s.reusePrompt)
  const use = (): void => void reuse(stat)
  const stars = stat.bestRating === null || stat.bestRating === 0 ? 'not rated' : `${stat.bestRating} of 5 stars`
  return (
    <tr className={css.row} data-testid="prompt-row" onClick={use}>
      <th scope="row" className={css.promptCell}>
        <span className={css.promptText} title={stat.prompt}>
          {stat.prompt}
        </span>
      </th>
      <td className={css.num}>{stat.uses.toLocaleString()}</td>
      <td className={css.num}>
        <time dateTime={new Date(stat.lastUsedAt).toISOString()}>{formatDateTime(stat.lastUsedAt)}</time>
      </td>
      <td className={css.num}>{formatUsd(stat.totalCostUsd)}</td>
      <td className={css.bestCell}>
        {stat.bestImageId === null ? (
          <span className={css.noThumb}>None left</span>
        ) : (
          <img className={css.thumb} src={api.media.thumbUrl(stat.bestImageId)} alt={`Best result, ${stars}`} loading="lazy" decoding="async" draggable={false} />
        )}
      </td>
      <td className={css.actionCell}>
        <button
          type="button"
          className="button"
          aria-label={`Use “${stat.prompt.length > 60 ? `${stat.prompt.slice(0, 60)}…` : stat.prompt}”`}
          title="Put this prompt, with the settings it was last used with, into the composer"
          onClick={(event) => {
            event.stopPropagation()
            use()
          }}
        >
          Use
        </button>
      </td>
    </tr>
  )
}

export function PromptsView() {
  const table = useAppStore((s) => s.promptTable)
  const loadMore = useAppStore((s) => s.loadMorePrompts)
  const reload = useAppStore((s) => s.loadPrompts)
  const bodyRef = useRef<HTMLDivElement>(null)
  const empty = table.rows.length === 0 && !table.loading && table.error === null

  // Near the bottom: the next page.
  function onScroll(): void {
    const el = bodyRef.current
    if (el && table.hasMore && !table.loading && el.scrollTop + el.clientHeight > el.scrollHeight - 200) void loadMore()
  }

  return (
    <section className={css.view} aria-labelledby="prompts-title" data-testid="prompts-view" aria-busy={table.loading || undefined}>
      <header className={css.header}>
        <h1 id="prompts-title" className={css.title}>
          Prompts
        </h1>
        <FilterBox />
      </header>
      <div className={css.body} ref={bodyRef} onScroll={onScroll}>
        {table.error ? (
          <p className={css.error} role="alert">
            {table.error}{' '}
            <button type="button" className="link-button" onClick={() => void reload()}>
              Try again
            </button>
          </p>
        ) : null}
        <div className={css.tableWrap}>
          <table className={css.table} data-testid="prompts-table">
            <caption className="visually-hidden">Past prompts. Choose Use, or a row, to put a prompt into the composer.</caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <SortHeader key={c.sort} {...c} />
                ))}
                <th scope="col" className={css.bestCell}>
                  Best result
                </th>
                <th scope="col" className={css.actionCell}>
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {empty ? (
                <tr>
                  <td colSpan={6} className={css.none}>
                    {table.filter === '' ? 'No prompts yet: what you generate is listed here.' : `No prompt contains “${table.filter}”.`}
                  </td>
                </tr>
              ) : (
                table.rows.map((r) => <Row key={r.prompt} stat={r} />)
              )}
            </tbody>
          </table>
        </div>
        {table.hasMore ? (
          <button type="button" className={`button ${css.more}`} disabled={table.loading} onClick={() => void loadMore()}>
            {table.loading ? 'Loading…' : 'Show more'}
          </button>
        ) : null}
      </div>
    </section>
  )
}
