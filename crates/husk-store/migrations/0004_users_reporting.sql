-- Users and their sessions, API tokens and failed logins; reporting templates, reports and their
-- versions; the audit log. Times that code compares are unix seconds (INTEGER); times people
-- read are ISO text (UTC).

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('admin', 'radgiver', 'mottaker', 'leser')),
    region TEXT REFERENCES regions (code),
    organisation_id INTEGER REFERENCES organisations (id),
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    password_changed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK ((role = 'radgiver') = (region IS NOT NULL)),
    CHECK ((role = 'mottaker') = (organisation_id IS NOT NULL))
);

-- A login. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_used_at TEXT,
    revoked_at TEXT
);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL COLLATE NOCASE,
    ip TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

-- Reporting templates. A version that a report uses is never changed (see the trigger).
CREATE TABLE report_templates (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    -- The template new reports use; exactly one template is in use.
    in_use INTEGER NOT NULL DEFAULT 0 CHECK (in_use IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE template_versions (
    id INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES report_templates (id),
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    -- The TemplateDef as JSON.
    definition TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (template_id, version)
);

CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('halvarsrapport', 'arsrapport', 'sluttrapport')),
    year INTEGER NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    due_date TEXT NOT NULL,
    template_version_id INTEGER NOT NULL REFERENCES template_versions (id),
    state TEXT NOT NULL DEFAULT 'utkast'
        CHECK (state IN ('utkast', 'sendt', 'returnert', 'sendt-pa-nytt', 'godkjent', 'publisert')),
    -- The working copy of the answers (JSON), and its revision for optimistic concurrency.
    draft TEXT NOT NULL DEFAULT '{}',
    revision INTEGER NOT NULL DEFAULT 0,
    draft_saved_at TEXT,
    draft_saved_by INTEGER REFERENCES users (id),
    -- The knowledge-base document made from the approved report.
    document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (project_id, kind, year)
);
CREATE INDEX reports_project ON reports (project_id);

-- Every submission, immutable once written; the review (return or approval) is added to it.
CREATE TABLE report_versions (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    answers TEXT NOT NULL,
    submitted_by INTEGER REFERENCES users (id),
    submitted_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    outcome TEXT CHECK (outcome IN ('returnert', 'godkjent')),
    reviewed_by INTEGER REFERENCES users (id),
    reviewed_at TEXT,
    review_comment TEXT NOT NULL DEFAULT '',
    -- Comments per field key (JSON object).
    field_comments TEXT NOT NULL DEFAULT '{}',
    UNIQUE (report_id, number)
);
CREATE TRIGGER report_versions_immutable
BEFORE UPDATE OF report_id, number, answers, submitted_by, submitted_at ON report_versions
BEGIN
    SELECT RAISE(ABORT, 'en innsendt rapportversjon kan ikke endres');
END;
CREATE TRIGGER report_versions_reviewed_once
BEFORE UPDATE OF outcome ON report_versions WHEN OLD.outcome IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'denne rapportversjonen er allerede vurdert');
END;
CREATE TRIGGER template_versions_used_are_immutable
BEFORE UPDATE ON template_versions
WHEN EXISTS (SELECT 1 FROM reports WHERE template_version_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'en malversjon som er brukt i en rapport kan ikke endres; lag en ny versjon');
END;

-- Indicator values of approved reports, as data.
CREATE TABLE report_indicators (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    version_id INTEGER NOT NULL REFERENCES report_versions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    baseline REAL,
    target REAL,
    actual REAL,
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_indicators_report ON report_indicators (report_id);

-- E-mail reminders already sent, so each is sent once per obligation, user and status.
CREATE TABLE reminders_sent (
    project_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    sent_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (project_id, kind, year, user_id, status)
);

-- The audit log, written by triggers on every table (see migrate.rs). Who made a change is read
-- from audit_context, which every write transaction sets first and clears before commit.
CREATE TABLE audit_context (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    user_id INTEGER,
    actor TEXT
);
INSERT INTO audit_context (id) VALUES (1);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    -- No foreign key: the log outlives the users it names.
    user_id INTEGER,
    actor TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    -- JSON objects: on update only the changed columns, with their old and new values.
    old_values TEXT,
    new_values TEXT
);
CREATE INDEX audit_log_record ON audit_log (table_name, record_id);
CREATE INDEX audit_log_user ON audit_log (user_id);
