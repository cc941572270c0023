/**
 * Schema 6: saved searches keep the order the person gives them in the sidebar
 * (issue 10: reorder). Until now they were listed by name, so existing ones get
 * positions in that order; a new one goes to the end.
 */
export const sql = /* sql */ `
ALTER TABLE saved_searches ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE saved_searches SET position = (
  SELECT count(*) FROM saved_searches s WHERE s.name < saved_searches.name COLLATE NOCASE OR (s.name = saved_searches.name COLLATE NOCASE AND s.id < saved_searches.id)
);
`
