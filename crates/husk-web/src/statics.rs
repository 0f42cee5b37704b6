//! Static CSS, the small scripts, Husk's mark (the favicon), and the health check.

use crate::shared::state::Acting;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;

/// Digdir's Designsystemet CSS (theme and components), bundled by the build script from npm.
const DESIGNSYSTEMET_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/designsystemet.css"));
/// Husk's own layout, heat-map and bar-chart styles.
const HUSK_CSS: &str = include_str!("../static/husk.css");
/// Type-ahead for the search page (progressive enhancement).
const SOK_JS: &str = include_str!("../static/sok.js");
/// Autosave of report drafts (progressive enhancement).
const RAPPORT_JS: &str = include_str!("../static/rapport.js");
/// Small enhancements shared by several pages (the print buttons).
const HUSK_JS: &str = include_str!("../static/husk.js");

/// Husk's mark: a house with a bookmark, drawn for Husk. Shown in the header and used as the
/// favicon.
const MARK_SVG: &str = include_str!("../static/husk.svg");
/// The mark as a 180 × 180 PNG (made from `husk.svg`), for home-screen icons and for browsers
/// that ask for `/favicon.ico`.
const MARK_PNG: &[u8] = include_bytes!("../static/husk-180.png");

fn css(body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}

pub async fn designsystemet_css() -> impl IntoResponse {
    css(DESIGNSYSTEMET_CSS)
}

pub async fn husk_css() -> impl IntoResponse {
    css(HUSK_CSS)
}

pub async fn sok_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SOK_JS,
    )
}

pub async fn rapport_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        RAPPORT_JS,
    )
}

pub async fn husk_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        HUSK_JS,
    )
}

pub async fn mark_svg() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        MARK_SVG,
    )
}

/// `GET /static/husk-180.png` and `GET /favicon.ico` (browsers read the PNG whatever the name).
pub async fn mark_png() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        MARK_PNG,
    )
}

/// `GET /healthz`: 200 "ok" when the database answers, 503 otherwise.
pub async fn healthz(Acting(store): Acting) -> impl IntoResponse {
    let headers = [
        (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    match store.schema_version().await {
        Ok(_) => (StatusCode::OK, headers, "ok"),
        Err(e) => {
            tracing::error!("helsesjekk: databasen svarer ikke: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                headers,
                "databasen svarer ikke",
            )
        }
    }
}
