-- The knowledge base: documents, their original files, and the passages they are split into.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    authors TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    year INTEGER,
    doc_type TEXT NOT NULL CHECK (doc_type IN ('fou-rapport', 'evaluering', 'sluttrapport', 'halvarsrapport',
        'arsrapport', 'veileder', 'metodehandbok', 'annet')),
    region TEXT REFERENCES regions (code),
    public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
    -- The original file, kept under files/ in the data directory by its SHA-256.
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE document_projects (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    PRIMARY KEY (document_id, project_id)
);
CREATE TABLE document_organisations (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (document_id, organisation_id)
);
CREATE TABLE document_themes (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    theme_code TEXT NOT NULL REFERENCES knowledge_themes (code),
    PRIMARY KEY (document_id, theme_code)
);
CREATE TABLE document_target_groups (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    target_group_code TEXT NOT NULL REFERENCES target_groups (code),
    PRIMARY KEY (document_id, target_group_code)
);
CREATE TABLE passages (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    heading TEXT,
    body TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    PRIMARY KEY (document_id, ordinal)
);
