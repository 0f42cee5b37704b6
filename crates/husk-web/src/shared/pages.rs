//! What every area's page handlers share: the layout of a page for its viewer, rendering, and
//! the answer for what the viewer may not see ([`hidden`], [`found`]): the one place where a
//! read refused by the store becomes "not found" or a request to log in.

use crate::auth::Auth;
use crate::error::PageError;
use crate::shared::layout::{Layout, Menu, Nav};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use husk_store::{Store, StoreError};

/// The layout for a page, with the viewer's menu and the demo notice when the demo data is
/// loaded.
pub(crate) async fn layout(
    store: &Store,
    auth: &Auth,
    title: impl Into<String>,
    nav: Nav,
) -> Result<Layout, PageError> {
    Ok(Layout {
        title: title.into(),
        nav,
        demo_notice: store.has_demo_data().await?,
        wide: false,
        menu: Menu::for_viewer(auth),
    })
}

/// Renders a template with a status code.
pub(crate) fn render(status: StatusCode, page: &impl Template) -> Result<Response, PageError> {
    Ok((status, Html(page.render()?)).into_response())
}

/// The answer for something the viewer may not see: the public is asked to log in; a
/// logged-in user is told it is not there (so that ids cannot be probed).
pub(crate) fn hidden(auth: &Auth) -> PageError {
    if auth.viewer.is_logged_in() {
        PageError::NotFound
    } else {
        PageError::Forbidden
    }
}

/// What a read as the viewer ([`husk_store::Reader`]) gave, as a page's answer: the thing
/// itself, "not found" when there is none, and [`hidden`] when the viewer may not see it.
pub(crate) fn found<T>(auth: &Auth, read: Result<Option<T>, StoreError>) -> Result<T, PageError> {
    match read {
        Ok(Some(t)) => Ok(t),
        Ok(None) => Err(PageError::NotFound),
        Err(StoreError::Hidden) => Err(hidden(auth)),
        Err(e) => Err(e.into()),
    }
}
