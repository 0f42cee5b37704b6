//! Users, their passwords (argon2), login sessions, API tokens, and the lock-out after repeated
//! failed logins.

mod sql;

use crate::{SaveError, Store, StoreError};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use husk_domain::accounts::{self as rules, Failures};
use husk_domain::{FieldErrors, Role, UserRef};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sql::UserRow;

/// How long a login lasts after the last request (sliding).
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;
/// How long a login lasts at most, however active the user is.
pub const SESSION_MAX_SECONDS: i64 = 24 * 60 * 60;
pub use husk_domain::accounts::{
    check_password, KNOWN_ADDRESS_SECONDS, LOCKOUT_WINDOW_SECONDS, MAX_FAILURES_PER_ADDRESS,
    MAX_FAILURES_PER_USER, MAX_FAILURES_PER_USER_ANYWHERE, MIN_PASSWORD_CHARS,
};

/// A user as listed and shown.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// The organisation's name, for recipients.
    pub organisation: Option<String>,
    pub disabled: bool,
    pub created_at: String,
}

impl User {
    pub fn to_ref(&self) -> UserRef {
        UserRef {
            id: self.id,
            username: self.username.clone(),
            name: self.name.clone(),
            role: self.role.clone(),
        }
    }
}

/// A new user as typed on the command line or in the admin form.
#[derive(Debug, Clone, Default)]
pub struct UserInput {
    pub username: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub region: String,
    /// The recipient organisation's name as in the register.
    pub organisation: String,
    pub password: String,
}

/// The result of a login attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// Logged in: the session token for the cookie.
    Ok { token: String, user: UserRef },
    /// Wrong username or password (which one is not said).
    Invalid,
    /// The user is disabled (said only after the right password).
    Disabled,
    /// Too many failed attempts; try again after this many minutes.
    Locked { minutes: i64 },
    /// Too many password checks are running; nothing was checked or recorded.
    Busy { retry_after_seconds: u64 },
}

/// The outcome of [`Store::check_credentials`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    Valid {
        user_id: i64,
    },
    /// Why not: [`Login::Invalid`], [`Login::Disabled`], [`Login::Locked`] or [`Login::Busy`].
    Refused(Login),
}

/// Bounds the password checks (Argon2, 19 MiB each) that run at once, and the requests that
/// wait for one, so that a flood of logins cannot exhaust memory.
#[derive(Debug)]
pub struct PasswordGate {
    permits: std::sync::Arc<tokio::sync::Semaphore>,
    capacity: usize,
    max_waiting: usize,
    inside: std::sync::atomic::AtomicUsize,
    /// Checks running now and the most that ran at once (the gate's own accounting).
    running: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    peak: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// A place in the [`PasswordGate`]'s queue (released when dropped).
pub struct GateTicket<'a> {
    gate: &'a PasswordGate,
}

impl PasswordGate {
    /// A gate letting `permits` checks run at once and `max_waiting` more wait.
    pub fn new(permits: usize, max_waiting: usize) -> PasswordGate {
        PasswordGate {
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(permits)),
            capacity: permits,
            max_waiting,
            inside: Default::default(),
            running: Default::default(),
            peak: Default::default(),
        }
    }

    /// Checks at once: the machine's cores, at least 2 and at most 4 (4 × 19 MiB).
    pub fn for_this_machine() -> PasswordGate {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let permits = cores.clamp(2, 4);
        PasswordGate::new(permits, permits * 8)
    }

    /// How many checks may run at once.
    pub fn permits(&self) -> usize {
        self.capacity
    }

    /// The most checks that ran at once so far.
    pub fn peak(&self) -> usize {
        self.peak.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// A place in the queue, or `None` when the queue is full.
    pub fn enter(&self) -> Option<GateTicket<'_>> {
        use std::sync::atomic::Ordering::SeqCst;
        let limit = self.capacity + self.max_waiting;
        self.inside
            .fetch_update(SeqCst, SeqCst, |n| (n < limit).then_some(n + 1))
            .ok()
            .map(|_| GateTicket { gate: self })
    }

    /// Waits for a place in the queue however long it is (for administrators' own actions).
    async fn enter_waiting(&self) -> GateTicket<'_> {
        use std::sync::atomic::Ordering::SeqCst;
        self.inside.fetch_add(1, SeqCst);
        GateTicket { gate: self }
    }
}

