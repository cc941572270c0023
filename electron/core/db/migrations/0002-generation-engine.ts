/**
 * Schema 2: the durable generation pipeline. A generation row (with its
 * taskUUID) exists before any request; results are recorded as they arrive,
 * before their files are fetched; reference images are kept locally with the
 * Runware upload id they map to.
 */
export const sql = /* sql */ `
ALTER TABLE generations ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
ALTER TABLE generations ADD COLUMN width INTEGER;
ALTER TABLE generations ADD COLUMN height INTEGER;
ALTER TABLE generations ADD COLUMN resolution TEXT;
ALTER TABLE generations ADD COLUMN aspect TEXT;
ALTER TABLE generations ADD COLUMN output_format TEXT NOT NULL DEFAULT 'JPG';
ALTER TABLE generations ADD COLUMN output_type TEXT NOT NULL DEFAULT 'URL';
ALTER TABLE generations ADD COLUMN delivery TEXT NOT NULL DEFAULT 'async';
ALTER TABLE generations ADD COLUMN number_results INTEGER NOT NULL DEFAULT 1;
ALTER TABLE generations ADD COLUMN reference_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN safety INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN cost REAL;
ALTER TABLE generations ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN error_code TEXT;
ALTER TABLE generations ADD COLUMN error_message TEXT;
ALTER TABLE generations ADD COLUMN message TEXT;
ALTER TABLE generations ADD COLUMN submitted_at INTEGER;
ALTER TABLE generations ADD COLUMN accepted_at INTEGER;
ALTER TABLE generations ADD COLUMN finished_at INTEGER;
ALTER TABLE generations ADD COLUMN updated_at INTEGER;
-- Which process runs the job (the app and the CLI share a library), and when it last said so.
ALTER TABLE generations ADD COLUMN owner TEXT;
ALTER TABLE generations ADD COLUMN heartbeat_at INTEGER;
CREATE INDEX generations_by_status ON generations (status, id);
CREATE INDEX generations_by_created ON generations (created_at DESC, id DESC);

ALTER TABLE images ADD COLUMN image_uuid TEXT;
ALTER TABLE images ADD COLUMN seed INTEGER;
ALTER TABLE images ADD COLUMN cost REAL;
ALTER TABLE images ADD COLUMN nsfw INTEGER;
ALTER TABLE images ADD COLUMN position INTEGER;

-- What Runware returned for a task, recorded before the file is fetched, so a
-- crash during download resumes instead of losing a paid image.
CREATE TABLE generation_results (
  generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
  image_uuid    TEXT NOT NULL,
  position      INTEGER NOT NULL,
  url           TEXT,
  seed          INTEGER,
  cost          REAL,
  nsfw          INTEGER,
  received_at   INTEGER NOT NULL,
  image_id      INTEGER REFERENCES images(id) ON DELETE SET NULL,
  error_code    TEXT,
  error_message TEXT,
  PRIMARY KEY (generation_id, image_uuid)
) STRICT;
CREATE INDEX generation_results_pending ON generation_results (generation_id) WHERE image_id IS NULL AND error_code IS NULL;

CREATE TABLE reference_images (
  id                 INTEGER PRIMARY KEY,
  sha256             TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  path               TEXT NOT NULL,
  width              INTEGER NOT NULL,
  height             INTEGER NOT NULL,
  format             TEXT NOT NULL,
  bytes              INTEGER NOT NULL,
  created_at         INTEGER NOT NULL,
  remote_uuid        TEXT,
  remote_uploaded_at INTEGER
) STRICT;

CREATE TABLE generation_references (
  generation_id   INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  reference_id    INTEGER NOT NULL REFERENCES reference_images(id),
  source_kind     TEXT NOT NULL CHECK (source_kind IN ('path', 'url', 'image')),
  source          TEXT NOT NULL,
  source_image_id INTEGER REFERENCES images(id) ON DELETE SET NULL,
  PRIMARY KEY (generation_id, position)
) STRICT;
CREATE INDEX generation_references_by_image ON generation_references (source_image_id) WHERE source_image_id IS NOT NULL;
`
