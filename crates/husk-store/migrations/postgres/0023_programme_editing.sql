-- Editing programmes in Husk (issue 10): Husbanken's programme coordinator, and the goal codes a
-- programme no longer has, so that a new goal never gets a code that once meant another goal.
ALTER TABLE programmes ADD COLUMN IF NOT EXISTS coordinator TEXT NOT NULL DEFAULT '';
CREATE TABLE programme_retired_goals (
    programme_id TEXT NOT NULL REFERENCES programmes (project_id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    level TEXT NOT NULL,
    text TEXT NOT NULL,
    retired_by TEXT NOT NULL,
    retired_by_user BIGINT REFERENCES users (id) ON DELETE SET NULL,
    retired_at TEXT NOT NULL,
    PRIMARY KEY (programme_id, code)
);
