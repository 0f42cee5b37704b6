-- Good examples and where the reports disagree (issue 13). Good examples (gode eksempler): an innovation or a register entry published for
-- everyone with a short public summary, a contact point and the evidence, classified by area
-- of social housing work, kind of innovation and target groups for the public library's
-- filters. Only what is written here is public; the innovation's adoptions and the entry stay
-- internal. A withdrawn example (withdrawn_at set) is no longer public.
CREATE TABLE good_examples (
    id INTEGER PRIMARY KEY,
    innovation_id INTEGER REFERENCES innovations (id) ON DELETE CASCADE,
    project_id TEXT REFERENCES projects (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    contact TEXT NOT NULL,
    evidence TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    area TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- Target group codes, ';'-separated, in the order chosen.
    target_groups TEXT NOT NULL DEFAULT '',
    published_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    published_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL,
    withdrawn_at TEXT,
    -- The report a demo example's facts come from ('' for what users write), and what Husk
    -- added that the source does not state.
    source TEXT NOT NULL DEFAULT '',
    husk_note TEXT NOT NULL DEFAULT '',
    CHECK ((innovation_id IS NULL) <> (project_id IS NULL))
);
CREATE UNIQUE INDEX good_examples_innovation ON good_examples (innovation_id);
CREATE UNIQUE INDEX good_examples_project ON good_examples (project_id);

-- Where the reports disagree about an innovation or one of its adoptions: both statements,
-- each with its source, shown side by side (Husk never picks one silently). `husk_note` says
-- which one Husk's own figures use, if any.
CREATE TABLE innovation_disagreements (
    id INTEGER PRIMARY KEY,
    innovation_id INTEGER NOT NULL REFERENCES innovations (id) ON DELETE CASCADE,
    about TEXT NOT NULL,
    first_says TEXT NOT NULL,
    first_source TEXT NOT NULL,
    second_says TEXT NOT NULL,
    second_source TEXT NOT NULL,
    husk_note TEXT NOT NULL DEFAULT ''
);
