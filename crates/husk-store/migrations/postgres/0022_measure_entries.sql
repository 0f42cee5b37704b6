-- Programme entries (issue 10): each line of a participant's plan (a sub-project or a measure)
-- is a register entry under the participation's entry, kept in step with the line on every
-- save. This is the link from the line to its entry. Lines saved before this migration get
-- their entry when Husk next opens the database (`Store::backfill_programme_entries`).
CREATE TABLE programme_measure_entries (
    measure_id BIGINT PRIMARY KEY REFERENCES programme_measures (id) ON DELETE CASCADE,
    entry_id TEXT NOT NULL UNIQUE REFERENCES projects (id) ON DELETE CASCADE
);
