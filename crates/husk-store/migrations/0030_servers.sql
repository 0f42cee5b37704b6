-- Running servers (issue 12). Every `husk serve` writes its row when it starts and refreshes
-- `seen_at` every few seconds; a clean stop deletes it. A server whose row was not refreshed
-- for 20 seconds counts as stopped. A migration that would break a running older server
-- (`schema_migrations.breaking`) is refused while one runs, and a server that finds a
-- breaking migration it does not know refuses to start. A row that does not say (written by
-- something other than this code) counts as breaking, the safe side. Times are UTC text.
CREATE TABLE servers (
    id TEXT PRIMARY KEY,
    address TEXT NOT NULL,
    husk_version TEXT NOT NULL,
    schema_version BIGINT NOT NULL,
    started_at TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
ALTER TABLE schema_migrations ADD COLUMN breaking INTEGER NOT NULL DEFAULT 1;
