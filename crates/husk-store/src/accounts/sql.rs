//! The accounts' queries: users, sessions, API tokens and the login attempts the lock-out
//! counts. Each takes an executor and plain values (secrets only as their SHA-256); the steps
//! in `mod.rs` decide what happens and in which order.

use sqlx::{Any, Executor};

/// A user's row: id, username, name, e-mail, role code, office, organisation id and name,
/// disabled, created.
pub(super) type UserRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    i64,
    String,
);

const USER_SELECT: &str = "SELECT u.id, u.username, u.name, u.email, u.role, u.region, u.organisation_id, o.name, u.disabled, u.created_at
    FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id";

/// Every user, by username.
pub(super) async fn users<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("{USER_SELECT} ORDER BY u.username"))
        .fetch_all(ex)
        .await
}

pub(super) async fn user_by_name<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("{USER_SELECT} WHERE u.username = $1"))
        .bind(username)
        .fetch_optional(ex)
        .await
}

pub(super) async fn user<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("{USER_SELECT} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// The active users of an organisation, by username.
pub(super) async fn users_of_organisation<'e>(
    ex: impl Executor<'e, Database = Any>,
    organisation_id: i64,
) -> Result<Vec<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{USER_SELECT} WHERE u.organisation_id = $1 AND u.disabled = 0 ORDER BY u.username"
    ))
    .bind(organisation_id)
    .fetch_all(ex)
    .await
}

/// The organisation with this name, in any case.
pub(super) async fn organisation_named<'e>(
    ex: impl Executor<'e, Database = Any>,
    name: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM organisations WHERE lower(name) = lower($1)")
        .bind(name)
        .fetch_optional(ex)
        .await
}

/// The id of the user with this username.
pub(super) async fn user_id<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(ex)
        .await
}

/// A new user's columns.
pub(super) struct NewUser<'a> {
    pub username: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub role: &'a str,
    pub region: Option<&'a str>,
    pub organisation_id: Option<i64>,
    pub password_hash: String,
}

/// Adds a user; gives the id.
pub(super) async fn insert_user<'e>(
    ex: impl Executor<'e, Database = Any>,
    u: NewUser<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (username, name, email, role, region, organisation_id, password_hash) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(u.username)
    .bind(u.name)
    .bind(u.email)
    .bind(u.role)
    .bind(u.region)
    .bind(u.organisation_id)
    .bind(u.password_hash)
    .fetch_one(ex)
    .await
}

/// Disables or enables a user; gives how many rows changed (0 or 1).
pub(super) async fn set_disabled<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
    disabled: bool,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("UPDATE users SET disabled = $1 WHERE username = $2")
            .bind(i64::from(disabled))
            .bind(username)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// Sets a user's password hash; gives how many rows changed (0 or 1).
pub(super) async fn set_password_hash<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
    hash: String,
    now: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE users SET password_hash = $1, password_changed_at = $3 WHERE username = $2",
    )
    .bind(hash)
    .bind(username)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// (id, password hash, disabled) of the user with this username.
pub(super) async fn credentials<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
) -> Result<Option<(i64, String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT id, password_hash, disabled FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(ex)
        .await
}

// ----------------------------------------------------------------------------------------
// Sessions
// ----------------------------------------------------------------------------------------

pub(super) async fn insert_session<'e>(
    ex: impl Executor<'e, Database = Any>,
    token_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// Deletes the sessions that expired before `now` or started before `started_before`.
pub(super) async fn delete_old_sessions<'e>(
    ex: impl Executor<'e, Database = Any>,
    now: i64,
    started_before: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at < $1 OR created_at < $2")
        .bind(now)
        .bind(started_before)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}

/// Ends every session of a user.
pub(super) async fn delete_sessions_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)")
        .bind(username)
        .execute(ex)
        .await?;
    Ok(())
}

/// A live session's user (a [`UserRow`]) with when the session ends at the latest.
pub(super) type SessionRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    i64,
    String,
    i64,
);

/// The user of a session that is live at `now` (not past its sliding expiry nor `max_seconds`
/// after it started), with its end: the sliding expiry or the absolute end, whichever is first.
pub(super) async fn session<'e>(
    ex: impl Executor<'e, Database = Any>,
    token_hash: &str,
    now: i64,
    max_seconds: i64,
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.username, u.name, u.email, u.role, u.region, u.organisation_id, o.name,
                u.disabled, u.created_at,
                CASE WHEN s.expires_at < s.created_at + $1 THEN s.expires_at ELSE s.created_at + $1 END
         FROM sessions s JOIN users u ON u.id = s.user_id
         LEFT JOIN organisations o ON o.id = u.organisation_id
         WHERE s.token_hash = $2 AND s.expires_at > $3 AND s.created_at + $4 > $5 AND u.disabled = 0",
    )
    .bind(max_seconds)
    .bind(token_hash)
    .bind(now)
    .bind(max_seconds)
    .bind(now)
    .fetch_optional(ex)
    .await
}

/// Moves a session's expiry to `expires_at`, but not past `max_seconds` after it started;
/// gives the new expiry.
pub(super) async fn extend_session<'e>(
    ex: impl Executor<'e, Database = Any>,
    token_hash: &str,
    expires_at: i64,
    max_seconds: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE sessions SET expires_at = CASE WHEN $1 < created_at + $2 THEN $1 ELSE created_at + $2 END WHERE token_hash = $3 RETURNING expires_at",
    )
    .bind(expires_at)
    .bind(max_seconds)
    .bind(token_hash)
    .fetch_optional(ex)
    .await
}

