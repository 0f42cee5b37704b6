//! Husk's storage: one API ([`Store`]) over an embedded SQLite file or a PostgreSQL database,
//! with versioned migrations, the portfolio register, import and export, and the demo data.
//!
//! Callers never see SQL or the database engine. Both databases are reached through one pool
//! (sqlx's `Any` driver) with SQL both understand (`$1` placeholders, `ON CONFLICT`,
//! `RETURNING`, time stamps made in Rust); where they must differ, [`backend`] says so in one
//! place, and each backend has its own migrations.
//!
//! The crate is split by the field's areas (`portfolio`, `knowledge`, `reporting`,
//! `accounts`, `programmes`, and the audit log): each folder's `mod.rs` holds the steps callers use (their
//! order, the domain's checks, the transaction) and its `sql.rs` the queries, as small
//! functions of an executor and plain values. Reads of what a viewer may or may not see take
//! the viewer ([`Store::read_as`], [`Reader`]); writes take the acting user
//! ([`Store::acting_as`]).

pub mod accounts;
pub mod audit;
pub mod backend;
pub mod backup;
pub mod demo;
pub mod innovation;
pub mod knowledge;
pub mod learning;
mod lease;
mod migrate;
pub mod municipalities;
pub mod open;
pub mod portfolio;
pub mod programmes;
mod reader;
pub mod reporting;
pub mod servers;
mod sql;
pub mod testing;
pub mod transfer;

pub use knowledge::indexing;
pub use portfolio::{import, quality};

use husk_domain::taxonomy::{
    LearningToolCategory, RecipientType, Region, TargetGroup, Theme, ThemeKind,
};
use husk_domain::{FieldErrors, Taxonomy};
use sqlx::AnyPool;
use std::path::{Path, PathBuf};

pub use accounts::{Login, User, UserInput};
pub use audit::{Actor, AuditEntry, AuditFilter, AuditNames};
pub use backend::{Backend, Database};
pub use import::{ImportFailure, ImportReport};
pub use indexing::{CatchUp, IndexStatus};
pub use knowledge::{IngestError, Ingested, StoredDocument, StoredPassage};
pub use migrate::latest_version;
pub use portfolio::{KeyFigures, ProjectDetail, Selected, StoredGrant};
pub use quality::NotesError;
pub use reader::Reader;

/// The file name of the database inside the data directory.
pub const DB_FILE: &str = "husk.sqlite";

/// Why the store failed. Every message is a Norwegian sentence; the database's and the
/// operating system's own (English) messages are in the source, for the log.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "Husk fikk ikke laget datakatalogen {}: {}.",
        .path.display(),
        husk_domain::norwegian::io_problem(.source)
    )]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", db_problem(.0))]
    Db(#[from] sqlx::Error),
    #[error(
        "«{0}» er ikke en database Husk kan bruke. Skriv postgres://BRUKER@VERT/DATABASE for \
         PostgreSQL eller sqlite:STI for en SQLite-fil."
    )]
    BadDatabase(String),
    /// The database is named by whoever reports this (the command line says which it opened).
    #[error("{}", db_problem(.source))]
    Connect {
        database: String,
        source: sqlx::Error,
    },
    #[error(
        "Husk fikk ikke oppdatert databasen til ny versjon (steg {version}, {name}). {}",
        db_problem(.source)
    )]
    Migration {
        version: i64,
        name: &'static str,
        source: sqlx::Error,
    },
    #[error("Databasen har skjemaversjon {found}, men denne versjonen av Husk kjenner bare til versjon {known}. Oppgrader Husk.")]
    TooNew { found: i64, known: i64 },
    #[error(
        "Denne versjonen av Husk må endre databasen (steg {version}, {name}) på en måte som vil \
         stanse {}: {}. Stopp dem først, og start dem igjen med den nye versjonen. En tjener \
         som stanset uten å melde fra, regnes som stoppet 20 sekunder etter at den sist meldte seg.",
        if .servers.len() == 1 { "tjeneren som kjører en eldre versjon nå" } else { "tjenerne som kjører en eldre versjon nå" },
        .servers.join("; ")
    )]
    BreakingWhileRunning {
        version: i64,
        name: &'static str,
        /// Each running older server, described for people («127.0.0.1:8080 (Husk 0.1.0,
        /// skjemaversjon 30), sist sett 2026-12-03 10:15:02»).
        servers: Vec<String>,
    },
    #[error("Fant ikke {0}.")]
    NotFound(String),
    /// The viewer may not read what they asked for (see [`Reader`]); callers answer as they
    /// answer for what is not there, or ask the public to log in.
    #[error("Du har ikke tilgang til dette.")]
    Hidden,
    #[error(transparent)]
    Search(#[from] husk_search::SearchError),
}

