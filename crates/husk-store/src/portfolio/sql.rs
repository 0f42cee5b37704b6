//! The register's queries: each takes an executor (the pool, a connection or a transaction)
//! and plain values, and gives rows or plain values back. The steps in `mod.rs`, `import.rs`
//! and `quality.rs` decide what to read and write and in which order; this file only says how.
//! Written once for both databases (see [`crate::backend`]).

use sqlx::{Any, AnyConnection, Executor};

/// An entry's row: id, kind, title, description, region, organisation name, recipient type,
/// orgnr, kommunenummer, start year, end year, status and parent.
pub(crate) type ProjectRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    Option<i64>,
    String,
    Option<String>,
);

const PROJECT_SELECT: &str =
    "SELECT p.id, p.kind, p.title, p.description, p.region, o.name, p.recipient_type,
    o.orgnr, o.kommunenummer, p.start_year, p.end_year, p.status, p.parent_id
    FROM projects p LEFT JOIN organisations o ON o.id = p.organisation_id";

/// What lists need of an entry: id, kind, title, description, region, organisation name and
/// id, recipient type, start year, end year and status.
pub(crate) type FactRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    i64,
    Option<i64>,
    String,
);

/// A grant's row: id, project, year, amount, budget item, status and note.
pub(crate) type GrantRow = (i64, String, i64, i64, String, String, String);

const GRANT_SELECT: &str =
    "SELECT id, project_id, year, amount_nok, budget_item, status, note FROM grants";

/// A short reference's row: id, title, kind, region.
pub(crate) type RefRow = (String, String, String, String);

/// The code lists of an entry, each a table of (project_id, code, position).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeTable {
    Themes,
    TargetGroups,
    LearningTools,
    /// Links to related entries.
    Links,
}

impl CodeTable {
    /// The lists replaced with the entry's own fields (links are written separately).
    pub(crate) const FIELDS: [CodeTable; 3] = [
        CodeTable::Themes,
        CodeTable::TargetGroups,
        CodeTable::LearningTools,
    ];

    fn table(self) -> &'static str {
        match self {
            CodeTable::Themes => "project_themes",
            CodeTable::TargetGroups => "project_target_groups",
            CodeTable::LearningTools => "project_learning_tools",
            CodeTable::Links => "project_links",
        }
    }

    fn column(self) -> &'static str {
        match self {
            CodeTable::Themes => "theme_code",
            CodeTable::TargetGroups => "target_group_code",
            CodeTable::LearningTools => "tool_code",
            CodeTable::Links => "related_id",
        }
    }
}

/// Every entry's row, by id.
pub(super) async fn project_rows<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<ProjectRow>, sqlx::Error> {
    sqlx::query_as(&format!("{PROJECT_SELECT} ORDER BY p.id"))
        .fetch_all(ex)
        .await
}

/// One entry's row.
pub(super) async fn project_row<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<Option<ProjectRow>, sqlx::Error> {
    sqlx::query_as(&format!("{PROJECT_SELECT} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// (project id, code) of every entry's list, by project and position.
pub(super) async fn code_rows<'e>(
    ex: impl Executor<'e, Database = Any>,
    list: CodeTable,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT project_id, {} FROM {} ORDER BY project_id, position",
        list.column(),
        list.table()
    ))
    .fetch_all(ex)
    .await
}

/// (project id, code) of one entry's list, by position.
pub(super) async fn code_rows_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    list: CodeTable,
    id: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT project_id, {} FROM {} WHERE project_id = $1 ORDER BY position",
        list.column(),
        list.table()
    ))
    .bind(id)
    .fetch_all(ex)
    .await
}

/// Every entry's facts row (unordered).
pub(super) async fn fact_rows<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<FactRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.kind, p.title, p.description, p.region, o.name, p.organisation_id,
                p.recipient_type,
                p.start_year, p.end_year, p.status
         FROM projects p LEFT JOIN organisations o ON o.id = p.organisation_id",
    )
    .fetch_all(ex)
    .await
}

/// Every grant, by project, year and id.
pub(super) async fn grant_rows<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<GrantRow>, sqlx::Error> {
    sqlx::query_as(&format!("{GRANT_SELECT} ORDER BY project_id, year, id"))
        .fetch_all(ex)
        .await
}

