/**
 * Schema 4: a reference may come as bytes from the window (a browser drop, a
 * pasted image), issue 8. SQLite cannot alter a CHECK, so generation_references
 * is rebuilt with 'bytes' among its source kinds; its rows are copied as they are.
 * No table refers to it, so dropping the old one inside the migration's
 * transaction is safe with foreign keys on.
 */
export const sql = /* sql */ `
CREATE TABLE generation_references_v4 (
  generation_id   INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  reference_id    INTEGER NOT NULL REFERENCES reference_images(id),
  source_kind     TEXT NOT NULL CHECK (source_kind IN ('path', 'url', 'image', 'bytes')),
  source          TEXT NOT NULL,
  source_image_id INTEGER REFERENCES images(id) ON DELETE SET NULL,
  PRIMARY KEY (generation_id, position)
) STRICT;
INSERT INTO generation_references_v4 (generation_id, position, reference_id, source_kind, source, source_image_id)
  SELECT generation_id, position, reference_id, source_kind, source, source_image_id FROM generation_references;
DROP TABLE generation_references;
ALTER TABLE generation_references_v4 RENAME TO generation_references;
CREATE INDEX generation_references_by_image ON generation_references (source_image_id) WHERE source_image_id IS NOT NULL;
CREATE INDEX generation_references_by_reference ON generation_references (reference_id);
`
