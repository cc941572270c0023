/**
 * Recall from files (issue 9): the settings a dropped image carries, as main read and
 * checked them. A file exported by this app carries our JSON record (every setting);
 * a file from another tool may carry an A1111 `parameters` text (prompt, size, …); a
 * file that is one of the library's images (by the sha256 of its bytes, or the hash
 * our record names) offers that image's own recipe. Only values the model accepts
 * are offered (core/export/recall.ts checks them against its capability table).
 */
import type { GenerationRecipe, PreparedReferenceInfo } from './generation'

/** The composer settings a recall can set: a recipe's fields, each one optional. */
export const RECALLED_FIELDS = ['prompt', 'width', 'height', 'resolution', 'numberResults', 'outputFormat', 'outputQuality', 'safety', 'deliveryMethod', 'outputType', 'ttl'] as const
export type RecalledField = (typeof RECALLED_FIELDS)[number]
export type RecalledSettings = Partial<Pick<GenerationRecipe, RecalledField>>

export const OFFER_SOURCES = ['library', 'record', 'parameters'] as const

export interface SettingsOffer {
  /**
   * `library`: the file is a library image (its recipe); `record`: our JSON record of an
   * exported file; `parameters`: an A1111-style text (another tool's, or ours without the record).
   */
  source: (typeof OFFER_SOURCES)[number]
  /** The library image, when the source is `library`. */
  imageId: number | null
  /** What may be applied; null when the file carries settings but none this model accepts. */
  settings: RecalledSettings | null
  /**
   * The whole recipe (library, record): a field it does not name was its default, so
   * Use all settings resets it. Otherwise (a `parameters` text) the composer keeps it.
   */
  complete: boolean
  /** What the file held that is not applied (another model's sizes, a negative prompt, steps), as short labels. */
  ignored: string[]
  /** Why nothing can be applied (when settings is null). */
  message: string | null
}

/** What `references:prepare` answers: the prepared reference and, for a dropped file, the settings it carries. */
export interface PreparedReferenceResult extends PreparedReferenceInfo {
  offer: SettingsOffer | null
}
