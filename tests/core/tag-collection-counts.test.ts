/**
 * Schema 9: the trigger-kept image counts of tags and collections behind the
 * sidebar's lists agree with count(*) through every way rows come and go.
 */
import { describe, expect, it } from 'vitest'
import type { WritableDB } from '../../electron/core/db/connection'
import { LibraryService } from '../../electron/core/library/library-service'
import { createTestDb, migrateTo, tempDir } from '../helpers/db'
import { seedImage } from '../helpers/library-seed'

/** What the counters must equal row for row: count(*) over the link tables, per tag and collection holding any. */
function truth(db: WritableDB) {
  return {
    tags: db.prepare('SELECT tag_id AS id, count(*) AS n FROM image_tags GROUP BY tag_id ORDER BY tag_id').all(),
    collections: db.prepare('SELECT collection_id AS id, count(*) AS n FROM collection_images GROUP BY collection_id ORDER BY collection_id').all()
  }
}

function counters(db: WritableDB) {
  return {
    tags: db.prepare('SELECT tag_id AS id, n FROM tag_counts ORDER BY tag_id').all(),
    collections: db.prepare('SELECT collection_id AS id, n FROM collection_counts ORDER BY collection_id').all()
  }
}

describe('tag and collection counts (schema 9)', () => {
  it('count the links already there when migrating', () => {
    const db = createTestDb(8)
    const a = seedImage(db, { prompt: 'a', createdAt: 1 }).imageId
    const b = seedImage(db, { prompt: 'b', createdAt: 2 }).imageId
    db.prepare("INSERT INTO tags (id, name) VALUES (1, 'owl'), (2, 'snow')").run()
    db.prepare('INSERT INTO image_tags (image_id, tag_id) VALUES (?, 1), (?, 1), (?, 2)').run(a, b, b)
    db.prepare("INSERT INTO collections (id, name, created_at) VALUES (7, 'Best', 0), (8, 'Empty', 0)").run()
    db.prepare('INSERT INTO collection_images (collection_id, image_id, added_at) VALUES (7, ?, 0)').run(a)
    migrateTo(db, 9)
    expect(counters(db)).toEqual({ tags: [{ id: 1, n: 2 }, { id: 2, n: 1 }], collections: [{ id: 7, n: 1 }] })
    db.close()
  })

  it('follow tagging, untagging, collections, re-adds and deletes (cascades included), as count(*) does', () => {
    const db = createTestDb()
    const lib = new LibraryService(db, tempDir('imagine-counts-').dir, () => 1000)
    const ids = [1, 2, 3, 4].map((i) => seedImage(db, { prompt: `image ${i}`, createdAt: i }).imageId)
    lib.addTags(ids, ['owl'])
    lib.addTags(ids.slice(0, 2), ['owl', 'snow']) // owl again: nothing new to count
    const best = lib.createCollection('Best')
    const other = lib.createCollection('Other')
    lib.addToCollection(best.id, ids)
    lib.addToCollection(best.id, ids.slice(0, 1)) // already in it
    lib.addToCollection(other.id, ids.slice(2))
    expect(counters(db)).toEqual(truth(db))
    expect(lib.tags()).toEqual([{ name: 'owl', images: 4 }, { name: 'snow', images: 2 }])
    expect(lib.collections().map((c) => [c.name, c.images])).toEqual([['Best', 4], ['Other', 2]])

    lib.removeTags([ids[0]!], ['snow'])
    lib.removeFromCollection(best.id, [ids[1]!])
    expect(counters(db)).toEqual(truth(db))
    // A tag no image holds any more leaves the list (and the tags table).
    lib.removeTags([ids[1]!], ['snow'])
    expect(lib.tags()).toEqual([{ name: 'owl', images: 4 }])
    expect(db.prepare("SELECT count(*) FROM tags WHERE name = 'snow'").pluck().get()).toBe(0)
    // Deleting an image takes its links with it (ON DELETE CASCADE fires the triggers).
    db.prepare('DELETE FROM images WHERE id = ?').run(ids[3])
    expect(counters(db)).toEqual(truth(db))
    expect(lib.tags()).toEqual([{ name: 'owl', images: 3 }])
    // A deleted collection takes its count along.
    lib.deleteCollection(other.id)
    expect(db.prepare('SELECT count(*) FROM collection_counts WHERE collection_id = ?').pluck().get(other.id)).toBe(0)
    expect(lib.collections().map((c) => [c.name, c.images])).toEqual([['Best', 2]])
    db.close()
  })
})
