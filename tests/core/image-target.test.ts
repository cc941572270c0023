/**
 * Issue 12: organise actions take a view as their target, so "everything in this
 * search" is one call however large, bounded by maxId and minus except.
 */
import { describe, expect, it } from 'vitest'
import { viewTargetIds } from '../../electron/core/library/image-target'
import { LibraryService } from '../../electron/core/library/library-service'
import { createTestDb } from '../helpers/db'
import { seedImage } from '../helpers/library-seed'

function library(n: number) {
  const db = createTestDb()
  db.transaction(() => {
    for (let i = 1; i <= n; i++) seedImage(db, { prompt: i % 2 === 0 ? `an even fox ${i}` : `an odd owl ${i}`, createdAt: i })
  })()
  const changes: [string, number][] = []
  const service = new LibraryService(db, '/nonexistent', () => 1_000, (reason, ids) => changes.push([reason, ids.length]))
  const count = (sql: string): number => db.prepare(sql).pluck().get() as number
  return { db, service, changes, count }
}

describe('view targets', () => {
  it('favourite every image of a search of 12,000, more than a list may name', () => {
    const { service, changes, count } = library(24_000)
    expect(() => service.setFavorite(Array.from({ length: 10_001 }, (_, i) => i + 1), true)).toThrow(/At most 10,000 images at a time/)
    expect(service.setFavorite({ view: { query: 'fox' } }, true)).toBe(12_000)
    expect(count('SELECT count(*) FROM images WHERE favorite = 1')).toBe(12_000)
    expect(count("SELECT count(*) FROM images i JOIN generations g ON g.id = i.generation_id WHERE i.favorite = 1 AND g.prompt LIKE '%owl%'")).toBe(0)
    expect(changes.at(-1)).toEqual(['images-updated', 12_000])
  })

  it('leaves out images newer than maxId (arrived after the selection) and the ones unticked', () => {
    const { service, count } = library(100)
    expect(service.trash({ view: { section: 'all' }, maxId: 90, except: [5, 6] })).toBe(88)
    expect(count('SELECT count(*) FROM images WHERE trashed_at IS NULL')).toBe(12)
    expect(count('SELECT count(*) FROM images WHERE trashed_at IS NULL AND id > 90')).toBe(10)
    expect(service.restore({ view: { section: 'trash' } })).toBe(88)
    expect(count('SELECT count(*) FROM images WHERE trashed_at IS NOT NULL')).toBe(0)
  })

  it('tags, rates and collects a view; an empty view is a clear validation error', () => {
    const { service, count } = library(40)
    service.addTags({ view: { query: 'owl' } }, ['night'])
    expect(count("SELECT count(*) FROM image_tags it JOIN tags t ON t.id = it.tag_id WHERE t.name = 'night'")).toBe(20)
    service.setRating({ view: { query: 'tag:night' }, except: [1] }, 5)
    expect(count('SELECT count(*) FROM images WHERE rating = 5')).toBe(19)
    const c = service.createCollection('Owls')
    service.addToCollection(c.id, { view: { query: 'rating:5' } })
    expect(count('SELECT count(*) FROM collection_images')).toBe(19)
    service.removeFromCollection(c.id, { view: { collectionId: c.id }, except: [3] })
    expect(count('SELECT count(*) FROM collection_images')).toBe(1)
    expect(() => service.setFavorite({ view: { query: 'zebra' } }, true)).toThrow(/That view has no images/)
  })

  it('viewTargetIds keeps the view order', () => {
    expect(viewTargetIds(Uint32Array.from([9, 7, 5, 3, 1]), { maxId: 7, except: [5] })).toEqual([7, 3, 1])
    expect(viewTargetIds([1, 2, 3], {})).toEqual([1, 2, 3])
  })
})
