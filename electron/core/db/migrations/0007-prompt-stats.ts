/**
 * Schema 7: the prompt library (issue 10) as a table kept by triggers, one row
 * per distinct prompt with its uses, when it was last used (and by which
 * generation, whose recipe "Use" reapplies), and what it cost. The composer asks
 * for it on every keystroke and the Prompts view sorts it by uses, last use, cost
 * or text: until now each ask grouped the generations table (a million rows for
 * a short prefix). Each sort has an index ending in id, so a page is a walk of
 * an index with a LIMIT.
 *
 * The best-rated live result (newest among equals) is kept too, by triggers on
 * images for what can only make it better (a new image, a higher rating, a
 * restore); what can make it worse (the best one rated down, trashed, deleted)
 * marks the row best_stale, and the next read of that row finds it again through
 * images_by_generation_rating and writes it back (core/library/prompt-library.ts).
 * So trashing ten thousand images of one prompt costs one search, not ten
 * thousand. Rows start stale after the migration: they are found as they are read.
 *
 * total_cost moves by each generation's cost as it is recorded (the pipeline sets
 * cost when results arrive), so it can differ from a fresh sum in the last bits.
 */
export const sql = /* sql */ `
CREATE TABLE prompt_stats (
  id                 INTEGER PRIMARY KEY,
  prompt             TEXT NOT NULL,
  uses               INTEGER NOT NULL,
  last_used_at       INTEGER NOT NULL,
  last_generation_id INTEGER NOT NULL,
  total_cost         REAL NOT NULL,
  best_image_id      INTEGER,
  best_rating        INTEGER,
  -- 1: best_image_id may no longer be the best; the next read finds it again.
  best_stale         INTEGER NOT NULL DEFAULT 1 CHECK (best_stale IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX prompt_stats_by_prompt ON prompt_stats (prompt);
CREATE INDEX prompt_stats_by_last_used ON prompt_stats (last_used_at, id);
CREATE INDEX prompt_stats_by_uses ON prompt_stats (uses, last_used_at, id);
CREATE INDEX prompt_stats_by_cost ON prompt_stats (total_cost, last_used_at, id);
-- A prompt's best live result: one seek per generation, read from the index alone
-- (trashed_at in the key, not a partial index's WHERE, so the plan needs no table row).
CREATE INDEX images_by_generation_rating ON images (generation_id, trashed_at, rating, id);

INSERT INTO prompt_stats (prompt, uses, last_used_at, last_generation_id, total_cost)
  SELECT prompt, count(*), max(created_at), max(id), total(cost) FROM generations GROUP BY prompt;

CREATE TRIGGER prompt_stats_insert AFTER INSERT ON generations BEGIN
  INSERT INTO prompt_stats (prompt, uses, last_used_at, last_generation_id, total_cost, best_stale)
    VALUES (new.prompt, 1, new.created_at, new.id, ifnull(new.cost, 0), 0)
    ON CONFLICT (prompt) DO UPDATE SET
      uses = uses + 1,
      last_used_at = max(last_used_at, excluded.last_used_at),
      last_generation_id = max(last_generation_id, excluded.last_generation_id),
      total_cost = total_cost + excluded.total_cost;
END;

CREATE TRIGGER prompt_stats_delete AFTER DELETE ON generations BEGIN
  UPDATE prompt_stats SET
      uses = uses - 1,
      total_cost = total_cost - ifnull(old.cost, 0),
      last_used_at = ifnull((SELECT max(created_at) FROM generations WHERE prompt = old.prompt), last_used_at),
      last_generation_id = ifnull((SELECT max(id) FROM generations WHERE prompt = old.prompt), last_generation_id),
      best_stale = 1
    WHERE prompt = old.prompt;
  DELETE FROM prompt_stats WHERE prompt = old.prompt AND uses <= 0;
END;

CREATE TRIGGER prompt_stats_cost AFTER UPDATE OF cost ON generations WHEN new.prompt = old.prompt AND new.cost IS NOT old.cost BEGIN
  UPDATE prompt_stats SET total_cost = total_cost - ifnull(old.cost, 0) + ifnull(new.cost, 0) WHERE prompt = new.prompt;
END;

-- Nothing edits a generation's prompt today; if something does, the use moves with it.
CREATE TRIGGER prompt_stats_prompt AFTER UPDATE OF prompt ON generations WHEN new.prompt IS NOT old.prompt BEGIN
  UPDATE prompt_stats SET
      uses = uses - 1,
      total_cost = total_cost - ifnull(old.cost, 0),
      last_used_at = ifnull((SELECT max(created_at) FROM generations WHERE prompt = old.prompt), last_used_at),
      last_generation_id = ifnull((SELECT max(id) FROM generations WHERE prompt = old.prompt), last_generation_id),
      best_stale = 1
    WHERE prompt = old.prompt;
  DELETE FROM prompt_stats WHERE prompt = old.prompt AND uses <= 0;
  INSERT INTO prompt_stats (prompt, uses, last_used_at, last_generation_id, total_cost, best_stale)
    VALUES (new.prompt, 1, new.created_at, new.id, ifnull(new.cost, 0), 1)
    ON CONFLICT (prompt) DO UPDATE SET
      uses = uses + 1,
      last_used_at = max(last_used_at, excluded.last_used_at),
      last_generation_id = max(last_generation_id, excluded.last_generation_id),
      total_cost = total_cost + excluded.total_cost,
      best_stale = 1;
END;

-- A live image better than its prompt's best (or the first) is the best.
CREATE TRIGGER prompt_stats_best_insert AFTER INSERT ON images WHEN new.generation_id IS NOT NULL AND new.trashed_at IS NULL BEGIN
  UPDATE prompt_stats SET best_image_id = new.id, best_rating = new.rating
    WHERE prompt = (SELECT prompt FROM generations WHERE id = new.generation_id) AND best_stale = 0
      AND (best_image_id IS NULL OR new.rating > best_rating OR (new.rating = best_rating AND new.id > best_image_id));
END;

CREATE TRIGGER prompt_stats_best_update AFTER UPDATE OF rating, trashed_at, generation_id ON images BEGIN
  -- The best one got worse or went: found again on the next read.
  UPDATE prompt_stats SET best_stale = 1
    WHERE prompt = (SELECT prompt FROM generations WHERE id = old.generation_id) AND best_image_id = old.id AND best_stale = 0
      AND (new.trashed_at IS NOT NULL OR new.rating < old.rating OR new.generation_id IS NOT old.generation_id);
  UPDATE prompt_stats SET best_image_id = new.id, best_rating = new.rating
    WHERE new.trashed_at IS NULL AND prompt = (SELECT prompt FROM generations WHERE id = new.generation_id) AND best_stale = 0
      AND (best_image_id IS NULL OR new.rating > best_rating OR (new.rating = best_rating AND new.id > best_image_id));
END;

CREATE TRIGGER prompt_stats_best_delete AFTER DELETE ON images BEGIN
  UPDATE prompt_stats SET best_stale = 1
    WHERE prompt = (SELECT prompt FROM generations WHERE id = old.generation_id) AND best_image_id = old.id;
END;
`
