//! Who is asking, and protection of every form.
//!
//! [`authenticate`] runs before every handler. It finds the viewer from the session cookie or
//! an API token (`Authorization: Bearer husk_…`), and guards every state-changing request
//! against cross-site request forgery: a form must carry the `_csrf` token the server put in
//! it, which must match the browser's `husk_csrf` cookie (HttpOnly, SameSite=Lax; the
//! double-submit pattern, with the token rendered by the server).
//! URL-encoded forms are checked here; multipart forms (uploads) are checked by their handlers
//! through [`Auth::check_csrf`] before anything is stored. Requests with an API token carry no
//! cookies and need no token.
//!
//! Handlers take an [`Auth`] and ask `auth.viewer` (the rules are in `husk_domain::access`).

use crate::error::PageError;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_domain::Viewer;
use husk_store::users::{now_unix, random_hex, SESSION_SECONDS};
use husk_store::Store;
use std::convert::Infallible;

pub const SESSION_COOKIE: &str = "husk_session";
pub const CSRF_COOKIE: &str = "husk_csrf";
/// The form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";
/// The largest URL-encoded form body read (the report form with long answers fits easily).
const MAX_FORM_BYTES: usize = 8 * 1024 * 1024;

/// How cookies are set.
#[derive(Debug, Clone, Copy)]
pub struct CookiePolicy {
    /// Mark cookies `Secure` (sent only over HTTPS; browsers also accept them from
    /// `http://localhost` and `http://127.0.0.1`).
    pub secure: bool,
}

impl Default for CookiePolicy {
    fn default() -> Self {
        CookiePolicy { secure: true }
    }
}

/// The viewer of one request, with the CSRF token for the forms on its pages.
#[derive(Debug, Clone, Default)]
pub struct Auth {
    pub viewer: Viewer,
    pub csrf: String,
    /// The session cookie's token, when logged in through a session.
    pub session_token: Option<String>,
    /// True when the request came with an API token.
    pub api_token: bool,
}

impl Auth {
    /// Checks a token read from a multipart form.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), PageError> {
        if self.api_token || (!self.csrf.is_empty() && constant_time_eq(submitted, &self.csrf)) {
            Ok(())
        } else {
            Err(PageError::Csrf)
        }
    }

    /// The logged-in user, or [`PageError::Forbidden`] (a redirect to the login page for
    /// the public).
    pub fn user(&self) -> Result<&husk_domain::UserRef, PageError> {
        self.viewer.user().ok_or(PageError::Forbidden)
    }

    /// `Ok` when `allowed`, else [`PageError::Forbidden`].
    pub fn allow(&self, allowed: bool) -> Result<(), PageError> {
        if allowed {
            Ok(())
        } else {
            Err(PageError::Forbidden)
        }
    }

    /// The store acting as this viewer, so that changes are logged with their name.
    pub fn store(&self, store: &Store) -> Store {
        match self.viewer.user() {
            Some(u) => store.acting_as(husk_store::Actor::user(u.id, &u.username)),
            None => store.acting_as(husk_store::Actor::system("offentlig")),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Auth>().cloned().unwrap_or_default())
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value.
pub fn set_cookie(
    policy: CookiePolicy,
    name: &str,
    value: &str,
    max_age: Option<i64>,
) -> HeaderValue {
    let mut s = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if policy.secure {
        s.push_str("; Secure");
    }
    if let Some(age) = max_age {
        s.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&s).expect("cookie values are ASCII")
}

/// The client's address for the login lock-out: the first `X-Forwarded-For` entry when behind
/// a proxy, otherwise the peer address.
fn client_address(req: &Request) -> String {
    if let Some(f) = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
    {
        return f.trim().to_string();
    }
    req.extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "ukjent".into())
}

/// The client's address, as [`authenticate`] found it.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

fn unauthorized_api(message: &str) -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, "Bearer")],
        Json(serde_json::json!({ "error": message })),
    )
        .into_response()
}