/// What went wrong in the database, as a Norwegian sentence (SQLite's own message is English).
pub fn db_problem(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Io(io) => format!(
            "Databasefilen kunne ikke leses eller skrives: {}.",
            husk_domain::norwegian::io_problem(io)
        ),
        sqlx::Error::PoolTimedOut => {
            "Databasen svarte ikke i tide. Prøv igjen om litt.".to_string()
        }
        sqlx::Error::PoolClosed => {
            "Databasen er lukket, fordi Husk holder på å stoppe.".to_string()
        }
        sqlx::Error::Database(d) if d.code().is_some_and(|c| c.len() == 5) => {
            // PostgreSQL's SQLSTATE: five characters, the first two the class.
            let code = d.code().unwrap_or_default();
            match &code[..2] {
                "08" => "Forbindelsen til databasetjeneren ble brutt. Prøv igjen om litt.",
                "53" => "Databasetjeneren er tom for plass eller minne. Kontakt driften.",
                "57" => "Databasetjeneren holder på å stoppe eller starte. Prøv igjen om litt.",
                "40" => "Databasen var opptatt med en annen endring. Prøv igjen.",
                "28" => "Databasetjeneren godtok ikke brukeren eller passordet i databaseadressen.",
                "3D" => "Databasen i databaseadressen finnes ikke på tjeneren. Opprett den først.",
                "42" if code == "42501" => "Databasebrukeren har ikke lov til å gjøre dette.",
                _ => "Databasen meldte en feil Husk ikke ventet. Kjør med HUSK_LOG=debug for detaljer.",
            }
            .to_string()
        }
        sqlx::Error::Database(d) => {
            // SQLite's extended result code; the primary code is its lowest byte.
            let primary = d
                .code()
                .and_then(|c| c.parse::<i32>().ok())
                .map(|c| c & 0xff);
            match primary {
                Some(5) | Some(6) => "Databasen er opptatt av en annen prosess. Prøv igjen om litt.",
                Some(8) => "Databasefilen kan bare leses. Gi Husk lov til å skrive i datakatalogen.",
                Some(10) => "Databasefilen kunne ikke leses eller skrives. Sjekk disken.",
                Some(11) | Some(26) => {
                    "Databasefilen er skadet eller er ikke en Husk-database. Bruk en sikkerhetskopi."
                }
                Some(13) => "Disken er full, så databasen kunne ikke skrives. Frigjør plass og prøv igjen.",
                Some(14) => "Databasefilen kunne ikke åpnes. Sjekk at datakatalogen finnes og at Husk kan skrive i den.",
                _ => "Databasen meldte en feil Husk ikke ventet. Kjør med HUSK_LOG=debug for detaljer.",
            }
            .to_string()
        }
        _ => "Databasen meldte en feil Husk ikke ventet. Kjør med HUSK_LOG=debug for detaljer."
            .to_string(),
    }
}

/// Saving a record failed: either the input is invalid (field by field) or the store failed.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for SaveError {
    fn from(e: sqlx::Error) -> Self {
        SaveError::Store(StoreError::Db(e))
    }
}

