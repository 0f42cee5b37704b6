-- What the sources say about an entry's facts: where they disagree (both values, each with the
-- report, chapter and table it is stated in) and where Husk's value is inferred, not stated.
CREATE TABLE source_notes (
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('konflikt', 'utledet')),
    field TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    value_a TEXT NOT NULL,
    source_a TEXT NOT NULL,
    value_b TEXT NOT NULL DEFAULT '',
    source_b TEXT NOT NULL DEFAULT '',
    UNIQUE (project_id, kind, field)
);
