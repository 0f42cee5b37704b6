//! One-time results of a form, kept on the server between the POST and the page it redirects
//! to (POST → 303 → GET).
//!
//! A result that must be shown once, such as a generated password or a new API token, is put
//! here under the browser's session and taken (removed) by the next page that shows it, so a
//! reload shows it no more and the secret never appears in a URL. Flashes live in memory for a
//! few minutes; a restart forgets them (the admin then makes a new password).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a flash waits for its page.
const LIFETIME: Duration = Duration::from_secs(5 * 60);
/// The most flashes kept at once (the oldest go first).
const MAX_KEPT: usize = 10_000;

/// What a redirected page shows once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    /// The success message.
    pub message: String,
    /// A secret shown once: (whose or what, the secret).
    pub secret: Option<(String, String)>,
}

/// The flashes of every session, shared by the handlers.
#[derive(Debug, Clone, Default)]
pub struct Flashes(Arc<Mutex<HashMap<String, (Instant, Flash)>>>);

impl Flashes {
    /// Keeps a flash for the session (a later one replaces an earlier one). Without a session
    /// there is nowhere to keep it.
    pub fn put(&self, session: Option<&str>, flash: Flash) {
        let Some(session) = session else { return };
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        map.retain(|_, (at, _)| now.duration_since(*at) < LIFETIME);
        if map.len() >= MAX_KEPT {
            if let Some(oldest) = map
                .iter()
                .min_by_key(|(_, (at, _))| *at)
                .map(|(k, _)| k.clone())
            {
                map.remove(&oldest);
            }
        }
        map.insert(session.to_string(), (now, flash));
    }

    /// Takes the session's flash, if one is waiting: it is shown once.
    pub fn take(&self, session: Option<&str>) -> Option<Flash> {
        let session = session?;
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let (at, flash) = map.remove(session)?;
        (at.elapsed() < LIFETIME).then_some(flash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flash_is_shown_once_and_only_to_its_session() {
        let flashes = Flashes::default();
        let flash = Flash {
            message: "Brukeren har fått nytt passord.".into(),
            secret: Some(("kari".into(), "hemmelig".into())),
        };
        flashes.put(Some("a"), flash.clone());
        flashes.put(None, flash.clone());
        assert_eq!(flashes.take(Some("b")), None);
        assert_eq!(flashes.take(None), None);
        assert_eq!(flashes.take(Some("a")), Some(flash));
        assert_eq!(flashes.take(Some("a")), None);
    }
}
