//! `GET /datakvalitet`: what the checks found in the register and where the sources disagree
//! (staff).

use super::views::DataQualityPage;
use crate::auth::Auth;
use crate::error::PageError;
use crate::shared::layout::Nav;
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::Response;
use std::collections::HashMap;

pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_see_data_quality())?;
    let quality = store.read_as(&auth.viewer).data_quality().await?;
    let titles: HashMap<String, String> = store
        .read_as(&auth.viewer)
        .register()?
        .facts()
        .await?
        .iter()
        .map(|p| (p.id.clone(), p.title.clone()))
        .collect();
    let layout = layout(&store, &auth, "Datakvalitet", Nav::Projects).await?;
    render(
        StatusCode::OK,
        &DataQualityPage::new(layout, &quality, &titles, query.as_deref()),
    )
}