/// One entry's grants, by year and id.
pub(super) async fn grant_rows_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    project_id: &str,
) -> Result<Vec<GrantRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{GRANT_SELECT} WHERE project_id = $1 ORDER BY year, id"
    ))
    .bind(project_id)
    .fetch_all(ex)
    .await
}

/// One grant.
pub(super) async fn grant_row<'e>(
    ex: impl Executor<'e, Database = Any>,
    grant_id: i64,
) -> Result<Option<GrantRow>, sqlx::Error> {
    sqlx::query_as(&format!("{GRANT_SELECT} WHERE id = $1"))
        .bind(grant_id)
        .fetch_optional(ex)
        .await
}

/// The entries under `id` (children, theirs, …), as a recursive query's start.
const UNDER: &str = "WITH RECURSIVE under(id) AS (
        SELECT id FROM projects WHERE parent_id = $1
        UNION SELECT p.id FROM projects p JOIN under u ON p.parent_id = u.id)";

/// How many entries are under `id`.
pub(super) async fn descendant_count<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!("{UNDER} SELECT COUNT(*) FROM under"))
        .bind(id)
        .fetch_one(ex)
        .await
}

/// (grant status, sum) of the grants of the entries under `id`.
pub(super) async fn descendant_sums<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{UNDER} SELECT g.status, CAST(SUM(g.amount_nok) AS BIGINT) FROM grants g JOIN under u ON u.id = g.project_id GROUP BY g.status"
    ))
    .bind(id)
    .fetch_all(ex)
    .await
}

/// The short reference of one entry.
pub(super) async fn project_ref<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<Vec<RefRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, title, kind, region FROM projects WHERE id = $1")
        .bind(id)
        .fetch_all(ex)
        .await
}

/// The first `limit` entries directly under `id`, by id.
pub(super) async fn children<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
    limit: i64,
) -> Result<Vec<RefRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title, kind, region FROM projects WHERE parent_id = $1 ORDER BY id LIMIT $2",
    )
    .bind(id)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// How many entries are directly under `id`.
pub(super) async fn children_count<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM projects WHERE parent_id = $1")
        .bind(id)
        .fetch_one(ex)
        .await
}

/// Up to `limit` entries linked from or to `id`, by id.
pub(super) async fn related<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
    limit: i64,
) -> Result<Vec<RefRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.title, p.kind, p.region FROM project_links l JOIN projects p ON p.id = l.related_id
           WHERE l.project_id = $1
         UNION
         SELECT p.id, p.title, p.kind, p.region FROM project_links l JOIN projects p ON p.id = l.project_id
           WHERE l.related_id = $1
         ORDER BY 1 LIMIT $2",
    )
    .bind(id)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// When an entry was created and last changed.
pub(super) async fn project_times<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<(String, String), sqlx::Error> {
    sqlx::query_as("SELECT created_at, updated_at FROM projects WHERE id = $1")
        .bind(id)
        .fetch_one(ex)
        .await
}

/// An entry's office and recipient organisation.
pub(crate) async fn project_scope<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<Option<(String, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT region, organisation_id FROM projects WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// An entry's office, if it exists.
pub(crate) async fn region_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT region FROM projects WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// An entry's kind code, if it exists.
pub(super) async fn kind_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar::<_, String>("SELECT kind FROM projects WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// An entry's parent, if it exists (`Some(None)` for an entry without one).
pub(super) async fn parent_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<Option<Option<String>>, sqlx::Error> {
    sqlx::query_scalar("SELECT parent_id FROM projects WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// (child, parent) of every entry under a programme.
pub(super) async fn parents<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, parent_id FROM projects WHERE parent_id IS NOT NULL")
        .fetch_all(ex)
        .await
}

/// Whether an entry exists.
pub(crate) async fn exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM projects WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await?;
    Ok(found.is_some())
}

/// The ids of an office's entries (`region-…`).
pub(crate) async fn ids_of_region<'e>(
    ex: impl Executor<'e, Database = Any>,
    region: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM projects WHERE id LIKE $1 || '-%'")
        .bind(region)
        .fetch_all(ex)
        .await
}

/// How many organisations are recipients of some entry.
pub(super) async fn recipient_count<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(DISTINCT organisation_id) FROM projects WHERE organisation_id IS NOT NULL",
    )
    .fetch_one(ex)
    .await
}

// ----------------------------------------------------------------------------------------
// Organisations
// ----------------------------------------------------------------------------------------

