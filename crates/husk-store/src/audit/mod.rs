//! The audit log: every change to any record, with who made it, when, and the values before and
//! after.
//!
//! Triggers on every table write the log, so no write path can forget it. Who made a change is
//! set by every write transaction first (through [`Store::begin_write`]):
//! - on SQLite in the one-row table `audit_context`, cleared again before the commit; SQLite has
//!   one writer at a time, so the context belongs to the transaction that set it;
//! - on PostgreSQL in the transaction-local settings `husk.user_id` and `husk.actor`, which one
//!   trigger function (`husk_audit`) reads; they end with the transaction, so writers at once
//!   never see each other's.
//!
//! Writes made without a context (migrations) are logged as `system`.

mod sql;
mod triggers;

pub(crate) use triggers::create_triggers;

use crate::{Store, StoreError};
use serde::Serialize;
use sqlx::{Any, Transaction};
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
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let (user_id, name) = match &self.actor {
            Some(a) => (a.user_id, a.name.clone()),
            None => (None, "system".to_string()),
        };
        sql::set_context(&mut tx, self.backend, user_id, &name).await?;
        Ok(tx)
    }

    /// Clears the audit context and commits.
    pub(crate) async fn commit_write(mut tx: Transaction<'static, Any>) -> Result<(), sqlx::Error> {
        // PostgreSQL's settings end with the transaction; SQLite's table must be cleared (on
        // PostgreSQL there is no such table, and the statement is not sent).
        if tx.backend_name() == "SQLite" {
            sql::clear_sqlite_context(&mut *tx).await?;
        }
        tx.commit().await
    }

    /// The newest audit-log entry about any of `tables`: every write to them passes through
    /// the log, so what was read at this version is still right while it stays the same.
    pub(crate) async fn audit_version(&self, tables: &[&str]) -> Result<i64, StoreError> {
        Ok(sql::version(&self.pool, tables).await?)
    }

    /// [`Store::audit_version`] of two groups of tables, asked in one statement.
    pub(crate) async fn audit_versions(
        &self,
        first: &[&str],
        second: &[&str],
    ) -> Result<(i64, i64), StoreError> {
        Ok(sql::versions(&self.pool, first, second).await?)
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
        let actor = f
            .actor
            .as_ref()
            .map(|a| a.trim().to_lowercase())
            .filter(|a| !a.is_empty());
        let query = sql::LogQuery {
            actor: actor.as_deref(),
            table: f.table.as_deref().map(str::trim).filter(|t| !t.is_empty()),
            record: f.record.as_deref().map(str::trim).filter(|r| !r.is_empty()),
            before: f.before,
            limit: if f.limit == 0 { 100 } else { f.limit.min(1000) },
        };
        let rows = sql::entries(&self.pool, self.backend, &query).await?;
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
        let mut conn = self.pool.acquire().await?;
        let grants = sql::grants(&mut conn, &ids.grants).await?;
        let versions = sql::report_versions(&mut conn, &ids.report_versions).await?;
        ids.projects.extend(grants.iter().map(|g| g.1.clone()));
        ids.reports.extend(versions.iter().map(|v| v.1.clone()));
        let reports = sql::reports(&mut conn, &ids.reports).await?;
        ids.projects.extend(reports.iter().map(|r| r.3.clone()));
        let pairs = |rows: Vec<(String, String)>| rows.into_iter().collect::<HashMap<_, _>>();
        Ok(AuditNames {
            projects: pairs(sql::projects(&mut conn, &ids.projects).await?),
            grants: grants.into_iter().map(|(id, p, y)| (id, (p, y))).collect(),
            documents: pairs(sql::documents(&mut conn, &ids.documents).await?),
            reports: reports
                .into_iter()
                .map(|(id, k, y, p)| (id, (k, y, p)))
                .collect(),
            users: pairs(sql::users(&mut conn, &ids.users).await?),
            organisations: pairs(sql::organisations(&mut conn, &ids.organisations).await?),
            template_versions: sql::template_versions(&mut conn, &ids.template_versions)
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

    /// The audited tables, for the log's filter.
    pub async fn audited_tables(&self) -> Result<Vec<String>, StoreError> {
        Ok(sql::tables(&self.pool).await?)
    }
}
