//! `GET /kunnskapsmatrise`: the knowledge matrix as an accessible heat-map table.

use super::{layout, render};
use crate::auth::Auth;
use crate::error::PageError;
use crate::filters::Filters;
use crate::views::{FilterForm, MatrixPage, Nav};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use husk_domain::Matrix;
use husk_store::Store;

pub async fn show(
    State(store): State<Store>,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_see_portfolio())?;
    let tax = store.taxonomy();
    let filters = Filters::parse(query.as_deref(), tax);
    let facts = store.register_facts().await?;
    let matrix = Matrix::compute(
        tax,
        facts.iter(),
        &filters.selection,
        filters.measure,
        filters.gap_threshold,
    );
    let status = if filters.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let title = if filters.errors.is_empty() {
        "Kunnskapsmatrise"
    } else {
        "Feil i filteret: Kunnskapsmatrise"
    };
    let mut layout = layout(&store, &auth, title, Nav::Matrix).await?;
    layout.wide = true;
    let page = MatrixPage::new(layout, FilterForm::new(filters, tax), &matrix, tax);
    render(status, &page)
}
