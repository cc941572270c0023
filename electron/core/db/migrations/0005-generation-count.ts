/**
 * Schema 5: the number of generations kept by triggers, beside library_counts
 * (schema 3), so the library's stats are O(1) at any size and can travel with
 * every library:changed push instead of a count(*) on main's thread (issue 12).
 * library_counts' CHECK names its three rows, and SQLite cannot alter a CHECK,
 * so this count gets its own one-row table.
 */
export const sql = /* sql */ `
CREATE TABLE generation_count (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
) STRICT;
INSERT INTO generation_count (id, n) VALUES (1, (SELECT count(*) FROM generations));
CREATE TRIGGER generation_count_insert AFTER INSERT ON generations BEGIN
  UPDATE generation_count SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER generation_count_delete AFTER DELETE ON generations BEGIN
  UPDATE generation_count SET n = n - 1 WHERE id = 1;
END;
`
