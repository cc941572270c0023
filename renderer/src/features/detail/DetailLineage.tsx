import type { LineageNode } from '../../../../electron/shared/library'
import { api } from '../../api'
import { useAppStore } from '../../store'

function LineageRow({ title, nodes, testId }: { title: string; nodes: LineageNode[]; testId: string }) {
  const openDetail = useAppStore((s) => s.openDetail)
  if (nodes.length === 0) return null
  return (
    <div className="lineage-row">
      <h4 className="lineage-title">{title}</h4>
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
    </div>
  )
}

/** Where the image came from (its references) and what was made from it; each thumbnail opens that image. */
export function DetailLineage() {
  const lineage = useAppStore((s) => s.detailLineage)
  if (lineage === null) return null
  if (lineage.ancestors.length === 0 && lineage.descendants.length === 0) {
    return <p className="detail-muted">Not made from, or used for, other images.</p>
  }
  return (
    <div className="lineage" data-testid="detail-lineage">
      <LineageRow title="Made from" nodes={lineage.ancestors} testId="lineage-ancestor" />
      <LineageRow title="Used to make" nodes={lineage.descendants} testId="lineage-descendant" />
    </div>
  )
}
