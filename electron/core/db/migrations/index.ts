import type { Migration } from '../migrate'
import { sql as init } from './0001-init'
import { sql as generationEngine } from './0002-generation-engine'
import { sql as library } from './0003-library'
import { sql as bytesReferences } from './0004-bytes-references'
import { sql as generationCount } from './0005-generation-count'
import { sql as savedSearchOrder } from './0006-saved-search-order'
import { sql as promptStats } from './0007-prompt-stats'
import { sql as averageColor } from './0008-average-color'
import { sql as tagCollectionCounts } from './0009-tag-collection-counts'

/** Every schema migration, in order. Once shipped, a migration is never edited: add a new one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'generation-engine', sql: generationEngine },
  { version: 3, name: 'library', sql: library },
  { version: 4, name: 'bytes-references', sql: bytesReferences },
  { version: 5, name: 'generation-count', sql: generationCount },
  { version: 6, name: 'saved-search-order', sql: savedSearchOrder },
  { version: 7, name: 'prompt-stats', sql: promptStats },
  { version: 8, name: 'average-color', sql: averageColor },
  { version: 9, name: 'tag-collection-counts', sql: tagCollectionCounts }
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length
