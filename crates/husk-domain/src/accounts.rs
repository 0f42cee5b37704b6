//! Users and logging in: what a username, a password, a new user and an API token's name must
//! be, and the lock-out after repeated failed logins. Storing users, sessions and attempts is
//! the store's; the rules are here.

use crate::taxonomy::Taxonomy;
use crate::{limits, FieldErrors};

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Failed logins for one username from one address within [`LOCKOUT_WINDOW_SECONDS`] that
/// lock that username from that address.
pub const MAX_FAILURES_PER_USER: i64 = 5;
/// Failed logins from one address within the window that lock the address.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
/// Failed logins for one username from all addresses within the window that lock it from
/// every address the user has not logged in from before.
pub const MAX_FAILURES_PER_USER_ANYWHERE: i64 = 50;
/// How long an address stays known for a user after a successful login from it.
pub const KNOWN_ADDRESS_SECONDS: i64 = 90 * 24 * 60 * 60;
pub const LOCKOUT_WINDOW_SECONDS: i64 = 15 * 60;

/// A username as stored: trimmed and in lowercase.
pub fn normalise_username(username: &str) -> String {
    username.trim().to_lowercase()
}

/// Checks a (normalised) username: 2–40 characters of a–z, digits, `.`, `_` and `-`.
pub fn check_username(username: &str, errors: &mut FieldErrors) {
    let ok = (2..=40).contains(&username.chars().count())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if !ok {
        errors.push(
            "username",
            format!("«{username}» kan ikke brukes som brukernavn. Bruk 2–40 tegn: små bokstaver a–z, sifre, punktum, bindestrek eller understrek."),
        );
    }
}

/// Checks a new password; the message says what is expected.
pub fn check_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Err(format!(
            "Passordet er for kort. Bruk minst {MIN_PASSWORD_CHARS} tegn."
        ))
    } else {
        Ok(())
    }
}

