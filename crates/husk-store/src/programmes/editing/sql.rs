//! The queries of editing a programme and its participants: each takes an executor and plain
//! values, and gives rows or plain values back.

use sqlx::{Any, Executor};

pub(crate) async fn coordinator<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT coordinator FROM programmes WHERE project_id = $1")
        .bind(programme)
        .fetch_optional(ex)
        .await
}

pub(crate) struct FactsColumns<'a> {
    pub programme: &'a str,
    pub programme_type: &'a str,
    pub budget_total_nok: Option<i64>,
    pub budget_total_precision: &'a str,
    pub budget_support_nok: Option<i64>,
    pub budget_support_precision: &'a str,
    pub coordinator: &'a str,
    pub source: &'a str,
}

pub(crate) async fn update_facts<'e>(
    ex: impl Executor<'e, Database = Any>,
    c: &FactsColumns<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE programmes SET programme_type = $2, budget_total_nok = $3,
            budget_total_precision = $4, budget_support_nok = $5, budget_support_precision = $6,
            coordinator = $7, source = $8
         WHERE project_id = $1",
    )
    .bind(c.programme)
    .bind(c.programme_type)
    .bind(c.budget_total_nok)
    .bind(c.budget_total_precision)
    .bind(c.budget_support_nok)
    .bind(c.budget_support_precision)
    .bind(c.coordinator)
    .bind(c.source)
    .execute(ex)
    .await?;
    Ok(())
}

/// The programme's register entry: its period and its office (the first owning office).
pub(crate) async fn update_entry<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
    start: i64,
    end: Option<i64>,
    region: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE projects SET start_year = $2, end_year = $3, region = $4, updated_at = $5
         WHERE id = $1",
    )
    .bind(programme)
    .bind(start)
    .bind(end)
    .bind(region)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub(crate) async fn delete_offices<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM programme_offices WHERE programme_id = $1")
        .bind(programme)
        .execute(ex)
        .await?;
    Ok(())
}

/// (code, level, text) of the goals a programme no longer has.
pub(crate) async fn retired_goals<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT code, level, text FROM programme_retired_goals WHERE programme_id = $1
         ORDER BY retired_at, code",
    )
    .bind(programme)
    .fetch_all(ex)
    .await
}

pub(crate) struct RetiredColumns<'a> {
    pub programme: &'a str,
    pub code: &'a str,
    pub level: &'a str,
    pub text: &'a str,
    pub by: &'a str,
    pub by_user: Option<i64>,
    pub at: &'a str,
}

pub(crate) async fn retire_goal(
    tx: &mut sqlx::Transaction<'_, Any>,
    r: &RetiredColumns<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_retired_goals (programme_id, code, level, text, retired_by,
            retired_by_user, retired_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (programme_id, code) DO NOTHING",
    )
    .bind(r.programme)
    .bind(r.code)
    .bind(r.level)
    .bind(r.text)
    .bind(r.by)
    .bind(r.by_user)
    .bind(r.at)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM programme_goals WHERE programme_id = $1 AND code = $2")
        .bind(r.programme)
        .bind(r.code)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub(crate) async fn update_goal<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
    code: &str,
    text: &str,
    parent: Option<&str>,
    sort: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE programme_goals SET text = $3, parent_code = $4, sort = $5
         WHERE programme_id = $1 AND code = $2",
    )
    .bind(programme)
    .bind(code)
    .bind(text)
    .bind(parent)
    .bind(sort)
    .execute(ex)
    .await?;
    Ok(())
}

/// (goal code, measure title, participant) of every measure of the programme and the goals it
/// serves.
pub(crate) async fn measure_references<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT g.goal_code, m.title, t.name FROM programme_measure_goals g
         JOIN programme_measures m ON m.id = g.measure_id
         JOIN programme_participants t ON t.id = m.participant_id
         WHERE t.programme_id = $1 ORDER BY t.sort, m.id",
    )
    .bind(programme)
    .fetch_all(ex)
    .await
}

