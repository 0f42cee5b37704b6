//! The agreements' queries: each takes an executor and plain values, and gives rows or plain
//! values back.

use sqlx::{Any, Executor};

/// An agreement's row: id, kommunenummer, office, title, kind, start, end, renegotiation,
/// procurement, procurement reason, notes.
pub(crate) type AgreementRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
);

const AGREEMENT_SELECT: &str = "SELECT id, kommunenummer, region, title, kind, start_date,
    end_date, renegotiation_date, procurement, procurement_reason, notes FROM agreements";

/// Every agreement, by kommunenummer and title.
pub(crate) async fn agreements<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<AgreementRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{AGREEMENT_SELECT} ORDER BY kommunenummer, title, id"
    ))
    .fetch_all(ex)
    .await
}

/// One municipality's agreements, by title.
pub(crate) async fn agreements_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    kommunenummer: &str,
) -> Result<Vec<AgreementRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{AGREEMENT_SELECT} WHERE kommunenummer = $1 ORDER BY title, id"
    ))
    .bind(kommunenummer)
    .fetch_all(ex)
    .await
}

pub(crate) async fn agreement<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<AgreementRow>, sqlx::Error> {
    sqlx::query_as(&format!("{AGREEMENT_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// (agreement, name, kind) of every party, in order.
pub(crate) async fn parties<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT agreement_id, name, kind FROM agreement_parties ORDER BY agreement_id, position",
    )
    .fetch_all(ex)
    .await
}

/// (id, agreement, date, attendees, notes) of every dialogue meeting, by date.
pub(crate) async fn dialogue_meetings<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, i64, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, agreement_id, meeting_date, attendees, notes FROM agreement_dialogue_meetings
         ORDER BY agreement_id, meeting_date, id",
    )
    .fetch_all(ex)
    .await
}

/// The organisations that are a municipality: those registered as a municipality with its
/// kommunenummer, and the recipients of its programme participations' entries.
pub(crate) async fn municipality_organisations<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kommunenummer, id FROM organisations
           WHERE kommunenummer IS NOT NULL
             AND recipient_type IN ('programkommune', 'annen-kommune')
         UNION
         SELECT t.kommunenummer, p.organisation_id FROM programme_participants t
           JOIN projects p ON p.id = t.entry_id
           WHERE t.kommunenummer IS NOT NULL AND p.organisation_id IS NOT NULL
         ORDER BY 1, 2",
    )
    .fetch_all(ex)
    .await
}

/// (kommunenummer, municipality) of the programme participants with a kommunenummer.
pub(crate) async fn municipality_names<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT kommunenummer, municipality FROM programme_participants
         WHERE kommunenummer IS NOT NULL ORDER BY 1, 2",
    )
    .fetch_all(ex)
    .await
}

pub(crate) struct AgreementColumns<'a> {
    pub kommunenummer: &'a str,
    pub region: &'a str,
    pub title: &'a str,
    pub kind: &'a str,
    pub start: &'a str,
    pub end: Option<&'a str>,
    pub renegotiation: Option<&'a str>,
    pub procurement: &'a str,
    pub procurement_reason: &'a str,
    pub notes: &'a str,
    pub updated_by: Option<i64>,
    pub now: &'a str,
}

pub(crate) async fn insert_agreement<'e>(
    ex: impl Executor<'e, Database = Any>,
    c: &AgreementColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO agreements (kommunenummer, region, title, kind, start_date, end_date,
            renegotiation_date, procurement, procurement_reason, notes, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(c.kommunenummer)
    .bind(c.region)
    .bind(c.title)
    .bind(c.kind)
    .bind(c.start)
    .bind(c.end)
    .bind(c.renegotiation)
    .bind(c.procurement)
    .bind(c.procurement_reason)
    .bind(c.notes)
    .bind(c.updated_by)
    .bind(c.now)
    .fetch_one(ex)
    .await
}

pub(crate) async fn update_agreement<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    c: &AgreementColumns<'_>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE agreements SET kommunenummer = $1, region = $2, title = $3, kind = $4,
            start_date = $5, end_date = $6, renegotiation_date = $7, procurement = $8,
            procurement_reason = $9, notes = $10, updated_by = $11, updated_at = $12
         WHERE id = $13",
    )
    .bind(c.kommunenummer)
    .bind(c.region)
    .bind(c.title)
    .bind(c.kind)
    .bind(c.start)
    .bind(c.end)
    .bind(c.renegotiation)
    .bind(c.procurement)
    .bind(c.procurement_reason)
    .bind(c.notes)
    .bind(c.updated_by)
    .bind(c.now)
    .bind(id)
    .execute(ex)
    .await?
    .rows_affected())
}

pub(crate) async fn delete_parties<'e>(
    ex: impl Executor<'e, Database = Any>,
    agreement: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM agreement_parties WHERE agreement_id = $1")
        .bind(agreement)
        .execute(ex)
        .await?;
    Ok(())
}

pub(crate) async fn insert_party<'e>(
    ex: impl Executor<'e, Database = Any>,
    agreement: i64,
    position: i64,
    name: &str,
    kind: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO agreement_parties (agreement_id, position, name, kind) VALUES ($1, $2, $3, $4)",
    )
    .bind(agreement)
    .bind(position)
    .bind(name)
    .bind(kind)
    .execute(ex)
    .await?;
    Ok(())
}

pub(crate) async fn insert_dialogue_meeting<'e>(
    ex: impl Executor<'e, Database = Any>,
    agreement: i64,
    date: &str,
    attendees: &str,
    notes: &str,
    updated_by: Option<i64>,
    now: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO agreement_dialogue_meetings (agreement_id, meeting_date, attendees, notes,
            updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(agreement)
    .bind(date)
    .bind(attendees)
    .bind(notes)
    .bind(updated_by)
    .bind(now)
    .fetch_one(ex)
    .await
}
