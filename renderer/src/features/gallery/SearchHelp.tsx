import { QUERY_HELP } from '../../../../electron/shared/query-language'
import { Popover } from '../../components/Popover'
import { Tooltip } from '../../components/Tooltip'

/** "fav:yes  fav:no" → ["fav:yes", "fav:no"]: each alternative is its own insertable example. */
export function exampleParts(example: string): string[] {
  return example.split(/\s{2,}/).filter((part) => part !== '')
}

interface SearchHelpProps {
  open: boolean
  onOpenChange(open: boolean): void
  onInsert(example: string): void
}

/** The "?" next to the search box: the query language, from the same table main parses with. */
export function SearchHelp({ open, onOpenChange, onInsert }: SearchHelpProps) {
  return (
    <Popover
      open={open}
      onOpenChange={onOpenChange}
      label="Search syntax"
      testId="search-help"
      className="search-help"
      trigger={
        <Tooltip label="Search syntax">
          <button
            type="button"
            className="search-help-button"
            data-testid="search-help-button"
            aria-label="Search syntax"
            aria-haspopup="dialog"
            aria-expanded={open}
            onClick={() => onOpenChange(!open)}
          >
            ?
          </button>
        </Tooltip>
      }
    >
      <div className="search-help-head">
        <h2 className="search-help-title">Search syntax</h2>
        <p className="search-help-intro">
          Words match prompts, tags and notes. Everything you type must match. Click an example to add it.
        </p>
      </div>
      <dl className="search-help-list">
        {QUERY_HELP.map((row) => (
          <div className="search-help-row" key={row.example} data-testid="search-help-row">
            <dt className="search-help-examples">
              {exampleParts(row.example).map((part) => (
                <button
                  key={part}
                  type="button"
                  className="search-help-example"
                  data-testid="search-help-example"
                  title={`Add ${part} to the search`}
                  onClick={() => onInsert(part)}
                >
                  {part}
                </button>
              ))}
            </dt>
            <dd className="search-help-meaning">{row.meaning}</dd>
          </div>
        ))}
      </dl>
    </Popover>
  )
}