/// (report id, kind, year, entry title) of the reports on the programme's participations (their
/// entries and the entries of the same participation) whose draft or a sent-in version has an
/// answer that is exactly `code` (a goal row naming the goal by its code).
pub(crate) async fn reports_naming<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
    code: &str,
) -> Result<Vec<(i64, String, i64, String)>, sqlx::Error> {
    let pattern = format!("%\"{}\"%", code.replace(['%', '_'], ""));
    sqlx::query_as(
        "SELECT DISTINCT r.id, r.kind, r.year, p.title FROM reports r
         JOIN projects p ON p.id = r.project_id
         WHERE (r.project_id IN (SELECT entry_id FROM programme_participants
                    WHERE programme_id = $1 AND entry_id IS NOT NULL)
             OR r.project_id IN (SELECT l.project_id FROM programme_participant_links l
                    JOIN programme_participants t ON t.id = l.participant_id
                    WHERE t.programme_id = $1))
           AND (r.draft LIKE $2 OR EXISTS (SELECT 1 FROM report_versions v
                    WHERE v.report_id = r.id AND v.answers LIKE $2))
         ORDER BY r.id",
    )
    .bind(programme)
    .bind(pattern)
    .fetch_all(ex)
    .await
}

pub(crate) struct NewParticipantColumns<'a> {
    pub programme: &'a str,
    pub name: &'a str,
    pub municipality: &'a str,
    pub district: Option<&'a str>,
    pub kommunenummer: &'a str,
    pub pool_year: i64,
    pub planned_end: Option<&'a str>,
    pub contact_adviser: &'a str,
}

/// Adds a participant at the end of the programme's list; gives its id.
pub(crate) async fn insert_participant(
    tx: &mut sqlx::Transaction<'_, Any>,
    p: &NewParticipantColumns<'_>,
) -> Result<i64, sqlx::Error> {
    let sort: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(sort), -1) + 1 AS BIGINT) FROM programme_participants
         WHERE programme_id = $1",
    )
    .bind(p.programme)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query_scalar(
        "INSERT INTO programme_participants (programme_id, name, municipality, district,
            kommunenummer, pool_year, planned_end, planned_end_note, contact_adviser, sort)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8, $9) RETURNING id",
    )
    .bind(p.programme)
    .bind(p.name)
    .bind(p.municipality)
    .bind(p.district)
    .bind(p.kommunenummer)
    .bind(p.pool_year)
    .bind(p.planned_end)
    .bind(p.contact_adviser)
    .bind(sort)
    .fetch_one(&mut **tx)
    .await
}

pub(crate) async fn name_taken<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM programme_participants
         WHERE programme_id = $1 AND LOWER(name) = LOWER($2)",
    )
    .bind(programme)
    .bind(name)
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}

/// Changes a participant's row; a planned end typed by a user has no note.
pub(crate) async fn update_participant<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
    pool_year: i64,
    planned_end: Option<&str>,
    contact_adviser: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE programme_participants SET pool_year = $2, planned_end = $3,
            planned_end_note = '', contact_adviser = $4 WHERE id = $1",
    )
    .bind(participant)
    .bind(pool_year)
    .bind(planned_end)
    .bind(contact_adviser)
    .execute(ex)
    .await?;
    Ok(())
}

/// How many rows of `table` belong to the participant (`table` is one of this file's own
/// names, never input).
pub(crate) async fn count_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    table: &'static str,
    participant: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM {table} WHERE participant_id = $1"
    ))
    .bind(participant)
    .fetch_one(ex)
    .await
}

/// Phase transitions after the first (into «søknad og opptak»).
pub(crate) async fn later_transitions<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM phase_transitions
         WHERE participant_id = $1 AND to_phase <> 'soknad-og-opptak'",
    )
    .bind(participant)
    .fetch_one(ex)
    .await
}

pub(crate) async fn delete_participant<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM programme_participants WHERE id = $1")
        .bind(participant)
        .execute(ex)
        .await?;
    Ok(())
}

/// Deletes the register entry `entry` that a participant removed from its programme had,
/// when nothing else hangs on it: no entry under it, no grant, no report, no document. Returns
/// whether it was deleted (its themes, links and notes go with it).
pub(crate) async fn delete_unused_participation_entry(
    conn: &mut sqlx::AnyConnection,
    entry: &str,
) -> Result<bool, sqlx::Error> {
    let used: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM projects WHERE parent_id = $1) \
              + (SELECT COUNT(*) FROM grants WHERE project_id = $1) \
              + (SELECT COUNT(*) FROM reports WHERE project_id = $1) \
              + (SELECT COUNT(*) FROM document_projects WHERE project_id = $1) \
              + (SELECT COUNT(*) FROM programme_participants WHERE entry_id = $1)",
    )
    .bind(entry)
    .fetch_one(&mut *conn)
    .await?;
    if used > 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM projects WHERE id = $1")
        .bind(entry)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}
