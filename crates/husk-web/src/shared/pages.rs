//! What every area's page handlers share: the layout of a page for its viewer, rendering, and
//! the answers for what the viewer may not see (entries and documents).

use crate::auth::Auth;
use crate::error::PageError;
use crate::shared::layout::{Layout, Menu, Nav};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use husk_domain::access::{DocumentScope, ProjectScope};
use husk_store::Store;

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

/// An entry's office and recipient, if the viewer may read it.
pub(crate) async fn readable_project(
    store: &Store,
    auth: &Auth,
    id: &str,
) -> Result<(String, Option<i64>), PageError> {
    let Some((region, org)) = store.project_scope(id).await? else {
        return Err(PageError::NotFound);
    };
    let scope = ProjectScope {
        region: &region,
        organisation_id: org,
    };
    if auth.viewer.may_read_project(scope) {
        Ok((region, org))
    } else {
        Err(hidden(auth))
    }
}

/// Whether the viewer may read a document. For the public and recipients, false when it does
/// not exist; staff read everything, so for them existence is the caller's to know (lists and
/// links pass ids of stored documents; the API checks existence first).
pub(crate) async fn may_read_document(
    store: &Store,
    auth: &Auth,
    id: i64,
) -> Result<bool, PageError> {
    if auth.viewer.reads_internal() {
        // Staff read every document: no lookup (lists ask once per document).
        return Ok(true);
    }
    Ok(match store.document_scope(id).await? {
        Some((public, region, orgs)) => auth.viewer.may_read_document(DocumentScope {
            public,
            region: region.as_deref(),
            organisation_ids: &orgs,
        }),
        None => false,
    })
}
