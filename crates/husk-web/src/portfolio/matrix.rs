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
use husk_domain::{Matrix, MatrixMeasure, ProjectFacts};
use husk_store::reporting::ReportedTagsByEntry;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// A matrix computed for one query, with what it was computed from. The store hands out the
/// same register and report tags (the same `Arc`s) until either changes, so an entry whose
/// `Arc`s are the store's current ones is still right; holding them keeps their addresses from
/// being reused.
struct Computed {
    facts: Arc<Vec<ProjectFacts>>,
    reported: Arc<ReportedTagsByEntry>,
    query: String,
    matrix: Matrix,
    comparison: ReportsComparison,
}

/// The matrices of the last queries asked for: the matrix does not depend on who asks (only
/// whether they may see it), and most people open it with the same few filters.
static COMPUTED: Mutex<VecDeque<Arc<Computed>>> = Mutex::new(VecDeque::new());
const COMPUTED_KEPT: usize = 32;

fn remembered(
    facts: &Arc<Vec<ProjectFacts>>,
    reported: &Arc<ReportedTagsByEntry>,
    query: &str,
) -> Option<Arc<Computed>> {
    COMPUTED
        .lock()
        .unwrap()
        .iter()
        .find(|c| {
            Arc::ptr_eq(&c.facts, facts) && Arc::ptr_eq(&c.reported, reported) && c.query == query
        })
        .cloned()
}

fn remember(computed: Arc<Computed>) {
    let mut kept = COMPUTED.lock().unwrap();
    // What was computed from an older register is of no more use.
    kept.retain(|c| Arc::ptr_eq(&c.facts, &computed.facts));
    if kept.len() >= COMPUTED_KEPT {
        kept.pop_front();
    }
    kept.push_back(computed);
}

pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_see_portfolio())?;
    let tax = store.taxonomy();
    let filters = Filters::parse(query.as_deref(), tax);
    // The same selection as the reports classify it, beside the register's own classification.
    let (facts, reported) = store
        .read_as(&auth.viewer)
        .register()?
        .facts_and_reported_tags()
        .await?;
    let query_text = query.as_deref().unwrap_or("").to_string();
    let computed = match remembered(&facts, &reported, &query_text) {
        Some(c) => c,
        None => {
            let c = Arc::new(compute(tax, &facts, &reported, &filters, query_text));
            remember(c.clone());
            c
        }
    };
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
    let mut page = MatrixPage::new(layout, FilterForm::new(filters, tax), &computed.matrix, tax);
    page.from_reports = computed.comparison.clone();
    render(status, &page)
}

/// The matrix of a query and its comparison with the reports' classification.
fn compute(
    tax: &husk_domain::Taxonomy,
    facts: &Arc<Vec<ProjectFacts>>,
    reported: &Arc<ReportedTagsByEntry>,
    filters: &Filters,
    query: String,
) -> Computed {
    let matrix = Matrix::compute(
        tax,
        facts.iter(),
        &filters.selection,
        filters.measure,
        filters.gap_threshold,
    );
    let by_reports = classified_by_reports(facts.iter(), reported);
    let count = |facts: &[&ProjectFacts]| {
        Matrix::compute(
            tax,
            facts.iter().copied(),
            &filters.selection,
            MatrixMeasure::Count,
            filters.gap_threshold,
        )
    };
    let own: Vec<&ProjectFacts> = facts.iter().collect();
    let theirs: Vec<&ProjectFacts> = by_reports.iter().collect();
    let comparison = ReportsComparison::new(
        tax,
        &count(&own),
        &count(&theirs),
        &target_group_counts(tax, facts.iter(), &filters.selection),
        &target_group_counts(tax, by_reports.iter(), &filters.selection),
    );
    Computed {
        facts: facts.clone(),
        reported: reported.clone(),
        query,
        matrix,
        comparison,
    }
}
