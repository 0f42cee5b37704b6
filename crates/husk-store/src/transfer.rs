//! Moving a whole installation from one database to another (`husk migrate --from sqlite:PATH
//! --to postgres://…`): every table's rows, ids kept, in one transaction on the target, then
//! verified by comparing each table's row count and checksum on both sides.
//!
//! The target must be empty (no tables at all), so a second run cannot mix two installations.
//! Its schema is made by the target backend's own migrations; the rows those migrations add
//! (code lists, the default template) are replaced by the source's. The audit triggers are
//! switched off while rows are copied, so the log is moved as it was and gains no entries.

use crate::backend::{self, Backend, Database};
use crate::StoreError;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};
use std::collections::{BTreeMap, BTreeSet};

/// Why an installation could not be moved. Every message is a Norwegian sentence.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("Husk flytter bare fra en SQLite-fil til PostgreSQL: skriv --from sqlite:STI --to postgres://BRUKER@VERT/DATABASE.")]
    Direction,
    #[error(
        "Databasen {database} er ikke tom: den har allerede {tables}. Husk flytter bare inn i en \
         tom database, så to installasjoner aldri blandes. Lag en ny database og prøv igjen."
    )]
    NotEmpty { database: String, tables: String },
    #[error("Fant ikke SQLite-filen {0}.")]
    NoSource(String),
    #[error(
        "Tabellen {table} har ikke de samme kolonnene i de to databasene ({detail}). Begge må \
         være på samme versjon av Husk."
    )]
    Columns { table: String, detail: String },
    #[error(
        "Kontrollen etter flyttingen fant forskjeller: {0}. Måldatabasen er beholdt som den \
         er; slett den før du prøver igjen."
    )]
    Verify(String),
}

impl From<sqlx::Error> for TransferError {
    fn from(e: sqlx::Error) -> Self {
        TransferError::Store(StoreError::Db(e))
    }
}

/// One table as moved: its rows and checksum on each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCheck {
    pub table: String,
    pub source_rows: u64,
    pub target_rows: u64,
    pub source_checksum: String,
    pub target_checksum: String,
}

impl TableCheck {
    pub fn agrees(&self) -> bool {
        self.source_rows == self.target_rows && self.source_checksum == self.target_checksum
    }
}

/// Tables that are not moved: SQLite's own bookkeeping, the audit context SQLite needs and
/// PostgreSQL does not, the migrations table (both sides are migrated to the same version), and
/// what describes the servers running on the source now (`servers`, `leases`), which are not
/// running on the target.
pub(crate) fn moved(table: &str) -> bool {
    !table.starts_with("sqlite_")
        && !matches!(
            table,
            "audit_context" | "schema_migrations" | "servers" | "leases"
        )
}

/// Moves everything from `from` (a SQLite file) into `to` (an empty PostgreSQL database).
pub async fn transfer(from: &Database, to: &Database) -> Result<Vec<TableCheck>, TransferError> {
    let (Database::SqliteFile(path), Database::Postgres(_)) = (from, to) else {
        return Err(TransferError::Direction);
    };
    if !path.is_file() {
        return Err(TransferError::NoSource(path.display().to_string()));
    }
    let (target, _) = backend::connect(to).await?;
    let existing: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
         WHERE table_schema = current_schema() ORDER BY table_name",
    )
    .fetch_all(&target)
    .await?;
    if !existing.is_empty() {
        return Err(TransferError::NotEmpty {
            database: to.display(),
            tables: husk_domain::norwegian::count(existing.len() as i64, "tabell", "tabeller"),
        });
    }
    let (source, _) = backend::connect(from).await?;
    crate::migrate::migrate(&source, Backend::Sqlite).await?;
    crate::migrate::migrate(&target, Backend::Postgres).await?;

    let tables = copy_order_postgres(&target).await?;
    let mut tx = target.begin().await?;
    let list = tables
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(", ");
    sqlx::raw_sql(&format!("TRUNCATE {list} RESTART IDENTITY"))
        .execute(&mut *tx)
        .await?;
    for t in &tables {
        sqlx::raw_sql(&format!("ALTER TABLE \"{t}\" DISABLE TRIGGER USER"))
            .execute(&mut *tx)
            .await?;
    }
    for t in &tables {
        copy_table(&source, &mut tx, t).await?;
    }
    for t in &tables {
        sqlx::raw_sql(&format!("ALTER TABLE \"{t}\" ENABLE TRIGGER USER"))
            .execute(&mut *tx)
            .await?;
        continue_identity(&mut tx, t).await?;
    }
    tx.commit().await?;

    let mut checks = Vec::new();
    for t in &tables {
        let columns = target_columns(&target, t).await?;
        let (source_rows, source_checksum) = checksum(&source, t, &columns).await?;
        let (target_rows, target_checksum) = checksum(&target, t, &columns).await?;
        checks.push(TableCheck {
            table: t.clone(),
            source_rows,
            target_rows,
            source_checksum,
            target_checksum,
        });
    }
    source.close().await;
    target.close().await;
    let wrong: Vec<String> = checks
        .iter()
        .filter(|c| !c.agrees())
        .map(|c| {
            format!(
                "{} ({} rader mot {})",
                c.table, c.source_rows, c.target_rows
            )
        })
        .collect();
    if !wrong.is_empty() {
        return Err(TransferError::Verify(husk_domain::norwegian::list(
            &wrong, "og",
        )));
    }
    Ok(checks)
}

