//! The municipalities' pages: the list and one municipality.

use super::views::{
    MunicipalityListPage, MunicipalityPage, UnknownMunicipalityPage, SECTION_PAGE_SIZE,
};
use crate::auth::Auth;
use crate::error::PageError;
use crate::paging::{PageNav, Paging};
use crate::shared::layout::Nav;
use crate::shared::pages::{hidden, layout, render};
use crate::shared::state::Acting;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::Response;
use husk_domain::ids::Kommunenummer;
use husk_store::{Store, StoreError};

/// `GET /kommuner`: the municipalities Husk knows, a page at a time.
pub async fn list(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let list = match store.read_as(&auth.viewer).municipalities().await {
        Ok(list) => list,
        Err(StoreError::Hidden) => return Err(hidden(&auth)),
        Err(e) => return Err(e.into()),
    };
    let paging = Paging::for_list(query.as_deref(), list.len());
    let layout = layout(&store, &auth, "Kommuner", Nav::Programmes).await?;
    let mut page = MunicipalityListPage::new(layout, &list[paging.range(list.len())], list.len());
    page.nav = PageNav::new("/kommuner", query.as_deref(), paging, list.len());
    render(StatusCode::OK, &page)
}

/// `GET /kommuner/{kommunenummer}`: 404 with the reason for a number that is not a
/// kommunenummer or that Husk knows nothing of. The entries and the reports come 20 a page,
/// each list with its own page (`?oppforinger=N`, `?rapporter=N`).
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    if !auth.viewer.may_see_portfolio() {
        return Err(hidden(&auth));
    }
    let k = match Kommunenummer::parse(&raw) {
        Ok(k) => k,
        Err(message) => return unknown(&store, &auth, message).await,
    };
    let m = match store.read_as(&auth.viewer).municipality(&k).await {
        Ok(Some(m)) => m,
        Ok(None) => {
            return unknown(&store, &auth, format!(
                "Husk vet ingenting om kommunenummer {}: ingen programdeltakelse, ingen mottaker i registeret og ingen indikatorverdier.",
                k.as_str()
            ))
            .await
        }
        Err(StoreError::Hidden) => return Err(hidden(&auth)),
        Err(e) => return Err(e.into()),
    };
    let layout = layout(&store, &auth, m.name.clone(), Nav::Programmes).await?;
    let mut page = MunicipalityPage::new(layout, &m, time::OffsetDateTime::now_utc().date());
    let path = format!("/kommuner/{}", k.as_str());
    let q = query.as_deref();
    let total = page.entries.len();
    let paging = Paging::for_param(q, "oppforinger", total, SECTION_PAGE_SIZE);
    page.entries = page.entries.drain(paging.range(total)).collect();
    page.entries_nav = PageNav::for_param(&path, q, paging, total, "oppforinger", "oppforinger");
    let total = page.reports.len();
    let paging = Paging::for_param(q, "rapporter", total, SECTION_PAGE_SIZE);
    page.reports = page.reports.drain(paging.range(total)).collect();
    page.reports_nav = PageNav::for_param(&path, q, paging, total, "rapporter", "rapporter");
    render(StatusCode::OK, &page)
}

/// The 404 page for a municipality Husk cannot show, saying why.
async fn unknown(store: &Store, auth: &Auth, message: String) -> Result<Response, PageError> {
    let layout = layout(store, auth, "Fant ikke kommunen", Nav::Programmes).await?;
    render(
        StatusCode::NOT_FOUND,
        &UnknownMunicipalityPage { layout, message },
    )
}
