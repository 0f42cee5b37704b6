//! The audit log's queries: setting who writes (per backend: SQLite's one-row
//! `audit_context`, PostgreSQL's transaction-local settings), reading the log and the names of
//! the records it mentions, and the log's version of a set of tables.

use crate::Backend;
use sqlx::{Any, AnyConnection, Executor};
use std::collections::BTreeSet;

/// Records who makes the changes of the transaction `conn` is in.
pub(super) async fn set_context(
    conn: &mut AnyConnection,
    backend: Backend,
    user_id: Option<i64>,
    name: &str,
) -> Result<(), sqlx::Error> {
    match backend {
        Backend::Sqlite => {
            sqlx::query("UPDATE audit_context SET user_id = $1, actor = $2 WHERE id = 1")
                .bind(user_id)
                .bind(name)
                .execute(&mut *conn)
                .await?;
        }
        Backend::Postgres => {
            sqlx::query(
                "SELECT set_config('husk.user_id', $1, true), set_config('husk.actor', $2, true)",
            )
            .bind(user_id.map(|u| u.to_string()).unwrap_or_default())
            .bind(name)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// Clears SQLite's `audit_context` before a commit (PostgreSQL's settings end with the
/// transaction, and it has no such table).
pub(super) async fn clear_sqlite_context<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE audit_context SET user_id = NULL, actor = NULL WHERE id = 1")
        .execute(ex)
        .await?;
    Ok(())
}

/// The newest log entry about any of `tables` (0 when there is none).
pub(super) async fn version<'e>(
    ex: impl Executor<'e, Database = Any>,
    tables: &[&str],
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!("SELECT {}", newest_of(tables)))
        .fetch_one(ex)
        .await
}

/// The newest log entry about each group of tables, in one statement.
pub(super) async fn versions<'e>(
    ex: impl Executor<'e, Database = Any>,
    first: &[&str],
    second: &[&str],
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {}, {}",
        newest_of(first),
        newest_of(second)
    ))
    .fetch_one(ex)
    .await
}

/// A scalar subquery: the newest log entry about any of `tables` (0 if none).
fn newest_of(tables: &[&str]) -> String {
    let parts: Vec<String> = tables
        .iter()
        .map(|t| format!("SELECT MAX(id) AS m FROM audit_log WHERE table_name = '{t}'"))
        .collect();
    format!(
        "(SELECT COALESCE(MAX(m), 0) FROM ({}) AS versions)",
        parts.join(" UNION ALL ")
    )
}

/// A log entry's row: id, time, user id, actor, the user's name, table, record, action, old
/// and new values (JSON objects as text).
pub(super) type LogRow = (
    i64,
    String,
    Option<i64>,
    String,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

/// What to read of the log, as plain values.
pub(super) struct LogQuery<'a> {
    /// A username, lowercase.
    pub actor: Option<&'a str>,
    pub table: Option<&'a str>,
    /// A record id (see [`crate::AuditFilter::record`]).
    pub record: Option<&'a str>,
    pub before: Option<i64>,
    pub limit: usize,
}

/// Log entries, newest first.
pub(super) async fn entries<'e>(
    ex: impl Executor<'e, Database = Any>,
    backend: Backend,
    f: &LogQuery<'_>,
) -> Result<Vec<LogRow>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT a.id, a.at, a.user_id, a.actor, NULLIF(u.name, ''), a.table_name, a.record_id, a.action, a.old_values, a.new_values
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id WHERE 1 = 1",
    );
    let mut binds: Vec<String> = Vec::new();
    // The next placeholder, `$n`, for a value pushed on `binds`.
    let mark = |binds: &mut Vec<String>, value: String| {
        binds.push(value);
        format!("${}", binds.len())
    };
    if let Some(a) = f.actor {
        let m = mark(&mut binds, a.to_string());
        sql.push_str(&format!(" AND lower(a.actor) = {m}"));
    }
    if let Some(t) = f.table {
        let m = mark(&mut binds, t.to_string());
        sql.push_str(&format!(" AND a.table_name = {m}"));
    }
    if let Some(r) = f.record {
        let escaped = r
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let values = "COALESCE(a.new_values, a.old_values)";
        let exact = mark(&mut binds, r.to_string());
        let prefix = mark(&mut binds, format!("{escaped}/%"));
        let project = backend.json_text(values, "project_id");
        sql.push_str(&format!(
            " AND (a.record_id = {exact} OR a.record_id LIKE {prefix} ESCAPE '\\' OR {project} = {exact}"
        ));
        // A report's rows name it by number.
        if !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()) {
            let report = backend.json_text(values, "report_id");
            sql.push_str(&format!(" OR {report} = {exact}"));
        }
        sql.push(')');
    }
    if let Some(b) = f.before {
        sql.push_str(&format!(" AND a.id < {b}"));
    }
    sql.push_str(&format!(" ORDER BY a.id DESC LIMIT {}", f.limit));
    let mut q = sqlx::query_as::<_, LogRow>(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    q.fetch_all(ex).await
}

