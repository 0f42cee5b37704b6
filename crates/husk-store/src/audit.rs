//! The audit log: every change to any record, with who made it, when, and the values before and
//! after.
//!
//! Triggers on every table write the log, so no write path can forget it. Who is read from the
//! one-row table `audit_context`, which every write transaction sets first (through
//! [`Store::begin_write`]) and clears before it commits; SQLite has one writer at a time, so
//! the context belongs to the transaction that set it. Writes made without a context (migrations)
//! are logged as `system`.

use crate::{Store, StoreError};
use serde::Serialize;
use sqlx::{Sqlite, Transaction};
use std::collections::{BTreeSet, HashMap};

/// Who makes a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    /// The username, or what acted (`demo`, `kommandolinje`).
    pub name: String,
}

impl Actor {
    pub fn user(id: i64, username: &str) -> Actor {
        Actor {
            user_id: Some(id),
            name: username.to_string(),
        }
    }

    /// A change not made by a logged-in user (the demo loader, the command line).
    pub fn system(name: &str) -> Actor {
        Actor {
            user_id: None,
            name: name.to_string(),
        }
    }
}

/// Tables that are not audited: the log itself, short-lived login state, passages (derived
/// from a document's file, whose row is audited) and sent reminders (a log of their own).
const NOT_AUDITED: &[&str] = &[
    "schema_migrations",
    "audit_log",
    "audit_context",
    "sessions",
    "login_failures",
    "login_known_addresses",
    "passages",
    "reminders_sent",
    "index_changes",
];

/// Columns whose change alone is not worth a log entry (bookkeeping, not a change of record).
const NOISE_COLUMNS: &[(&str, &str)] = &[("api_tokens", "last_used_at")];

/// Columns whose values never go into the log.
const SECRET_COLUMNS: &[(&str, &str)] = &[("users", "password_hash"), ("api_tokens", "token_hash")];

/// JSON-object columns whose change is logged key by key: only the keys that changed, with
/// their values before and after (a key added has no value before, one removed none after).
/// A report's draft is saved as the user types; logging the whole draft twice on every save
/// made a long answer add megabytes per save, although only one answer had changed.
const DIFFED_COLUMNS: &[(&str, &str)] = &[("reports", "draft")];

