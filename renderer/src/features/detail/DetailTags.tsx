import { useState } from 'react'
import type { LibraryImage } from '../../../../electron/shared/library'
import { CloseIcon } from '../../components/icons'
import { useAppStore } from '../../store'
import { splitTags } from '../../store/organise-slice'

/** The image's tags as removable chips, and a field to add more (Enter; commas for several). */
export function DetailTags({ image }: { image: LibraryImage }) {
  const addTags = useAppStore((s) => s.addTags)
  const removeTag = useAppStore((s) => s.removeTag)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)

  const submit = async (): Promise<void> => {
    const tags = splitTags(text)
    if (tags.length === 0) return
    const failed = await addTags([image.id], tags)
    if (failed) setError(failed.message)
    else setText('')
  }

  return (
    <div className="detail-tags">
      {image.tags.length > 0 ? (
        <ul className="chip-list" aria-label="Tags">
          {image.tags.map((tag) => (
            <li key={tag} className="chip" data-testid="detail-tag">
              <span className="chip-label">{tag}</span>
              <button
                type="button"
                className="chip-remove"
                data-testid="detail-tag-remove"
                aria-label={`Remove tag ${tag}`}
                onClick={() => void removeTag([image.id], tag)}
              >
                <CloseIcon size={11} strokeWidth={2.4} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        className={`text-input detail-tag-input${error ? ' has-error' : ''}`}
        data-testid="detail-tag-input"
        aria-label="Add a tag"
        placeholder="Add a tag…"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => {
          setText(event.target.value)
          setError(null)
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return
          event.preventDefault()
          void submit()
        }}
      />
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}
