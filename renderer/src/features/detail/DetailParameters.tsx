import { useId } from 'react'
import type { LibraryImage } from '../../../../electron/shared/library'
import { parametersJson, requestRows } from '../../lib/image-parameters'
import { useAppStore } from '../../store'

/**
 * What the image's generation was sent with, read-only, as main recorded it;
 * and Copy all parameters as JSON (the request, its references and the result).
 */
export function DetailParameters({ image }: { image: LibraryImage }) {
  const recipe = useAppStore((s) => s.detailRecipe)
  const status = useAppStore((s) => s.detailRecipeStatus)
  const lineage = useAppStore((s) => s.detailLineage)
  const copyText = useAppStore((s) => s.copyText)
  const references = lineage?.references ?? []
  const rows = requestRows(recipe, references)
  const busy = status === 'loading' || lineage === null
  const titleId = useId()

  return (
    <section className="detail-section" data-testid="detail-parameters" aria-labelledby={titleId} aria-busy={busy}>
      <h3 id={titleId} className="detail-section-title">
        Sent to Runware
      </h3>
      {status === 'none' ? (
        <p className="detail-muted">Not made in this app: no request was recorded.</p>
      ) : status === 'failed' ? (
        <p className="detail-muted">The settings this image was sent with could not be read.</p>
      ) : status === 'loading' ? (
        <p className="detail-muted">Reading…</p>
      ) : (
        <dl className="detail-facts detail-params">
          {rows.map((row) => (
            <div key={row.label} className="detail-fact">
              <dt>{row.label}</dt>
              <dd data-testid={row.testId} className={row.code ? 'detail-code' : undefined}>
                {row.value}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <div>
        <button
          type="button"
          className="button button-small"
          data-testid="detail-copy-json"
          disabled={busy}
          title="The request as sent, its references and the result; never the API key"
          onClick={() => void copyText(parametersJson(image, recipe, references), 'Parameters')}
        >
          Copy all parameters as JSON
        </button>
      </div>
    </section>
  )
}
