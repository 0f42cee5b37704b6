//! The site's own address, for links Husk prints for use elsewhere: the evaluation link and
//! its QR code, an arena's calendar feed. The public address given at start-up
//! (`husk serve --public-url`, `HUSK_PUBLIC_URL`) wins; without it the request's `Host` header
//! is used, and then only when it is a plain `host[:port]`, so a forged header cannot put
//! anything else into a link.

use crate::auth::CookiePolicy;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Uri};
use std::convert::Infallible;

/// The address users open Husk at, checked: `http` or `https`, a host with an optional port
/// and path, no user, query or fragment; kept without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(String);

impl PublicUrl {
    /// Checks an address as given on the command line or in the environment; the error says
    /// what is expected, in Norwegian.
    pub fn parse(raw: &str) -> Result<PublicUrl, String> {
        let raw = raw.trim();
        let bad = |why: &str| {
            format!(
                "«{raw}» er ikke en adresse Husk kan bruke i lenker: {why}. Skriv adressen brukerne åpner Husk på, for eksempel https://husk.husbanken.no."
            )
        };
        let uri: Uri = raw
            .parse()
            .map_err(|_| bad("den kan ikke leses som en adresse"))?;
        match uri.scheme_str() {
            Some("https" | "http") => {}
            _ => return Err(bad("den må begynne med https:// eller http://")),
        }
        let authority = uri
            .authority()
            .ok_or_else(|| bad("vertsnavnet mangler"))?
            .as_str();
        if host_port(authority).is_none() {
            return Err(bad(
                "vertsnavnet må være et navn eller en IP-adresse, eventuelt med :port",
            ));
        }
        if uri.query().is_some() || raw.contains('#') {
            return Err(bad("den kan ikke ha ? eller #"));
        }
        let path = uri.path().trim_end_matches('/');
        if !path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-._~".contains(&b))
        {
            return Err(bad("stien kan bare ha bokstaver a–z, tall, /, -, . og _"));
        }
        Ok(PublicUrl(format!(
            "{}://{}{}",
            uri.scheme_str().unwrap_or("https"),
            authority.to_ascii_lowercase(),
            path
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it is served over HTTPS.
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

/// `host[:port]` when `raw` is exactly that: a DNS name, an IPv4 address or a bracketed IPv6
/// address, and a port of 1–65535; nothing else (no user, path or other characters).
pub fn host_port(raw: &str) -> Option<&str> {
    let (host, port) = if let Some(rest) = raw.strip_prefix('[') {
        let (v6, after) = rest.split_once(']')?;
        v6.parse::<std::net::Ipv6Addr>().ok()?;
        match after {
            "" => (raw, None),
            p => (raw, Some(p.strip_prefix(':')?)),
        }
    } else {
        match raw.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (raw, None),
        }
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 5 {
            return None;
        }
        if !(1..=65535).contains(&p.parse::<u32>().ok()?) {
            return None;
        }
    }
    if !host.starts_with('[') {
        let name = host.strip_suffix('.').unwrap_or(host);
        let ok = !name.is_empty()
            && name.len() <= 253
            && name.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            });
        if !ok {
            return None;
        }
    }
    Some(raw)
}

/// The site's address for a link (no trailing slash): the public address if one is set,
/// else from the request's `Host` (`https` when cookies are secure and the host is not the
/// machine itself), else `http://localhost`.
#[derive(Debug, Clone)]
pub struct SiteAddress(pub String);

impl SiteAddress {
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SiteAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        if let Some(public) = parts.extensions.get::<PublicUrl>() {
            return Ok(SiteAddress(public.as_str().to_string()));
        }
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::trim)
            .and_then(host_port)
            .map(str::to_ascii_lowercase)
            .unwrap_or_else(|| "localhost".into());
        let local = host.starts_with("127.0.0.1")
            || host.starts_with("localhost")
            || host.starts_with("[::1]");
        let secure = parts
            .extensions
            .get::<CookiePolicy>()
            .is_some_and(|p| p.secure);
        let scheme = if secure && !local { "https" } else { "http" };
        Ok(SiteAddress(format!("{scheme}://{host}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_host_and_port_passes() {
        for ok in [
            "husk.example.no",
            "husk.example.no:8443",
            "127.0.0.1:8080",
            "[::1]:8080",
            "[2001:db8::1]",
            "localhost",
        ] {
            assert_eq!(host_port(ok), Some(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.example/path",
            "user@evil.example",
            "evil.example:99999",
            "evil.example:80:81",
            "evil example",
            "evil.example\"><script>",
            "[not-ipv6]:80",
            "-x.example",
            "a..b",
            "evil.example:",
        ] {
            assert_eq!(host_port(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_public_address_is_checked_and_kept_without_its_last_slash() {
        assert_eq!(
            PublicUrl::parse("https://Husk.Example.no/")
                .unwrap()
                .as_str(),
            "https://husk.example.no"
        );
        assert_eq!(
            PublicUrl::parse("http://10.0.0.5:8080/husk/")
                .unwrap()
                .as_str(),
            "http://10.0.0.5:8080/husk"
        );
        for bad in [
            "husk.example.no",
            "ftp://husk.example.no",
            "https://user@husk.example.no",
            "https://husk.example.no/?x=1",
            "https://husk.example.no/#top",
            "https://husk.example.no/a b",
        ] {
            let e = PublicUrl::parse(bad).unwrap_err();
            assert!(
                e.contains("er ikke en adresse Husk kan bruke i lenker"),
                "{bad}: {e}"
            );
        }
    }
}
