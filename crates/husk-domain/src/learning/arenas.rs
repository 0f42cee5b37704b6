//! Learning arenas: events of a kind with date, place, organiser, agenda, participants and
//! materials; the calendar.
