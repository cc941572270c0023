// PLACEHOLDER: replaced by the metadata helper's module
/**
 * The metadata writer's API (issue 9). This stand-in returns the bytes unchanged
 * so the export engine can be built and tested before the real module lands.
 */
export type MetadataLevel = 'full' | 'minimal' | 'none'
export type ImageFormat = 'png' | 'jpg' | 'webp'
export interface ExportRecord {
  prompt: string
  model: string
  width: number
  height: number
  seed: number | null
  record: Record<string, unknown>
}

export function writeMetadata(input: Buffer, _format: ImageFormat, _r: ExportRecord | null, _level: MetadataLevel): Buffer {
  return input
}
