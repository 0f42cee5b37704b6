-- Learning (issue 11): the two things the rest of the area hangs on. A learning network (a
-- learning network or a professional network, run by an office, possibly within a programme)
-- and a learning arena (an event of a type, organised by an office for a programme or a
-- network or on its own). Members, meetings, agendas, materials, tools and evaluations are in
-- the area's later migrations. Dates are ISO text; `source` names the report a demo fact comes
-- from ('' for what users enter).
CREATE TABLE learning_networks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('laeringsnettverk', 'fagnettverk')),
    office TEXT NOT NULL REFERENCES regions (code),
    programme_id TEXT REFERENCES programmes (project_id) ON DELETE SET NULL,
    coordinator TEXT NOT NULL DEFAULT '',
    mandate TEXT NOT NULL DEFAULT '',
    start_date TEXT,
    end_date TEXT,
    source TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE learning_arenas (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('programsamling', 'programledersamling', 'oppstartsamling',
        'fagdag', 'laeringsarena', 'kunnskapingsmote', 'konferanse', 'seminar', 'studietur',
        'frokostmote', 'workshop')),
    -- ISO dates; ends_on is NULL for a one-day event.
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    place TEXT NOT NULL DEFAULT '',
    organiser TEXT NOT NULL DEFAULT '',
    office TEXT NOT NULL REFERENCES regions (code),
    programme_id TEXT REFERENCES programmes (project_id) ON DELETE SET NULL,
    network_id INTEGER REFERENCES learning_networks (id) ON DELETE SET NULL,
    source TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX learning_arenas_office ON learning_arenas (office, starts_on);
CREATE INDEX learning_arenas_programme ON learning_arenas (programme_id, starts_on);
CREATE INDEX learning_arenas_network ON learning_arenas (network_id, starts_on);
