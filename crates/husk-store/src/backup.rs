//! Backups and restores of a whole installation (`husk backup FILE`, `husk restore FILE`), on
//! either backend and between them.
//!
//! A backup is a zip file: `manifest.json` (format, Husk's schema version, when, from which
//! backend, each table's columns, row count and checksum, each kept file's size and SHA-256),
//! `tables/NAME.jsonl` (one JSON array per row, in the manifest's column order; bytes as hex)
//! and `files/…` (the kept original files). The search index is not in it: it is rebuilt from
//! the database's documents and passages when the restored installation opens.
//!
//! The rows are read in one read-only transaction (on PostgreSQL `REPEATABLE READ`, on SQLite a
//! read transaction over the write-ahead log), so the backup is one consistent snapshot while
//! servers keep running. Kept files are written before the row that names them is committed and
//! never changed, so every file the snapshot names is there when the files are copied after it.
//!
//! A restore goes into an installation with no data of its own (only what migrations add)
//! unless forced, needs a backup of this build's schema version, writes every row in one
//! transaction with the audit triggers off (the audit log is restored as it was and gains
//! nothing), then checks each table's row count and checksum and each kept file's SHA-256
//! against the manifest. Nothing is half restored: a refused or failed restore leaves the
//! database as it was.

use crate::backend::{self, Backend, Database};
use crate::transfer::{copy_order_postgres, moved, parents_first, Value};
use crate::StoreError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::AnyPool;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What `manifest.json` says the file is.
pub const FORMAT: &str = "husk-sikkerhetskopi";
const FORMAT_VERSION: u32 = 1;

/// Why a backup or restore did not happen. Every message is a Norwegian sentence.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("Husk fikk ikke {action} {}: {}.", .path.display(), husk_domain::norwegian::io_problem(.source))]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Filen {} er ikke en sikkerhetskopi fra Husk: {detail}.", .path.display())]
    NotABackup { path: PathBuf, detail: String },
    #[error(
        "Sikkerhetskopien er fra skjemaversjon {found}, men denne versjonen av Husk har \
         skjemaversjon {known}. Gjenopprett med samme versjon av Husk som tok kopien, og \
         oppgrader etterpå."
    )]
    Version { found: i64, known: i64 },
    #[error(
        "Installasjonen har allerede data ({what}). Husk gjenoppretter bare i en tom \
         installasjon, så ingenting overskrives ved en feil. Bruk --force for å erstatte alt \
         som er der."
    )]
    NotEmpty { what: String },
    #[error(
        "Tabellen {table} har ikke de samme kolonnene i sikkerhetskopien og databasen \
         ({detail})."
    )]
    Columns { table: String, detail: String },
    #[error(
        "Kontrollen av gjenopprettingen fant forskjeller: {0}. Ingenting er gjenopprettet; \
         databasen er som før."
    )]
    Verify(String),
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> Self {
        BackupError::Store(StoreError::Db(e))
    }
}

/// The kind of a column's values, the same on both backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Int,
    Real,
    Text,
    Bytes,
}

impl Kind {
    /// From PostgreSQL's `information_schema` type or SQLite's declared type.
    fn of(declared: &str) -> Kind {
        let d = declared.to_ascii_lowercase();
        if d.contains("int") {
            Kind::Int
        } else if d.contains("real") || d.contains("double") || d.contains("float") {
            Kind::Real
        } else if d.contains("blob") || d.contains("bytea") {
            Kind::Bytes
        } else {
            Kind::Text
        }
    }

    /// The type name `transfer::Value::read` takes.
    fn type_name(self) -> &'static str {
        match self {
            Kind::Int => "bigint",
            Kind::Real => "double precision",
            Kind::Text => "text",
            Kind::Bytes => "bytea",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ColumnInfo {
    pub name: String,
    pub kind: Kind,
}

/// One table in a backup.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableInfo {
    pub name: String,
    pub columns: Vec<ColumnInfo>,
    pub rows: u64,
    pub checksum: String,
}

/// One kept file in a backup, by its path under the data directory's `files/`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileInfo {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub schema_version: i64,
    pub created_at: String,
    pub backend: String,
    pub tables: Vec<TableInfo>,
    pub files: Vec<FileInfo>,
}