/// Checks what a new user is typed with, apart from what the register knows (the
/// organisation, whether the username is taken): the username (normalised), the name, the
/// e-mail address (may be empty), the password and the office (may be empty). Every problem
/// is added to `errors`.
pub fn check_new_user(
    username: &str,
    name: &str,
    email: &str,
    password: &str,
    region: &str,
    taxonomy: &Taxonomy,
    errors: &mut FieldErrors,
) {
    check_username(username, errors);
    if name.trim().is_empty() {
        errors.push("name", "Skriv brukerens fulle navn.");
    }
    limits::check(errors, "name", "Navn", name.trim(), limits::NAME);
    let email = email.trim();
    limits::check(errors, "email", "E-post", email, limits::EMAIL);
    let looks_like_email = email.contains('@') && email.contains('.');
    if !email.is_empty() && !looks_like_email {
        errors.push(
            "email",
            format!(
                "«{email}» er ikke en e-postadresse. Skriv en adresse som navn@kommune.no, eller la feltet stå tomt."
            ),
        );
    }
    if let Err(m) = check_password(password) {
        errors.push("password", m);
    }
    let region = region.trim();
    if !region.is_empty() && taxonomy.region(region).is_none() {
        errors.push(
            "region",
            format!(
                "«{region}» er ikke et av Husbankens kontorer. Velg ett av dem: {}.",
                taxonomy
                    .regions
                    .iter()
                    .map(|r| r.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
}

/// The form field a message of [`crate::Role::from_parts`] is about.
pub fn role_problem_field(message: &str) -> &'static str {
    if message.contains("kontor") {
        "region"
    } else if message.contains("organisasjon") {
        "organisation"
    } else {
        "role"
    }
}

/// An API token's name, trimmed: 1 to [`limits::TOKEN_NAME`] characters.
pub fn check_token_name(name: &str) -> Result<&str, FieldErrors> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > limits::TOKEN_NAME {
        let mut e = FieldErrors::new();
        e.push(
            "name",
            "Gi nøkkelen et navn på inntil 100 tegn, for eksempel «Rapportuttrekk».",
        );
        return Err(e);
    }
    Ok(name)
}

/// The earlier failed logins (unix seconds, newest first) within [`LOCKOUT_WINDOW_SECONDS`]
/// that a new attempt is counted against.
#[derive(Debug, Clone, Default)]
pub struct Failures {
    /// For this username from this address.
    pub user_here: Vec<i64>,
    /// From this address, for any username.
    pub here: Vec<i64>,
    /// For this username from every address; left empty when the address is one the user
    /// logged in from within [`KNOWN_ADDRESS_SECONDS`].
    pub user_anywhere: Vec<i64>,
}

/// The lock-out: whether an attempt at `now` is refused, whatever the password, and for how
/// many minutes (at least 1). An attempt is refused when there were
/// - [`MAX_FAILURES_PER_USER`] failures for this username from this address, or
/// - [`MAX_FAILURES_PER_ADDRESS`] failures from this address for any username, or
/// - [`MAX_FAILURES_PER_USER_ANYWHERE`] failures for this username from all addresses
///   (counted only for addresses the user has not logged in from),
///
/// until the oldest failure that makes up the limit leaves the window. So a handful of
/// requests from elsewhere cannot lock anyone out: the owner's own address has its own count,
/// and addresses the owner used before stay open even during a distributed attack.
pub fn locked_for_minutes(f: &Failures, now: i64) -> Option<i64> {
    let until = [
        (&f.user_here, MAX_FAILURES_PER_USER),
        (&f.here, MAX_FAILURES_PER_ADDRESS),
        (&f.user_anywhere, MAX_FAILURES_PER_USER_ANYWHERE),
    ]
    .into_iter()
    .filter(|(times, max)| times.len() as i64 >= *max)
    .map(|(times, max)| times[(max - 1) as usize] + LOCKOUT_WINDOW_SECONDS)
    .max()?;
    Some(((until - now) as f64 / 60.0).ceil().max(1.0) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_passwords_and_new_users_are_checked_at_once() {
        let tax = Taxonomy::builtin();
        let mut e = FieldErrors::new();
        check_new_user("A", " ", "ikke-epost", "kort", "mars", &tax, &mut e);
        for field in ["username", "name", "email", "password", "region"] {
            assert!(e.get(field).is_some(), "{field}: {e}");
        }
        let mut ok = FieldErrors::new();
        check_new_user(
            "kari.n",
            "Kari Nordmann",
            "",
            "langt-nok-passord",
            "vest",
            &tax,
            &mut ok,
        );
        assert!(ok.is_empty(), "{ok}");
        assert_eq!(normalise_username(" Kari "), "kari");
        assert_eq!(
            role_problem_field("En rådgiver må høre til et kontor."),
            "region"
        );
        assert_eq!(check_token_name("  Uttrekk "), Ok("Uttrekk"));
        assert!(check_token_name(" ").is_err());
    }

    #[test]
    fn a_lock_lasts_until_the_oldest_counted_failure_leaves_the_window() {
        let now = 10_000;
        // Four failures here are not yet a lock; the fifth is.
        let four = Failures {
            user_here: vec![now - 10, now - 20, now - 30, now - 40],
            ..Default::default()
        };
        assert_eq!(locked_for_minutes(&four, now), None);
        let five = Failures {
            user_here: vec![now - 10, now - 20, now - 30, now - 40, now - 600],
            ..Default::default()
        };
        // The fifth newest failure, 600 s ago, leaves the 900 s window in 300 s: 5 minutes.
        assert_eq!(locked_for_minutes(&five, now), Some(5));
        // Failures elsewhere for the user count only in their own, larger, number.
        let spread = Failures {
            user_anywhere: vec![now - 1; 49],
            ..Default::default()
        };
        assert_eq!(locked_for_minutes(&spread, now), None);
        let attack = Failures {
            user_anywhere: vec![now - 1; 50],
            ..Default::default()
        };
        assert_eq!(locked_for_minutes(&attack, now), Some(15));
    }
}
