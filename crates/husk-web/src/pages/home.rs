//! `GET /`: key figures, NOK by year and the bar chart by office.

use super::{layout, render};
use crate::auth::Auth;
use crate::error::PageError;
use crate::views::{HomePage, Nav};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use husk_store::Store;

pub async fn show(State(store): State<Store>, auth: Auth) -> Result<Response, PageError> {
    let layout = layout(&store, &auth, "Forside", Nav::Home).await?;
    // The public and recipients start with their reports; staff with the portfolio.
    if !auth.viewer.reads_internal() {
        return super::reports::home(&store, &auth, layout).await;
    }
    let figures = store.key_figures().await?;
    let mut page = HomePage::new(layout, &figures);
    page.reporting = Some(super::reports::staff_summary(&store, &auth).await?);
    render(StatusCode::OK, &page)
}
