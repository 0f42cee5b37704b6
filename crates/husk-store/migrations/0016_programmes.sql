-- Municipal programmes (issue 10): what a programme is beyond its register entry (kind
-- `program`), its goal hierarchy, the municipalities taking part and each one's phases, and the
-- grant table its source gives. Each fact keeps the source it was taken from.
CREATE TABLE programmes (
    project_id TEXT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    programme_type TEXT NOT NULL,
    -- Amounts in whole kroner; precision 'exact', 'approximately' or 'not-stated' (amount NULL).
    budget_total_nok INTEGER,
    budget_total_precision TEXT NOT NULL CHECK (budget_total_precision IN ('exact', 'approximately', 'not-stated')),
    budget_support_nok INTEGER,
    budget_support_precision TEXT NOT NULL CHECK (budget_support_precision IN ('exact', 'approximately', 'not-stated')),
    -- How many years each municipality takes part (NULL when not stated).
    participation_min_years INTEGER,
    participation_max_years INTEGER,
    source TEXT NOT NULL
);
CREATE TABLE programme_offices (
    programme_id TEXT NOT NULL REFERENCES programmes (project_id) ON DELETE CASCADE,
    region TEXT NOT NULL REFERENCES regions (code),
    sort INTEGER NOT NULL,
    PRIMARY KEY (programme_id, region)
);
-- The municipality's own share of programme costs in programme year 1, 2, … (hundredths of a
-- per cent).
CREATE TABLE programme_cofinancing (
    programme_id TEXT NOT NULL REFERENCES programmes (project_id) ON DELETE CASCADE,
    programme_year INTEGER NOT NULL,
    share_basis_points INTEGER NOT NULL,
    PRIMARY KEY (programme_id, programme_year)
);
CREATE TABLE programme_goals (
    programme_id TEXT NOT NULL REFERENCES programmes (project_id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('visjon', 'hovedmal', 'delmal', 'resultatmal')),
    text TEXT NOT NULL,
    parent_code TEXT,
    sort INTEGER NOT NULL,
    PRIMARY KEY (programme_id, code)
);
-- A municipality (or a city's district) taking part. Its register entry is the participation;
-- other entries describing the same participation (a final report funded on its own) are in
-- programme_participant_links, so that the participant is shown once.
CREATE TABLE programme_participants (
    id INTEGER PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes (project_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    municipality TEXT NOT NULL,
    district TEXT,
    kommunenummer TEXT,
    entry_id TEXT REFERENCES projects (id) ON DELETE SET NULL,
    -- The year of its pool; NULL when the source does not state it.
    pool_year INTEGER,
    -- ISO date; NULL when not stated. Inferred values say so, and from what.
    planned_end TEXT,
    planned_end_note TEXT NOT NULL DEFAULT '',
    contact_adviser TEXT NOT NULL DEFAULT '',
    sort INTEGER NOT NULL,
    UNIQUE (programme_id, name)
);
CREATE TABLE programme_participant_links (
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    PRIMARY KEY (participant_id, project_id)
);
CREATE TABLE phase_transitions (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id) ON DELETE CASCADE,
    from_phase TEXT,
    to_phase TEXT NOT NULL,
    date TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_by_user INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT NOT NULL,
    -- An administrator's override: why, and the rules it set aside (one per line).
    override_reason TEXT,
    rules_set_aside TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
);
CREATE INDEX phase_transitions_participant ON phase_transitions (participant_id, id);
-- The source's grant table: rows per participant and year, and the totals for all programme
-- municipalities (of which the part not itemised is the total minus the rows).
CREATE TABLE programme_grant_rows (
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    amount_nok INTEGER NOT NULL,
    status TEXT NOT NULL,
    source TEXT NOT NULL,
    -- Another source's value for the same grant, where they disagree.
    other_value TEXT NOT NULL DEFAULT '',
    other_source TEXT NOT NULL DEFAULT '',
    other_note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (participant_id, year)
);
CREATE TABLE programme_grant_totals (
    programme_id TEXT NOT NULL REFERENCES programmes (project_id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    amount_nok INTEGER NOT NULL,
    status TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (programme_id, year)
);
