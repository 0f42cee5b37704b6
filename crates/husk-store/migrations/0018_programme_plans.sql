-- Programme plans (issue 10): what a participant has recorded of the planning phase's
-- deliverables (one row per participant), its plan's sub-projects and measures with the goals
-- each serves, and its ticks and comments on seed 002's checklist a–k. Dates are ISO text.
-- Who changed a row last is kept beside it for the pages; the audit log keeps every change.
CREATE TABLE programme_deliverables (
    participant_id INTEGER PRIMARY KEY REFERENCES programme_participants (id) ON DELETE CASCADE,
    pre_analysis TEXT,
    fact_sheet TEXT,
    owner TEXT NOT NULL DEFAULT '',
    steering_group TEXT NOT NULL DEFAULT '',
    programme_group TEXT NOT NULL DEFAULT '',
    programme_leader TEXT NOT NULL DEFAULT '',
    has_activity_plan INTEGER NOT NULL DEFAULT 0,
    plan_adopted TEXT,
    plan_adopted_by TEXT NOT NULL DEFAULT '',
    anchored_master_plan INTEGER NOT NULL DEFAULT 0,
    anchored_economic_plan INTEGER NOT NULL DEFAULT 0,
    anchored_budget INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT NOT NULL,
    updated_by_user INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE programme_measures (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('delprosjekt', 'tiltak')),
    title TEXT NOT NULL,
    owner TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planlagt', 'startet', 'utsatt', 'gjennomfort', 'avbrutt')),
    postponed_reason TEXT NOT NULL DEFAULT '',
    in_ordinary_operation INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT NOT NULL,
    updated_by_user INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX programme_measures_participant ON programme_measures (participant_id, id);
-- The goals a measure serves, by the programme's goal codes, in the hierarchy's order.
CREATE TABLE programme_measure_goals (
    measure_id INTEGER NOT NULL REFERENCES programme_measures (id) ON DELETE CASCADE,
    goal_code TEXT NOT NULL,
    sort INTEGER NOT NULL,
    PRIMARY KEY (measure_id, goal_code)
);
CREATE TABLE programme_checklist_marks (
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    ticked INTEGER NOT NULL DEFAULT 0,
    comment TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL,
    updated_by_user INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (participant_id, item)
);
