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

/// The demo data, loaded once per test process into a data directory of its own (and on
/// PostgreSQL a database of its own) that [`open_demo`] copies for each test.
struct DemoTemplate {
    dir: PathBuf,
    /// The template database on PostgreSQL.
    database: Option<String>,
}

static DEMO: tokio::sync::OnceCell<DemoTemplate> = tokio::sync::OnceCell::const_new();

/// The error of [`open_demo`]: the store's, or the demo load's.
pub type DemoStoreError = Box<dyn std::error::Error + Send + Sync>;

/// Opens a store in `data_dir` that holds the demo data, as [`open`] followed by
/// `Store::load_demo` would, but copied from a template loaded once per test process (the
/// SQLite file, search index and kept files; on PostgreSQL the database is made with
/// `CREATE DATABASE … TEMPLATE`). Loading the demo takes seconds (its documents are extracted
/// and indexed), copying it milliseconds. The demo users get the template's passwords.
pub async fn open_demo(data_dir: &Path) -> Result<Store, DemoStoreError> {
    let template = DEMO.get_or_try_init(make_demo_template).await?;
    copy_dir(&template.dir, data_dir)?;
    if let (Some(server), Some(source)) = (postgres_server(), &template.database) {
        let key = std::path::absolute(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
        let name = next_database_name();
        let admin = sqlx::AnyPool::connect(&format!("{server}/postgres")).await?;
        // CREATE DATABASE refuses while another command copies the same template: try again.
        let mut tries = 0;
        loop {
            let made = admin
                .execute(format!("CREATE DATABASE {name} TEMPLATE {source}").as_str())
                .await;
            match made {
                Ok(_) => break,
                Err(_) if tries < 20 => {
                    tries += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
        admin.close().await;
        DATABASES
            .lock()
            .expect("the test databases")
            .get_or_insert_with(HashMap::new)
            .insert(key, name);
    }
    Ok(open(data_dir).await?)
}

fn next_database_name() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("husk_test_{}_demo{n}", std::process::id())
}

async fn make_demo_template() -> Result<DemoTemplate, DemoStoreError> {
    let base = std::env::temp_dir();
    // Templates of test processes that have ended.
    if let Ok(entries) = std::fs::read_dir(&base) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let pid = name
                .strip_prefix("husk-demo-template-")
                .and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|p| !Path::new(&format!("/proc/{p}")).exists()) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let dir = base.join(format!("husk-demo-template-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = open(&dir).await?;
    store.load_demo().await?;
    store.close().await;
    drop(store);
    let key = std::path::absolute(&dir).unwrap_or_else(|_| dir.clone());
    let database = DATABASES
        .lock()
        .expect("the test databases")
        .get_or_insert_with(HashMap::new)
        .get(&key)
        .cloned();
    Ok(DemoTemplate { dir, database })
}

/// Copies the files of `from` into `to` (made if missing), folder by folder. A file that is
/// gone by the time it is copied (a lock or journal file of the template's closed store) is
/// left out; any other failure names the file.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    let named = |path: &Path, e: std::io::Error| {
        std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
    };
    std::fs::create_dir_all(to).map_err(|e| named(to, e))?;
    for entry in std::fs::read_dir(from).map_err(|e| named(from, e))? {
        let entry = entry.map_err(|e| named(from, e))?;
        let target = to.join(entry.file_name());
        let path = entry.path();
        if entry.file_type().map_err(|e| named(&path, e))?.is_dir() {
            copy_dir(&path, &target)?;
        } else if !entry.file_name().to_string_lossy().ends_with(".lock") {
            // The index's lock files belong to the process holding them, not to the data.
            match std::fs::copy(&path, &target) {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !path.exists() => {}
                Err(e) => return Err(named(&path, e)),
            }
        }
    }
    Ok(())
}

pub use crate::migrate::LaterMigration;

/// Runs `later` on the store's database as a newer Husk would at its start (after this
/// build's own migrations, which are done): what a rolling restart meets.
pub async fn migrate_as_later_version(
    store: &Store,
    later: &[LaterMigration],
) -> Result<Vec<i64>, StoreError> {
    crate::migrate::migrate_with(&store.pool, store.backend, later).await
}

/// Runs this build's migrations on the store's database, as this build does when it starts
/// (to see whether it would start on a database a newer Husk migrated).
pub async fn migrate_as_this_version(store: &Store) -> Result<Vec<i64>, StoreError> {
    crate::migrate::migrate(&store.pool, store.backend).await
}

/// Makes the server `id` look as if it last said it was alive `ago` ago (a server that died).
pub async fn age_server(
    store: &Store,
    id: &str,
    ago: std::time::Duration,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE servers SET seen_at = $1 WHERE id = $2")
        .bind(crate::time_text(time::OffsetDateTime::now_utc() - ago))
        .bind(id)
        .execute(&store.pool)
        .await?;
    Ok(())
}