impl Manifest {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> BackupError + 'a {
    move |source| BackupError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Int(i) => (*i).into(),
        Value::Real(r) => serde_json::Number::from_f64(*r)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::Text(t) => t.clone().into(),
        Value::Bytes(b) => hex(b).into(),
    }
}

fn from_json(v: &serde_json::Value, kind: Kind) -> Option<Value> {
    Some(match (v, kind) {
        (serde_json::Value::Null, _) => Value::Null,
        (serde_json::Value::Number(n), Kind::Int) => Value::Int(n.as_i64()?),
        (serde_json::Value::Number(n), Kind::Real) => Value::Real(n.as_f64()?),
        (serde_json::Value::String(s), Kind::Text) => Value::Text(s.clone()),
        (serde_json::Value::String(s), Kind::Bytes) => Value::Bytes(unhex(s)?),
        _ => return None,
    })
}

/// A table's checksum as the backup and the check after a restore compute it: over every
/// row's column names and values, independent of the rows' order.
#[derive(Default)]
struct Checksum {
    rows: Vec<[u8; 32]>,
}

impl Checksum {
    fn add(&mut self, columns: &[ColumnInfo], row: &[Value]) {
        let mut h = Sha256::new();
        for (c, v) in columns.iter().zip(row) {
            h.update(c.name.as_bytes());
            v.digest_into(&mut h);
        }
        self.rows.push(h.finalize().into());
    }

    fn finish(mut self) -> (u64, String) {
        self.rows.sort_unstable();
        let mut all = Sha256::new();
        for d in &self.rows {
            all.update(d);
        }
        (self.rows.len() as u64, hex(&all.finalize()[..8]))
    }
}

/// The tables a backup holds, in name order.
async fn tables<'e>(
    ex: impl sqlx::Executor<'e, Database = sqlx::Any>,
    backend: Backend,
) -> Result<Vec<String>, sqlx::Error> {
    let sql = match backend {
        Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
             ORDER BY table_name"
        }
    };
    let all: Vec<String> = sqlx::query_scalar(sql).fetch_all(ex).await?;
    Ok(all.into_iter().filter(|t| moved(t)).collect())
}

async fn columns<'e>(
    ex: impl sqlx::Executor<'e, Database = sqlx::Any>,
    backend: Backend,
    table: &str,
) -> Result<Vec<ColumnInfo>, sqlx::Error> {
    let sql = match backend {
        Backend::Sqlite => "SELECT name, type FROM pragma_table_info($1) ORDER BY cid",
        Backend::Postgres => {
            "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT)
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1
             ORDER BY ordinal_position"
        }
    };
    let rows: Vec<(String, String)> = sqlx::query_as(sql).bind(table).fetch_all(ex).await?;
    Ok(rows
        .into_iter()
        .map(|(name, declared)| ColumnInfo {
            kind: Kind::of(&declared),
            name,
        })
        .collect())
}

fn select_all(table: &str, columns: &[ColumnInfo]) -> String {
    let names = columns
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect::<Vec<_>>()
        .join(", ");
    format!("SELECT {names} FROM \"{table}\"")
}

fn read_row(row: &sqlx::any::AnyRow, columns: &[ColumnInfo]) -> Result<Vec<Value>, sqlx::Error> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| Value::read(row, i, c.kind.type_name()))
        .collect()
}

