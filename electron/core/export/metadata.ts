/**
 * Export metadata: what an exported PNG/JPEG/WebP carries so other tools know where it came from,
 * written by splicing chunks/segments into the encoded bytes (pixels are never re-encoded; sharp
 * cannot write A1111's UNICODE UserComment or PNG iTXt). Every write strips first, by whitelist, so
 * a provider's EXIF/XMP/C2PA never leaks out or ends up twice (shared/reference/metadata.md).
 *
 * Levels:
 * - 'full': the A1111 `parameters` text (PNG `tEXt`/`iTXt` "parameters"; JPEG/WebP EXIF UserComment,
 *   with IFD0 Software), our JSON record (PNG `iTXt` "imagine_metadata"; JPEG/WebP XMP
 *   `imagine:generation`) and XMP with DigitalSourceType, dc:description (the prompt),
 *   xmp:CreatorTool and Iptc4xmpExt:AISystemUsed (the model id).
 * - 'minimal': the `parameters` text (prompt, size, model, seed, app) and XMP holding only
 *   DigitalSourceType: what other tools need to recall the settings and to label the file
 *   AI-made; none of our ids, taskUUID, cost, references or lineage.
 * - 'none': nothing (and no text chunk, EXIF or XMP of the original survives).
 * A null record writes nothing at any level. JPEG segments hold 65,533 bytes at most: metadata that
 * does not fit throws a MetadataError('VALIDATION') rather than being cut (the caller may retry at
 * 'minimal' or re-encode to PNG/WebP, which have no such limit).
 */
import { buildExif, readUserComment } from './exif'
import { EXIF_HEADER, XMP_HEADER, app1, isJpeg, readJpeg, writeJpeg } from './jpeg'
import { MetadataError } from './metadata-error'
import { appTool, formatParameters, parseParameters as parseA1111, type ParsedParameters } from './parameters'
import { isPng, readPngExif, readPngTexts, writePng, type PngText } from './png'
import { isWebp, readWebp, writeWebp } from './webp'
import { buildXmp, readXmpGeneration, type XmpFields } from './xmp'

export { MetadataError }

export type MetadataLevel = 'full' | 'minimal' | 'none'
export type ImageFormat = 'png' | 'jpg' | 'webp'

export interface ExportRecord {
  prompt: string
  model: string
  width: number
  height: number
  seed: number | null
  /** Our full record for the JSON chunk (request without secrets, ids, taskUUID, cost, reference hashes, parent image ids). */
  record: Record<string, unknown>
  /** The app's version, for `Version:`, CreatorTool and Software (`Imagine Studio 0.1.0`); the bare name without it. */
  appVersion?: string
}

export const PNG_PARAMETERS_KEYWORD = 'parameters'
export const PNG_RECORD_KEYWORD = 'imagine_metadata'
export const PNG_XMP_KEYWORD = 'XML:com.adobe.xmp'

/** The A1111-style `parameters` text: the prompt, then `Size: WxH, Model: …, Seed: …, Version: …` (only true values; never Steps/Sampler). */
export function parametersText(r: ExportRecord): string {
  return formatParameters(r)
}

/** Parses an A1111 `parameters` text into prompt + key/values (handles the quoting rule). */
export function parseParameters(text: string): ParsedParameters {
  return parseA1111(text)
}

export function sniffFormat(input: Buffer): ImageFormat | null {
  if (isPng(input)) return 'png'
  if (isJpeg(input)) return 'jpg'
  if (isWebp(input)) return 'webp'
  return null
}

/** The XMP fields of a level; the record only where the format has no chunk of its own for it. */
function xmpFields(r: ExportRecord, level: 'full' | 'minimal', recordInXmp: boolean): XmpFields {
  if (level === 'minimal') return {}
  const fields: XmpFields = { description: r.prompt, creatorTool: appTool(r.appVersion) }
  if (r.model.trim() !== '') fields.aiSystemUsed = r.model
  if (recordInXmp) fields.generation = JSON.stringify(r.record)
  return fields
}

