//! The two databases Husk runs on, and the few places where their SQL differs.
//!
//! The store's SQL is written once, in the dialect both SQLite and PostgreSQL take: numbered
//! placeholders (`$1`), `INSERT … ON CONFLICT`, `RETURNING`, integer flags (0/1), text time
//! stamps made in Rust ([`crate::now_text`]), and sums cast to `BIGINT`. What cannot be written
//! so is here, named, and nowhere else: how to connect, the schema (each backend has its own
//! migrations, see `migrate.rs`), the audit triggers (`audit.rs`: generated per table on
//! SQLite, one trigger function on PostgreSQL) and the expressions below.

use crate::StoreError;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};
use std::path::PathBuf;

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the database is: the SQLite file in the data directory (the default), or a
/// PostgreSQL server (`--database postgres://USER@HOST/DB`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    SqliteFile(PathBuf),
    Postgres(String),
}

impl Database {
    /// Reads `--database`: `postgres://…` (or `postgresql://…`), or `sqlite:PATH`.
    pub fn parse(text: &str) -> Result<Database, StoreError> {
        let t = text.trim();
        if t.starts_with("postgres://") || t.starts_with("postgresql://") {
            Ok(Database::Postgres(t.to_string()))
        } else if let Some(path) = t
            .strip_prefix("sqlite://")
            .or_else(|| t.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err(StoreError::BadDatabase(text.to_string()));
            }
            Ok(Database::SqliteFile(PathBuf::from(path)))
        } else {
            Err(StoreError::BadDatabase(text.to_string()))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Database::SqliteFile(_) => Backend::Sqlite,
            Database::Postgres(_) => Backend::Postgres,
        }
    }

    /// The address without a password, for messages and the log.
    pub fn display(&self) -> String {
        match self {
            Database::SqliteFile(p) => p.display().to_string(),
            Database::Postgres(url) => match url.split_once("://") {
                Some((scheme, rest)) => match rest.split_once('@') {
                    Some((user, host)) => {
                        let user = user.split(':').next().unwrap_or(user);
                        format!("{scheme}://{user}@{host}")
                    }
                    None => url.clone(),
                },
                None => url.clone(),
            },
        }
    }
}

/// Opens a pool on `database`.
pub(crate) async fn connect(database: &Database) -> Result<(AnyPool, Backend), StoreError> {
    sqlx::any::install_default_drivers();
    match database {
        Database::SqliteFile(path) => {
            let url = format!("sqlite://{}?mode=rwc", encode_path(path));
            let pool = AnyPoolOptions::new()
                .max_connections(4)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute(
                            "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; \
                             PRAGMA busy_timeout = 10000;",
                        )
                        .await?;
                        Ok(())
                    })
                })
                .connect(&url)
                .await?;
            Ok((pool, Backend::Sqlite))
        }
        Database::Postgres(url) => {
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(std::time::Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(|source| StoreError::Connect {
                    database: database.display(),
                    source,
                })?;
            Ok((pool, Backend::Postgres))
        }
    }
}

/// A file path as the SQLite URL takes it: every byte but letters, digits and `/._-`
/// percent-encoded, so that `?`, `#` and spaces in a directory name stay part of the path.
fn encode_path(path: &std::path::Path) -> String {
    let mut out = String::new();
    for b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/._-".contains(b) {
            out.push(*b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Backend {
    /// Makes `tx` wait until no other transaction holds `key`, and hold it until it ends.
    /// SQLite has one writer at a time, so a transaction that writes first already has it;
    /// PostgreSQL runs writers at once, so a check-then-write (the login lock-out's count of
    /// earlier attempts) takes a transaction-level advisory lock on the key.
    pub(crate) async fn serialise(
        self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        key: &str,
    ) -> Result<(), sqlx::Error> {
        if self == Backend::Postgres {
            sqlx::query("SELECT CAST(pg_advisory_xact_lock(hashtext($1)) AS TEXT)")
                .bind(key)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// A JSON text column's top-level key, as text.
    pub(crate) fn json_text(self, column: &str, key: &str) -> String {
        match self {
            Backend::Sqlite => format!("CAST(json_extract({column}, '$.{key}') AS TEXT)"),
            Backend::Postgres => format!("(({column})::jsonb ->> '{key}')"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_addresses_are_read() {
        assert_eq!(
            Database::parse("postgres://husk@localhost/husk")
                .unwrap()
                .backend(),
            Backend::Postgres
        );
        assert_eq!(
            Database::parse("sqlite:/tmp/x.sqlite").unwrap(),
            Database::SqliteFile(PathBuf::from("/tmp/x.sqlite"))
        );
        assert!(Database::parse("mysql://x").is_err());
        assert_eq!(
            Database::parse("postgres://u:secret@h/db")
                .unwrap()
                .display(),
            "postgres://u@h/db"
        );
    }

    #[test]
    fn paths_keep_their_odd_characters() {
        assert_eq!(
            encode_path(std::path::Path::new("/tmp/a b?#/husk.sqlite")),
            "/tmp/a%20b%3F%23/husk.sqlite"
        );
    }
}
