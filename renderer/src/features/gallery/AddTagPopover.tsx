import { useState } from 'react'
import { TagIcon } from '../../components/icons'
import { Popover } from '../../components/Popover'
import { Tooltip } from '../../components/Tooltip'
import type { ImageTarget } from '../../../../electron/shared/library'
import { useAppStore } from '../../store'
import { splitTags } from '../../store/organise-slice'

/** "Tag" in the selection bar: a field for one or more comma-separated tags. */
export function AddTagPopover({ target, count }: { target: ImageTarget; count: number }) {
  const addTags = useAppStore((s) => s.addTags)
  const showToast = useAppStore((s) => s.showToast)
  const [open, setOpen] = useState(false)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const tags = splitTags(text)

  const submit = async (): Promise<void> => {
    if (tags.length === 0) return
    const failed = await addTags(target, tags)
    if (failed) {
      setError(failed.message)
      return
    }
    showToast({ tone: 'info', title: `Tagged ${count === 1 ? '1 image' : `${count.toLocaleString()} images`}`, message: tags.join(', ') })
    setText('')
    setOpen(false)
  }

  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next)
        setError(null)
      }}
      label="Add tags"
      testId="tag-popover"
      align="start"
      placement="above"
      trigger={
        <Tooltip label="Tag the selected images">
          <button type="button" className="bar-button" data-testid="selection-tag" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(!open)}>
            <TagIcon size={15} />
            <span>Tag</span>
          </button>
        </Tooltip>
      }
    >
      <form
        className="popover-form"
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <label className="field-label" htmlFor="selection-tag-input">
          Add tags
        </label>
        <div className="popover-row">
          <input
            id="selection-tag-input"
            className={`text-input${error ? ' has-error' : ''}`}
            data-testid="selection-tag-input"
            placeholder="cats, winter"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            value={text}
            onChange={(event) => {
              setText(event.target.value)
              setError(null)
            }}
          />
          <button type="submit" className="button button-primary" data-testid="selection-tag-add" disabled={tags.length === 0}>
            Add
          </button>
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : (
          <p className="field-help">Separate several tags with commas.</p>
        )}
      </form>
    </Popover>
  )
}
