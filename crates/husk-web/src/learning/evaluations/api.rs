//! Evaluations in the JSON API: an arena's form (its state, times and count for staff; the
//! link for those who manage it), an arena's results (hidden below five answers, as on the
//! page) and the summary over arenas (`?kind=`).

use crate::auth::Auth;
use crate::error::ApiError;
use crate::paging::{ApiPage, Paging};
use crate::query::param;
use crate::shared::address::SiteAddress;
use crate::shared::api::{found, require};
use crate::shared::state::Acting;
use axum::extract::{Path, RawQuery};
use axum::Json;
use husk_domain::learning::evaluations::{iso_local, Question, WindowState};
use husk_domain::learning::ArenaKind;
use husk_store::learning::evaluations::{
    ArenaResults, EvaluatedArena, Summary, SummaryArena, SummaryYear,
};
use serde::Serialize;

fn id(raw: &str) -> Result<i64, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::not_found(format!("Fant ikke læringsarenaen «{raw}».")))
}

fn no_arena(raw: &str) -> String {
    format!("Fant ikke læringsarenaen «{raw}», eller den har ikke noe evalueringsskjema.")
}

#[derive(Serialize)]
pub(super) struct FormItem {
    /// The open link; `null` for staff who do not manage the arena's evaluation.
    link: Option<String>,
    /// Norwegian local time, `YYYY-MM-DDTHH:MM`.
    opens_at: String,
    closes_at: String,
    state: WindowState,
    answered: usize,
    /// How many more answers are needed before results are shown (0 when they are).
    missing_for_results: usize,
    personal_links: usize,
    personal_links_used: usize,
    questions: Vec<Question>,
}

#[derive(Serialize)]
pub(super) struct EvaluationItem {
    arena: EvaluatedArena,
    /// `null` before the arena has a form.
    form: Option<FormItem>,
}

/// `GET /api/v1/arenas/{id}/evaluation`
pub async fn evaluation(
    Acting(store): Acting,
    auth: Auth,
    site: SiteAddress,
    Path(raw): Path<String>,
) -> Result<Json<EvaluationItem>, ApiError> {
    let e = found(
        &auth,
        store.read_as(&auth.viewer).evaluation(id(&raw)?).await,
        || no_arena(&raw),
    )?;
    let manage = auth.viewer.may_manage_evaluation(&e.arena.office);
    let base = site.0.clone();
    let form = e.form.map(|f| FormItem {
        link: manage.then(|| format!("{base}/evaluering/{}", f.token)),
        opens_at: iso_local(f.window.opens),
        closes_at: iso_local(f.window.closes),
        state: f.state,
        answered: f.answered,
        missing_for_results: husk_domain::learning::evaluations::MIN_ANSWERS
            .saturating_sub(f.answered),
        personal_links: f.links.len(),
        personal_links_used: f.links.iter().filter(|l| l.used).count(),
        questions: f.questions,
    });
    Ok(Json(EvaluationItem {
        arena: e.arena,
        form,
    }))
}

/// `GET /api/v1/arenas/{id}/evaluation/results`
pub async fn results(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Json<ArenaResults>, ApiError> {
    let r = found(
        &auth,
        store
            .read_as(&auth.viewer)
            .evaluation_results(id(&raw)?)
            .await,
        || no_arena(&raw),
    )?;
    Ok(Json(r))
}

#[derive(Serialize)]
pub(super) struct SummaryBody {
    kind: Option<ArenaKind>,
    /// The core scale questions the averages are of.
    questions: Vec<Question>,
    /// Arenas in this answer (the per-arena list is paged; the years are all there).
    count: usize,
    #[serde(flatten)]
    page: ApiPage,
    arenas: Vec<SummaryArena>,
    years: Vec<SummaryYear>,
}

/// `GET /api/v1/evaluations/summary?kind=..&page=..&per_page=..`
pub async fn summary(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Json<SummaryBody>, ApiError> {
    require(&auth, auth.viewer.may_read_evaluations())?;
    let paging = Paging::for_api(query.as_deref())?;
    let kind = match param(query.as_deref(), "kind") {
        None => None,
        Some(k) => Some(ArenaKind::from_code(&k).ok_or_else(|| {
            ApiError::bad_request(
                "kind",
                format!(
                    "«{k}» er ingen type læringsarena. Bruk {}.",
                    ArenaKind::expected()
                ),
            )
        })?),
    };
    let s = store
        .read_as(&auth.viewer)
        .evaluation_summary(kind, "")
        .await
        .map_err(ApiError::from)?;
    let Summary {
        kind,
        questions,
        mut arenas,
        years,
        ..
    } = s;
    let total = arenas.len();
    let arenas: Vec<SummaryArena> = arenas.drain(paging.range(total)).collect();
    Ok(Json(SummaryBody {
        kind,
        questions,
        count: arenas.len(),
        page: ApiPage::new(
            "/api/v1/evaluations/summary",
            query.as_deref(),
            paging,
            total,
        ),
        arenas,
        years,
    }))
}
