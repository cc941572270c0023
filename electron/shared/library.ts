/** Library types shared by main, the CLI and the renderer. Types only. */

export type LibrarySort = 'newest' | 'oldest' | 'rating' | 'cost'
export type LibrarySection = 'all' | 'favorites' | 'trash'

/** One gallery view: a search (query language) within a section, in an order. */
export interface LibraryView {
  query?: string
  section?: LibrarySection
  collectionId?: number
  /** Overrides a `sort:` in the query. */
  sort?: LibrarySort
}

/**
 * Every image of a view, as a target for a bulk action ("everything in this
 * search") without sending its ids: main reads them itself. `maxId` bounds it to
 * the images the person could see when they selected (ids grow with time, so
 * images that arrive later are not swept in); `except` are the ones they unticked.
 */
export interface ViewTarget {
  view: LibraryView
  except?: number[]
  maxId?: number
}

/** What an organise action applies to: these ids (at most 10,000), or a whole view. */
export type ImageTarget = number[] | ViewTarget

export interface LibraryImage {
  id: number
  generationId: number | null
  sha256: string
  path: string
  width: number
  height: number
  format: 'png' | 'jpg' | 'webp'
  bytes: number
  /** The image's average colour, 0xRRGGBB: the tile's placeholder until its thumbnail loads. Null when not known (yet). */
  avgColor: number | null
  seed: number | null
  cost: number | null
  nsfw: boolean | null
  favorite: boolean
  rating: number
  note: string | null
  createdAt: number
  trashedAt: number | null
  prompt: string | null
  tags: string[]
}

/**
 * What a tile needs to look intentional before its row and thumbnail arrive
 * (`library:swatches`, asked for while the scroll is too fast for rows): the
 * image's average colour and its shape.
 */
export interface ImageSwatch {
  id: number
  avgColor: number | null
  width: number
  height: number
}

export interface LibraryPage {
  items: LibraryImage[]
  /** Opaque; pass back to get the next page. Null at the end. */
  nextCursor: string | null
  warnings: string[]
}

export interface MonthCount {
  /** YYYYMM (UTC), e.g. 202611. */
  month: number
  count: number
}

export interface LineageNode {
  imageId: number
  generationId: number | null
  prompt: string | null
  depth: number
}

/**
 * A reference an image's generation was made from, whatever it was (a library
 * image, a file, a URL, pasted bytes): the detail view's "Made from", with its
 * stored copy at `media.referenceUrl(referenceId)`.
 */
export interface ImageReference {
  referenceId: number
  /** A file's name (never its path), the URL, or the library image's prompt. */
  label: string
  sourceKind: 'file' | 'bytes' | 'url' | 'image'
  /** The library image it is (dragged from the gallery, or recalled by content), if it still exists. */
  libraryImageId: number | null
}

/** `library:lineage`: the images an image was made from and made into, and its generation's references. */
export interface Lineage {
  ancestors: LineageNode[]
  descendants: LineageNode[]
  references: ImageReference[]
}

export interface CostTotal {
  key: string
  costUsd: number
  images: number
  generations: number
}

export interface PromptStat {
  prompt: string
  uses: number
  lastUsedAt: number
  totalCostUsd: number
  /** The newest generation of this prompt: its recipe is what "Use" in the Prompts view applies. */
  lastGenerationId: number
  /** Its best-rated live result (newest among equals), null when none is left. */
  bestImageId: number | null
  bestRating: number | null
}

export interface CollectionInfo {
  id: number
  name: string
  images: number
  createdAt: number
}

/** How many of some images a collection holds (`library:collection-membership`). */
export interface CollectionMembership {
  collectionId: number
  images: number
}

export interface SavedSearch {
  id: number
  name: string
  query: string
  createdAt: number
}

/** A trashed row whose stored path left the library: its row went, the file it named was left alone. */
export interface RefusedFile {
  imageId: number
  path: string
  code: 'PATH_OUTSIDE_LIBRARY'
  message: string
}

/** What emptying the trash did; `refused` lists files it would not delete (outside the library). */
export interface EmptyTrashResult {
  removed: number
  filesDeleted: number
  refused: RefusedFile[]
}