/// Every kept file under `dir`, as (path relative to it with `/`, full path), sorted.
fn kept_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, BackupError> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(io("lese mappen", &d))? {
            let entry = entry.map_err(io("lese mappen", &d))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().to_string())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, path));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Writes a backup of the installation whose kept files are in `files` (its database
/// `database`) to `out`: see the module's description. The file appears whole or not at all
/// (it is written beside `out` and renamed).
pub async fn backup(
    files: &Path,
    database: &Database,
    out: &Path,
) -> Result<Manifest, BackupError> {
    let (pool, backend) = backend::connect(database).await?;
    crate::migrate::migrate(&pool, backend).await?;
    let schema_version: i64 = crate::sql::schema_version(&pool).await?;
    let partial = out.with_extension("delvis");
    let file = std::fs::File::create(&partial).map_err(io("skrive", &partial))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let result = write_backup(&pool, backend, files, &mut zip, options, schema_version).await;
    pool.close().await;
    let manifest = match result {
        Ok(m) => m,
        Err(e) => {
            drop(zip);
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    let finished = zip
        .finish()
        .map_err(|e| std::io::Error::other(e.to_string()))
        .and_then(|w| w.into_inner().map_err(|e| e.into_error()))
        .and_then(|f| f.sync_all());
    if let Err(e) = finished {
        let _ = std::fs::remove_file(&partial);
        return Err(io("skrive", out)(e));
    }
    std::fs::rename(&partial, out).map_err(io("skrive", out))?;
    Ok(manifest)
}

async fn write_backup<W: Write + std::io::Seek>(
    pool: &AnyPool,
    backend: Backend,
    kept: &Path,
    zip: &mut zip::ZipWriter<W>,
    options: zip::write::SimpleFileOptions,
    schema_version: i64,
) -> Result<Manifest, BackupError> {
    let zip_err = |e: zip::result::ZipError| BackupError::Io {
        action: "skrive sikkerhetskopien",
        path: PathBuf::from("zip"),
        source: std::io::Error::other(e.to_string()),
    };
    let mut tx = pool.begin().await?;
    if backend == Backend::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *tx)
            .await?;
    }
    let mut infos = Vec::new();
    for table in tables(&mut *tx, backend).await? {
        let cols = columns(&mut *tx, backend, &table).await?;
        zip.start_file(format!("tables/{table}.jsonl"), options)
            .map_err(zip_err)?;
        let mut sum = Checksum::default();
        let rows = sqlx::query(&select_all(&table, &cols))
            .fetch_all(&mut *tx)
            .await?;
        for row in &rows {
            let values = read_row(row, &cols)?;
            sum.add(&cols, &values);
            let line: Vec<serde_json::Value> = values.iter().map(to_json).collect();
            let mut text = serde_json::to_string(&line).unwrap_or_default();
            text.push('\n');
            zip.write_all(text.as_bytes())
                .map_err(io("skrive sikkerhetskopien", Path::new(&table)))?;
        }
        let (rows, checksum) = sum.finish();
        infos.push(TableInfo {
            name: table,
            columns: cols,
            rows,
            checksum,
        });
    }
    tx.rollback().await?;
    let mut files = Vec::new();
    for (rel, path) in kept_files(kept)? {
        let bytes = std::fs::read(&path).map_err(io("lese", &path))?;
        zip.start_file(format!("files/{rel}"), options)
            .map_err(zip_err)?;
        zip.write_all(&bytes)
            .map_err(io("skrive sikkerhetskopien", &path))?;
        files.push(FileInfo {
            path: rel,
            bytes: bytes.len() as u64,
            sha256: hex(&Sha256::digest(&bytes)),
        });
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        schema_version,
        created_at: crate::now_text(),
        backend: match backend {
            Backend::Sqlite => "sqlite".into(),
            Backend::Postgres => "postgres".into(),
        },
        tables: infos,
        files,
    };
    zip.start_file("manifest.json", options).map_err(zip_err)?;
    zip.write_all(
        serde_json::to_string_pretty(&manifest)
            .unwrap_or_default()
            .as_bytes(),
    )
    .map_err(io("skrive sikkerhetskopien", Path::new("manifest.json")))?;
    Ok(manifest)
}

/// Reads a backup's manifest (and checks that it is one).
pub fn read_manifest(file: &Path) -> Result<Manifest, BackupError> {
    let mut archive = open_archive(file)?;
    manifest_of(&mut archive, file)
}

fn open_archive(file: &Path) -> Result<zip::ZipArchive<std::fs::File>, BackupError> {
    let f = std::fs::File::open(file).map_err(io("lese", file))?;
    zip::ZipArchive::new(f).map_err(|_| BackupError::NotABackup {
        path: file.to_path_buf(),
        detail: "den er ikke en zip-fil".into(),
    })
}

fn manifest_of(
    archive: &mut zip::ZipArchive<std::fs::File>,
    file: &Path,
) -> Result<Manifest, BackupError> {
    let not = |detail: String| BackupError::NotABackup {
        path: file.to_path_buf(),
        detail,
    };
    let mut text = String::new();
    archive
        .by_name("manifest.json")
        .map_err(|_| not("manifest.json mangler".into()))?
        .read_to_string(&mut text)
        .map_err(|e| not(format!("manifest.json kan ikke leses ({e})")))?;
    let m: Manifest = serde_json::from_str(&text)
        .map_err(|e| not(format!("manifest.json er ikke gyldig ({e})")))?;
    if m.format != FORMAT || m.format_version != FORMAT_VERSION {
        return Err(not(format!(
            "manifest.json sier «{}» versjon {}",
            m.format, m.format_version
        )));
    }
    Ok(m)
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    pub manifest: Manifest,
    /// Tables whose rows were checked against the manifest (all of them when it succeeds).
    pub tables_checked: usize,
    pub files_checked: usize,
}

/// Tables whose rows mean an installation has data of its own (not only what migrations add).
const DATA_TABLES: &[(&str, &str, &str)] = &[
    ("projects", "oppføring", "oppføringer"),
    ("documents", "dokument", "dokumenter"),
    ("users", "bruker", "brukere"),
    ("reports", "rapport", "rapporter"),
];

/// Restores the backup `file` into the installation in `data_dir` (its database `database`,
/// its kept files in `files`): see the module's description. With `force` an installation with
/// data is emptied first.
pub async fn restore(
    data_dir: &Path,
    files: &Path,
    database: &Database,
    file: &Path,
    force: bool,
) -> Result<Restored, BackupError> {
    let mut archive = open_archive(file)?;
    let manifest = manifest_of(&mut archive, file)?;
    let known = crate::migrate::latest_version();
    if manifest.schema_version != known {
        return Err(BackupError::Version {
            found: manifest.schema_version,
            known,
        });
    }
    std::fs::create_dir_all(data_dir).map_err(io("lage mappen", data_dir))?;
    let (pool, backend) = backend::connect(database).await?;
    crate::migrate::migrate(&pool, backend).await?;
    let result = restore_rows(&pool, backend, &mut archive, file, &manifest, force).await;
    pool.close().await;
    result?;
    let files_checked = restore_files(files, &mut archive, file, &manifest, force)?;
    // The index is rebuilt from the restored documents when the installation opens.
    let index = data_dir.join("search");
    if index.exists() {
        std::fs::remove_dir_all(&index).map_err(io("slette den gamle søkeindeksen", &index))?;
    }
    Ok(Restored {
        tables_checked: manifest.tables.len(),
        files_checked,
        manifest,
    })
}

async fn restore_rows(
    pool: &AnyPool,
    backend: Backend,
    archive: &mut zip::ZipArchive<std::fs::File>,
    file: &Path,
    manifest: &Manifest,
    force: bool,
) -> Result<(), BackupError> {
    if !force {
        let mut found = Vec::new();
        for (table, one, many) in DATA_TABLES {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\""))
                .fetch_one(pool)
                .await?;
            if n > 0 {
                found.push(husk_domain::norwegian::count(n, one, many));
            }
        }
        if !found.is_empty() {
            return Err(BackupError::NotEmpty {
                what: husk_domain::norwegian::list(&found, "og"),
            });
        }
    }
    let here = tables(pool, backend).await?;
    let order: Vec<String> = match backend {
        Backend::Postgres => copy_order_postgres(pool).await?,
        Backend::Sqlite => here.clone(),
    };
    let by_name: BTreeMap<&str, &TableInfo> = manifest
        .tables
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();
    let mut missing: Vec<&str> = here
        .iter()
        .map(String::as_str)
        .filter(|t| !by_name.contains_key(t))
        .collect();
    missing.extend(
        manifest
            .tables
            .iter()
            .map(|t| t.name.as_str())
            .filter(|t| !here.iter().any(|h| h == t)),
    );
    if let Some(t) = missing.first() {
        return Err(BackupError::Columns {
            table: t.to_string(),
            detail: "tabellen finnes bare på den ene siden".into(),
        });
    }
    let mut tx = pool.begin().await?;
    let sqlite_triggers: Vec<(String, String)> = match backend {
        Backend::Sqlite => {
            sqlx::query_as("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
                .fetch_all(&mut *tx)
                .await?
        }
        Backend::Postgres => Vec::new(),
    };
    match backend {
        Backend::Postgres => {
            let list = order
                .iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(", ");
            sqlx::raw_sql(&format!("TRUNCATE {list} RESTART IDENTITY"))
                .execute(&mut *tx)
                .await?;
            for t in &order {
                sqlx::raw_sql(&format!("ALTER TABLE \"{t}\" DISABLE TRIGGER USER"))
                    .execute(&mut *tx)
                    .await?;
            }
        }
        Backend::Sqlite => {
            sqlx::raw_sql("PRAGMA defer_foreign_keys = ON")
                .execute(&mut *tx)
                .await?;
            // Every trigger (the audit log's, the index's change log) is off while rows are
            // written, and made again from its own definition afterwards.
            for (name, _) in &sqlite_triggers {
                sqlx::raw_sql(&format!("DROP TRIGGER \"{name}\""))
                    .execute(&mut *tx)
                    .await?;
            }
            for t in &order {
                sqlx::raw_sql(&format!("DELETE FROM \"{t}\""))
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    for t in &order {
        let info = by_name[t.as_str()];
        let cols = columns(&mut *tx, backend, t).await?;
        let mut want: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
        let mut have: Vec<&str> = info.columns.iter().map(|c| c.name.as_str()).collect();
        want.sort_unstable();
        have.sort_unstable();
        if want != have {
            return Err(BackupError::Columns {
                table: t.clone(),
                detail: format!(
                    "i databasen: {}; i kopien: {}",
                    want.join(", "),
                    have.join(", ")
                ),
            });
        }
        let mut rows = read_table(archive, file, info)?;
        if t == "projects" {
            let id = info.columns.iter().position(|c| c.name == "id");
            let parent = info.columns.iter().position(|c| c.name == "parent_id");
            if let (Some(id), Some(parent)) = (id, parent) {
                rows = parents_first(rows, id, parent);
            }
        }
        insert_rows(&mut tx, t, &info.columns, &cols, &rows).await?;
    }
    match backend {
        Backend::Postgres => {
            for t in &order {
                sqlx::raw_sql(&format!("ALTER TABLE \"{t}\" ENABLE TRIGGER USER"))
                    .execute(&mut *tx)
                    .await?;
                crate::transfer::continue_identity(&mut tx, t).await?;
            }
        }
        Backend::Sqlite => {
            for (_, sql) in &sqlite_triggers {
                sqlx::raw_sql(sql).execute(&mut *tx).await?;
            }
        }
    }
    // Checked before it is committed: a restore that does not match the backup leaves the
    // database as it was.
    verify(&mut tx, backend, manifest).await?;
    tx.commit().await?;
    Ok(())
}

/// A table's rows from the backup, each in the manifest's column order.
fn read_table(
    archive: &mut zip::ZipArchive<std::fs::File>,
    file: &Path,
    info: &TableInfo,
) -> Result<Vec<Vec<Value>>, BackupError> {
    let name = format!("tables/{}.jsonl", info.name);
    let not = |detail: String| BackupError::NotABackup {
        path: file.to_path_buf(),
        detail,
    };
    let mut text = String::new();
    archive
        .by_name(&name)
        .map_err(|_| not(format!("{name} mangler")))?
        .read_to_string(&mut text)
        .map_err(|e| not(format!("{name} kan ikke leses ({e})")))?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let cells: Vec<serde_json::Value> =
            serde_json::from_str(line).map_err(|e| not(format!("{name}, linje {}: {e}", n + 1)))?;
        if cells.len() != info.columns.len() {
            return Err(not(format!(
                "{name}, linje {}: {} verdier, ventet {}",
                n + 1,
                cells.len(),
                info.columns.len()
            )));
        }
        let row = cells
            .iter()
            .zip(&info.columns)
            .map(|(v, c)| {
                from_json(v, c.kind).ok_or_else(|| {
                    not(format!(
                        "{name}, linje {}, kolonnen {}: ventet {:?}",
                        n + 1,
                        c.name,
                        c.kind
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        rows.push(row);
    }
    Ok(rows)
}

async fn insert_rows(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    table: &str,
    from: &[ColumnInfo],
    to: &[ColumnInfo],
    rows: &[Vec<Value>],
) -> Result<(), sqlx::Error> {
    // Values in the target's column order.
    let place: Vec<usize> = to
        .iter()
        .map(|c| from.iter().position(|f| f.name == c.name).unwrap_or(0))
        .collect();
    let names = to
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect::<Vec<_>>()
        .join(", ");
    let per_batch = (30_000 / to.len().max(1)).clamp(1, 500);
    for batch in rows.chunks(per_batch) {
        let mut sql = format!("INSERT INTO \"{table}\" ({names}) VALUES ");
        let mut n = 0;
        for r in 0..batch.len() {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..to.len() {
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
            for (c, &p) in to.iter().zip(&place) {
                q = match (&row[p], c.kind) {
                    (Value::Null, Kind::Int) => q.bind(None::<i64>),
                    (Value::Null, Kind::Real) => q.bind(None::<f64>),
                    (Value::Null, Kind::Bytes) => q.bind(None::<Vec<u8>>),
                    (Value::Null, Kind::Text) => q.bind(None::<String>),
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

/// Each table's row count and checksum now, against the manifest's.
async fn verify(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    backend: Backend,
    manifest: &Manifest,
) -> Result<(), BackupError> {
    let mut wrong = Vec::new();
    for info in &manifest.tables {
        let cols = columns(&mut **tx, backend, &info.name).await?;
        // In the backup's column order, so the checksum is computed alike.
        let ordered: Vec<ColumnInfo> = info
            .columns
            .iter()
            .filter_map(|c| cols.iter().find(|x| x.name == c.name).cloned())
            .collect();
        let mut sum = Checksum::default();
        for row in sqlx::query(&select_all(&info.name, &ordered))
            .fetch_all(&mut **tx)
            .await?
        {
            let values = read_row(&row, &ordered)?;
            // The backup's kinds decide how a value is hashed (an integer column read as a
            // number on both backends).
            sum.add(&info.columns, &values);
        }
        let (rows, checksum) = sum.finish();
        if rows != info.rows || checksum != info.checksum {
            wrong.push(format!(
                "{} ({} rader mot {} i kopien)",
                info.name, rows, info.rows
            ));
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(BackupError::Verify(husk_domain::norwegian::list(
            &wrong, "og",
        )))
    }
}

/// Writes the kept files, each checked against its SHA-256. With `force` the files there
/// before are removed first.
fn restore_files(
    kept: &Path,
    archive: &mut zip::ZipArchive<std::fs::File>,
    file: &Path,
    manifest: &Manifest,
    force: bool,
) -> Result<usize, BackupError> {
    if force && kept.exists() {
        std::fs::remove_dir_all(kept).map_err(io("slette", kept))?;
    }
    let mut wrong = Vec::new();
    for f in &manifest.files {
        if f.path
            .split('/')
            .any(|part| part == ".." || part.is_empty())
        {
            return Err(BackupError::NotABackup {
                path: file.to_path_buf(),
                detail: format!("filnavnet «{}» peker ut av mappen", f.path),
            });
        }
        let mut bytes = Vec::new();
        archive
            .by_name(&format!("files/{}", f.path))
            .map_err(|_| BackupError::NotABackup {
                path: file.to_path_buf(),
                detail: format!("filen {} mangler", f.path),
            })?
            .read_to_end(&mut bytes)
            .map_err(io("lese", file))?;
        if hex(&Sha256::digest(&bytes)) != f.sha256 {
            wrong.push(f.path.clone());
            continue;
        }
        let target = kept.join(&f.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io("lage mappen", parent))?;
        }
        std::fs::write(&target, &bytes).map_err(io("skrive", &target))?;
    }
    if !wrong.is_empty() {
        return Err(BackupError::Verify(format!(
            "{} har en annen sjekksum enn i manifestet",
            husk_domain::norwegian::list(&wrong, "og")
        )));
    }
    Ok(manifest.files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_as_hex_and_kinds_come_from_either_backend() {
        assert_eq!(
            unhex(&hex(&[0, 1, 254, 255])).unwrap(),
            vec![0, 1, 254, 255]
        );
        assert!(unhex("abc").is_none());
        assert_eq!(Kind::of("INTEGER"), Kind::Int);
        assert_eq!(Kind::of("bigint"), Kind::Int);
        assert_eq!(Kind::of("double precision"), Kind::Real);
        assert_eq!(Kind::of("BLOB"), Kind::Bytes);
        assert_eq!(Kind::of("TEXT"), Kind::Text);
        assert_eq!(
            from_json(&to_json(&Value::Real(0.1)), Kind::Real),
            Some(Value::Real(0.1))
        );
    }
}
