//! The programmes in the JSON API: the list and one programme with its goal hierarchy,
//! participants with their phase, grants per participant and year, and the totals per year
//! with the part not itemised. The same access rules as the pages.

use crate::auth::Auth;
use crate::error::ApiError;
use crate::paging::{ApiPage, Paging};
use crate::shared::api::{found, require};
use crate::shared::state::Acting;
use axum::extract::{Path, RawQuery};
use axum::Json;
use husk_domain::norwegian::iso_date;
use husk_domain::programmes::definition::{Budget, ParticipationYears};
use husk_domain::programmes::phases::PhaseTransition;
use husk_domain::programmes::{GoalLevel, Phase, ProgrammeType};
use husk_domain::YearRange;
use husk_store::programmes::{EntryRef, ParticipantGrant, Programme, ProgrammeSummary};
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct ProgrammeList {
    /// Programmes in this answer.
    count: usize,
    #[serde(flatten)]
    page: ApiPage,
    programmes: Vec<ProgrammeSummary>,
}

/// `GET /api/v1/programmes`.
pub(super) async fn programmes(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Json<ProgrammeList>, ApiError> {
    require(&auth, auth.viewer.is_logged_in())?;
    let paging = Paging::for_api(query.as_deref())?;
    let mut programmes = store.read_as(&auth.viewer).programmes().await?;
    let total = programmes.len();
    let page = ApiPage::new("/api/v1/programmes", query.as_deref(), paging, total);
    let programmes: Vec<ProgrammeSummary> = programmes.drain(paging.range(total)).collect();
    Ok(Json(ProgrammeList {
        count: programmes.len(),
        page,
        programmes,
    }))
}

#[derive(Serialize)]
struct GoalItem<'a> {
    code: &'a str,
    level: GoalLevel,
    text: &'a str,
    /// The goal above (`null` for the vision).
    parent: Option<&'a str>,
}

#[derive(Serialize)]
struct ParticipantItem<'a> {
    id: i64,
    name: &'a str,
    municipality: &'a str,
    district: Option<&'a str>,
    kommunenummer: Option<&'a str>,
    /// The register entry of the participation.
    entry: Option<&'a EntryRef>,
    /// Other entries describing the same participation.
    same_participation: &'a [EntryRef],
    /// `null` when the source does not state the pool.
    pool_year: Option<i32>,
    planned_end: Option<String>,
    /// What an inferred planned end is inferred from (empty when it is not inferred).
    planned_end_inferred_from: &'a str,
    contact_adviser: &'a str,
    /// `null` before any phase is recorded.
    phase: Option<Phase>,
    phase_since: Option<String>,
    transitions: &'a [PhaseTransition],
    /// Why it is late today, in sentences (empty when it is not).
    late: Vec<String>,
    grants: &'a [ParticipantGrant],
}

#[derive(Serialize)]
struct YearItem<'a> {
    year: i32,
    /// The total for all programme municipalities (`null` when the source gives none).
    total_nok: Option<i64>,
    total_status: Option<husk_domain::GrantStatus>,
    /// The sum of the per-participant rows (over every participant, whoever asks).
    itemised_nok: i64,
    /// The total minus the rows: money the source gives only as a total.
    not_itemised_nok: Option<i64>,
    /// Whether the sources disagree about a grant this year (see the grants' `other`).
    sources_disagree: bool,
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct CofinancingItem {
    programme_year: usize,
    /// The municipality's own share of programme costs, in per cent.
    share_percent: f64,
}

#[derive(Serialize)]
pub(super) struct ProgrammeItem<'a> {
    id: &'a str,
    title: &'a str,
    programme_type: ProgrammeType,
    offices: &'a [String],
    period: YearRange,
    budget: Budget,
    participation_years: Option<ParticipationYears>,
    cofinancing: Vec<CofinancingItem>,
    source: &'a str,
    /// Where each fact is stated, or (`derived`) what it is inferred from.
    fact_sources: &'a [husk_store::programmes::FactSourceLine],
    goals: Vec<GoalItem<'a>>,
    /// False when the caller sees only its own participations (a recipient).
    all_participants: bool,
    participants: Vec<ParticipantItem<'a>>,
    totals: Vec<YearItem<'a>>,
}

fn item(p: &Programme) -> ProgrammeItem<'_> {
    ProgrammeItem {
        id: &p.id,
        title: &p.title,
        programme_type: p.programme_type,
        offices: &p.offices,
        period: p.period,
        budget: p.budget,
        participation_years: p.participation_years,
        cofinancing: p
            .cofinancing
            .iter()
            .enumerate()
            .map(|(i, s)| CofinancingItem {
                programme_year: i + 1,
                share_percent: f64::from(s.basis_points()) / 100.0,
            })
            .collect(),
        source: &p.source,
        fact_sources: &p.fact_sources,
        goals: p
            .goals
            .iter()
            .map(|g| GoalItem {
                code: &g.code,
                level: g.level,
                text: &g.text,
                parent: g.parent.as_deref(),
            })
            .collect(),
        all_participants: p.all_participants,
        participants: p
            .participants
            .iter()
            .map(|x| ParticipantItem {
                id: x.id,
                name: &x.name,
                municipality: &x.municipality,
                district: x.district.as_deref(),
                kommunenummer: x.kommunenummer.as_deref(),
                entry: x.entry.as_ref(),
                same_participation: &x.same_participation,
                pool_year: x.pool.year(),
                planned_end: x.planned_end.map(iso_date),
                planned_end_inferred_from: &x.planned_end_note,
                contact_adviser: &x.contact_adviser,
                phase: x.history.current(),
                phase_since: x.history.since().map(iso_date),
                transitions: &x.history.transitions,
                late: x.late.iter().map(|l| l.message()).collect(),
                grants: &x.grants,
            })
            .collect(),
        totals: p
            .years
            .iter()
            .map(|y| YearItem {
                year: y.year,
                total_nok: y.total.map(|t| t.amount),
                total_status: y.total.map(|t| t.status),
                itemised_nok: y.itemised,
                not_itemised_nok: y.not_itemised,
                sources_disagree: p.conflict_years.contains(&y.year),
                source: p
                    .total_sources
                    .iter()
                    .find(|(year, _)| *year == y.year)
                    .map(|(_, s)| s.as_str()),
            })
            .collect(),
    }
}

/// `GET /api/v1/programmes/{id}`.
pub(super) async fn programme(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let p = found(
        &auth,
        store.read_as(&auth.viewer).programme(&id).await,
        || {
            format!("Fant ikke programmet «{id}». Se /api/v1/programmes for programmene du har tilgang til.")
        },
    )?;
    Ok(Json(item(&p)).into_response())
}