function pngTexts(r: ExportRecord, level: 'full' | 'minimal'): PngText[] {
  const texts: PngText[] = [{ keyword: PNG_PARAMETERS_KEYWORD, text: parametersText(r) }]
  if (level === 'full') texts.push({ keyword: PNG_RECORD_KEYWORD, text: JSON.stringify(r.record), itxt: true })
  texts.push({ keyword: PNG_XMP_KEYWORD, text: buildXmp(xmpFields(r, level, false)), itxt: true })
  return texts
}

function exifFor(r: ExportRecord, level: 'full' | 'minimal'): Buffer {
  return buildExif(parametersText(r), level === 'full' ? appTool(r.appVersion) : null)
}

/**
 * Returns `input` (an encoded PNG/JPEG/WebP of `format`) with every existing text chunk,
 * EXIF and XMP removed and, unless level is 'none' (or `r` is null), the metadata of `r` written
 * (see the levels above). Pixels are never re-encoded: chunks/segments are spliced.
 * Throws MetadataError('BAD_IMAGE') if `input` is not a well-formed file of `format`.
 */
export function writeMetadata(input: Buffer, format: ImageFormat, r: ExportRecord | null, level: MetadataLevel): Buffer {
  const actual = sniffFormat(input)
  if (actual !== format) throw new MetadataError('BAD_IMAGE', `Expected a ${format.toUpperCase()} file, got ${actual ? actual.toUpperCase() : 'an unknown format'}.`)
  const write = level === 'none' || r === null ? null : { r, level }
  switch (format) {
    case 'png':
      return writePng(input, write ? pngTexts(write.r, write.level) : [])
    case 'jpg':
      return writeJpeg(
        input,
        write
          ? [
              app1(EXIF_HEADER, exifFor(write.r, write.level), 'EXIF block (the prompt as UTF-16)'),
              app1(XMP_HEADER, Buffer.from(buildXmp(xmpFields(write.r, write.level, true)), 'utf8'), 'XMP packet (prompt and record)')
            ]
          : []
      )
    case 'webp':
      return write
        ? writeWebp(input, exifFor(write.r, write.level), Buffer.from(buildXmp(xmpFields(write.r, write.level, true)), 'utf8'))
        : writeWebp(input, null, null)
  }
}

function parseRecord(json: string | null): Record<string, unknown> | null {
  if (json === null) return null
  try {
    const value: unknown = JSON.parse(json)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

function readParts(input: Buffer, format: ImageFormat): { parameters: string | null; record: string | null } {
  if (format === 'png') {
    const texts = readPngTexts(input)
    const exif = texts.has(PNG_PARAMETERS_KEYWORD) ? null : readPngExif(input)
    const xmp = texts.get(PNG_XMP_KEYWORD)
    return {
      parameters: texts.get(PNG_PARAMETERS_KEYWORD) ?? (exif ? readUserComment(exif) : null),
      record: texts.get(PNG_RECORD_KEYWORD) ?? (xmp === undefined ? null : readXmpGeneration(xmp))
    }
  }
  const { exif, xmp } = format === 'jpg' ? readJpeg(input) : readWebp(input)
  return { parameters: exif ? readUserComment(exif) : null, record: xmp === null ? null : readXmpGeneration(xmp) }
}

/**
 * Reads back what writeMetadata wrote (for recall from files): the parameters text and our JSON
 * record, if present; also A1111's own files (PNG text, EXIF UserComment). Never throws: a broken
 * or unknown file gives nulls.
 */
export function readMetadata(input: Buffer): { parameters: string | null; record: Record<string, unknown> | null; format: ImageFormat | null } {
  const format = sniffFormat(input)
  if (format === null) return { parameters: null, record: null, format }
  try {
    const parts = readParts(input, format)
    return { parameters: parts.parameters || null, record: parseRecord(parts.record), format }
  } catch {
    return { parameters: null, record: null, format }
  }
}
