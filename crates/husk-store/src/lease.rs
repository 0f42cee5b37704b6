//! Leases (issue 12): of several servers on one database, exactly one runs a piece of scheduled
//! work at a time. A server takes the lease named for the work when nobody holds it or the
//! holder's time has run out, renews it while it works, and gives it up when it stops; when a
//! holder dies without giving it up, another takes it once it expires.

use crate::{Store, StoreError};

impl Store {
    /// Takes or renews the lease `name` for `holder` until `ttl` from now, when nobody else
    /// holds it unexpired. Gives whether `holder` holds it now.
    pub async fn try_lease(
        &self,
        name: &str,
        holder: &str,
        ttl: std::time::Duration,
    ) -> Result<bool, StoreError> {
        let now = time::OffsetDateTime::now_utc();
        let until = crate::time_text(now + ttl);
        let now = crate::time_text(now);
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,
                 expires_at = excluded.expires_at
             WHERE leases.holder = excluded.holder OR leases.expires_at < $4",
        )
        .bind(name)
        .bind(holder)
        .bind(&until)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let held: Option<String> = sqlx::query_scalar("SELECT holder FROM leases WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
        Self::commit_write(tx).await?;
        Ok(held.as_deref() == Some(holder))
    }

    /// Gives up the lease `name` if `holder` holds it, so another server can take it at once.
    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The leases held now (unexpired): name, holder and when each runs out (UTC), by name.
    pub async fn held_leases(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT name, holder, expires_at FROM leases WHERE expires_at >= $1 ORDER BY name",
        )
        .bind(crate::now_text())
        .fetch_all(&self.pool)
        .await?)
    }
}
