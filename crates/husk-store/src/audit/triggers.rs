//! The audit triggers, made from the schema: per table on SQLite, who read from the one-row
//! `audit_context`; on PostgreSQL one function, `husk_audit`, attached to every table with its
//! key, secret, noise and diffed columns, who read from the transaction-local settings. This is
//! infrastructure (like `migrate.rs`): its SQL is generated per backend here and nowhere else.

use crate::Backend;
use sqlx::{Any, Transaction};

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
    "programme_reminders_sent",
    "index_changes",
    // Which server runs the scheduled work: renewed every few seconds.
    "leases",
    // Which servers run: refreshed every few seconds.
    "servers",
    // Evaluations answered without login: the log would keep when each answer came.
    "evaluation_answers",
    "evaluation_receipts",
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
