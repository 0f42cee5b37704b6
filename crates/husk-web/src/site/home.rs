//! `GET /`: for staff the key figures, NOK by year, the bar chart by office and the reporting
//! summary; for recipients their reminders, obligations and entries; for the public the
//! published reports.

use super::views::{HomePage, PublicHomePage, RecipientHomePage};
use crate::auth::Auth;
use crate::error::PageError;
use crate::reporting::reports::{staff_summary, visible_obligations};
use crate::reporting::views::{ObligationView, PublishedRow};
use crate::shared::layout::{Layout, Nav};
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use axum::http::StatusCode;
use axum::response::Response;
use husk_domain::access::ProjectScope;
use husk_domain::reporting::ObligationStatus;
use husk_store::Store;

pub async fn show(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    let layout = layout(&store, &auth, "Forside", Nav::Home).await?;
    // The public and recipients start with their reports; staff with the portfolio.
    if !auth.viewer.reads_internal() {
        return recipient_or_public(&store, &auth, layout).await;
    }
    let figures = store.key_figures().await?;
    let mut page = HomePage::new(layout, &figures);
    page.reporting = Some(staff_summary(&store, &auth).await?);
    render(StatusCode::OK, &page)
}

/// The start page of the public (published reports, search) and of recipients (reminders).
async fn recipient_or_public(
    store: &Store,
    auth: &Auth,
    layout: Layout,
) -> Result<Response, PageError> {
    let tax = store.taxonomy();
    if let Some(org) = auth.viewer.organisation_id() {
        let organisation = store.organisation_name(org).await?.unwrap_or_default();
        let obligations = visible_obligations(store, auth).await?;
        let views: Vec<(ObligationStatus, ObligationView)> = obligations
            .iter()
            .map(|o| (o.status, ObligationView::new(o, tax, &auth.viewer)))
            .collect();
        let mut projects: Vec<(String, String)> = store
            .read_as(&auth.viewer)
            .register()?
            .facts()
            .await?
            .iter()
            .filter(|p| {
                auth.viewer.owns_entry(ProjectScope {
                    region: &p.region,
                    organisation_id: p.organisation_id,
                })
            })
            .map(|p| {
                (
                    p.title.clone(),
                    crate::portfolio::views::project_href(&p.id),
                )
            })
            .collect();
        projects.sort();
        return render(
            StatusCode::OK,
            &RecipientHomePage {
                layout,
                organisation,
                reminders: views
                    .iter()
                    .filter(|(s, _)| s.needs_recipient())
                    .map(|(_, v)| v.clone())
                    .collect(),
                obligations: views.into_iter().map(|(_, v)| v).collect(),
                projects,
            },
        );
    }
    let reader = store.read_as(&auth.viewer);
    let summaries = reader.published_summaries().await?;
    let published = reader
        .published_reports()
        .await?
        .iter()
        .take(10)
        .map(|r| PublishedRow::new(r, tax).with_summary(&summaries))
        .collect();
    let documents = reader
        .documents()
        .await?
        .iter()
        .filter(|d| d.meta.public)
        .count();
    render(
        StatusCode::OK,
        &PublicHomePage {
            layout,
            published,
            documents: crate::format::int(documents as i64),
        },
    )
}
