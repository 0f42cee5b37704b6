//! `/programmer/{id}/malindikatorer`: which indicators measure which of the programme's goals.
//! One row per link (a goal and an indicator, both chosen from lists) and a few blank rows for
//! new links; a link is removed by choosing «Ingen» in both. Same access as editing the
//! programme; a refused save shows the form again with what was chosen and the problem at
//! its row.

use super::editable;
use crate::auth::Auth;
use crate::error::PageError;
use crate::query::field;
use crate::shared::form::{form_pairs, options, Opt, SummaryItem};
use crate::shared::layout::{Layout, Nav};
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use askama::Template;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::programmes::goal_indicators::GoalIndicatorInput;
use husk_domain::programmes::INDICATORS;
use husk_domain::FieldErrors;
use husk_store::programmes::Programme;
use husk_store::{SaveError, Store, StoreError};

/// Blank rows offered for new links.
const BLANK_ROWS: usize = 3;

/// One row of the form.
pub struct LinkRow {
    pub n: usize,
    pub goals: Vec<Opt>,
    pub indicators: Vec<Opt>,
    pub goal_error: Option<String>,
    pub indicator_error: Option<String>,
    /// «Utledet …» for a link Husk inferred that is still as it was.
    pub note: String,
}

#[derive(Template)]
#[template(path = "programmes/editing/goal_indicators.html")]
pub struct GoalIndicatorsPage {
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub has_goals: bool,
    pub rows: Vec<LinkRow>,
    pub count: usize,
    pub summary: Vec<SummaryItem>,
}

fn stored_rows(p: &Programme) -> Vec<GoalIndicatorInput> {
    p.goal_indicators
        .iter()
        .map(|l| GoalIndicatorInput {
            goal: l.goal.clone(),
            indicator: l.indicator.code.to_string(),
        })
        .collect()
}

fn page(
    layout: Layout,
    p: &Programme,
    typed: &[GoalIndicatorInput],
    errors: &FieldErrors,
) -> GoalIndicatorsPage {
    let goals: Vec<(String, String)> = p
        .goals
        .iter()
        .map(|g| {
            (
                g.code.clone(),
                format!(
                    "{} ({}): {}",
                    g.code,
                    g.level.label().to_lowercase(),
                    g.text
                ),
            )
        })
        .collect();
    let blank = GoalIndicatorInput::default();
    let rows: Vec<LinkRow> = typed
        .iter()
        .chain(std::iter::repeat_n(&blank, BLANK_ROWS))
        .enumerate()
        .map(|(i, r)| LinkRow {
            n: i + 1,
            goals: options(
                Some("Ingen"),
                goals.iter().map(|(c, l)| (c.as_str(), l.as_str())),
                &r.goal,
            ),
            indicators: options(
                Some("Ingen"),
                INDICATORS.iter().map(|x| (x.code, x.name)),
                &r.indicator,
            ),
            goal_error: errors
                .get(&format!("koblinger[{i}].mal"))
                .map(str::to_string),
            indicator_error: errors
                .get(&format!("koblinger[{i}].indikator"))
                .map(str::to_string),
            note: p
                .goal_indicators
                .iter()
                .find(|l| l.goal == r.goal.trim() && l.indicator.code == r.indicator.trim())
                .map(|l| l.note.clone())
                .unwrap_or_default(),
        })
        .collect();
    let summary = errors
        .iter()
        .map(|e| {
            let (row, part) = e
                .field
                .strip_prefix("koblinger[")
                .and_then(|rest| rest.split_once("]."))
                .unwrap_or(("0", "mal"));
            let n = row.parse::<usize>().unwrap_or(0) + 1;
            SummaryItem {
                target: format!("kobling-{n}-{part}"),
                label: if part == "mal" { "Mål" } else { "Indikator" },
                message: format!("Rad {n}: {}", e.message),
            }
        })
        .collect();
    GoalIndicatorsPage {
        layout,
        id: p.id.clone(),
        title: p.title.clone(),
        has_goals: !p.goals.is_empty(),
        count: rows.len(),
        rows,
        summary,
    }
}

async fn show(
    store: &Store,
    auth: &Auth,
    p: &Programme,
    typed: &[GoalIndicatorInput],
    errors: &FieldErrors,
) -> Result<Response, PageError> {
    let heading = if errors.is_empty() {
        format!("Indikatorer for målene: {}", p.title)
    } else {
        format!("Feil i skjemaet: Indikatorer for målene: {}", p.title)
    };
    let layout = layout(store, auth, heading, Nav::Programmes).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(status, &page(layout, p, typed, errors))
}

/// `GET /programmer/{id}/malindikatorer`.
pub async fn form(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let p = editable(&store, &auth, &id).await?;
    show(&store, &auth, &p, &stored_rows(&p), &FieldErrors::new()).await
}

/// `POST /programmer/{id}/malindikatorer`: saves every link, or shows the form again.
pub async fn save(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let p = editable(&store, &auth, &id).await?;
    let pairs = form_pairs(&body);
    let count: usize = field(&pairs, "antall").parse().unwrap_or(0).min(200);
    let typed: Vec<GoalIndicatorInput> = (1..=count)
        .map(|n| GoalIndicatorInput {
            goal: field(&pairs, &format!("kobling.{n}.mal")).to_string(),
            indicator: field(&pairs, &format!("kobling.{n}.indikator")).to_string(),
        })
        .collect();
    match store.set_goal_indicators(&p.id, &typed).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/programmer/{}?melding=malindikatorer-lagret#mal",
            p.id
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            // Trailing blank rows are left out (the form adds its own); the errors name rows
            // by their place, which this keeps.
            let mut shown = typed;
            while shown
                .last()
                .is_some_and(|r| r.goal.trim().is_empty() && r.indicator.trim().is_empty())
            {
                shown.pop();
            }
            show(&store, &auth, &p, &shown, &errors).await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}