pub(super) async fn delete_session<'e>(
    ex: impl Executor<'e, Database = Any>,
    token_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(ex)
        .await?;
    Ok(())
}

// ----------------------------------------------------------------------------------------
// Login attempts
// ----------------------------------------------------------------------------------------

/// Forgets the failures recorded at or before `at`.
pub(super) async fn delete_failures_before<'e>(
    ex: impl Executor<'e, Database = Any>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE at <= $1")
        .bind(at)
        .execute(ex)
        .await?;
    Ok(())
}

/// Forgets the addresses last logged in from at or before `at`.
pub(super) async fn delete_addresses_before<'e>(
    ex: impl Executor<'e, Database = Any>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_known_addresses WHERE last_success <= $1")
        .bind(at)
        .execute(ex)
        .await?;
    Ok(())
}

/// Records an attempt (as a failure until it is forgiven); gives its id.
pub(super) async fn insert_failure<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
    address: &str,
    at: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO login_failures (username, ip, at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(username)
    .bind(address)
    .bind(at)
    .fetch_one(ex)
    .await
}

/// The times of the failures for a username from an address after `since`, other than
/// `except`, newest first.
pub(super) async fn failures_of_user_here<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
    address: &str,
    since: i64,
    except: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT at FROM login_failures WHERE username = $1 AND ip = $2 AND at > $3 AND id <> $4 ORDER BY at DESC",
    )
    .bind(username)
    .bind(address)
    .bind(since)
    .bind(except)
    .fetch_all(ex)
    .await
}

/// The times of the failures from an address after `since`, other than `except`, newest first.
pub(super) async fn failures_here<'e>(
    ex: impl Executor<'e, Database = Any>,
    address: &str,
    since: i64,
    except: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT at FROM login_failures WHERE ip = $1 AND at > $2 AND id <> $3 ORDER BY at DESC",
    )
    .bind(address)
    .bind(since)
    .bind(except)
    .fetch_all(ex)
    .await
}

/// The times of the failures for a username from anywhere after `since`, other than
/// `except`, newest first.
pub(super) async fn failures_of_user<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
    since: i64,
    except: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT at FROM login_failures WHERE username = $1 AND at > $2 AND id <> $3 ORDER BY at DESC",
    )
    .bind(username)
    .bind(since)
    .bind(except)
    .fetch_all(ex)
    .await
}

/// When the user last logged in from the address, if after `since`.
pub(super) async fn known_address<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
    address: &str,
    since: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT last_success FROM login_known_addresses WHERE username = $1 AND ip = $2 AND last_success > $3",
    )
    .bind(username)
    .bind(address)
    .bind(since)
    .fetch_optional(ex)
    .await
}

/// Forgets the failures for a username from an address, and the attempt `attempt`.
pub(super) async fn forgive_failures<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
    address: &str,
    attempt: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE (username = $1 AND ip = $2) OR id = $3")
        .bind(username)
        .bind(address)
        .bind(attempt)
        .execute(ex)
        .await?;
    Ok(())
}

/// Forgets every failure for a username.
pub(super) async fn delete_failures_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE username = $1")
        .bind(username)
        .execute(ex)
        .await?;
    Ok(())
}

/// Records that the user logged in from the address at `at`.
pub(super) async fn remember_address<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
    address: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO login_known_addresses (username, ip, last_success) VALUES ($1, $2, $3)
         ON CONFLICT (username, ip) DO UPDATE SET last_success = excluded.last_success",
    )
    .bind(username)
    .bind(address)
    .bind(at)
    .execute(ex)
    .await?;
    Ok(())
}

// ----------------------------------------------------------------------------------------
// API tokens
// ----------------------------------------------------------------------------------------

pub(super) async fn insert_token<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: i64,
    name: &str,
    token_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .execute(ex)
        .await?;
    Ok(())
}

/// (token id, user id) of a token that is not revoked and whose user is not disabled.
pub(super) async fn live_token<'e>(
    ex: impl Executor<'e, Database = Any>,
    token_hash: &str,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0",
    )
    .bind(token_hash)
    .fetch_optional(ex)
    .await
}

/// Records a token's use at `now`, unless it was recorded after `not_since`.
pub(super) async fn touch_token<'e>(
    ex: impl Executor<'e, Database = Any>,
    token_id: i64,
    now: &str,
    not_since: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)")
        .bind(token_id)
        .bind(now)
        .bind(not_since)
        .execute(ex)
        .await?;
    Ok(())
}

/// A token's row: id, name, created, last used, revoked.
pub(super) type TokenRow = (i64, String, String, Option<String>, Option<String>);

/// A user's tokens, newest first.
pub(super) async fn tokens<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: i64,
) -> Result<Vec<TokenRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(ex)
    .await
}

/// Revokes one of a user's live tokens; gives how many rows changed (0 or 1).
pub(super) async fn revoke_token<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: i64,
    token_id: i64,
    now: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
    )
    .bind(token_id)
    .bind(user_id)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Revokes every live token of a user.
pub(super) async fn revoke_tokens_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    username: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE api_tokens SET revoked_at = $2
         WHERE revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE username = $1)",
    )
    .bind(username)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

// ----------------------------------------------------------------------------------------
// Organisations
// ----------------------------------------------------------------------------------------

/// (id, name) of the organisations that are recipients of some entry, by name.
pub(super) async fn recipient_organisations<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.name FROM organisations o WHERE EXISTS (SELECT 1 FROM projects p WHERE p.organisation_id = o.id) ORDER BY o.name",
    )
    .fetch_all(ex)
    .await
}

pub(super) async fn organisation_name<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await
}