impl GateTicket<'_> {
    /// Runs a password check (or hash) on the blocking pool once a permit is free.
    pub async fn run<T: Send + 'static>(self, f: impl FnOnce() -> T + Send + 'static) -> T {
        use std::sync::atomic::Ordering::SeqCst;
        let permit = self
            .gate
            .permits
            .clone()
            .acquire_owned()
            .await
            .expect("the password gate's semaphore is never closed");
        let now = self.gate.running.fetch_add(1, SeqCst) + 1;
        self.gate.peak.fetch_max(now, SeqCst);
        let running = self.gate.running.clone();
        // The permit moves into the blocking task: if the request is dropped while the check
        // runs, the permit is still held until the check (and its memory) is done.
        tokio::task::spawn_blocking(move || {
            let r = f();
            running.fetch_sub(1, SeqCst);
            drop(permit);
            r
        })
        .await
        .expect("password hashing does not panic")
    }
}

impl Drop for GateTicket<'_> {
    fn drop(&mut self) {
        self.gate
            .inside
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// An API token as listed (the secret is shown once, at creation).
#[derive(Debug, Clone, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked: bool,
}

/// `n` random bytes from the operating system, as lowercase hex.
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).expect("the operating system's random source");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A readable random password: four groups of four letters and digits (≈ 80 bits).
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut buf = [0u8; 16];
    getrandom::fill(&mut buf).expect("the operating system's random source");
    let chars: Vec<char> = buf
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

pub(crate) fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system's random source");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters")
        .to_string()
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the user does not exist, so that the answer takes as long.
static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

pub fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn user_from_row(r: UserRow) -> Result<User, StoreError> {
    let (id, username, name, email, role, region, org_id, org_name, disabled, created_at) = r;
    let role = Role::from_parts(&role, region.as_deref(), org_id)
        .map_err(|e| StoreError::NotFound(format!("en gyldig rolle for {username} ({e})")))?;
    Ok(User {
        id,
        username,
        name,
        email,
        role,
        organisation: org_name,
        disabled: disabled != 0,
        created_at,
    })
}

impl Store {
    /// Adds a user. Every problem with the input is returned at once.
    pub async fn create_user(&self, input: &UserInput) -> Result<i64, SaveError> {
        let mut errors = FieldErrors::new();
        let username = rules::normalise_username(&input.username);
        let email = input.email.trim();
        let region = input.region.trim();
        rules::check_new_user(
            &username,
            &input.name,
            email,
            &input.password,
            region,
            &self.taxonomy,
            &mut errors,
        );
        let org = input.organisation.trim();
        let org_id: Option<i64> = if org.is_empty() {
            None
        } else {
            let id = sql::organisation_named(&self.pool, org).await?;
            if id.is_none() {
                errors.push(
                    "organisation",
                    format!("Finner ikke mottakeren «{org}» i registeret. Velg en mottaker slik navnet står på prosjektene."),
                );
            }
            id
        };
        let role = match Role::from_parts(
            &input.role,
            (!region.is_empty()).then_some(region),
            org_id.or(if org.is_empty() { None } else { Some(0) }),
        ) {
            Ok(r) => Some(r),
            Err(m) => {
                let field = rules::role_problem_field(&m);
                if errors.get(field).is_none() {
                    errors.push(field, m);
                }
                None
            }
        };
        if role.is_some() {
            let exists = sql::user_id(&self.pool, &username).await?;
            if exists.is_some() {
                errors.push(
                    "username",
                    format!("Brukernavnet «{username}» er allerede i bruk. Velg et annet."),
                );
            }
        }
        let Some(role) = role.filter(|_| errors.is_empty()) else {
            return Err(SaveError::Invalid(errors));
        };
        let password = input.password.clone();
        let hash = self
            .password_gate
            .enter_waiting()
            .await
            .run(move || hash_password(&password))
            .await;
        let mut tx = self.begin_write().await?;
        let id = sql::insert_user(
            &mut *tx,
            sql::NewUser {
                username: &username,
                name: input.name.trim(),
                email,
                role: role.code(),
                region: role.region(),
                organisation_id: role.organisation_id(),
                password_hash: hash,
            },
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(id)
    }

    /// Every user, by username.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        sql::users(&self.pool)
            .await?
            .into_iter()
            .map(user_from_row)
            .collect()
    }

    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>, StoreError> {
        sql::user_by_name(&self.pool, &rules::normalise_username(username))
            .await?
            .map(user_from_row)
            .transpose()
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        sql::user(&self.pool, id)
            .await?
            .map(user_from_row)
            .transpose()
    }

