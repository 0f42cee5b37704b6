-- Open data (issue 14): what an administrator publishes to everyone. One rule per grant scheme
-- (`ordning:post78`, `ordning:post21`, `ordning:annen`) or municipal programme
-- (`program:<the programme's register entry id>`): the decided grants from `from_year` on, and
-- with them the funded entries' description and classification (`entries`) and the indicator
-- values of their published reports (`results`). No row: nothing of that scope is published.
-- A grant to a private person is never published with a name, whatever the rule (decided in
-- husk_domain::open).
CREATE TABLE open_publication_rules (
    scope TEXT PRIMARY KEY,
    from_year BIGINT NOT NULL,
    entries BIGINT NOT NULL DEFAULT 0 CHECK (entries IN (0, 1)),
    results BIGINT NOT NULL DEFAULT 0 CHECK (results IN (0, 1)),
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
-- The publisher: Husbanken's organisation number for the `NO-BRC-` identifier (NULL until an
-- administrator enters it; the exports then use Husk's own identifier).
CREATE TABLE open_publisher (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    funder_orgnr TEXT,
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT
);
INSERT INTO open_publisher (id) VALUES (1);
