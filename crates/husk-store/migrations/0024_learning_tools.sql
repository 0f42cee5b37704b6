-- Learning (issue 11): the toolbox. A learning tool in one of the taxonomy's five categories,
-- with its guide (written in Husk) as JSON (`husk_domain::learning::tools::Tool`) as of its
-- newest version; every change is a new row of `learning_tool_versions` (who, when, the whole
-- guide), so that versions can be listed and compared. `learning_tool_usage` is which office
-- uses which tool, internally or externally (seed 004's Tabell 5-1, named in `source`), and
-- `learning_tool_arenas` the tools used at a learning arena (migration 21).
CREATE TABLE learning_tools (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL REFERENCES learning_tool_categories (code),
    public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
    guide TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE learning_tool_versions (
    tool_id INTEGER NOT NULL REFERENCES learning_tools (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    guide TEXT NOT NULL,
    changed_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    changed_by_name TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (tool_id, version)
);
CREATE TABLE learning_tool_usage (
    tool_id INTEGER NOT NULL REFERENCES learning_tools (id) ON DELETE CASCADE,
    office TEXT NOT NULL REFERENCES regions (code),
    direction TEXT NOT NULL CHECK (direction IN ('internt', 'eksternt')),
    source TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tool_id, office, direction)
);
CREATE TABLE learning_tool_arenas (
    tool_id INTEGER NOT NULL REFERENCES learning_tools (id) ON DELETE CASCADE,
    arena_id INTEGER NOT NULL REFERENCES learning_arenas (id) ON DELETE CASCADE,
    PRIMARY KEY (tool_id, arena_id)
);
CREATE INDEX learning_tool_arenas_arena ON learning_tool_arenas (arena_id);