    /// Users tied to an organisation (for reminders).
    pub async fn users_of_organisation(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<User>, StoreError> {
        sql::users_of_organisation(&self.pool, organisation_id)
            .await?
            .into_iter()
            .map(user_from_row)
            .collect()
    }

    /// Disables or enables a user. Disabling ends the user's sessions and API tokens' use.
    pub async fn set_user_disabled(
        &self,
        username: &str,
        disabled: bool,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let name = rules::normalise_username(username);
        let n = sql::set_disabled(&mut *tx, &name, disabled).await?;
        if n == 0 {
            return Err(StoreError::NotFound(format!(
                "brukeren «{}»",
                username.trim()
            )));
        }
        if disabled {
            sql::delete_sessions_of(&mut *tx, &name).await?;
        }
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Sets a new password and ends the user's sessions and API tokens. The lock-out is lifted
    /// too.
    pub async fn set_password(&self, username: &str, password: &str) -> Result<(), SaveError> {
        if let Err(m) = check_password(password) {
            let mut e = FieldErrors::new();
            e.push("password", m);
            return Err(SaveError::Invalid(e));
        }
        let owned = password.to_string();
        let hash = self
            .password_gate
            .enter_waiting()
            .await
            .run(move || hash_password(&owned))
            .await;
        let mut tx = self.begin_write().await?;
        let name = rules::normalise_username(username);
        let now = crate::now_text();
        let n = sql::set_password_hash(&mut *tx, &name, hash, &now).await?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("brukeren «{}»", username.trim())).into());
        }
        sql::delete_sessions_of(&mut *tx, &name).await?;
        // API tokens end with the sessions: whoever knew the old password may have made one.
        sql::revoke_tokens_of(&mut *tx, &name, &now).await?;
        sql::delete_failures_of(&mut *tx, &name).await?;
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Deletes the sessions that expired before `now` (unix seconds) or started more than
    /// [`SESSION_MAX_SECONDS`] before it. Scheduled work: a running server does it every few
    /// minutes (of several servers, the one holding the lease «opprydding»); an expired session
    /// is refused whether or not it is deleted yet.
    pub async fn remove_expired_sessions(&self, now: i64) -> Result<u64, StoreError> {
        Ok(sql::delete_old_sessions(&self.pool, now, now - SESSION_MAX_SECONDS).await?)
    }