/// (id, orgnr, kommunenummer) of the organisation with this name.
pub(super) async fn organisation_by_name<'e>(
    ex: impl Executor<'e, Database = Any>,
    name: &str,
) -> Result<Option<(i64, Option<String>, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, orgnr, kommunenummer FROM organisations WHERE name = $1")
        .bind(name)
        .fetch_optional(ex)
        .await
}

/// Sets an organisation's numbers, and its recipient type unless `recipient_type` is `None`.
pub(super) async fn update_organisation<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    orgnr: Option<String>,
    kommunenummer: Option<String>,
    recipient_type: &Option<String>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organisations SET orgnr = $1, kommunenummer = $2, recipient_type = COALESCE($3, recipient_type) WHERE id = $4")
        .bind(orgnr)
        .bind(kommunenummer)
        .bind(recipient_type)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Adds an organisation; gives its id.
pub(super) async fn insert_organisation<'e>(
    ex: impl Executor<'e, Database = Any>,
    name: &str,
    orgnr: Option<String>,
    kommunenummer: Option<String>,
    recipient_type: &Option<String>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO organisations (name, orgnr, kommunenummer, recipient_type) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(name)
        .bind(orgnr)
        .bind(kommunenummer)
        .bind(recipient_type)
        .fetch_one(ex)
        .await
}

// ----------------------------------------------------------------------------------------
// Writing entries
// ----------------------------------------------------------------------------------------

/// An entry's own columns, as written.
pub(super) struct ProjectColumns<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub region: &'a str,
    pub organisation_id: Option<i64>,
    pub recipient_type: &'a Option<String>,
    pub start_year: i32,
    pub end_year: Option<i32>,
    pub status: &'a str,
}

pub(super) async fn update_project<'e>(
    ex: impl Executor<'e, Database = Any>,
    p: &ProjectColumns<'_>,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE projects SET kind = $1, title = $2, description = $3, region = $4, organisation_id = $5, recipient_type = $6,
         start_year = $7, end_year = $8, status = $9, updated_at = $11 WHERE id = $10",
    )
    .bind(p.kind)
    .bind(p.title)
    .bind(p.description)
    .bind(p.region)
    .bind(p.organisation_id)
    .bind(p.recipient_type)
    .bind(p.start_year)
    .bind(p.end_year)
    .bind(p.status)
    .bind(p.id)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub(super) async fn insert_project<'e>(
    ex: impl Executor<'e, Database = Any>,
    p: &ProjectColumns<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO projects (id, kind, title, description, region, organisation_id, recipient_type, start_year, end_year, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(p.id)
    .bind(p.kind)
    .bind(p.title)
    .bind(p.description)
    .bind(p.region)
    .bind(p.organisation_id)
    .bind(p.recipient_type)
    .bind(p.start_year)
    .bind(p.end_year)
    .bind(p.status)
    .execute(ex)
    .await?;
    Ok(())
}

/// Empties one of an entry's code lists.
pub(super) async fn delete_codes<'e>(
    ex: impl Executor<'e, Database = Any>,
    list: CodeTable,
    id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "DELETE FROM {} WHERE project_id = $1",
        list.table()
    ))
    .bind(id)
    .execute(ex)
    .await?;
    Ok(())
}

/// Adds codes to one of an entry's lists, in order.
pub(super) async fn insert_codes(
    conn: &mut AnyConnection,
    list: CodeTable,
    id: &str,
    codes: &[String],
) -> Result<(), sqlx::Error> {
    for (i, code) in codes.iter().enumerate() {
        sqlx::query(&format!(
            "INSERT INTO {} (project_id, {}, position) VALUES ($1, $2, $3)",
            list.table(),
            list.column()
        ))
        .bind(id)
        .bind(code)
        .bind(i as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub(super) async fn set_parent<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
    parent: &Option<String>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE projects SET parent_id = $1 WHERE id = $2")
        .bind(parent)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

// ----------------------------------------------------------------------------------------
// Grants
// ----------------------------------------------------------------------------------------

/// A grant's columns, as written.
pub(super) struct GrantColumns<'a> {
    pub project_id: &'a str,
    pub year: i32,
    pub amount_nok: i64,
    pub budget_item: &'a str,
    pub status: &'a str,
    pub note: &'a str,
}

/// Adds a grant; gives its id.
pub(super) async fn insert_grant<'e>(
    ex: impl Executor<'e, Database = Any>,
    g: &GrantColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO grants (project_id, year, amount_nok, budget_item, status, note) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(g.project_id)
    .bind(g.year)
    .bind(g.amount_nok)
    .bind(g.budget_item)
    .bind(g.status)
    .bind(g.note)
    .fetch_one(ex)
    .await
}

/// Changes a grant of `g.project_id`; gives how many rows changed (0 or 1).
pub(super) async fn update_grant<'e>(
    ex: impl Executor<'e, Database = Any>,
    grant_id: i64,
    g: &GrantColumns<'_>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE grants SET year = $1, amount_nok = $2, budget_item = $3, status = $4, note = $5 WHERE id = $6 AND project_id = $7",
    )
    .bind(g.year)
    .bind(g.amount_nok)
    .bind(g.budget_item)
    .bind(g.status)
    .bind(g.note)
    .bind(grant_id)
    .bind(g.project_id)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Deletes a grant of `project_id`; gives how many rows went (0 or 1).
