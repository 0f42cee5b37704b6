//! `GET /`: key figures, NOK by year and the bar chart by office.

use super::{layout, render};
use crate::error::PageError;
use crate::views::{HomePage, Nav};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use husk_store::Store;

pub async fn show(State(store): State<Store>) -> Result<Response, PageError> {
    let figures = store.key_figures().await?;
    let layout = layout(&store, "Forside", Nav::Home).await?;
    render(StatusCode::OK, &HomePage::new(layout, &figures))
}