    /// Checks a username and password from `address` at `now` (unix seconds) and starts a
    /// session. See [`Store::check_credentials`] for the lock-out and the bound on concurrent
    /// password checks.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        address: &str,
        now: i64,
    ) -> Result<Login, StoreError> {
        let user_id = match self
            .check_credentials(username, password, address, now)
            .await?
        {
            Credentials::Valid { user_id } => user_id,
            Credentials::Refused(login) => return Ok(login),
        };
        let token = random_hex(32);
        sql::insert_session(
            &self.pool,
            &sha256_hex(&token),
            user_id,
            now,
            now + SESSION_SECONDS,
        )
        .await?;
        let user = self
            .user(user_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("bruker {user_id}")))?;
        Ok(Login::Ok {
            token,
            user: user.to_ref(),
        })
    }

    /// Checks a username and password from `address` at `now` without starting a session (to
    /// confirm the current password before a change).
    ///
    /// The lock-out: the attempt is recorded *before* the password is checked, in the same
    /// write transaction that counts the earlier ones, so parallel guesses cannot slip past the
    /// limits. An attempt is refused, whatever the password, when within
    /// [`LOCKOUT_WINDOW_SECONDS`] there were
    /// - [`MAX_FAILURES_PER_USER`] failures for this username from this address, or
    /// - [`MAX_FAILURES_PER_ADDRESS`] failures from this address for any username, or
    /// - [`MAX_FAILURES_PER_USER_ANYWHERE`] failures for this username from all addresses, and
    ///   this address is not one the user has logged in from within [`KNOWN_ADDRESS_SECONDS`].
    ///
    /// So a handful of requests from elsewhere cannot lock anyone out: the owner's own address
    /// has its own count, and addresses the owner used before stay open even during a
    /// distributed attack.
    ///
    /// Password checks hold Argon2's memory (19 MiB each), so at most
    /// [`PasswordGate::permits`] run at once and a few more wait; beyond that the attempt is
    /// answered with [`Login::Busy`] at once, before anything is recorded.
    pub async fn check_credentials(
        &self,
        username: &str,
        password: &str,
        address: &str,
        now: i64,
    ) -> Result<Credentials, StoreError> {
        let username = rules::normalise_username(username);
        let Some(ticket) = self.password_gate.enter() else {
            return Ok(Credentials::Refused(Login::Busy {
                retry_after_seconds: 2,
            }));
        };
        let attempt = match self.record_attempt(&username, address, now).await? {
            Ok(id) => id,
            Err(minutes) => return Ok(Credentials::Refused(Login::Locked { minutes })),
        };
        let row = sql::credentials(&self.pool, &username).await?;
        let (hash, found) = match &row {
            Some((_, h, _)) => (h.clone(), true),
            None => (
                DUMMY_HASH
                    .get_or_init(|| hash_password("ingen bruker har dette passordet"))
                    .clone(),
                false,
            ),
        };
        let pw = password.to_string();
        let ok = ticket.run(move || verify_password(&pw, &hash)).await && found;
        let Some((user_id, _, disabled)) = row.filter(|_| ok) else {
            // The recorded attempt stays as a failure.
            return Ok(Credentials::Refused(Login::Invalid));
        };
        if disabled != 0 {
            return Ok(Credentials::Refused(Login::Disabled));
        }
        // The right password: this address's failures for the user are forgiven, and the
        // address becomes one the user is known to log in from.
        sql::forgive_failures(&self.pool, &username, address, attempt).await?;
        sql::remember_address(&self.pool, &username, address, now).await?;
        Ok(Credentials::Valid { user_id })
    }

    /// Records a login attempt unless a limit is reached: `Ok(id)` of the recorded attempt, or
    /// `Err(minutes)` until the lock is lifted. One write transaction counts and records, so
    /// parallel attempts are counted one after the other.
    async fn record_attempt(
        &self,
        username: &str,
        address: &str,
        now: i64,
    ) -> Result<Result<i64, i64>, StoreError> {
        let since = now - LOCKOUT_WINDOW_SECONDS;
        // What is no longer needed for the limits is deleted (the privacy statement says so).
        sql::delete_failures_before(&self.pool, since).await?;
        sql::delete_addresses_before(&self.pool, now - KNOWN_ADDRESS_SECONDS).await?;
        let mut tx = self.pool.begin().await?;
        // Writing first takes SQLite's write lock (on PostgreSQL, a lock on the username), so
        // the counts below see every attempt recorded before this one and none can be
        // recorded in between.
        self.backend
            .serialise(&mut tx, &format!("login:{username}"))
            .await?;
        let id = sql::insert_failure(&mut *tx, username, address, now).await?;
        let user_here = sql::failures_of_user_here(&mut *tx, username, address, since, id).await?;
        let here = sql::failures_here(&mut *tx, address, since, id).await?;
        let known =
            sql::known_address(&mut *tx, username, address, now - KNOWN_ADDRESS_SECONDS).await?;
        let user_anywhere = if known.is_some() {
            Vec::new()
        } else {
            sql::failures_of_user(&mut *tx, username, since, id).await?
        };
        let failures = Failures {
            user_here,
            here,
            user_anywhere,
        };
        if let Some(minutes) = rules::locked_for_minutes(&failures, now) {
            // A refused attempt is not counted: it checked no password.
            tx.rollback().await?;
            return Ok(Err(minutes));
        }
        tx.commit().await?;
        Ok(Ok(id))
    }

    /// How many password checks ran at once at most since the store was opened (the bound on
    /// Argon2's memory is this times 19 MiB).
    pub fn password_checks_peak(&self) -> usize {
        self.password_gate.peak()
    }

    /// How many password checks may run at once.
    pub fn password_checks_limit(&self) -> usize {
        self.password_gate.permits()
    }

    /// The user of a live session, and when the session expires: [`SESSION_SECONDS`] after
    /// the last request, and never later than [`SESSION_MAX_SECONDS`] after the login.
    pub async fn session(
        &self,
        token: &str,
        now: i64,
    ) -> Result<Option<(UserRef, i64)>, StoreError> {
        // One query for the session and its user: every page asks this first.
        let row = sql::session(&self.pool, &sha256_hex(token), now, SESSION_MAX_SECONDS).await?;
        let Some((
            id,
            username,
            name,
            email,
            role,
            region,
            org_id,
            org_name,
            disabled,
            created,
            expires_at,
        )) = row
        else {
            return Ok(None);
        };
        let user = user_from_row((
            id, username, name, email, role, region, org_id, org_name, disabled, created,
        ))?;
        Ok(Some((user.to_ref(), expires_at)))
    }

    /// Extends a session to [`SESSION_SECONDS`] from `now` (sliding expiry), but not past its
    /// absolute end; returns the seconds it has left.
    pub async fn extend_session(&self, token: &str, now: i64) -> Result<i64, StoreError> {
        let expires = sql::extend_session(
            &self.pool,
            &sha256_hex(token),
            now + SESSION_SECONDS,
            SESSION_MAX_SECONDS,
        )
        .await?;
        Ok(expires.map_or(0, |e| (e - now).max(0)))
    }

    /// Ends a session.
    pub async fn logout(&self, token: &str) -> Result<(), StoreError> {
        Ok(sql::delete_session(&self.pool, &sha256_hex(token)).await?)
    }

    /// Creates an API token for a user; the secret is returned once and stored only hashed.
    pub async fn create_api_token(&self, user_id: i64, name: &str) -> Result<String, SaveError> {
        let name = rules::check_token_name(name).map_err(SaveError::Invalid)?;
        let secret = format!("husk_{}", random_hex(24));
        let mut tx = self.begin_write().await?;
        sql::insert_token(&mut *tx, user_id, name, &sha256_hex(&secret)).await?;
        Self::commit_write(tx).await?;
        Ok(secret)
    }

    /// The user an API token belongs to, if it is valid (not revoked, user not disabled).
    pub async fn api_token_user(&self, secret: &str) -> Result<Option<UserRef>, StoreError> {
        let row = sql::live_token(&self.pool, &sha256_hex(secret.trim())).await?;
        let Some((token_id, user_id)) = row else {
            return Ok(None);
        };
        sql::touch_token(
            &self.pool,
            token_id,
            &crate::now_text(),
            &crate::time_text(time::OffsetDateTime::now_utc() - time::Duration::hours(1)),
        )
        .await?;
        Ok(self.user(user_id).await?.map(|u| u.to_ref()))
    }

    /// A user's API tokens, newest first.
    pub async fn api_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        let rows = sql::tokens(&self.pool, user_id).await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, created_at, last_used_at, revoked)| ApiToken {
                id,
                name,
                created_at,
                last_used_at,
                revoked: revoked.is_some(),
            })
            .collect())
    }

    /// Revokes one of a user's API tokens.
    pub async fn revoke_api_token(&self, user_id: i64, token_id: i64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let n = sql::revoke_token(&mut *tx, user_id, token_id, &crate::now_text()).await?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("nøkkel {token_id}")));
        }
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Recipient organisations (those that have entries in the register), by name.
    pub async fn organisations(&self) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(sql::recipient_organisations(&self.pool).await?)
    }

    pub async fn organisation_name(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(sql::organisation_name(&self.pool, id).await?)
    }
}