pub(super) async fn delete_grant<'e>(
    ex: impl Executor<'e, Database = Any>,
    project_id: &str,
    grant_id: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM grants WHERE id = $1 AND project_id = $2")
            .bind(grant_id)
            .bind(project_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// The grant with the same project, year, budget item and status, if one is registered.
pub(super) async fn same_grant<'e>(
    ex: impl Executor<'e, Database = Any>,
    g: &GrantColumns<'_>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM grants WHERE project_id = $1 AND year = $2 AND budget_item = $3 AND status = $4",
    )
    .bind(g.project_id)
    .bind(g.year)
    .bind(g.budget_item)
    .bind(g.status)
    .fetch_optional(ex)
    .await
}

/// Sets a grant's amount and note.
pub(super) async fn set_grant_amount<'e>(
    ex: impl Executor<'e, Database = Any>,
    grant_id: i64,
    amount_nok: i64,
    note: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE grants SET amount_nok = $1, note = $2 WHERE id = $3")
        .bind(amount_nok)
        .bind(note)
        .bind(grant_id)
        .execute(ex)
        .await?;
    Ok(())
}

// ----------------------------------------------------------------------------------------
// Source notes
// ----------------------------------------------------------------------------------------

/// A source note's row: project, kind, field, note, value and source on each side.
pub(super) type NoteRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

const NOTE_SELECT: &str =
    "SELECT project_id, kind, field, note, value_a, source_a, value_b, source_b
                           FROM source_notes";

/// A source note's columns, as written.
pub(crate) struct NoteColumns<'a> {
    pub project_id: &'a str,
    pub kind: &'a str,
    pub field: &'a str,
    pub note: &'a str,
    pub value_a: &'a str,
    pub source_a: &'a str,
    pub value_b: &'a str,
    pub source_b: &'a str,
}

/// Adds a note, or changes the one on the same entry, kind and field; gives 1 when a note
/// was added or changed, 0 when it was stored already.
pub(crate) async fn upsert_note<'e>(
    ex: impl Executor<'e, Database = Any>,
    n: &NoteColumns<'_>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO source_notes
           (project_id, kind, field, note, value_a, source_a, value_b, source_b)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (project_id, kind, field) DO UPDATE SET
           note = excluded.note, value_a = excluded.value_a, source_a = excluded.source_a,
           value_b = excluded.value_b, source_b = excluded.source_b
         WHERE (source_notes.note, source_notes.value_a, source_notes.source_a,
                source_notes.value_b, source_notes.source_b) <>
               (excluded.note, excluded.value_a, excluded.source_a, excluded.value_b,
                excluded.source_b)",
    )
    .bind(n.project_id)
    .bind(n.kind)
    .bind(n.field)
    .bind(n.note)
    .bind(n.value_a)
    .bind(n.source_a)
    .bind(n.value_b)
    .bind(n.source_b)
    .execute(ex)
    .await?
    .rows_affected())
}

/// One entry's notes, conflicts first, in the order they were recorded.
pub(super) async fn notes_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    project_id: &str,
) -> Result<Vec<NoteRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{NOTE_SELECT} WHERE project_id = $1 ORDER BY kind = 'utledet', id"
    ))
    .bind(project_id)
    .fetch_all(ex)
    .await
}

/// Every note, in the order they were recorded.
pub(super) async fn notes<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<NoteRow>, sqlx::Error> {
    sqlx::query_as(&format!("{NOTE_SELECT} ORDER BY id"))
        .fetch_all(ex)
        .await
}
