//! The servers running on a database (issue 12): each `husk serve` says it is alive every
//! [`SERVER_HEARTBEAT`] and says goodbye when it stops cleanly. What is recorded is what a
//! rolling restart needs to decide (which schema version each running server was built for)
//! and what an operator wants to see (`husk servers`).

use std::time::Duration;

use sqlx::AnyPool;

use crate::{Store, StoreError};

pub use crate::migrate::SERVER_SILENT_AFTER;

/// How often a running server refreshes its row.
pub const SERVER_HEARTBEAT: Duration = Duration::from_secs(5);

/// A server that said it was alive within [`SERVER_SILENT_AFTER`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningServer {
    pub id: String,
    pub address: String,
    pub husk_version: String,
    pub schema_version: i64,
    pub started_at: String,
    pub seen_at: String,
}

impl RunningServer {
    /// The server described for people, as the refusal of a breaking migration names it.
    pub fn describe(&self) -> String {
        format!(
            "{} (Husk {}, skjemaversjon {}), sist sett {} UTC",
            self.address, self.husk_version, self.schema_version, self.seen_at
        )
    }
}

fn silent_since() -> String {
    crate::time_text(time::OffsetDateTime::now_utc() - SERVER_SILENT_AFTER)
}

type Row = (String, String, String, i64, String, String);

fn from_row(r: Row) -> RunningServer {
    RunningServer {
        id: r.0,
        address: r.1,
        husk_version: r.2,
        schema_version: r.3,
        started_at: r.4,
        seen_at: r.5,
    }
}

/// The running servers built for a schema older than `version`, described for people.
pub(crate) async fn live_older_than(
    pool: &AnyPool,
    version: i64,
) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, address, husk_version, schema_version, started_at, seen_at FROM servers
         WHERE seen_at >= $1 AND schema_version < $2 ORDER BY address, id",
    )
    .bind(silent_since())
    .bind(version)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| from_row(r).describe()).collect())
}

impl Store {
    /// Records that the server `id` (listening on `address`) runs now, or still runs.
    pub async fn server_alive(&self, id: &str, address: &str) -> Result<(), StoreError> {
        self.server_alive_as(id, address, crate::latest_version())
            .await
    }

    /// [`Store::server_alive`] for a server built for `schema_version` (tests stand in for an
    /// older server with it).
    pub async fn server_alive_as(
        &self,
        id: &str,
        address: &str,
        schema_version: i64,
    ) -> Result<(), StoreError> {
        let now = crate::now_text();
        sqlx::query(
            "INSERT INTO servers (id, address, husk_version, schema_version, started_at, seen_at)
             VALUES ($1, $2, $3, $4, $5, $5)
             ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at",
        )
        .bind(id)
        .bind(address)
        .bind(env!("CARGO_PKG_VERSION"))
        .bind(schema_version)
        .bind(&now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Removes the server's row: it stopped cleanly. Rows of servers that died stay until
    /// [`Store::running_servers`] no longer counts them, and are removed by the next server
    /// that starts.
    pub async fn server_stopped(&self, id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM servers WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Forgets the servers silent for a long time (an hour), so the table stays short.
    pub async fn forget_stopped_servers(&self) -> Result<u64, StoreError> {
        let before = crate::time_text(time::OffsetDateTime::now_utc() - Duration::from_secs(3600));
        let done = sqlx::query("DELETE FROM servers WHERE seen_at < $1")
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// The servers that said they were alive within [`SERVER_SILENT_AFTER`], by address.
    pub async fn running_servers(&self) -> Result<Vec<RunningServer>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, address, husk_version, schema_version, started_at, seen_at FROM servers
             WHERE seen_at >= $1 ORDER BY address, id",
        )
        .bind(silent_since())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(from_row).collect())
    }
}
