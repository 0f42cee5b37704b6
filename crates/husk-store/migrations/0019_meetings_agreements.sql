-- Status meetings per programme participant (planned, then held with attendees, minutes and
-- agreed actions), a municipality's agreements with other actors and their annual dialogue
-- meetings, and the reminders about them already sent (issue 10).
CREATE TABLE status_meetings (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id) ON DELETE CASCADE,
    -- ISO dates; held_date is NULL until the meeting is recorded as held.
    planned_date TEXT NOT NULL,
    held_date TEXT,
    attendees TEXT NOT NULL DEFAULT '',
    minutes TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX status_meetings_participant ON status_meetings (participant_id, planned_date);
-- An action agreed at a meeting. It stays open until marked done, and is carried forward to
-- every later meeting's agenda until then.
CREATE TABLE meeting_actions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES status_meetings (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('apen', 'utfort')),
    done_on TEXT,
    sort INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX meeting_actions_meeting ON meeting_actions (meeting_id, sort);
CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    kommunenummer TEXT NOT NULL CHECK (length(kommunenummer) = 4),
    region TEXT NOT NULL REFERENCES regions (code),
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('driftsavtale', 'samarbeidsavtale', 'partnerskap')),
    start_date TEXT NOT NULL,
    end_date TEXT,
    renegotiation_date TEXT,
    procurement TEXT NOT NULL CHECK (procurement IN ('anbud', 'unntak-ideell')),
    procurement_reason TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX agreements_kommunenummer ON agreements (kommunenummer);
CREATE TABLE agreement_parties (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('frivillig', 'helseforetak', 'nav', 'statlig', 'annen')),
    PRIMARY KEY (agreement_id, position)
);
CREATE TABLE agreement_dialogue_meetings (
    id INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    meeting_date TEXT NOT NULL,
    attendees TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX agreement_dialogue_meetings_agreement ON agreement_dialogue_meetings (agreement_id, meeting_date);
-- Reminders about status meetings, dialogue meetings and renegotiations already sent: one per
-- subject (such as `statusmote-12` or `reforhandling-3`), due date and user.
CREATE TABLE programme_reminders_sent (
    subject TEXT NOT NULL,
    due_date TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (subject, due_date, user_id)
);
