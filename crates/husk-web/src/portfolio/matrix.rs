//! `GET /kunnskapsmatrise`: the knowledge matrix as an accessible heat-map table.

use super::views::{FilterForm, MatrixPage, ReportsComparison};
use crate::auth::Auth;
use crate::error::PageError;
use crate::filters::Filters;
use crate::shared::layout::Nav;
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::Response;
use husk_domain::matrix::{classified_by_reports, target_group_counts};
use husk_domain::{Matrix, MatrixMeasure};

pub async fn show(
    Acting(store): Acting,
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
    // The same selection as the reports classify it, beside the register's own classification.
    let reported = store.reported_tags().await?;
    let by_reports = classified_by_reports(facts.iter(), &reported);
    let count = |facts: &[&husk_domain::ProjectFacts]| {
        Matrix::compute(
            tax,
            facts.iter().copied(),
            &filters.selection,
            MatrixMeasure::Count,
            filters.gap_threshold,
        )
    };
    let own: Vec<&husk_domain::ProjectFacts> = facts.iter().collect();
    let theirs: Vec<&husk_domain::ProjectFacts> = by_reports.iter().collect();
    let comparison = ReportsComparison::new(
        tax,
        &count(&own),
        &count(&theirs),
        &target_group_counts(tax, facts.iter(), &filters.selection),
        &target_group_counts(tax, by_reports.iter(), &filters.selection),
    );
    let mut layout = layout(&store, &auth, title, Nav::Matrix).await?;
    layout.wide = true;
    let mut page = MatrixPage::new(layout, FilterForm::new(filters, tax), &matrix, tax);
    page.from_reports = comparison;
    render(status, &page)
}
