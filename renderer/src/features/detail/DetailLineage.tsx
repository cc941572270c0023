import type { ImageReference, LineageNode } from '../../../../electron/shared/library'
import { api } from '../../api'
import { useAppStore } from '../../store'

function LineageThumbs({ nodes, testId }: { nodes: LineageNode[]; testId: string }) {
  const openDetail = useAppStore((s) => s.openDetail)
  if (nodes.length === 0) return null
  return (
    <ul className="lineage-thumbs">
        {nodes.map((node) => (
          <li key={node.imageId}>
            <button
              type="button"
              className="lineage-thumb"
              data-testid={testId}
              data-image-id={node.imageId}
              title={node.prompt ?? `Image ${node.imageId}`}
              aria-label={`Open ${node.prompt ?? `image ${node.imageId}`}`}
              onClick={() => void openDetail(node.imageId)}
            >
              <img src={api.media.thumbUrl(node.imageId)} alt="" loading="lazy" decoding="async" draggable={false} />
            </button>
          </li>
        ))}
    </ul>
  )
}

/** References that are not library images (a file, a pasted image, a web image): their stored copy and name. */
function ExternalReferences({ refs }: { refs: ImageReference[] }) {
  if (refs.length === 0) return null
  return (
    <ul className="lineage-files">
      {refs.map((r) => (
        <li key={r.referenceId} className="lineage-file" data-testid="lineage-reference" data-reference-id={r.referenceId}>
          <img className="lineage-file-thumb" src={api.media.referenceUrl(r.referenceId)} alt="" loading="lazy" decoding="async" draggable={false} />
          <span className="lineage-file-text">
            <span className="lineage-file-name" title={r.label}>
              {r.label}
            </span>
            <span className="lineage-file-kind">{SOURCE_WORDS[r.sourceKind]}</span>
          </span>
        </li>
      ))}
    </ul>
  )
}

const SOURCE_WORDS: Record<ImageReference['sourceKind'], string> = {
  file: 'A file from your computer',
  bytes: 'A dropped or pasted image',
  url: 'An image from the web',
  image: 'A library image'
}

/** Where the image came from (its references) and what was made from it; each library thumbnail opens that image. */
export function DetailLineage() {
  const lineage = useAppStore((s) => s.detailLineage)
  if (lineage === null) return null
  const external = lineage.references.filter((r) => r.libraryImageId === null || !lineage.ancestors.some((a) => a.imageId === r.libraryImageId))
  if (lineage.ancestors.length === 0 && lineage.descendants.length === 0 && external.length === 0) {
    return <p className="detail-muted">Not made from, or used in, other images.</p>
  }
  return (
    <div className="lineage" data-testid="detail-lineage">
      {lineage.ancestors.length > 0 || external.length > 0 ? (
        <div className="lineage-row">
          <h4 className="lineage-title">Made from</h4>
          <LineageThumbs nodes={lineage.ancestors} testId="lineage-ancestor" />
          <ExternalReferences refs={external} />
        </div>
      ) : null}
      {lineage.descendants.length > 0 ? (
        <div className="lineage-row">
          <h4 className="lineage-title">Used in</h4>
          <LineageThumbs nodes={lineage.descendants} testId="lineage-descendant" />
        </div>
      ) : null}
    </div>
  )
}