/// On PostgreSQL: ids made later in `table` continue after the rows written with their ids.
pub(crate) async fn continue_identity(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    t: &str,
) -> Result<(), sqlx::Error> {
    let identity: Option<String> = sqlx::query_scalar(
        "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'",
    )
    .bind(t)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(c) = identity {
        sqlx::query(&format!(
            "SELECT CAST(setval(pg_get_serial_sequence('\"{t}\"', '{c}'),
                    COALESCE((SELECT MAX(\"{c}\") FROM \"{t}\"), 0) + 1, false) AS BIGINT)"
        ))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The moved tables, each after the tables it refers to.
pub(crate) async fn copy_order_postgres(target: &AnyPool) -> Result<Vec<String>, sqlx::Error> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
    )
    .fetch_all(target)
    .await?;
    let refs: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(c.conrelid::regclass AS TEXT), CAST(c.confrelid::regclass AS TEXT)
         FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace",
    )
    .fetch_all(target)
    .await?;
    let mut needs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in refs {
        let (from, to) = (
            from.trim_matches('"').to_string(),
            to.trim_matches('"').to_string(),
        );
        if from != to {
            needs.entry(from).or_default().insert(to);
        }
    }
    let mut order: Vec<String> = Vec::new();
    let mut left: Vec<String> = tables.into_iter().filter(|t| moved(t)).collect();
    while !left.is_empty() {
        let before = left.len();
        left.retain(|t| {
            let ready = needs
                .get(t)
                .is_none_or(|n| n.iter().all(|d| order.contains(d) || !moved(d)));
            if ready {
                order.push(t.clone());
            }
            !ready
        });
        if left.len() == before {
            // A cycle between tables would need deferred checks; Husk's schema has none.
            order.append(&mut left);
        }
    }
    Ok(order)
}

/// The target's columns of `table` with their types, in order.
async fn target_columns<'e>(
    target: impl sqlx::Executor<'e, Database = sqlx::Any>,
    table: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(target)
    .await
}

/// A value of a row, as read from either side.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Value {
    pub(crate) fn read(row: &AnyRow, i: usize, data_type: &str) -> Result<Value, sqlx::Error> {
        Ok(match data_type {
            "bigint" | "integer" | "smallint" => row
                .try_get::<Option<i64>, _>(i)?
                .map_or(Value::Null, Value::Int),
            "double precision" | "real" => row
                .try_get::<Option<f64>, _>(i)?
                .map_or(Value::Null, Value::Real),
            "bytea" => row
                .try_get::<Option<Vec<u8>>, _>(i)?
                .map_or(Value::Null, Value::Bytes),
            _ => row
                .try_get::<Option<String>, _>(i)?
                .map_or(Value::Null, Value::Text),
        })
    }

    /// The value as hashed: its kind and its content, so 1 and '1' differ.
    pub(crate) fn digest_into(&self, h: &mut Sha256) {
        match self {
            Value::Null => h.update(b"n"),
            Value::Int(i) => h.update(format!("i{i}")),
            Value::Real(r) => h.update(format!("r{:?}", r.to_bits())),
            Value::Text(t) => {
                h.update(format!("t{}:", t.len()));
                h.update(t.as_bytes());
            }
            Value::Bytes(b) => {
                h.update(format!("b{}:", b.len()));
                h.update(b);
            }
        }
    }
}

