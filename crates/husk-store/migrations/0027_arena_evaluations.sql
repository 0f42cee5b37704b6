-- Evaluations of learning arenas (issue 11). A form per arena: its unguessable open link
-- (`token`), the times it takes answers (Norwegian local time, `YYYY-MM-DDTHH:MM`) and the
-- extra questions an adviser added to the core questions every form has (those are in
-- husk-domain, not here). Personal links are one-time tokens. An answer keeps nothing about
-- who sent it or when: no address, no browser, no time; only the answers and the key of the
-- form it was sent from (so that a double click stores one). A receipt records that a token
-- or a device has answered, not what. Answers and receipts are not audited, so that the log
-- does not keep the time either.
CREATE TABLE evaluation_forms (
    arena_id INTEGER PRIMARY KEY REFERENCES learning_arenas (id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE evaluation_questions (
    id INTEGER PRIMARY KEY,
    arena_id INTEGER NOT NULL REFERENCES evaluation_forms (arena_id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('skala', 'fritekst')),
    text TEXT NOT NULL,
    required INTEGER NOT NULL DEFAULT 0,
    sort INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX evaluation_questions_arena ON evaluation_questions (arena_id, sort);
CREATE TABLE evaluation_links (
    token TEXT PRIMARY KEY,
    arena_id INTEGER NOT NULL REFERENCES evaluation_forms (arena_id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX evaluation_links_arena ON evaluation_links (arena_id);
CREATE TABLE evaluation_receipts (
    arena_id INTEGER NOT NULL REFERENCES evaluation_forms (arena_id) ON DELETE CASCADE,
    -- SHA-256 of the personal link's token or the device's cookie.
    participant TEXT NOT NULL,
    PRIMARY KEY (arena_id, participant)
);
CREATE TABLE evaluation_answers (
    id INTEGER PRIMARY KEY,
    arena_id INTEGER NOT NULL REFERENCES evaluation_forms (arena_id) ON DELETE CASCADE,
    -- SHA-256 of the random key in the form the answer was sent from.
    submission TEXT NOT NULL UNIQUE,
    -- The answers as a JSON object: question key to a number 1-5 or a text.
    answers TEXT NOT NULL
);
CREATE INDEX evaluation_answers_arena ON evaluation_answers (arena_id);
