-- Comparison groups (issue 10): named lists of municipalities (ASSS, a KOSTRA group) that a
-- programme participant's indicators are compared with, imported as a list of kommunenummer.
-- A newer import of a group by the same name replaces its members; the audit log keeps the old.
CREATE TABLE comparison_groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- The file it was imported from.
    source TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL
);
CREATE TABLE comparison_group_members (
    group_id INTEGER NOT NULL REFERENCES comparison_groups (id) ON DELETE CASCADE,
    kommunenummer TEXT NOT NULL CHECK (length(kommunenummer) = 4),
    name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (group_id, kommunenummer)
);
