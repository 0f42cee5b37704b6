//! The evaluations' queries: each takes an executor and plain values, and gives rows or plain
//! values back.

use sqlx::{Any, Executor};

/// An arena's row as evaluations need it: id, title, kind, starts on, ends on, office.
pub(crate) type ArenaRow = (i64, String, String, String, Option<String>, String);

pub(crate) async fn arena<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<ArenaRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title, kind, starts_on, ends_on, office FROM learning_arenas WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await
}

/// The arenas that have an evaluation form, oldest first.
pub(crate) async fn arenas_with_forms<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<ArenaRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.title, a.kind, a.starts_on, a.ends_on, a.office
         FROM learning_arenas a JOIN evaluation_forms f ON f.arena_id = a.id
         ORDER BY a.starts_on, a.id",
    )
    .fetch_all(ex)
    .await
}

/// A form: open token, opens at, closes at.
pub(crate) async fn form<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT token, opens_at, closes_at FROM evaluation_forms WHERE arena_id = $1")
        .bind(arena)
        .fetch_optional(ex)
        .await
}

/// The arena whose open link is `token`.
pub(crate) async fn form_by_token<'e>(
    ex: impl Executor<'e, Database = Any>,
    token: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT arena_id FROM evaluation_forms WHERE token = $1")
        .bind(token)
        .fetch_optional(ex)
        .await
}

/// The arena whose personal link is `token`.
pub(crate) async fn link_arena<'e>(
    ex: impl Executor<'e, Database = Any>,
    token: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT arena_id FROM evaluation_links WHERE token = $1")
        .bind(token)
        .fetch_optional(ex)
        .await
}

pub(crate) async fn insert_form<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
    token: &str,
    opens: &str,
    closes: &str,
    by: Option<i64>,
    now: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO evaluation_forms (arena_id, token, opens_at, closes_at, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (arena_id) DO NOTHING",
    )
    .bind(arena)
    .bind(token)
    .bind(opens)
    .bind(closes)
    .bind(by)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

pub(crate) async fn update_window<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
    opens: &str,
    closes: &str,
    by: Option<i64>,
    now: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE evaluation_forms SET opens_at = $1, closes_at = $2, updated_by = $3, updated_at = $4
         WHERE arena_id = $5",
    )
    .bind(opens)
    .bind(closes)
    .bind(by)
    .bind(now)
    .bind(arena)
    .execute(ex)
    .await?
    .rows_affected())
}

/// An extra question's row: id, kind, text, required (0 or 1).
pub(crate) type QuestionRow = (i64, String, String, i64);

pub(crate) async fn questions<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<Vec<QuestionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, text, required FROM evaluation_questions WHERE arena_id = $1
         ORDER BY sort, id",
    )
    .bind(arena)
    .fetch_all(ex)
    .await
}

pub(crate) struct QuestionColumns<'a> {
    pub arena: i64,
    pub kind: &'a str,
    pub text: &'a str,
    pub required: bool,
    pub by: Option<i64>,
    pub now: &'a str,
}

pub(crate) async fn insert_question<'e>(
    ex: impl Executor<'e, Database = Any>,
    c: &QuestionColumns<'_>,
    sort: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO evaluation_questions (arena_id, kind, text, required, sort, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(c.arena)
    .bind(c.kind)
    .bind(c.text)
    .bind(c.required as i64)
    .bind(sort)
    .bind(c.by)
    .bind(c.now)
    .fetch_one(ex)
    .await
}

pub(crate) async fn update_question<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    c: &QuestionColumns<'_>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE evaluation_questions SET kind = $1, text = $2, required = $3, updated_by = $4,
         updated_at = $5 WHERE id = $6 AND arena_id = $7",
    )
    .bind(c.kind)
    .bind(c.text)
    .bind(c.required as i64)
    .bind(c.by)
    .bind(c.now)
    .bind(id)
    .bind(c.arena)
    .execute(ex)
    .await?
    .rows_affected())
}

pub(crate) async fn insert_link<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
    token: &str,
    by: Option<i64>,
    now: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO evaluation_links (token, arena_id, created_by, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token)
    .bind(arena)
    .bind(by)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// An arena's personal links, oldest first.
pub(crate) async fn links<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT token FROM evaluation_links WHERE arena_id = $1 ORDER BY created_at, token",
    )
    .bind(arena)
    .fetch_all(ex)
    .await
}

/// The receipts of an arena (hashes of who answered).
pub(crate) async fn receipts<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT participant FROM evaluation_receipts WHERE arena_id = $1")
        .bind(arena)
        .fetch_all(ex)
        .await
}

pub(crate) async fn has_receipt<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
    participant: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM evaluation_receipts WHERE arena_id = $1 AND participant = $2",
    )
    .bind(arena)
    .bind(participant)
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}

/// Records that `participant` answered; 0 when they had already.
pub(crate) async fn insert_receipt<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
    participant: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO evaluation_receipts (arena_id, participant) VALUES ($1, $2)
         ON CONFLICT (arena_id, participant) DO NOTHING",
    )
    .bind(arena)
    .bind(participant)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Stores an answer; 0 when one was stored from the same form already (a double click).
pub(crate) async fn insert_answer<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
    submission: &str,
    answers: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO evaluation_answers (arena_id, submission, answers) VALUES ($1, $2, $3)
         ON CONFLICT (submission) DO NOTHING",
    )
    .bind(arena)
    .bind(submission)
    .bind(answers)
    .execute(ex)
    .await?
    .rows_affected())
}

/// An arena's answers (JSON objects).
pub(crate) async fn answers<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT answers FROM evaluation_answers WHERE arena_id = $1 ORDER BY id")
        .bind(arena)
        .fetch_all(ex)
        .await
}

/// Every arena's number of answers: (arena, count).
pub(crate) async fn answer_counts<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT arena_id, COUNT(*) FROM evaluation_answers GROUP BY arena_id ORDER BY arena_id",
    )
    .fetch_all(ex)
    .await
}

/// The columns stored with an arena's answers, and their values as text, for the tests that
/// check nothing else is kept.
pub(crate) async fn answer_columns<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<Vec<Vec<(String, String)>>, sqlx::Error> {
    use sqlx::{Column, Row};
    let rows = sqlx::query("SELECT * FROM evaluation_answers WHERE arena_id = $1")
        .bind(arena)
        .fetch_all(ex)
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            r.columns()
                .iter()
                .map(|c| {
                    let v = r
                        .try_get::<String, _>(c.ordinal())
                        .or_else(|_| r.try_get::<i64, _>(c.ordinal()).map(|n| n.to_string()))
                        .unwrap_or_default();
                    (c.name().to_string(), v)
                })
                .collect()
        })
        .collect())
}

/// Deletes an extra question of `arena`'s form, only while the form has no answers (in the
/// same statement, so an answer sent meanwhile keeps it).
pub(crate) async fn delete_unanswered_question<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
    id: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "DELETE FROM evaluation_questions WHERE id = $1 AND arena_id = $2
         AND NOT EXISTS (SELECT 1 FROM evaluation_answers WHERE arena_id = $2)",
    )
    .bind(id)
    .bind(arena)
    .execute(ex)
    .await?
    .rows_affected())
}

/// How many answers an arena's form has.
pub(crate) async fn answer_count<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM evaluation_answers WHERE arena_id = $1",
    )
    .bind(arena)
    .fetch_one(ex)
    .await
}
