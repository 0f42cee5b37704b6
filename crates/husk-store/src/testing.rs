//! Stores for tests, on either backend. With `HUSK_TEST_POSTGRES=postgres://USER@HOST:PORT`
//! (a server, no database) every data directory a test opens gets a database of its own on
//! that server, made on first use and the same on every later open of that directory, so a
//! test that closes and reopens its store sees its data again; without it the store is the
//! SQLite file in the data directory, as in production. `scripts/test` runs the store, HTTP
//! and CLI tests both ways.
//!
//! The databases are named `husk_test_<process>_<n>`. Each test process drops those of
//! processes that no longer run when it makes its first one, and `scripts/test` drops them all
//! after the run.

use crate::{Database, Store, StoreError};
use sqlx::Executor;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The environment variable naming the PostgreSQL server tests run on.
pub const POSTGRES_ENV: &str = "HUSK_TEST_POSTGRES";

static DATABASES: Mutex<Option<HashMap<PathBuf, String>>> = Mutex::new(None);
static SWEEP: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();

/// The PostgreSQL server the tests run on, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var(POSTGRES_ENV)
        .ok()
        .map(|s| s.trim().trim_end_matches('/').to_string())
        .filter(|s| !s.is_empty())
}

/// The database a test's data directory uses: `None` for the SQLite file in it.
pub async fn database_for(data_dir: &Path) -> Result<Option<Database>, StoreError> {
    let Some(server) = postgres_server() else {
        return Ok(None);
    };
    let key = std::path::absolute(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let known = DATABASES
        .lock()
        .expect("the test databases")
        .get_or_insert_with(HashMap::new)
        .get(&key)
        .cloned();
    let name = match known {
        Some(name) => name,
        None => {
            static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let name = format!("husk_test_{}_{n}", std::process::id());
            sqlx::any::install_default_drivers();
            let admin = sqlx::AnyPool::connect(&format!("{server}/postgres")).await?;
            SWEEP
                .get_or_init(|| async {
                    if let Err(e) = drop_abandoned(&admin).await {
                        eprintln!("could not drop old test databases: {e}");
                    }
                })
                .await;
            admin
                .execute(format!("CREATE DATABASE {name}").as_str())
                .await?;
            admin.close().await;
            DATABASES
                .lock()
                .expect("the test databases")
                .get_or_insert_with(HashMap::new)
                .insert(key, name.clone());
            name
        }
    };
    Ok(Some(Database::Postgres(format!("{server}/{name}"))))
}

/// Opens the store of a test's data directory (see the module's description).
pub async fn open(data_dir: &Path) -> Result<Store, StoreError> {
    match database_for(data_dir).await? {
        Some(db) => Store::open_database(data_dir, &db).await,
        None => Store::open(data_dir).await,
    }
}

/// Drops the test databases of processes that no longer run.
async fn drop_abandoned(admin: &sqlx::AnyPool) -> Result<(), sqlx::Error> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(datname AS TEXT) FROM pg_database WHERE datname LIKE 'husk\\_test\\_%'",
    )
    .fetch_all(admin)
    .await?;
    for name in names {
        let pid = name
            .strip_prefix("husk_test_")
            .and_then(|rest| rest.split('_').next())
            .and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            admin
                .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                .await?;
        }
    }
    Ok(())
}

/// A plain connection pool on a test's database, for a test that changes it behind the
/// store's back (to stand in for an older or newer Husk). Open the store first.
pub async fn raw_pool(data_dir: &Path) -> Result<sqlx::AnyPool, StoreError> {
    sqlx::any::install_default_drivers();
    let url = match database_for(data_dir).await? {
        Some(Database::Postgres(url)) => url,
        _ => format!("sqlite://{}", data_dir.join(crate::DB_FILE).display()),
    };
    Ok(sqlx::AnyPool::connect(&url).await?)
}
