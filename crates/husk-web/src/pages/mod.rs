//! Page handlers: parse the request, call one store or domain function, render a template.

pub mod documents;
pub mod grants;
pub mod home;
pub mod import;
pub mod knowledge;
pub mod matrix;
pub mod projects;
pub mod search;

use crate::error::PageError;
use crate::views::{Layout, Nav};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use husk_store::Store;

/// The layout for a page, with the demo notice when the demo data is loaded.
pub(crate) async fn layout(
    store: &Store,
    title: impl Into<String>,
    nav: Nav,
) -> Result<Layout, PageError> {
    Ok(Layout {
        title: title.into(),
        nav,
        demo_notice: store.has_demo_data().await?,
        wide: false,
    })
}

/// Renders a template with a status code.
pub(crate) fn render(status: StatusCode, page: &impl Template) -> Result<Response, PageError> {
    Ok((status, Html(page.render()?)).into_response())
}

/// Reads a URL-encoded form body into pairs, keeping repeated keys (checkbox groups).
pub(crate) fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}
