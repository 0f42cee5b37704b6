-- Learning arenas (issue 11): how precise an arena's date is ('dag', 'maned', 'ar': a source
-- that gives only a month or a year is stored as such, at the month's or year's first day, and
-- shown as the month or the year), a description, and the arena's knowledge themes, agenda,
-- participants, materials (documents in the knowledge base) and the per-user calendar feed
-- tokens (only the SHA-256 of a token is kept).
ALTER TABLE learning_arenas ADD COLUMN date_precision TEXT NOT NULL DEFAULT 'dag'
    CHECK (date_precision IN ('dag', 'maned', 'ar'));
ALTER TABLE learning_arenas ADD COLUMN description TEXT NOT NULL DEFAULT '';
CREATE TABLE learning_arena_themes (
    arena_id INTEGER NOT NULL REFERENCES learning_arenas (id) ON DELETE CASCADE,
    theme_code TEXT NOT NULL REFERENCES knowledge_themes (code),
    PRIMARY KEY (arena_id, theme_code)
);
CREATE TABLE learning_arena_agenda (
    id INTEGER PRIMARY KEY,
    arena_id INTEGER NOT NULL REFERENCES learning_arenas (id) ON DELETE CASCADE,
    sort INTEGER NOT NULL,
    -- 'HH:MM', or '' when not given.
    start_time TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT ''
);
CREATE INDEX learning_arena_agenda_arena ON learning_arena_agenda (arena_id, sort);
CREATE TABLE learning_arena_participants (
    id INTEGER PRIMARY KEY,
    arena_id INTEGER NOT NULL REFERENCES learning_arenas (id) ON DELETE CASCADE,
    sort INTEGER NOT NULL,
    organisation TEXT NOT NULL,
    -- NULL when the count is not known.
    head_count INTEGER
);
CREATE INDEX learning_arena_participants_arena ON learning_arena_participants (arena_id, sort);
CREATE TABLE learning_arena_materials (
    arena_id INTEGER NOT NULL REFERENCES learning_arenas (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    added_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (arena_id, document_id)
);
CREATE TABLE learning_arena_feed_tokens (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
