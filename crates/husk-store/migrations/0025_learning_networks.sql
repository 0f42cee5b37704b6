-- Learning networks (issue 11, the networks part): a network's description, how often it
-- meets and what Husk filled in itself; its knowledge themes, members (municipalities by
-- kommunenummer, offices, state agencies, organisations; a member found in the register is
-- linked to its organisation, which gives that organisation's recipient users access), learning
-- agents, meetings, and the assignments members take on between meetings with what they
-- reported back; and each office's "theme of the month" rotation (seed 004, kap. 6.2).
-- `source` names the report a demo fact comes from ('' for what users enter); `husk_note` says
-- what Husk added that the source does not state.
ALTER TABLE learning_networks ADD COLUMN about TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_networks ADD COLUMN meeting_rhythm TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_networks ADD COLUMN husk_note TEXT NOT NULL DEFAULT '';
CREATE TABLE learning_network_themes (
    network_id INTEGER NOT NULL REFERENCES learning_networks (id) ON DELETE CASCADE,
    theme TEXT NOT NULL REFERENCES knowledge_themes (code),
    PRIMARY KEY (network_id, theme)
);
CREATE TABLE learning_network_members (
    id INTEGER PRIMARY KEY,
    network_id INTEGER NOT NULL REFERENCES learning_networks (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('kommune', 'kontor', 'statlig', 'organisasjon')),
    name TEXT NOT NULL,
    kommunenummer TEXT,
    orgnr TEXT,
    organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    learning_agent INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT '',
    husk_note TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (network_id, name)
);
CREATE INDEX learning_network_members_org ON learning_network_members (organisation_id);
CREATE TABLE learning_network_meetings (
    id INTEGER PRIMARY KEY,
    network_id INTEGER NOT NULL REFERENCES learning_networks (id) ON DELETE CASCADE,
    meeting_date TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    topic TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX learning_network_meetings_network ON learning_network_meetings (network_id, meeting_date);
CREATE TABLE learning_network_assignments (
    id INTEGER PRIMARY KEY,
    network_id INTEGER NOT NULL REFERENCES learning_networks (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES learning_network_members (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    due_meeting_id INTEGER REFERENCES learning_network_meetings (id) ON DELETE SET NULL,
    due_date TEXT,
    report_text TEXT NOT NULL DEFAULT '',
    report_date TEXT,
    reported_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX learning_network_assignments_network ON learning_network_assignments (network_id);
CREATE TABLE learning_themes_of_month (
    id INTEGER PRIMARY KEY,
    office TEXT NOT NULL REFERENCES regions (code),
    month TEXT NOT NULL,
    adviser TEXT NOT NULL,
    theme_code TEXT REFERENCES knowledge_themes (code),
    theme_text TEXT NOT NULL DEFAULT '',
    held_on TEXT,
    shared TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (office, month)
);
