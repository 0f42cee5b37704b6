//! Who is asking, and protection of every form.
//!
//! [`authenticate`] runs before every handler. It finds the viewer from the session cookie or
//! an API token (`Authorization: Bearer husk_…`), and guards every state-changing request
//! against cross-site request forgery, here and nowhere else, whatever the content type:
//! - a request the browser marks as coming from another site (`Sec-Fetch-Site: cross-site` or
//!   `same-site`, or an `Origin` that is not this site) is refused;
//! - the request must carry the `_csrf` token the server put in the page, matching the
//!   browser's `husk_csrf` cookie (HttpOnly, SameSite=Lax; the double-submit pattern with the
//!   token rendered by the server): as a field of a URL-encoded form, as the *first* field of a
//!   multipart form (read here from the start of the body, before any handler runs), or in an
//!   `X-CSRF-Token` header for anything else (scripts).
//!
//! Requests with an API token carry no cookies and need no token. The CSRF cookie is renewed at
//! login (see `pages::account::login`).
//!
//! Every response gets the security headers ([`security_headers`]), and no response that sets a
//! cookie or shows a logged-in user's page may be stored by a shared cache.
//!
//! Handlers take an [`Auth`] and ask `auth.viewer` (the rules are in `husk_domain::access`).

use crate::error::PageError;
pub use crate::shared::address::PublicUrl;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_domain::Viewer;
use husk_store::accounts::{now_unix, random_hex, SESSION_SECONDS};
use husk_store::Store;
use std::convert::Infallible;

pub const SESSION_COOKIE: &str = "husk_session";
pub const CSRF_COOKIE: &str = "husk_csrf";
/// The form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";
/// The largest URL-encoded form body read (the report form with long answers fits easily).
const MAX_FORM_BYTES: usize = 8 * 1024 * 1024;
/// How much of a multipart body is read to find the CSRF token in its first field.
const MAX_MULTIPART_PREFIX: usize = 64 * 1024;

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

/// How the web app meets the network: cookies, the proxies it trusts, and HTTPS.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    pub cookies: CookiePolicy,
    /// Proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed. From anyone else
    /// the headers are ignored: the peer's own address counts.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Whether Husk is served over HTTPS (its public address starts with `https://`): then
    /// responses carry `Strict-Transport-Security`. A request that a trusted proxy marks with
    /// `X-Forwarded-Proto: https` gets it too.
    pub https: bool,
    /// The address users open Husk at (`husk serve --public-url`), for links printed for use
    /// elsewhere (the evaluation link and its QR code, calendar feeds). Without it those links
    /// are built from the request's `Host`, when that is a plain `host[:port]`.
    pub public_url: Option<PublicUrl>,
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

/// The client's address for the login lock-out: the peer's address, or, when the peer is a
/// trusted proxy, the nearest address in `X-Forwarded-For` that is not a trusted proxy.
fn client_address(req: &Request, trusted: &[std::net::IpAddr]) -> String {
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let Some(peer) = peer else {
        return "ukjent".into();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    // Walk from the nearest hop outwards; the first hop we do not trust is the client.
    for hop in forwarded.iter().rev() {
        match hop.parse::<std::net::IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return ip.to_string(),
            Err(_) => break,
        }
    }
    peer.to_string()
}