fn select_all(table: &str, columns: &[(String, String)]) -> String {
    let names = columns
        .iter()
        .map(|(c, _)| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    format!("SELECT {names} FROM \"{table}\"")
}

async fn copy_table(
    source: &AnyPool,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    table: &str,
) -> Result<(), TransferError> {
    let columns = target_columns(&mut **tx, table).await?;
    let source_columns: Vec<String> =
        sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
            .bind(table)
            .fetch_all(source)
            .await?;
    let want: BTreeSet<&str> = columns.iter().map(|(c, _)| c.as_str()).collect();
    let have: BTreeSet<&str> = source_columns.iter().map(String::as_str).collect();
    if want != have {
        let missing: Vec<&str> = want.difference(&have).copied().collect();
        let extra: Vec<&str> = have.difference(&want).copied().collect();
        return Err(TransferError::Columns {
            table: table.to_string(),
            detail: format!(
                "mangler i kilden: {}; bare i kilden: {}",
                if missing.is_empty() {
                    "ingen".to_string()
                } else {
                    missing.join(", ")
                },
                if extra.is_empty() {
                    "ingen".to_string()
                } else {
                    extra.join(", ")
                }
            ),
        });
    }
    let rows = sqlx::query(&select_all(table, &columns))
        .fetch_all(source)
        .await?;
    let mut values: Vec<Vec<Value>> = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut v = Vec::with_capacity(columns.len());
        for (i, (_, ty)) in columns.iter().enumerate() {
            v.push(Value::read(row, i, ty)?);
        }
        values.push(v);
    }
    drop(rows);
    // A table that refers to itself (an entry's parent) gets its rows parents first.
    if table == "projects" {
        let id = columns.iter().position(|(c, _)| c == "id");
        let parent = columns.iter().position(|(c, _)| c == "parent_id");
        if let (Some(id), Some(parent)) = (id, parent) {
            values = parents_first(values, id, parent);
        }
    }
    let names = columns
        .iter()
        .map(|(c, _)| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let per_batch = (30_000 / columns.len().max(1)).clamp(1, 1000);
    for batch in values.chunks(per_batch) {
        let mut sql = format!("INSERT INTO \"{table}\" ({names}) VALUES ");
        let mut n = 0;
        for (r, _) in batch.iter().enumerate() {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..columns.len() {
                if c > 0 {
                    sql.push_str(", ");
                }
                n += 1;
                sql.push_str(&format!("${n}"));
            }
            sql.push(')');
        }
        let mut q = sqlx::query(&sql);
        for row in batch {
            for (v, (_, ty)) in row.iter().zip(&columns) {
                q = match (v, ty.as_str()) {
                    (Value::Null, "bigint" | "integer" | "smallint") => q.bind(None::<i64>),
                    (Value::Null, "double precision" | "real") => q.bind(None::<f64>),
                    (Value::Null, "bytea") => q.bind(None::<Vec<u8>>),
                    (Value::Null, _) => q.bind(None::<String>),
                    (Value::Int(i), _) => q.bind(*i),
                    (Value::Real(r), _) => q.bind(*r),
                    (Value::Text(t), _) => q.bind(t.clone()),
                    (Value::Bytes(b), _) => q.bind(b.clone()),
                };
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Rows ordered so that each row's parent (if any) comes before it.
pub(crate) fn parents_first(rows: Vec<Vec<Value>>, id: usize, parent: usize) -> Vec<Vec<Value>> {
    let mut placed: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::with_capacity(rows.len());
    let mut left = rows;
    while !left.is_empty() {
        let before = left.len();
        let mut rest = Vec::new();
        for row in left {
            let ready = match &row[parent] {
                Value::Text(p) => placed.contains(p),
                _ => true,
            };
            if ready {
                if let Value::Text(i) = &row[id] {
                    placed.insert(i.clone());
                }
                out.push(row);
            } else {
                rest.push(row);
            }
        }
        if rest.len() == before {
            // A parent missing from the table: the foreign key will say so.
            out.extend(rest);
            break;
        }
        left = rest;
    }
    out
}

/// A table's row count and a checksum of its rows that does not depend on their order.
async fn checksum(
    pool: &AnyPool,
    table: &str,
    columns: &[(String, String)],
) -> Result<(u64, String), sqlx::Error> {
    let rows = sqlx::query(&select_all(table, columns))
        .fetch_all(pool)
        .await?;
    let mut digests: Vec<[u8; 32]> = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut h = Sha256::new();
        for (i, (name, ty)) in columns.iter().enumerate() {
            h.update(name.as_bytes());
            Value::read(row, i, ty)?.digest_into(&mut h);
        }
        digests.push(h.finalize().into());
    }
    digests.sort_unstable();
    let mut all = Sha256::new();
    for d in &digests {
        all.update(d);
    }
    let hex: String = all.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((digests.len() as u64, hex))
}
