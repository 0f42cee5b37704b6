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

use crate::{Backend, Store, StoreError};
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
pub(crate) async fn create_triggers(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
) -> Result<(), sqlx::Error> {
    match backend {
        Backend::Sqlite => create_sqlite_triggers(tx).await,
        Backend::Postgres => create_postgres_triggers(tx).await,
    }
}

/// The audit trigger function of PostgreSQL. Its arguments, given per table when the trigger
/// is attached: the primary key's columns, the secret, the noise and the diffed columns (each a
/// comma-separated list), the same lists that shape the SQLite triggers.
const POSTGRES_AUDIT_FUNCTION: &str = r#"
CREATE OR REPLACE FUNCTION husk_json_diff(this jsonb, other jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(jsonb_object_agg(k, v), '{}'::jsonb) FROM (
        SELECT a.key AS k, a.value AS v FROM jsonb_each(this) a
         WHERE (other -> a.key) IS DISTINCT FROM a.value
        UNION ALL
        SELECT b.key, 'null'::jsonb FROM jsonb_each(other) b WHERE NOT (this ? b.key)) d
$$;
CREATE OR REPLACE FUNCTION husk_json_object(t text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF t IS NULL THEN RETURN NULL; END IF;
    RETURN CASE WHEN jsonb_typeof(t::jsonb) = 'object' THEN t::jsonb END;
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION husk_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pk text[] := string_to_array(TG_ARGV[0], ',');
    secret text[] := string_to_array(TG_ARGV[1], ',');
    noise text[] := string_to_array(TG_ARGV[2], ',');
    diffed text[] := string_to_array(TG_ARGV[3], ',');
    o jsonb;
    n jsonb;
    rid text;
    k text;
    old_out jsonb := '{}'::jsonb;
    new_out jsonb := '{}'::jsonb;
    significant boolean := false;
    uid bigint := NULLIF(current_setting('husk.user_id', true), '')::bigint;
    who text := COALESCE(NULLIF(current_setting('husk.actor', true), ''), 'system');
BEGIN
    IF TG_OP <> 'INSERT' THEN o := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN n := to_jsonb(NEW); END IF;
    SELECT string_agg(COALESCE(n, o) ->> c, '/' ORDER BY i) INTO rid
      FROM unnest(pk) WITH ORDINALITY AS u(c, i);
    IF TG_OP = 'UPDATE' THEN
        FOR k IN SELECT jsonb_object_keys(n) LOOP
            IF (o -> k) IS DISTINCT FROM (n -> k) THEN
                IF NOT (k = ANY (noise)) THEN significant := true; END IF;
                IF k = ANY (secret) THEN
                    old_out := old_out || jsonb_build_object(k, '(skjult)');
                    new_out := new_out || jsonb_build_object(k, '(ny hemmelig verdi)');
                ELSIF k = ANY (diffed) AND husk_json_object(o ->> k) IS NOT NULL
                      AND husk_json_object(n ->> k) IS NOT NULL THEN
                    old_out := old_out || jsonb_build_object(k,
                        husk_json_diff(husk_json_object(o ->> k), husk_json_object(n ->> k)));
                    new_out := new_out || jsonb_build_object(k,
                        husk_json_diff(husk_json_object(n ->> k), husk_json_object(o ->> k)));
                ELSE
                    old_out := old_out || jsonb_build_object(k, o -> k);
                    new_out := new_out || jsonb_build_object(k, n -> k);
                END IF;
            END IF;
        END LOOP;
        IF significant THEN
            INSERT INTO audit_log (user_id, actor, table_name, record_id, action, old_values, new_values)
            VALUES (uid, who, TG_TABLE_NAME, rid, 'update', old_out::text, new_out::text);
        END IF;
        RETURN NULL;
    END IF;
    FOREACH k IN ARRAY secret LOOP
        IF o ? k THEN o := jsonb_set(o, ARRAY[k], '"(skjult)"'); END IF;
        IF n ? k THEN n := jsonb_set(n, ARRAY[k], '"(ny hemmelig verdi)"'); END IF;
    END LOOP;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit_log (user_id, actor, table_name, record_id, action, new_values)
        VALUES (uid, who, TG_TABLE_NAME, rid, 'insert', n::text);
    ELSE
        INSERT INTO audit_log (user_id, actor, table_name, record_id, action, old_values)
        VALUES (uid, who, TG_TABLE_NAME, rid, 'delete', o::text);
    END IF;
    RETURN NULL;
END $$;
"#;

/// Creates (or replaces) the audit function and attaches it to every audited table.
async fn create_postgres_triggers(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(POSTGRES_AUDIT_FUNCTION)
        .execute(&mut **tx)
        .await?;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
    )
    .fetch_all(&mut **tx)
    .await?;
    for table in tables.iter().filter(|t| !NOT_AUDITED.contains(&t.as_str())) {
        let pk: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(a.attname AS TEXT) FROM pg_index i
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
             WHERE i.indrelid = CAST($1 AS regclass) AND i.indisprimary
             ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)",
        )
        .bind(format!("\"{table}\""))
        .fetch_all(&mut **tx)
        .await?;
        if pk.is_empty() {
            return Err(sqlx::Error::Protocol(format!(
                "the table {table} has no primary key, which the audit log names records by"
            )));
        }
        let of = |list: &[(&str, &str)]| {
            list.iter()
                .filter(|(t, _)| t == table)
                .map(|(_, c)| *c)
                .collect::<Vec<_>>()
                .join(",")
        };
        let args = [
            pk.join(","),
            of(SECRET_COLUMNS),
            of(NOISE_COLUMNS),
            of(DIFFED_COLUMNS),
        ]
        .map(|a| format!("'{a}'"))
        .join(", ");
        sqlx::raw_sql(&format!(
            "DROP TRIGGER IF EXISTS audit ON \"{table}\";
             CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON \"{table}\"
                 FOR EACH ROW EXECUTE FUNCTION husk_audit({args});"
        ))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Drops and recreates the SQLite audit triggers of every audited table.
async fn create_sqlite_triggers(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
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
            sqlx::query_as("SELECT name, pk FROM pragma_table_info($1) ORDER BY cid")
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

/// `select` followed by ` IN ($1, …, $n)`.
fn in_list(select: &str, n: usize) -> String {
    let marks: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!("{select} IN ({})", marks.join(", "))
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
        match self.backend {
            Backend::Sqlite => {
                sqlx::query("UPDATE audit_context SET user_id = $1, actor = $2 WHERE id = 1")
                    .bind(user_id)
                    .bind(name)
                    .execute(&mut *tx)
                    .await?;
            }
            Backend::Postgres => {
                sqlx::query(
                    "SELECT set_config('husk.user_id', $1, true), set_config('husk.actor', $2, true)",
                )
                .bind(user_id.map(|u| u.to_string()).unwrap_or_default())
                .bind(name)
                .execute(&mut *tx)
                .await?;
            }
        }
        Ok(tx)
    }

    /// Clears the audit context and commits.
    pub(crate) async fn commit_write(mut tx: Transaction<'static, Any>) -> Result<(), sqlx::Error> {
        // PostgreSQL's settings end with the transaction; SQLite's table must be cleared (on
        // PostgreSQL there is no such table, and the statement is not sent).
        if tx.backend_name() == "SQLite" {
            sqlx::query("UPDATE audit_context SET user_id = NULL, actor = NULL WHERE id = 1")
                .execute(&mut *tx)
                .await?;
        }
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
        // The next placeholder, `$n`, for a value pushed on `binds`.
        let mark = |binds: &mut Vec<String>, value: String| {
            binds.push(value);
            format!("${}", binds.len())
        };
        if let Some(a) = f.actor.as_ref().filter(|a| !a.trim().is_empty()) {
            let m = mark(&mut binds, a.trim().to_lowercase());
            sql.push_str(&format!(" AND lower(a.actor) = {m}"));
        }
        if let Some(t) = f.table.as_ref().filter(|t| !t.trim().is_empty()) {
            let m = mark(&mut binds, t.trim().to_string());
            sql.push_str(&format!(" AND a.table_name = {m}"));
        }
        if let Some(r) = f.record.as_ref().filter(|r| !r.trim().is_empty()) {
            let r = r.trim().to_string();
            let escaped = r
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let values = "COALESCE(a.new_values, a.old_values)";
            let exact = mark(&mut binds, r.clone());
            let prefix = mark(&mut binds, format!("{escaped}/%"));
            let project = self.backend.json_text(values, "project_id");
            sql.push_str(&format!(
                " AND (a.record_id = {exact} OR a.record_id LIKE {prefix} ESCAPE '\\' OR {project} = {exact}"
            ));
            // A report's rows name it by number.
            if !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()) {
                let report = self.backend.json_text(values, "report_id");
                sql.push_str(&format!(" OR {report} = {exact}"));
            }
            sql.push(')');
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
            .rows_in_numbers(
                "SELECT CAST(id AS TEXT), project_id, year FROM grants WHERE id",
                &ids.grants,
            )
            .await?;
        let versions: Vec<(String, String, i64)> = self
            .rows_in_numbers(
                "SELECT CAST(id AS TEXT), CAST(report_id AS TEXT), number FROM report_versions WHERE id",
                &ids.report_versions,
            )
            .await?;
        ids.projects.extend(grants.iter().map(|g| g.1.clone()));
        ids.reports.extend(versions.iter().map(|v| v.1.clone()));
        let reports: Vec<(String, String, i64, String)> = self
            .rows_in_numbers(
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
                self.rows_in_numbers(
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
                self.rows_in_numbers(
                    "SELECT CAST(id AS TEXT), name FROM users WHERE id",
                    &ids.users,
                )
                .await?,
            ),
            organisations: pairs(
                self.rows_in_numbers(
                    "SELECT CAST(id AS TEXT), name FROM organisations WHERE id",
                    &ids.organisations,
                )
                .await?,
            ),
            template_versions: self
                .rows_in_numbers::<(String, String, i64)>(
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

    /// Rows of `select` (ending in `WHERE <column>`) whose text column is one of `ids`.
    async fn rows_in<T>(&self, select: &str, ids: &BTreeSet<String>) -> Result<Vec<T>, StoreError>
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
            out.extend(q.fetch_all(&self.pool).await?);
        }
        Ok(out)
    }

    /// Rows of `select` (ending in `WHERE <column>`) whose integer column is one of `ids`
    /// (given as text, as the log names records; what is not a number names no such row).
    async fn rows_in_numbers<T>(
        &self,
        select: &str,
        ids: &BTreeSet<String>,
    ) -> Result<Vec<T>, StoreError>
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