/// The tables the log has entries about.
pub(super) async fn tables<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT table_name FROM audit_log ORDER BY table_name")
        .fetch_all(ex)
        .await
}

/// (id, project, year) of grants.
pub(super) async fn grants(
    conn: &mut AnyConnection,
    ids: &BTreeSet<String>,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    rows_in_numbers(
        conn,
        "SELECT CAST(id AS TEXT), project_id, year FROM grants WHERE id",
        ids,
    )
    .await
}

/// (id, report, number) of report versions.
pub(super) async fn report_versions(
    conn: &mut AnyConnection,
    ids: &BTreeSet<String>,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    rows_in_numbers(
        conn,
        "SELECT CAST(id AS TEXT), CAST(report_id AS TEXT), number FROM report_versions WHERE id",
        ids,
    )
    .await
}

/// (id, kind, year, project) of reports.
pub(super) async fn reports(
    conn: &mut AnyConnection,
    ids: &BTreeSet<String>,
) -> Result<Vec<(String, String, i64, String)>, sqlx::Error> {
    rows_in_numbers(
        conn,
        "SELECT CAST(id AS TEXT), kind, year, project_id FROM reports WHERE id",
        ids,
    )
    .await
}

/// (id, title) of entries.
pub(super) async fn projects(
    conn: &mut AnyConnection,
    ids: &BTreeSet<String>,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    rows_in(conn, "SELECT id, title FROM projects WHERE id", ids).await
}

/// (id, title) of documents.
pub(super) async fn documents(
    conn: &mut AnyConnection,
    ids: &BTreeSet<String>,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    rows_in_numbers(
        conn,
        "SELECT CAST(id AS TEXT), title FROM documents WHERE id",
        ids,
    )
    .await
}

/// (id, full name) of users.
pub(super) async fn users(
    conn: &mut AnyConnection,
    ids: &BTreeSet<String>,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    rows_in_numbers(
        conn,
        "SELECT CAST(id AS TEXT), name FROM users WHERE id",
        ids,
    )
    .await
}

/// (id, name) of organisations.
pub(super) async fn organisations(
    conn: &mut AnyConnection,
    ids: &BTreeSet<String>,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    rows_in_numbers(
        conn,
        "SELECT CAST(id AS TEXT), name FROM organisations WHERE id",
        ids,
    )
    .await
}

/// (id, template name, version) of template versions.
pub(super) async fn template_versions(
    conn: &mut AnyConnection,
    ids: &BTreeSet<String>,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    rows_in_numbers(
        conn,
        "SELECT CAST(id AS TEXT), name, version FROM template_versions WHERE id",
        ids,
    )
    .await
}

/// `select` followed by ` IN ($1, …, $n)`.
fn in_list(select: &str, n: usize) -> String {
    let marks: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!("{select} IN ({})", marks.join(", "))
}

/// Rows of `select` (ending in `WHERE <column>`) whose text column is one of `ids`.
async fn rows_in<T>(
    conn: &mut AnyConnection,
    select: &str,
    ids: &BTreeSet<String>,
) -> Result<Vec<T>, sqlx::Error>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let mut out = Vec::new();
    let ids: Vec<&String> = ids.iter().collect();
    for chunk in ids.chunks(500) {
        let sql = in_list(select, chunk.len());
        let mut q = sqlx::query_as::<_, T>(&sql);
        for id in chunk {
            q = q.bind(id.as_str());
        }
        out.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

/// Rows of `select` (ending in `WHERE <column>`) whose integer column is one of `ids`
/// (given as text, as the log names records; what is not a number names no such row).
async fn rows_in_numbers<T>(
    conn: &mut AnyConnection,
    select: &str,
    ids: &BTreeSet<String>,
) -> Result<Vec<T>, sqlx::Error>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let mut out = Vec::new();
    let ids: Vec<i64> = ids.iter().filter_map(|i| i.parse().ok()).collect();
    for chunk in ids.chunks(500) {
        let sql = in_list(select, chunk.len());
        let mut q = sqlx::query_as::<_, T>(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        out.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(out)
}