/// The register. Cheap to clone; all clones share one connection pool.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// Which database the pool talks to (see [`backend`] for where their SQL differs).
    backend: Backend,
    taxonomy: std::sync::Arc<Taxonomy>,
    data_dir: PathBuf,
    /// Where kept original files live: `files/` in the data directory, or a directory every
    /// server reaches ([`Store::with_files_dir`]).
    files_dir: PathBuf,
    index: std::sync::Arc<husk_search::SearchIndex>,
    /// Models derived from the whole register (similar work), rebuilt after changes.
    models: std::sync::Arc<std::sync::RwLock<knowledge::ModelCache>>,
    /// Every entry's facts in list order, with the register version they were read at.
    #[allow(clippy::type_complexity)]
    facts: std::sync::Arc<
        std::sync::RwLock<Option<(i64, std::sync::Arc<Vec<husk_domain::ProjectFacts>>)>>,
    >,
    /// The themes and target groups approved reports tagged, with the version of the
    /// reporting tables they were read at (see [`Store::reported_tags`]).
    #[allow(clippy::type_complexity)]
    reported: std::sync::Arc<
        std::sync::RwLock<Option<(i64, std::sync::Arc<reporting::ReportedTagsByEntry>)>>,
    >,
    /// The demo data is known to be loaded (see [`Store::has_demo_data`]).
    demo_loaded: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Who this handle's changes are logged as (see [`Store::acting_as`]).
    actor: Option<std::sync::Arc<audit::Actor>>,
    /// Bounds the password checks running at once (see [`accounts::PasswordGate`]).
    password_gate: std::sync::Arc<accounts::PasswordGate>,
    /// How far the index has caught up with the database (see [`indexing`]).
    index_progress: indexing::Progress,
    /// Reading and storing an uploaded document is done one at a time, so that the memory
    /// extraction may take ([`husk_search::extract::MEMORY_BUDGET`]) is not multiplied.
    heavy_work: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Store {
    /// Opens (creating and migrating if needed) the database in `data_dir`.
    pub async fn open(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        Self::open_file(&data_dir.join(DB_FILE)).await
    }

    /// Opens (creating and migrating if needed) the database file at `path`; the search index
    /// and kept files live beside it. The index may be behind the database (after a crash, or
    /// while another process adds documents): see [`Store::catch_up_index`].
    pub async fn open_file(path: &Path) -> Result<Store, StoreError> {
        let data_dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Self::open_database(&data_dir, &Database::SqliteFile(path.to_path_buf())).await
    }

    /// Opens (creating and migrating if needed) `database`, with the search index and kept
    /// files in `data_dir` (created if missing).
    pub async fn open_database(data_dir: &Path, database: &Database) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let data_dir = data_dir.to_path_buf();
        let (pool, backend) = backend::connect(database).await?;
        migrate::migrate(&pool, backend).await?;
        let taxonomy = std::sync::Arc::new(read_taxonomy(&pool).await?);
        let index_dir = data_dir.join("search");
        let index = tokio::task::spawn_blocking(move || {
            husk_search::SearchIndex::open_or_create(&index_dir)
        })
        .await
        .map_err(|e| StoreError::NotFound(format!("søkeindeksen ({e})")))??;
        let store = Store {
            pool,
            backend,
            taxonomy,
            files_dir: data_dir.join("files"),
            data_dir,
            index: std::sync::Arc::new(index),
            models: Default::default(),
            facts: Default::default(),
            reported: Default::default(),
            demo_loaded: Default::default(),
            actor: None,
            password_gate: std::sync::Arc::new(accounts::PasswordGate::for_this_machine()),
            index_progress: Default::default(),
            heavy_work: std::sync::Arc::new(tokio::sync::Semaphore::new(1)),
        };
        // The index is not caught up here: the server does it in the background while it
        // listens (`spawn_index_catch_up`), and the CLI before it searches.
        if let Err(e) = store.ensure_report_documents().await {
            tracing::error!("godkjente rapporter mangler i kunnskapsbasen: {e}");
        }
        // Participants and plan lines stored before migration 22 get their register entries.
        if let Err(e) = store.backfill_programme_entries().await {
            tracing::error!("programmenes oppføringer i registeret kunne ikke lages: {e}");
        }
        Ok(store)
    }

    /// The store with its kept original files in `dir` instead of the data directory's
    /// `files/`: a directory every server on one database reaches (files are named by their
    /// SHA-256 and written whole, so servers writing the same file do not disturb each other).
    pub fn with_files_dir(mut self, dir: PathBuf) -> Store {
        self.files_dir = dir;
        self
    }

    /// Which database this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The code lists, as loaded into this database by its migrations.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// The schema version of the open database.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(sql::schema_version(&self.pool).await?)
    }

    /// Whether the demo data (with its example classification) has been loaded here. Every
    /// page asks (for its notice); once loaded it stays loaded, so a yes is remembered.
    pub async fn has_demo_data(&self) -> Result<bool, StoreError> {
        use std::sync::atomic::Ordering;
        if self.demo_loaded.load(Ordering::Relaxed) {
            return Ok(true);
        }
        let v = sql::meta(&self.pool, "demo_loaded").await?;
        if v.is_some() {
            self.demo_loaded.store(true, Ordering::Relaxed);
        }
        Ok(v.is_some())
    }

    /// Closes the pool, flushing the write-ahead log, and lets the search index finish its
    /// merges and release its writer.
    pub async fn close(&self) {
        self.pool.close().await;
        let index = self.index.clone();
        let released = tokio::task::spawn_blocking(move || index.release_writer()).await;
        if let Ok(Err(e)) = released {
            tracing::warn!("the search index did not finish its merges: {e}");
        }
    }
}

