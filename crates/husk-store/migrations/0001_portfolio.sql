-- The taxonomy tables, organisations, the portfolio register and grants.
CREATE TABLE regions (
    code TEXT PRIMARY KEY,
    name_nb TEXT NOT NULL,
    office TEXT NOT NULL,
    sort INTEGER NOT NULL
);
CREATE TABLE recipient_types (
    code TEXT PRIMARY KEY,
    name_nb TEXT NOT NULL,
    name_en TEXT NOT NULL,
    summary_nb TEXT NOT NULL,
    sort INTEGER NOT NULL
);
CREATE TABLE knowledge_themes (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('outcome', 'theme')),
    group_code TEXT NOT NULL,
    group_nb TEXT NOT NULL,
    name_nb TEXT NOT NULL,
    name_en TEXT NOT NULL,
    summary_nb TEXT NOT NULL,
    sort INTEGER NOT NULL
);
CREATE TABLE target_groups (
    code TEXT PRIMARY KEY,
    name_nb TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sort INTEGER NOT NULL
);
CREATE TABLE learning_tool_categories (
    code TEXT PRIMARY KEY,
    name_nb TEXT NOT NULL,
    name_en TEXT NOT NULL,
    summary_nb TEXT NOT NULL,
    sort INTEGER NOT NULL
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    orgnr TEXT,
    kommunenummer TEXT,
    recipient_type TEXT REFERENCES recipient_types (code)
);

CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('program', 'prosjekt', 'tiltak')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL REFERENCES regions (code),
    organisation_id INTEGER REFERENCES organisations (id),
    -- The recipient's type as classified for this grant (the matrix column).
    recipient_type TEXT REFERENCES recipient_types (code),
    start_year INTEGER NOT NULL,
    end_year INTEGER,
    status TEXT NOT NULL CHECK (status IN ('planlagt', 'aktiv', 'avsluttet', 'avbrutt')),
    parent_id TEXT REFERENCES projects (id),
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (end_year IS NULL OR end_year >= start_year)
);
CREATE INDEX projects_region ON projects (region);
CREATE INDEX projects_parent ON projects (parent_id);

CREATE TABLE project_themes (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    theme_code TEXT NOT NULL REFERENCES knowledge_themes (code),
    position INTEGER NOT NULL,
    PRIMARY KEY (project_id, theme_code)
);
CREATE TABLE project_target_groups (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    target_group_code TEXT NOT NULL REFERENCES target_groups (code),
    position INTEGER NOT NULL,
    PRIMARY KEY (project_id, target_group_code)
);
CREATE TABLE project_learning_tools (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    tool_code TEXT NOT NULL REFERENCES learning_tool_categories (code),
    position INTEGER NOT NULL,
    PRIMARY KEY (project_id, tool_code)
);
-- Links to related work, as entered on the project (shown in both directions).
CREATE TABLE project_links (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    related_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (project_id, related_id)
);

CREATE TABLE grants (
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    amount_nok INTEGER NOT NULL CHECK (amount_nok >= 0),
    budget_item TEXT NOT NULL CHECK (budget_item IN ('post78', 'post21', 'annen')),
    status TEXT NOT NULL CHECK (status IN ('tilsagn', 'utbetalt', 'forventet')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX grants_project ON grants (project_id);

-- Small facts about this data directory, such as whether the demo classification is loaded.
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