/// The keys of the JSON object `this.column` whose values differ in `other`, with this side's
/// values (`null` for keys only `other` has), as JSON.
fn json_diff_expr(column: &str, this: &str, other: &str) -> String {
    // A JSON value keeps being JSON only within one expression, so the rows carry the type
    // and the outer expression turns objects and arrays back into JSON.
    let value = "CASE t WHEN 'object' THEN json(v) WHEN 'array' THEN json(v) \
                 WHEN 'true' THEN json('true') WHEN 'false' THEN json('false') ELSE v END";
    format!(
        "json((SELECT json_group_object(k, {value}) FROM (
            SELECT a.key AS k, a.value AS v, a.type AS t FROM json_each({this}.\"{column}\") a
              WHERE NOT EXISTS (SELECT 1 FROM json_each({other}.\"{column}\") b
                                WHERE b.key = a.key AND b.type = a.type AND b.value IS a.value)
            UNION ALL
            SELECT b.key, NULL, 'null' FROM json_each({other}.\"{column}\") b
              WHERE NOT EXISTS (SELECT 1 FROM json_each({this}.\"{column}\") a WHERE a.key = b.key))))"
    )
}

fn value_expr(table: &str, alias: &str, column: &str) -> String {
    if SECRET_COLUMNS.contains(&(table, column)) {
        if alias == "NEW" {
            "'(ny hemmelig verdi)'".to_string()
        } else {
            "'(skjult)'".to_string()
        }
    } else {
        format!("{alias}.\"{column}\"")
    }
}

/// Drops and recreates the audit triggers of every audited table.
pub(crate) async fn create_triggers(tx: &mut Transaction<'_, Sqlite>) -> Result<(), sqlx::Error> {
    let old: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit\\_%' ESCAPE '\\'",
    )
    .fetch_all(&mut **tx)
    .await?;
    for t in old {
        sqlx::query(&format!("DROP TRIGGER \"{t}\""))
            .execute(&mut **tx)
            .await?;
    }
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )
    .fetch_all(&mut **tx)
    .await?;
    for table in tables.iter().filter(|t| !NOT_AUDITED.contains(&t.as_str())) {
        let columns: Vec<(String, i64)> =
            sqlx::query_as("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid")
                .bind(table)
                .fetch_all(&mut **tx)
                .await?;
        let mut pk: Vec<(i64, &str)> = columns
            .iter()
            .filter(|(_, p)| *p > 0)
            .map(|(c, p)| (*p, c.as_str()))
            .collect();
        pk.sort();
        let record = |alias: &str| {
            if pk.is_empty() {
                format!("CAST({alias}.rowid AS TEXT)")
            } else {
                pk.iter()
                    .map(|(_, c)| format!("CAST({alias}.\"{c}\" AS TEXT)"))
                    .collect::<Vec<_>>()
                    .join(" || '/' || ")
            }
        };
        let object = |alias: &str| {
            let pairs: Vec<String> = columns
                .iter()
                .map(|(c, _)| format!("'{c}', {}", value_expr(table, alias, c)))
                .collect();
            format!("json_object({})", pairs.join(", "))
        };
        // On update, a diffed column holds only its changed keys.
        let changed_object = |alias: &str, other: &str| {
            let pairs: Vec<String> = columns
                .iter()
                .map(|(c, _)| {
                    if DIFFED_COLUMNS.contains(&(table.as_str(), c.as_str())) {
                        format!(
                            "'{c}', CASE WHEN json_valid(OLD.\"{c}\") AND json_valid(NEW.\"{c}\") THEN {} ELSE {} END",
                            json_diff_expr(c, alias, other),
                            value_expr(table, alias, c)
                        )
                    } else {
                        format!("'{c}', {}", value_expr(table, alias, c))
                    }
                })
                .collect();
            format!("json_object({})", pairs.join(", "))
        };
        let unchanged_paths: Vec<String> = columns
            .iter()
            .map(|(c, _)| {
                format!("CASE WHEN OLD.\"{c}\" IS NEW.\"{c}\" THEN '$.{c}' ELSE '$.\"~\"' END")
            })
            .collect();
        let changed = columns
            .iter()
            .filter(|(c, _)| !NOISE_COLUMNS.contains(&(table.as_str(), c.as_str())))
            .map(|(c, _)| format!("OLD.\"{c}\" IS NOT NEW.\"{c}\""))
            .collect::<Vec<_>>()
            .join(" OR ");
        let who = "(SELECT user_id FROM audit_context WHERE id = 1), COALESCE((SELECT actor FROM audit_context WHERE id = 1), 'system')";
        let insert = format!(
            "CREATE TRIGGER \"audit_{table}_insert\" AFTER INSERT ON \"{table}\" BEGIN
               INSERT INTO audit_log (user_id, actor, table_name, record_id, action, new_values)
               VALUES ({who}, '{table}', {}, 'insert', {});
             END",
            record("NEW"),
            object("NEW")
        );
        let update = format!(
            "CREATE TRIGGER \"audit_{table}_update\" AFTER UPDATE ON \"{table}\" WHEN {changed} BEGIN
               INSERT INTO audit_log (user_id, actor, table_name, record_id, action, old_values, new_values)
               VALUES ({who}, '{table}', {}, 'update', json_remove({}, {paths}), json_remove({}, {paths}));
             END",
            record("NEW"),
            changed_object("OLD", "NEW"),
            changed_object("NEW", "OLD"),
            paths = unchanged_paths.join(", ")
        );
        let delete = format!(
            "CREATE TRIGGER \"audit_{table}_delete\" AFTER DELETE ON \"{table}\" BEGIN
               INSERT INTO audit_log (user_id, actor, table_name, record_id, action, old_values)
               VALUES ({who}, '{table}', {}, 'delete', {});
             END",
            record("OLD"),
            object("OLD")
        );
        for sql in [insert, update, delete] {
            sqlx::query(&sql).execute(&mut **tx).await?;
        }
    }
    Ok(())
}

/// One change in the log.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    /// ISO time, UTC.
    pub at: String,
    pub user_id: Option<i64>,
    /// The username (or `system`, `demo`, `kommandolinje`) as logged.
    pub actor: String,
    /// The user's full name today, when the change was made by a user who still exists.
    pub actor_name: Option<String>,
    pub table: String,
    pub record_id: String,
    pub action: String,
    /// (column, value before, value after), for the columns the change touched.
    pub changes: Vec<(String, Option<String>, Option<String>)>,
}

/// The names of the records a page of the log mentions (by id, as text), so the log can say
/// «Tilskudd 2014 til Fra leie til eie» instead of «grants 17». Records since deleted are
/// missing; the log's own old values name them.
#[derive(Debug, Clone, Default)]
pub struct AuditNames {
    /// Project id → title.
    pub projects: HashMap<String, String>,
    /// Grant id → (project id, year).
    pub grants: HashMap<String, (String, i64)>,
    pub documents: HashMap<String, String>,
    /// Report id → (kind code, year, project id).
    pub reports: HashMap<String, (String, i64, String)>,
    /// User id → full name.
    pub users: HashMap<String, String>,
    pub organisations: HashMap<String, String>,
    /// Template version id → (template name, version).
    pub template_versions: HashMap<String, (String, i64)>,
    /// Report version id → (report id, version number).
    pub report_versions: HashMap<String, (String, i64)>,
}

/// What to list from the log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// A username (or `system`, `demo`, `kommandolinje`).
    pub actor: Option<String>,
    pub table: Option<String>,
    /// A record id: matches the record itself, rows that belong to it (a project's themes,
    /// grants and reports) and, for composite keys, their first part.
    pub record: Option<String>,
    pub limit: usize,
    /// Only entries with an id below this (for paging back).
    pub before: Option<i64>,
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl Store {
    /// Starts a write transaction with this store's actor recorded for the audit log.
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let (user_id, name) = match &self.actor {
            Some(a) => (a.user_id, a.name.clone()),
            None => (None, "system".to_string()),
        };
        sqlx::query("UPDATE audit_context SET user_id = ?, actor = ? WHERE id = 1")
            .bind(user_id)
            .bind(name)
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    /// Clears the audit context and commits.
    pub(crate) async fn commit_write(
        mut tx: Transaction<'static, Sqlite>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE audit_context SET user_id = NULL, actor = NULL WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    /// A copy of this store whose changes are logged as made by `actor`.
    pub fn acting_as(&self, actor: Actor) -> Store {
        Store {
            actor: Some(std::sync::Arc::new(actor)),
            ..self.clone()
        }
    }

    /// Who this store's changes are logged as.
    pub fn actor(&self) -> Option<&Actor> {
        self.actor.as_deref()
    }

    /// Entries of the audit log, newest first.
    pub async fn audit_log(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let mut sql = String::from(
            "SELECT a.id, a.at, a.user_id, a.actor, NULLIF(u.name, ''), a.table_name, a.record_id, a.action, a.old_values, a.new_values
             FROM audit_log a LEFT JOIN users u ON u.id = a.user_id WHERE 1 = 1",
        );
        let mut binds: Vec<String> = Vec::new();
        if let Some(a) = f.actor.as_ref().filter(|a| !a.trim().is_empty()) {
            sql.push_str(" AND a.actor = ? COLLATE NOCASE");
            binds.push(a.trim().to_string());
        }
        if let Some(t) = f.table.as_ref().filter(|t| !t.trim().is_empty()) {
            sql.push_str(" AND a.table_name = ?");
            binds.push(t.trim().to_string());
        }
        if let Some(r) = f.record.as_ref().filter(|r| !r.trim().is_empty()) {
            let r = r.trim().to_string();
            sql.push_str(
                " AND (a.record_id = ? OR a.record_id LIKE ? ESCAPE '\\'
                   OR json_extract(COALESCE(a.new_values, a.old_values), '$.project_id') = ?
                   OR json_extract(COALESCE(a.new_values, a.old_values), '$.report_id') = CAST(? AS INTEGER) AND ? GLOB '[0-9]*')",
            );
            let escaped = r
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            binds.push(r.clone());
            binds.push(format!("{escaped}/%"));
            binds.push(r.clone());
            binds.push(r.clone());
            binds.push(r);
        }
        if let Some(b) = f.before {
            sql.push_str(&format!(" AND a.id < {b}"));
        }
        let limit = if f.limit == 0 { 100 } else { f.limit.min(1000) };
        sql.push_str(&format!(" ORDER BY a.id DESC LIMIT {limit}"));
        let mut q = sqlx::query_as::<
            _,
            (
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
            ),
        >(&sql);
        for b in &binds {
            q = q.bind(b);
        }
        let rows = q.fetch_all(&self.pool).await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, at, user_id, actor, actor_name, table, record_id, action, old, new)| {
                    let parse = |s: &Option<String>| -> serde_json::Map<String, serde_json::Value> {
                        s.as_deref()
                            .and_then(|s| serde_json::from_str(s).ok())
                            .unwrap_or_default()
                    };
                    let (old, new) = (parse(&old), parse(&new));
                    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
                    keys.sort();
                    keys.dedup();
                    let changes = keys
                        .into_iter()
                        .map(|k| {
                            (
                                k.clone(),
                                old.get(k).map(json_text),
                                new.get(k).map(json_text),
                            )
                        })
                        .collect();
                    AuditEntry {
                        id,
                        at,
                        user_id,
                        actor,
                        actor_name,
                        table,
                        record_id,
                        action,
                        changes,
                    }
                },
            )
            .collect())
    }

    /// The names of the records that `entries` mention (the records themselves and the ids in
    /// their values).
    pub async fn audit_names(&self, entries: &[AuditEntry]) -> Result<AuditNames, StoreError> {
        #[derive(Default)]
        struct Ids {
            projects: BTreeSet<String>,
            grants: BTreeSet<String>,
            documents: BTreeSet<String>,
            reports: BTreeSet<String>,
            users: BTreeSet<String>,
            organisations: BTreeSet<String>,
            template_versions: BTreeSet<String>,
            report_versions: BTreeSet<String>,
        }
        let mut ids = Ids::default();
        for e in entries {
            let first = e.record_id.split('/').next().unwrap_or("").to_string();
            match e.table.as_str() {
                "projects"
                | "project_themes"
                | "project_target_groups"
                | "project_learning_tools"
                | "project_links" => {
                    ids.projects.insert(first);
                }
                "grants" => {
                    ids.grants.insert(first);
                }
                "documents"
                | "document_projects"
                | "document_organisations"
                | "document_themes"
                | "document_target_groups" => {
                    ids.documents.insert(first);
                }
                "reports" => {
                    ids.reports.insert(first);
                }
                "report_versions" => {
                    ids.report_versions.insert(first);
                }
                "users" => {
                    ids.users.insert(first);
                }
                "organisations" => {
                    ids.organisations.insert(first);
                }
                "template_versions" => {
                    ids.template_versions.insert(first);
                }
                _ => {}
            }
            for (column, before, after) in &e.changes {
                let set = match column.as_str() {
                    "project_id" | "parent_id" | "related_id" => &mut ids.projects,
                    "document_id" => &mut ids.documents,
                    "report_id" => &mut ids.reports,
                    "version_id" => &mut ids.report_versions,
                    "organisation_id" => &mut ids.organisations,
                    "user_id" | "created_by" | "draft_saved_by" | "submitted_by"
                    | "reviewed_by" => &mut ids.users,
                    "template_version_id" => &mut ids.template_versions,
                    _ => continue,
                };
                set.extend(
                    before
                        .iter()
                        .chain(after)
                        .filter(|v| !v.is_empty())
                        .cloned(),
                );
            }
        }
        // Grants and report versions name their project and report.
        let grants: Vec<(String, String, i64)> = self
            .rows_in(
                "SELECT CAST(id AS TEXT), project_id, year FROM grants WHERE id",
                &ids.grants,
            )
            .await?;
        let versions: Vec<(String, String, i64)> = self
            .rows_in(
                "SELECT CAST(id AS TEXT), CAST(report_id AS TEXT), number FROM report_versions WHERE id",
                &ids.report_versions,
            )
            .await?;
        ids.projects.extend(grants.iter().map(|g| g.1.clone()));
        ids.reports.extend(versions.iter().map(|v| v.1.clone()));
        let reports: Vec<(String, String, i64, String)> = self
            .rows_in(
                "SELECT CAST(id AS TEXT), kind, year, project_id FROM reports WHERE id",
                &ids.reports,
            )
            .await?;
        ids.projects.extend(reports.iter().map(|r| r.3.clone()));
        let pairs = |rows: Vec<(String, String)>| rows.into_iter().collect::<HashMap<_, _>>();
        Ok(AuditNames {
            projects: pairs(
                self.rows_in("SELECT id, title FROM projects WHERE id", &ids.projects)
                    .await?,
            ),
            grants: grants.into_iter().map(|(id, p, y)| (id, (p, y))).collect(),
            documents: pairs(
                self.rows_in(
                    "SELECT CAST(id AS TEXT), title FROM documents WHERE id",
                    &ids.documents,
                )
                .await?,
            ),
            reports: reports
                .into_iter()
                .map(|(id, k, y, p)| (id, (k, y, p)))
                .collect(),
            users: pairs(
                self.rows_in(
                    "SELECT CAST(id AS TEXT), name FROM users WHERE id",
                    &ids.users,
                )
                .await?,
            ),
            organisations: pairs(
                self.rows_in(
                    "SELECT CAST(id AS TEXT), name FROM organisations WHERE id",
                    &ids.organisations,
                )
                .await?,
            ),
            template_versions: self
                .rows_in::<(String, String, i64)>(
                    "SELECT CAST(id AS TEXT), name, version FROM template_versions WHERE id",
                    &ids.template_versions,
                )
                .await?
                .into_iter()
                .map(|(id, n, v)| (id, (n, v)))
                .collect(),
            report_versions: versions
                .into_iter()
                .map(|(id, r, n)| (id, (r, n)))
                .collect(),
        })
    }

    /// Rows of `select` (ending in `WHERE <column>`) whose column is one of `ids`.
    async fn rows_in<T>(&self, select: &str, ids: &BTreeSet<String>) -> Result<Vec<T>, StoreError>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
    {
        let mut out = Vec::new();
        let ids: Vec<&String> = ids.iter().collect();
        for chunk in ids.chunks(500) {
            let sql = format!("{select} IN ({})", vec!["?"; chunk.len()].join(", "));
            let mut q = sqlx::query_as::<_, T>(&sql);
            for id in chunk {
                q = q.bind(id.as_str());
            }
            out.extend(q.fetch_all(&self.pool).await?);
        }
        Ok(out)
    }

    /// The audited tables, for the log's filter.
    pub async fn audited_tables(&self) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT DISTINCT table_name FROM audit_log ORDER BY table_name")
                .fetch_all(&self.pool)
                .await?,
        )
    }
}
