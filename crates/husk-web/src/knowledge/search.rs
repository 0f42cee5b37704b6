//! `GET /sok`: full-text search in the knowledge base's reports and research, with facets.

use super::search_filters::{SearchFilters, MAX_LIMIT};
use super::views::{index_notice, SearchPage};
use crate::auth::Auth;
use crate::error::PageError;
use crate::shared::layout::Nav;
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::Response;
use husk_search::{SearchError, SearchResults};

/// Documents per page of results; "Vis flere" adds as many again.
pub const PAGE_STEP: usize = 20;

pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let tax = store.taxonomy();
    let mut f = SearchFilters::parse(query.as_deref(), tax, PAGE_STEP);
    let has_query = !f.query.text.trim().is_empty();
    if !has_query && f.raw.limit.is_empty() {
        // Without words the page lists the documents: all of them that pass the filters.
        f.query.limit = MAX_LIMIT;
    }
    // A query too long or with too many words is not searched; the page says why at the field.
    // Internal documents are found only for a viewer who reads them (the reader sees to it).
    let results = match store.read_as(&auth.viewer).search(f.query.clone()).await {
        Ok(results) => results,
        Err(SearchError::Query(refused)) => {
            f.errors.push("q", refused.to_string());
            SearchResults::nothing()
        }
        Err(e) => return Err(e.into()),
    };
    let (status, title) = match (f.errors.is_empty(), has_query) {
        (false, _) => (StatusCode::BAD_REQUEST, "Feil i søket: Søk".to_string()),
        (true, true) => (StatusCode::OK, format!("«{}»: Søk", f.query.text.trim())),
        (true, false) => (StatusCode::OK, "Søk".to_string()),
    };
    let layout = layout(&store, &auth, title, Nav::Search).await?;
    let mut page = SearchPage::new(layout, &f, &results, tax, PAGE_STEP);
    if auth.viewer.reads_internal() {
        page.index_notice = index_notice(&store.index_status().await?);
    }
    render(status, &page)
}
