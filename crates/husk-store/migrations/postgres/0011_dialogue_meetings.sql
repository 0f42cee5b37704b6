-- The dialogue meeting on a report: booked by the office's adviser (a date), and recorded when
-- held (who attended, notes). One meeting per report; changes are in the audit log.
CREATE TABLE dialogue_meetings (
    report_id BIGINT PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    meeting_date TEXT NOT NULL,
    attendees TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users (id),
    updated_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);