/// Whether a trusted proxy says the request came over HTTPS.
fn forwarded_https(req: &Request, trusted: &[std::net::IpAddr]) -> bool {
    let from_trusted = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .is_some_and(|c| trusted.contains(&c.0.ip()));
    from_trusted
        && req
            .headers()
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// Whether the browser says a request comes from another site: `Sec-Fetch-Site` (sent by
/// every current browser) or, failing that, an `Origin` other than this site's.
fn from_another_site(headers: &HeaderMap, uri_authority: Option<&str>) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if matches!(site, "cross-site" | "same-site") {
            return true;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or(uri_authority);
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    match (origin_host, host) {
        (Some(o), Some(h)) => !o.eq_ignore_ascii_case(h),
        _ => true,
    }
}

/// Reads the start of a multipart body to find its first field, which must be `_csrf`.
/// Returns the token (if the first field is `_csrf`) and the whole body, unchanged, for the
/// handler.
async fn multipart_token(
    body: Body,
    boundary: &str,
) -> Result<(Option<String>, Body), axum::Error> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut chunks: Vec<axum::body::Bytes> = Vec::new();
    let mut prefix: Vec<u8> = Vec::new();
    let delimiter = format!("\r\n--{boundary}");
    let mut ended = false;
    // Read until the first part is complete (its closing delimiter is in view).
    while !contains(&prefix, delimiter.as_bytes()) && prefix.len() < MAX_MULTIPART_PREFIX {
        match stream.next().await {
            Some(chunk) => {
                let chunk = chunk?;
                prefix.extend_from_slice(&chunk);
                chunks.push(chunk);
            }
            None => {
                ended = true;
                break;
            }
        }
    }
    let mut token = None;
    let mut parser = multer::Multipart::new(
        futures_util::stream::once(async move {
            Ok::<_, std::convert::Infallible>(axum::body::Bytes::from(prefix))
        }),
        boundary.to_string(),
    );
    if let Ok(Some(field)) = parser.next_field().await {
        if field.name() == Some(CSRF_FIELD) {
            token = field.text().await.ok();
        }
    }
    let head = futures_util::stream::iter(chunks.into_iter().map(Ok::<_, axum::Error>));
    let body = if ended {
        Body::from_stream(head)
    } else {
        Body::from_stream(head.chain(stream))
    };
    Ok((token, body))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Headers every response carries: a Content-Security-Policy that allows only this site's own
/// scripts, styles and images and no framing, no content sniffing, no full referrers to other
/// sites, and HSTS when served over HTTPS.
pub fn security_headers(headers: &mut HeaderMap, https: bool) {
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
}

/// The policy: Husk's pages load only their own scripts, styles and images. Style attributes
/// are allowed (the bar charts and heat map set a CSS variable per cell); `<style>` elements
/// and inline scripts are not.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

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

/// The middleware: resolves the viewer, checks CSRF on state-changing requests, sets the
/// anonymous CSRF cookie when the browser has none, and adds the security headers.
pub async fn authenticate(
    State((store, config)): State<(Store, WebConfig)>,
    mut req: Request,
    next: Next,
) -> Response {
    let https = config.https || forwarded_https(&req, &config.trusted_proxies);
    let mut response = authenticated(&store, &config, &mut req, next).await;
    let headers = response.headers_mut();
    security_headers(headers, https);
    // A response that sets a cookie, or a logged-in user's page, is never stored by a shared
    // cache (and a response that sets a cookie by no cache at all).
    if headers.contains_key(header::SET_COOKIE) {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

async fn authenticated(
    store: &Store,
    config: &WebConfig,
    req: &mut Request,
    next: Next,
) -> Response {
    let policy = config.cookies;
    let now = now_unix();
    let address = client_address(req, &config.trusted_proxies);
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
            Ok(None) => return unauthorized_api("API-nøkkelen er ugyldig eller tilbakekalt. Send «Authorization: Bearer husk_…» med en gyldig nøkkel fra «Min side»."),
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
        // The CSRF token lives in its own cookie, so that a form opened before the session
        // expired can still be sent after a new login in another tab... until the login,
        // which renews it.
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
        if from_another_site(&headers, req.uri().authority().map(|a| a.as_str())) {
            return PageError::Csrf.into_response();
        }
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let lower = content_type.to_ascii_lowercase();
        let body = std::mem::take(req.body_mut());
        let submitted = if lower.starts_with("multipart/form-data") {
            let Ok(boundary) = multer::parse_boundary(&content_type) else {
                return PageError::Csrf.into_response();
            };
            match multipart_token(body, &boundary).await {
                Ok((token, body)) => {
                    *req.body_mut() = body;
                    token.unwrap_or_default()
                }
                Err(_) => return PageError::Csrf.into_response(),
            }
        } else if lower.starts_with("application/x-www-form-urlencoded") {
            let bytes = match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
                Ok(b) => b,
                Err(_) => {
                    return (
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "Skjemaet er for stort til å sendes.",
                    )
                        .into_response()
                }
            };
            let pairs: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
            let token = pairs
                .iter()
                .find(|(k, _)| k == CSRF_FIELD)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            *req.body_mut() = Body::from(bytes);
            token
        } else {
            *req.body_mut() = body;
            headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        if new_csrf_cookie.is_some() || !constant_time_eq(&submitted, &auth.csrf) {
            return PageError::Csrf.into_response();
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
    if let Some(public) = &config.public_url {
        req.extensions_mut().insert(public.clone());
    }
    let mut response = next.run(std::mem::take(req)).await;
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
    // Only pages carry forms, so only pages set the CSRF cookie (never a cacheable file).
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if let Some(c) = new_csrf_cookie.filter(|_| is_page) {
        response.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(policy, CSRF_COOKIE, &c, None),
        );
    }
    if refresh_session {
        if let Some(token) = &auth.session_token {
            if let Ok(left) = store.extend_session(token, now).await {
                response.headers_mut().append(
                    header::SET_COOKIE,
                    set_cookie(policy, SESSION_COOKIE, token, Some(left)),
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
/// anything that could lead elsewhere or break the `Location` header: only a path that starts
/// with one `/`, with no backslash, whitespace or control character anywhere (browsers drop
/// tabs and newlines, so `/\t/evil.example` would become `//evil.example`).
pub fn local_path(url: &str) -> Option<String> {
    let path = match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            &rest[rest.find('/')?..]
        }
        None => url,
    };
    let safe = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && path
            .chars()
            .all(|c| !c.is_control() && !c.is_whitespace() && c != '\\');
    safe.then(|| path.to_string())
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
        // Browsers drop tabs and newlines: "/\t/evil.example/" is "//evil.example/" to them.
        assert_eq!(local_path("/\t/evil.example/"), None);
        assert_eq!(local_path("/\n/evil.example/"), None);
        assert_eq!(local_path("/rapporter\r\nSet-Cookie: x=1"), None);
        assert_eq!(local_path("/\\evil.example"), None);
        assert_eq!(local_path("/ /evil.example"), None);
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
