//! The co-financing pages: each participant's own contribution against the programme's rule
//! (`/programmer/{id}/egenfinansiering`) and the form that sets the rule (owning office's
//! advisers and administrators).

use super::views::cofinancing::{percent_text, CofinancingPage, CofinancingRulePage};
use crate::auth::Auth;
use crate::error::PageError;
use crate::shared::form::form_pairs;
use crate::shared::layout::Nav;
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::programmes::cofinancing::MAX_RULE_YEARS;
use husk_domain::FieldErrors;
use husk_store::{SaveError, StoreError};

/// `GET /programmer/{id}/egenfinansiering`.
pub async fn page(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let reader = store.read_as(&auth.viewer);
    let p = found(&auth, reader.programme(&id).await)?;
    let c = reader.cofinancing(&p).await?;
    let message = (crate::query::param(query.as_deref(), "melding").as_deref()
        == Some("regel-lagret"))
    .then(|| "Regelen for egenfinansiering er lagret.".to_string());
    let layout = layout(
        &store,
        &auth,
        format!("Egenfinansiering: {}", p.title),
        Nav::Programmes,
    )
    .await?;
    let may = auth.viewer.may_configure_programme(&p.offices);
    render(
        StatusCode::OK,
        &CofinancingPage::new(layout, &p, &c, may, message),
    )
}

/// `GET /programmer/{id}/egenfinansiering/regel`.
pub async fn rule_form(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let p = found(&auth, store.read_as(&auth.viewer).programme(&id).await)?;
    auth.allow(auth.viewer.may_configure_programme(&p.offices))?;
    let values: Vec<String> = p
        .cofinancing
        .iter()
        .map(|s| percent_text(s.basis_points()))
        .collect();
    let layout = layout(
        &store,
        &auth,
        format!("Regel for egenfinansiering: {}", p.title),
        Nav::Programmes,
    )
    .await?;
    render(
        StatusCode::OK,
        &CofinancingRulePage::new(layout, &p, &values, &FieldErrors::new()),
    )
}

/// `POST /programmer/{id}/egenfinansiering/regel`: saves the rule, or shows the form again
/// with what was typed and every problem at its field.
pub async fn save_rule(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let p = found(&auth, store.read_as(&auth.viewer).programme(&id).await)?;
    auth.allow(auth.viewer.may_configure_programme(&p.offices))?;
    let pairs = form_pairs(&body);
    // Every field the form may have (it never has more than the rule may).
    let values: Vec<String> = (1..=MAX_RULE_YEARS)
        .map(|i| crate::query::field(&pairs, &format!("andel-{i}")).to_string())
        .collect();
    match store.set_cofinancing_rule(&p.id, &values).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/programmer/{}/egenfinansiering?melding=regel-lagret",
            p.id
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            let last = values
                .iter()
                .rposition(|v| !v.trim().is_empty())
                .map_or(0, |i| i + 1);
            let layout = layout(
                &store,
                &auth,
                format!("Feil i skjemaet: Regel for egenfinansiering: {}", p.title),
                Nav::Programmes,
            )
            .await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &CofinancingRulePage::new(layout, &p, &values[..last], &errors),
            )
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}