async fn read_taxonomy(pool: &AnyPool) -> Result<Taxonomy, sqlx::Error> {
    let regions = sql::regions(pool)
        .await?
        .into_iter()
        .map(|(code, name_nb, office)| Region {
            code,
            name_nb,
            office,
        })
        .collect();
    let recipient_types = sql::recipient_types(pool)
        .await?
        .into_iter()
        .map(|(code, name_nb, name_en, summary_nb)| RecipientType {
            code,
            name_nb,
            name_en,
            summary_nb,
        })
        .collect();
    let themes = sql::themes(pool)
        .await?
        .into_iter()
        .map(
            |(code, kind, group_code, group_nb, name_nb, name_en, summary_nb)| Theme {
                code,
                kind: if kind == "outcome" {
                    ThemeKind::Outcome
                } else {
                    ThemeKind::Theme
                },
                group_code,
                group_nb,
                name_nb,
                name_en,
                summary_nb,
            },
        )
        .collect();
    let target_groups = sql::target_groups(pool)
        .await?
        .into_iter()
        .map(|(code, name_nb, name_en)| TargetGroup {
            code,
            name_nb,
            name_en,
        })
        .collect();
    let learning_tools = sql::learning_tools(pool)
        .await?
        .into_iter()
        .map(
            |(code, name_nb, name_en, summary_nb)| LearningToolCategory {
                code,
                name_nb,
                name_en,
                summary_nb,
            },
        )
        .collect();
    Ok(Taxonomy {
        regions,
        recipient_types,
        themes,
        target_groups,
        learning_tools,
    })
}

/// Now (UTC) as the database's time stamps are written: `YYYY-MM-DD HH:MM:SS`.
pub(crate) fn now_text() -> String {
    time_text(time::OffsetDateTime::now_utc())
}

/// A time (UTC) as the database's time stamps are written.
pub(crate) fn time_text(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The current calendar year (UTC), used to derive a default status.
pub(crate) fn current_year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

#[cfg(test)]
mod tests {
    #[test]
    fn current_year_is_plausible() {
        let y = super::current_year();
        assert!((2025..2100).contains(&y), "{y}");
    }
}
