//! The indicator pages: a participant's indicator against a comparison group
//! (`/programmer/{id}/indikatorer`, chosen with a GET form that keeps the choices), the national
//! homelessness counts (`/indikatorer/bostedslose`), and the section a participant's page shows
//! ([`participant_indicators`]).

use super::views::indicators::{
    parse_comparison, IndicatorChoice, IndicatorPage, NationalHomelessPage, ParticipantIndicators,
};
use crate::auth::Auth;
use crate::error::PageError;
use crate::shared::layout::Nav;
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::Response;
use husk_domain::programmes::comparison::{national_homeless_counts, ComparisonBasis};
use husk_domain::programmes::indicators::{Indicator, INDICATORS};
use husk_domain::Viewer;
use husk_store::programmes::Programme;
use husk_store::{Store, StoreError};

/// `GET /programmer/{id}/indikatorer?deltaker=…&indikator=…&sammenlign=…`.
pub async fn page(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let reader = store.read_as(&auth.viewer);
    let p = found(&auth, reader.programme(&id).await)?;
    let q = query.as_deref();
    let with_values = reader.indicators_with_values().await?;
    let groups = reader.comparison_groups().await?;
    let raw_participant = crate::query::param_or_empty(q, "deltaker");
    let raw_indicator = crate::query::param_or_empty(q, "indikator");
    let raw_comparison = crate::query::param_or_empty(q, "sammenlign");
    let participant = if raw_participant.trim().is_empty() {
        p.participants.first().map(|x| x.id)
    } else {
        raw_participant
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|pid| p.participant(*pid).is_some())
    };
    // A programme without participants (the source names none) has nothing to choose.
    let participant_error = (participant.is_none() && !p.participants.is_empty())
        .then(|| "Velg en av deltakerne i listen.".to_string());
    let indicator: &'static Indicator = Indicator::find(&raw_indicator)
        .or_else(|| with_values.first().copied())
        .unwrap_or(&INDICATORS[0]);
    let comparison = parse_comparison(&raw_comparison).filter(|(basis, group)| {
        *basis != ComparisonBasis::Group || groups.iter().any(|g| Some(g.id) == *group)
    });
    let comparison_error = comparison
        .is_none()
        .then(|| "Velg en av sammenligningene i listen.".to_string());
    let result = match (participant, comparison) {
        (Some(pid), Some((basis, group))) => {
            reader
                .indicator_comparison(&p, pid, indicator, basis, group)
                .await?
        }
        _ => None,
    };
    let choice = IndicatorChoice {
        participant: if raw_participant.is_empty() {
            participant.map_or(String::new(), |x| x.to_string())
        } else {
            raw_participant
        },
        indicator: indicator.code.to_string(),
        comparison: if raw_comparison.is_empty() {
            "deltakere".into()
        } else {
            raw_comparison
        },
    };
    let layout = layout(
        &store,
        &auth,
        format!("Indikatorer: {}", p.title),
        Nav::Programmes,
    )
    .await?;
    let status = if participant_error.is_some() || comparison_error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    render(
        status,
        &IndicatorPage::new(
            layout,
            &p,
            &choice,
            &groups,
            result.as_ref(),
            participant_error,
            comparison_error,
            !with_values.is_empty(),
        ),
    )
}

/// `GET /indikatorer/bostedslose`: the national homelessness counts (everyone logged in).
pub async fn national_homeless(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_see_portfolio())?;
    let layout = layout(&store, &auth, "Bostedsløse i Norge", Nav::Programmes).await?;
    render(
        StatusCode::OK,
        &NationalHomelessPage::new(layout, &national_homeless_counts()),
    )
}

/// The indicator section of a participant's page: the first indicator with values against
/// the other participants. `programme` is the programme as the viewer read it.
pub async fn participant_indicators(
    store: &Store,
    viewer: &Viewer,
    programme: &Programme,
    participant: i64,
) -> Result<ParticipantIndicators, StoreError> {
    let reader = store.read_as(viewer);
    let comparison = match reader.indicators_with_values().await?.first() {
        Some(indicator) => {
            reader
                .indicator_comparison(
                    programme,
                    participant,
                    indicator,
                    ComparisonBasis::OtherParticipants,
                    None,
                )
                .await?
        }
        None => None,
    };
    Ok(ParticipantIndicators::new(
        &programme.id,
        participant,
        comparison.as_ref(),
    ))
}
