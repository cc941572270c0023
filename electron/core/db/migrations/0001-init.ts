/**
 * Schema 1: settings, generations and images. Paths are stored relative to the
 * data folder so the whole folder can be moved, backed up or synced.
 */
export const sql = /* sql */ `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE generations (
  id          INTEGER PRIMARY KEY,
  task_uuid   TEXT NOT NULL UNIQUE,
  prompt      TEXT NOT NULL,
  model       TEXT NOT NULL,
  request     TEXT NOT NULL,
  status      TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE images (
  id            INTEGER PRIMARY KEY,
  generation_id INTEGER REFERENCES generations(id) ON DELETE SET NULL,
  sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
  path          TEXT NOT NULL,
  thumb_path    TEXT,
  width         INTEGER NOT NULL,
  height        INTEGER NOT NULL,
  format        TEXT NOT NULL CHECK (format IN ('png', 'jpg', 'webp')),
  bytes         INTEGER NOT NULL,
  favorite      INTEGER NOT NULL DEFAULT 0 CHECK (favorite IN (0, 1)),
  created_at    INTEGER NOT NULL,
  trashed_at    INTEGER
) STRICT;

CREATE INDEX images_by_created ON images (created_at DESC, id DESC);
CREATE INDEX images_by_generation ON images (generation_id);
CREATE INDEX images_by_sha256 ON images (sha256);
`