/// The middleware: resolves the viewer, checks CSRF on state-changing requests, and sets the
/// anonymous CSRF cookie when the browser has none.
pub async fn authenticate(
    State((store, policy)): State<(Store, CookiePolicy)>,
    mut req: Request,
    next: Next,
) -> Response {
    let now = now_unix();
    let address = client_address(&req);
    let headers = req.headers().clone();
    let mut auth = Auth::default();
    let mut new_csrf_cookie = None;
    let mut refresh_session = false;

    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if let Some(token) = bearer {
        match store.api_token_user(token).await {
            Ok(Some(user)) => {
                auth.viewer = Viewer::User(user);
                auth.api_token = true;
            }
            Ok(None) => return unauthorized_api("ugyldig eller tilbakekalt API-nøkkel; forventet «Authorization: Bearer husk_…» med en gyldig nøkkel fra «Min side»"),
            Err(e) => return PageError::from(e).into_response(),
        }
    } else {
        if let Some(token) = cookie(&headers, SESSION_COOKIE) {
            match store.session(&token, now).await {
                Ok(Some((user, expires_at))) => {
                    auth.viewer = Viewer::User(user);
                    auth.session_token = Some(token);
                    // Sliding expiry: extend when less than 11 of the 12 hours are left.
                    refresh_session = expires_at - now < SESSION_SECONDS - 3600;
                }
                Ok(None) => {}
                Err(e) => return PageError::from(e).into_response(),
            }
        }
        // The CSRF token lives in its own cookie, independent of the login, so that a form
        // opened before a login (or before the session expired) can still be sent after it.
        match cookie(&headers, CSRF_COOKIE)
            .filter(|c| c.len() == 64 && c.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            Some(c) => auth.csrf = c,
            None => {
                let c = random_hex(32);
                auth.csrf = c.clone();
                new_csrf_cookie = Some(c);
            }
        }
    }

    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && !auth.api_token {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            // Checked by the handler, which reads the parts.
        } else if content_type.starts_with("application/x-www-form-urlencoded") {
            let (parts, body) = req.into_parts();
            let bytes = match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
                Ok(b) => b,
                Err(_) => {
                    return (StatusCode::PAYLOAD_TOO_LARGE, "Skjemaet er for stort.")
                        .into_response()
                }
            };
            let pairs: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
            let submitted = pairs
                .iter()
                .find(|(k, _)| k == CSRF_FIELD)
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            if new_csrf_cookie.is_some() || !constant_time_eq(submitted, &auth.csrf) {
                return PageError::Csrf.into_response();
            }
            req = Request::from_parts(parts, Body::from(bytes));
        } else {
            let header_token = headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if new_csrf_cookie.is_some() || !constant_time_eq(header_token, &auth.csrf) {
                return PageError::Csrf.into_response();
            }
        }
    }

    let here = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let is_get = req.method() == Method::GET;
    req.extensions_mut().insert(auth.clone());
    req.extensions_mut().insert(ClientAddress(address));
    req.extensions_mut().insert(policy);
    let mut response = next.run(req).await;
    if response
        .extensions()
        .get::<crate::error::Denied>()
        .is_some()
        && !auth.viewer.is_logged_in()
    {
        // The public is asked to log in, then sent back (to the page, for a form).
        let back = if is_get {
            here
        } else {
            headers
                .get(header::REFERER)
                .and_then(|r| r.to_str().ok())
                .and_then(local_path)
                .unwrap_or_else(|| "/".into())
        };
        let target = format!(
            "/logg-inn?{}",
            serde_urlencoded::to_string([("neste", back.as_str())]).unwrap_or_default()
        );
        response = axum::response::Redirect::to(&target).into_response();
    }
    if let Some(c) = new_csrf_cookie {
        response.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(policy, CSRF_COOKIE, &c, None),
        );
    }
    if refresh_session {
        if let Some(token) = &auth.session_token {
            if store.extend_session(token, now).await.is_ok() {
                response.headers_mut().append(
                    header::SET_COOKIE,
                    set_cookie(policy, SESSION_COOKIE, token, Some(SESSION_SECONDS)),
                );
            }
        }
    }
    // Pages with personal data or forms must not be cached by shared caches.
    if auth.viewer.is_logged_in() && !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

/// The path (and query) of a URL on this site, for redirects back after login; `None` for
/// anything that could lead elsewhere.
pub fn local_path(url: &str) -> Option<String> {
    let path = match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            &rest[rest.find('/')?..]
        }
        None => url,
    };
    (path.starts_with('/') && !path.starts_with("//") && !path.contains('\\'))
        .then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_go_only_to_this_site() {
        assert_eq!(
            local_path("/rapporter?x=1").as_deref(),
            Some("/rapporter?x=1")
        );
        assert_eq!(
            local_path("http://127.0.0.1:8080/sok?q=a").as_deref(),
            Some("/sok?q=a")
        );
        assert_eq!(local_path("//evil.example/"), None);
        assert_eq!(local_path("https://evil.example"), None);
        assert_eq!(local_path("javascript:alert(1)"), None);
    }

    #[test]
    fn cookies_are_read_and_set_safely() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; husk_session=abc; b=2"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, CSRF_COOKIE), None);
        let c = set_cookie(CookiePolicy::default(), SESSION_COOKIE, "abc", Some(60));
        let c = c.to_str().unwrap();
        for part in ["HttpOnly", "SameSite=Lax", "Secure", "Max-Age=60", "Path=/"] {
            assert!(c.contains(part), "{c}");
        }
    }
}
