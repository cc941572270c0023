/**
 * Schema 3: the library. Ratings, notes, tags, collections, saved searches, an
 * FTS5 index over prompt + tags + note kept in sync by triggers, and indexes
 * chosen from the gallery's queries (tests assert the plans use them).
 *
 * "Newest" is the order images entered the library (id DESC): the FTS index is
 * keyed by image id, so a text search returns its newest matches first without
 * sorting, and every sort has an index ending in id for keyset pages.
 */
export const sql = /* sql */ `
ALTER TABLE images ADD COLUMN rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5);
ALTER TABLE images ADD COLUMN note TEXT;
-- Calendar month (UTC) for the gallery's scrubber: 202611.
ALTER TABLE images ADD COLUMN created_month INTEGER GENERATED ALWAYS AS (CAST(strftime('%Y%m', created_at / 1000, 'unixepoch') AS INTEGER)) VIRTUAL;

DROP INDEX images_by_created;
CREATE INDEX images_live_by_created ON images (created_at, id) WHERE trashed_at IS NULL;
-- The ids of live images alone: the whole-library id list reads this, not 500-byte rows.
CREATE INDEX images_live_ids ON images (id) WHERE trashed_at IS NULL;
CREATE INDEX images_live_by_rating ON images (rating, id) WHERE trashed_at IS NULL;
CREATE INDEX images_live_by_cost ON images (ifnull(cost, 0), id) WHERE trashed_at IS NULL;
CREATE INDEX generations_by_prompt ON generations (prompt);
CREATE INDEX images_live_favorites ON images (id) WHERE favorite = 1 AND trashed_at IS NULL;
CREATE INDEX images_live_by_month ON images (created_month, id) WHERE trashed_at IS NULL;
CREATE INDEX images_trash ON images (trashed_at, id) WHERE trashed_at IS NOT NULL;

-- Counts of the unfiltered views, kept by triggers, so the gallery's total is O(1).
CREATE TABLE library_counts (
  name TEXT PRIMARY KEY CHECK (name IN ('live', 'favorites', 'trash')),
  n    INTEGER NOT NULL
) STRICT;
INSERT INTO library_counts (name, n) VALUES
  ('live', (SELECT count(*) FROM images WHERE trashed_at IS NULL)),
  ('favorites', (SELECT count(*) FROM images WHERE trashed_at IS NULL AND favorite = 1)),
  ('trash', (SELECT count(*) FROM images WHERE trashed_at IS NOT NULL));

CREATE TRIGGER library_counts_insert AFTER INSERT ON images BEGIN
  UPDATE library_counts SET n = n + CASE name
    WHEN 'live' THEN new.trashed_at IS NULL
    WHEN 'favorites' THEN new.trashed_at IS NULL AND new.favorite = 1
    ELSE new.trashed_at IS NOT NULL END;
END;
CREATE TRIGGER library_counts_delete AFTER DELETE ON images BEGIN
  UPDATE library_counts SET n = n - CASE name
    WHEN 'live' THEN old.trashed_at IS NULL
    WHEN 'favorites' THEN old.trashed_at IS NULL AND old.favorite = 1
    ELSE old.trashed_at IS NOT NULL END;
END;
CREATE TRIGGER library_counts_update AFTER UPDATE OF favorite, trashed_at ON images BEGIN
  UPDATE library_counts SET n = n
    - CASE name WHEN 'live' THEN old.trashed_at IS NULL WHEN 'favorites' THEN old.trashed_at IS NULL AND old.favorite = 1 ELSE old.trashed_at IS NOT NULL END
    + CASE name WHEN 'live' THEN new.trashed_at IS NULL WHEN 'favorites' THEN new.trashed_at IS NULL AND new.favorite = 1 ELSE new.trashed_at IS NOT NULL END;
END;

CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 64)
) STRICT;

CREATE TABLE image_tags (
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  tag_id   INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (tag_id, image_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX image_tags_by_image ON image_tags (image_id, tag_id);

CREATE TABLE collections (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 120),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE collection_images (
  collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  image_id      INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  added_at      INTEGER NOT NULL,
  PRIMARY KEY (collection_id, image_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX collection_images_by_image ON collection_images (image_id);

CREATE TABLE saved_searches (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  query      TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- One search document per image (rowid = image id): its prompt, its tags, its note.
CREATE VIRTUAL TABLE images_fts USING fts5(
  prompt, tags, note,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

-- The search document of each image, in one place for every trigger below.
CREATE VIEW image_search_docs (rowid, prompt, tags, note) AS
  SELECT i.id,
    coalesce((SELECT prompt FROM generations WHERE id = i.generation_id), ''),
    coalesce((SELECT group_concat(t.name, ' ') FROM image_tags it JOIN tags t ON t.id = it.tag_id WHERE it.image_id = i.id), ''),
    coalesce(i.note, '')
  FROM images i;

CREATE TRIGGER images_fts_insert AFTER INSERT ON images BEGIN
  INSERT INTO images_fts (rowid, prompt, tags, note) SELECT * FROM image_search_docs WHERE rowid = new.id;
END;

CREATE TRIGGER images_fts_note AFTER UPDATE OF note ON images BEGIN
  INSERT OR REPLACE INTO images_fts (rowid, prompt, tags, note) SELECT * FROM image_search_docs WHERE rowid = new.id;
END;

CREATE TRIGGER images_fts_delete AFTER DELETE ON images BEGIN
  DELETE FROM images_fts WHERE rowid = old.id;
END;

CREATE TRIGGER image_tags_fts_insert AFTER INSERT ON image_tags BEGIN
  INSERT OR REPLACE INTO images_fts (rowid, prompt, tags, note) SELECT * FROM image_search_docs WHERE rowid = new.image_id;
END;

CREATE TRIGGER image_tags_fts_delete AFTER DELETE ON image_tags BEGIN
  INSERT OR REPLACE INTO images_fts (rowid, prompt, tags, note) SELECT * FROM image_search_docs WHERE rowid = old.image_id;
END;

INSERT INTO images_fts (rowid, prompt, tags, note) SELECT * FROM image_search_docs;
`
