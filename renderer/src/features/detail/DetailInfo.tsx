import type { LibraryImage } from '../../../../electron/shared/library'
import { RestoreIcon, SparklesIcon, StarIcon, TrashIcon } from '../../components/icons'
import { RatingInput } from '../../components/RatingInput'
import { useAppStore } from '../../store'
import { imageFacts } from './detail-format'
import { DetailLineage } from './DetailLineage'
import { DetailNote } from './DetailNote'
import { DetailParameters } from './DetailParameters'
import { DetailTags } from './DetailTags'

/** The right-hand side of the detail view: prompt, actions, facts, the parameters sent, tags, note, lineage. */
export function DetailInfo({ image, onClose }: { image: LibraryImage; onClose(): void }) {
  const setFavorite = useAppStore((s) => s.setFavorite)
  const setRating = useAppStore((s) => s.setRating)
  const trashImages = useAppStore((s) => s.trashImages)
  const restoreImages = useAppStore((s) => s.restoreImages)
  const updateComposer = useAppStore((s) => s.updateComposer)
  const remixImage = useAppStore((s) => s.remixImage)
  const applyImageSettings = useAppStore((s) => s.applyImageSettings)
  const runAgain = useAppStore((s) => s.runAgain)
  const openExport = useAppStore((s) => s.openExport)
  const copyImage = useAppStore((s) => s.copyImage)
  const showInFolder = useAppStore((s) => s.showInFolder)
  const copyText = useAppStore((s) => s.copyText)
  const requestPromptFocus = useAppStore((s) => s.requestPromptFocus)
  const lineageLoaded = useAppStore((s) => s.detailLineage !== null)
  const trashed = image.trashedAt !== null

  return (
    <aside className="detail-info" aria-label="Details">
      <div className="detail-scroll">
        <p className="detail-prompt selectable" data-testid="detail-prompt">
          {image.prompt ?? 'No prompt was recorded for this image.'}
        </p>
        <div className="detail-reuse-row">
          {image.prompt ? (
            <button
              type="button"
              className="link-button detail-reuse"
              data-testid="detail-reuse-prompt"
              title="Put this prompt in the composer; nothing else changes"
              onClick={() => {
                updateComposer({ prompt: image.prompt ?? '' })
                onClose()
                requestPromptFocus()
              }}
            >
              Use prompt
            </button>
          ) : null}
          {image.prompt ? (
            <button type="button" className="link-button" data-testid="detail-copy-prompt" onClick={() => void copyText(image.prompt ?? '', 'Prompt')}>
              Copy prompt
            </button>
          ) : null}
          {image.generationId !== null ? (
            <>
              <button
                type="button"
                className="link-button"
                data-testid="detail-use-settings"
                title="Put the prompt and every setting this image was made with in the composer (no reference)"
                onClick={() => {
                  onClose()
                  void applyImageSettings(image)
                }}
              >
                Use all settings
              </button>
              <button
                type="button"
                className="link-button"
                data-testid="detail-vary"
                title="Generate again at once with the same settings and references"
                onClick={() => void runAgain(image.generationId!, image.prompt ?? '')}
              >
                Vary
              </button>
            </>
          ) : null}
        </div>

        <div className="detail-actions">
          {trashed ? null : (
            <button
              type="button"
              className="button button-small button-primary detail-remix"
              data-testid="detail-remix"
              title="Remix: this image and its prompt go to the composer (R)"
              onClick={() => void remixImage(image)}
            >
              <SparklesIcon size={14} />
              Remix
            </button>
          )}
          <button
            type="button"
            className="button button-small detail-fav"
            data-testid="detail-favorite"
            aria-pressed={image.favorite}
            onClick={() => void setFavorite([image.id], !image.favorite)}
          >
            <StarIcon size={14} />
            {image.favorite ? 'Favourite' : 'Add to favourites'}
          </button>
          <button type="button" className="button button-small" data-testid="detail-export" onClick={() => void openExport({ kind: 'ids', ids: [image.id] }, 1)}>
            Export…
          </button>
          <button type="button" className="button button-small" data-testid="detail-copy" onClick={() => void copyImage(image.id)}>
            Copy image
          </button>
          <button type="button" className="button button-small" data-testid="detail-show-in-folder" onClick={() => void showInFolder(image.id)}>
            Show in folder
          </button>
        </div>
        <div className="detail-rate-row">
          <RatingInput value={image.rating} onChange={(r) => void setRating([image.id], r)} testId="detail-rating" size={16} />
          <span className="detail-spacer" />
          {trashed ? (
            <button type="button" className="button button-small" data-testid="detail-restore" onClick={() => void restoreImages([image.id])}>
              <RestoreIcon size={14} />
              Restore
            </button>
          ) : (
            <button
              type="button"
              className="icon-button detail-trash"
              data-testid="detail-trash"
              aria-label="Move to Trash"
              title="Move to Trash"
              onClick={() => {
                onClose()
                void trashImages([image.id])
              }}
            >
              <TrashIcon size={16} />
            </button>
          )}
        </div>

        <dl className="detail-facts">
          {imageFacts(image).map((fact) => (
            <div key={fact.label} className="detail-fact">
              <dt>{fact.label}</dt>
              <dd data-testid={fact.testId}>{fact.value}</dd>
            </div>
          ))}
        </dl>

        <DetailParameters image={image} />

        <section className="detail-section">
          <h3 className="detail-section-title">Tags</h3>
          <DetailTags image={image} />
        </section>
        <section className="detail-section">
          <h3 className="detail-section-title">Note</h3>
          <DetailNote imageId={image.id} note={image.note} />
        </section>
        <section className="detail-section" data-testid="detail-lineage-section" aria-busy={!lineageLoaded}>
          <h3 className="detail-section-title">Lineage</h3>
          <DetailLineage />
        </section>
      </div>
    </aside>
  )
}
