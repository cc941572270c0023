import { openDatabase, type OpenOptions, type WritableDB } from './connection'
import { migrate } from './migrate'
import { MIGRATIONS } from './migrations'

/** Opens (creating if needed) the library database and brings its schema up to date. */
export function openLibraryDb(file: string, options: OpenOptions = {}): WritableDB {
  const db = openDatabase(file, options)
  try {
    migrate(db, MIGRATIONS)
  } catch (error) {
    db.close()
    throw error
  }
  return db
}
