/**
 * Schema 8: each image's average colour (0xRRGGBB), the gallery's placeholder
 * until its thumbnail loads (issue 12). Written with the image row from now on;
 * images stored before are filled in by the background backfill
 * (core/library/color-backfill.ts), which walks down the ids from `below` and
 * keeps its place in color_backfill after every batch, so a restart resumes
 * there. `below` NULL: start from the newest image (a new or rebuilt library);
 * 0: done. The table is derived state, never journaled: a rebuilt library starts
 * its backfill again and keeps the colours its journal lines carried.
 *
 * ADD COLUMN does not rewrite the table, and no index is built: on 1,000,000
 * images this migration is instant, where a partial index of the rows without a
 * colour took 4.9 s (measured on the 2-core CI machine).
 */
export const sql = /* sql */ `
ALTER TABLE images ADD COLUMN avg_rgb INTEGER CHECK (avg_rgb BETWEEN 0 AND 16777215);
CREATE TABLE color_backfill (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  below INTEGER
) STRICT;
INSERT INTO color_backfill (id, below) VALUES (1, NULL);
`
