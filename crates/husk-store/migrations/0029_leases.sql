-- Leases (issue 12): which of several servers on one database runs a piece of scheduled work
-- (the reminders). A holder renews its lease before it expires; when it stops, another server
-- takes the lease once it has expired. Times are UTC text like every time stamp in Husk.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
