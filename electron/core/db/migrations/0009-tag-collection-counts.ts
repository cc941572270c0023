/**
 * Schema 9: how many images each tag and each collection holds, kept by triggers
 * (as library_counts and generation_count are), so the sidebar's tag and
 * collection lists are O(tags) and O(collections) reads at any library size
 * instead of a count(*) over image_tags and collection_images on main's thread
 * at every start and after every tag change (issue 12: counts come from O(1)
 * counters). Derived state, never journaled: a rebuilt library inserts its rows
 * through these triggers. A row holds a count above 0 or is gone, so the tables
 * always equal the GROUP BY they replace (a rebuild compares them row for row).
 * INSERT OR IGNORE of a link already there inserts nothing and fires nothing,
 * so it counts nothing.
 */
export const sql = /* sql */ `
CREATE TABLE tag_counts (
  tag_id INTEGER PRIMARY KEY REFERENCES tags(id) ON DELETE CASCADE,
  n      INTEGER NOT NULL CHECK (n >= 0)
) STRICT;
INSERT INTO tag_counts (tag_id, n) SELECT tag_id, count(*) FROM image_tags GROUP BY tag_id;
CREATE TRIGGER tag_counts_insert AFTER INSERT ON image_tags BEGIN
  INSERT INTO tag_counts (tag_id, n) VALUES (new.tag_id, 1) ON CONFLICT (tag_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tag_counts_delete AFTER DELETE ON image_tags BEGIN
  UPDATE tag_counts SET n = n - 1 WHERE tag_id = old.tag_id;
  DELETE FROM tag_counts WHERE tag_id = old.tag_id AND n = 0;
END;

CREATE TABLE collection_counts (
  collection_id INTEGER PRIMARY KEY REFERENCES collections(id) ON DELETE CASCADE,
  n             INTEGER NOT NULL CHECK (n >= 0)
) STRICT;
INSERT INTO collection_counts (collection_id, n) SELECT collection_id, count(*) FROM collection_images GROUP BY collection_id;
CREATE TRIGGER collection_counts_insert AFTER INSERT ON collection_images BEGIN
  INSERT INTO collection_counts (collection_id, n) VALUES (new.collection_id, 1) ON CONFLICT (collection_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER collection_counts_delete AFTER DELETE ON collection_images BEGIN
  UPDATE collection_counts SET n = n - 1 WHERE collection_id = old.collection_id;
  DELETE FROM collection_counts WHERE collection_id = old.collection_id AND n = 0;
END;
`
