-- Innovation and its spread (issue 13): innovations (a method, service, practice, tool, rule
-- or financing model) with their kind and place in seed 000's matrix of innovation dimensions
-- × areas of social housing work, practice model, radical or incremental, financing model and
-- origin; the register entries, documents, arenas and grants that carry them; adoptions (who
-- took it up, when, from whom, how it spread, through which channel, how far it got, the
-- result and the evidence; confirmed or only proposed); and the sources Husk suggested that an
-- adviser turned down. `source` names the report a demo fact comes from ('' for what users
-- enter); `husk_note` says what Husk added that the source does not state.
CREATE TABLE innovations (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    dimension TEXT NOT NULL,
    area TEXT NOT NULL,
    practice_model TEXT,
    -- 1 radical, 0 incremental, NULL not stated.
    radical INTEGER,
    financing TEXT NOT NULL DEFAULT '',
    origin_place TEXT NOT NULL,
    origin_kommunenummer TEXT,
    origin_country TEXT NOT NULL DEFAULT 'Norge',
    origin_year INTEGER,
    source TEXT NOT NULL DEFAULT '',
    husk_note TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE innovation_links (
    innovation_id INTEGER NOT NULL REFERENCES innovations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('prosjekt', 'dokument', 'arena', 'tilskudd')),
    target TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (innovation_id, kind, target)
);
CREATE TABLE innovation_adoptions (
    id INTEGER PRIMARY KEY,
    innovation_id INTEGER NOT NULL REFERENCES innovations (id) ON DELETE CASCADE,
    adopter TEXT NOT NULL,
    adopter_kind TEXT NOT NULL CHECK (adopter_kind IN ('kommune', 'organisasjon')),
    kommunenummer TEXT,
    -- The register's organisation it is, whose recipient users confirm or correct it.
    organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    -- Whom it was taken from; NULL when not known.
    from_actor TEXT,
    spread TEXT NOT NULL,
    channel TEXT NOT NULL,
    phase TEXT NOT NULL,
    adopted_year INTEGER,
    -- 1 when the year is only the latest it can have been.
    year_at_latest INTEGER NOT NULL DEFAULT 0,
    result TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    confirmed INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT '',
    husk_note TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (innovation_id, adopter)
);
CREATE INDEX innovation_adoptions_org ON innovation_adoptions (organisation_id);
CREATE TABLE innovation_rejected_sources (
    adoption_id INTEGER NOT NULL REFERENCES innovation_adoptions (id) ON DELETE CASCADE,
    from_actor TEXT NOT NULL,
    rejected_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    rejected_at TEXT NOT NULL,
    PRIMARY KEY (adoption_id, from_actor)
);
