//! The status meetings' queries and the sent programme reminders': each takes an executor and
//! plain values, and gives rows or plain values back.

use sqlx::{Any, Executor};

/// A meeting's row: id, participant, planned date, held date, attendees, minutes.
pub(crate) type MeetingRow = (i64, i64, String, Option<String>, String, String);

/// An action's row: id, meeting, text, owner, due date, status, done on.
pub(crate) type ActionRow = (i64, i64, String, String, String, String, Option<String>);

/// A participant's meetings, by planned date.
pub(crate) async fn meetings<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
) -> Result<Vec<MeetingRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, participant_id, planned_date, held_date, attendees, minutes
         FROM status_meetings WHERE participant_id = $1 ORDER BY planned_date, id",
    )
    .bind(participant)
    .fetch_all(ex)
    .await
}

/// The actions agreed at a participant's meetings.
pub(crate) async fn actions<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
) -> Result<Vec<ActionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.meeting_id, a.text, a.owner, a.due_date, a.status, a.done_on
         FROM meeting_actions a JOIN status_meetings m ON m.id = a.meeting_id
         WHERE m.participant_id = $1 ORDER BY a.meeting_id, a.sort",
    )
    .bind(participant)
    .fetch_all(ex)
    .await
}

/// (meeting id, participant) of a meeting.
pub(crate) async fn meeting_participant<'e>(
    ex: impl Executor<'e, Database = Any>,
    meeting: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT participant_id FROM status_meetings WHERE id = $1")
        .bind(meeting)
        .fetch_optional(ex)
        .await
}

pub(crate) async fn insert_meeting<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
    planned: &str,
    attendees: &str,
    created_by: Option<i64>,
    now: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO status_meetings (participant_id, planned_date, attendees, created_by, updated_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(participant)
    .bind(planned)
    .bind(attendees)
    .bind(created_by)
    .bind(now)
    .fetch_one(ex)
    .await
}

/// Records a meeting as held.
pub(crate) async fn update_held<'e>(
    ex: impl Executor<'e, Database = Any>,
    meeting: i64,
    held: &str,
    attendees: &str,
    minutes: &str,
    now: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE status_meetings SET held_date = $1, attendees = $2, minutes = $3, updated_at = $4
         WHERE id = $5",
    )
    .bind(held)
    .bind(attendees)
    .bind(minutes)
    .bind(now)
    .bind(meeting)
    .execute(ex)
    .await?
    .rows_affected())
}

/// The next free sort position of a meeting's actions.
pub(crate) async fn next_action_sort<'e>(
    ex: impl Executor<'e, Database = Any>,
    meeting: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(sort), 0) + 1 AS BIGINT) FROM meeting_actions WHERE meeting_id = $1",
    )
    .bind(meeting)
    .fetch_one(ex)
    .await
}

pub(crate) struct ActionColumns<'a> {
    pub meeting: i64,
    pub text: &'a str,
    pub owner: &'a str,
    pub due: &'a str,
    pub sort: i64,
    pub updated_by: Option<i64>,
    pub now: &'a str,
}

pub(crate) async fn insert_action<'e>(
    ex: impl Executor<'e, Database = Any>,
    c: &ActionColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO meeting_actions (meeting_id, text, owner, due_date, status, sort, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, 'apen', $5, $6, $7) RETURNING id",
    )
    .bind(c.meeting)
    .bind(c.text)
    .bind(c.owner)
    .bind(c.due)
    .bind(c.sort)
    .bind(c.updated_by)
    .bind(c.now)
    .fetch_one(ex)
    .await
}

/// Sets an action's status (`done_on` NULL when open); gives the rows changed.
pub(crate) async fn update_action_status<'e>(
    ex: impl Executor<'e, Database = Any>,
    action: i64,
    status: &str,
    done_on: Option<&str>,
    updated_by: Option<i64>,
    now: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE meeting_actions SET status = $1, done_on = $2, updated_by = $3, updated_at = $4
         WHERE id = $5",
    )
    .bind(status)
    .bind(done_on)
    .bind(updated_by)
    .bind(now)
    .bind(action)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Records a sent programme reminder; gives 1 when it was new, 0 when it was recorded already.
pub(crate) async fn insert_reminder<'e>(
    ex: impl Executor<'e, Database = Any>,
    subject: &str,
    due: &str,
    user_id: i64,
    now: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO programme_reminders_sent (subject, due_date, user_id, sent_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(subject)
    .bind(due)
    .bind(user_id)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// The (subject, due date, user) of every programme reminder sent.
pub(crate) async fn reminders_sent<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT subject, due_date, user_id FROM programme_reminders_sent")
        .fetch_all(ex)
        .await
}
