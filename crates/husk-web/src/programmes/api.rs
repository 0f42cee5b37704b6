//! The programmes in the JSON API: the list and one programme with its goal hierarchy,
//! participants with their phase, grants per participant and year, the totals per year
//! with the part not itemised, and co-financing per participant and year. The same access
//! rules as the pages.

use super::views::cofinancing::{grant_of, outcome_code};
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
use husk_domain::programmes::CofinancingOutcome;
use husk_domain::programmes::{GoalLevel, Phase, ProgrammeType};
use husk_domain::YearRange;
use husk_store::programmes::{
    CountedReport, EntryRef, ParticipantCofinancing, ParticipantGrant, Programme,
    ProgrammeCofinancing, ProgrammeSummary,
};
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
    /// The indicators that measure the goal; `note` says «Utledet …» for a link Husk inferred.
    indicators: Vec<GoalIndicatorItem<'a>>,
}

#[derive(Serialize)]
struct GoalIndicatorItem<'a> {
    code: &'a str,
    name: &'a str,
    inferred: bool,
    note: &'a str,
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

/// One participant's co-financing in one year.
#[derive(Serialize)]
struct CofinancingYearItem {
    year: i32,
    /// `null` before the participant entered.
    programme_year: Option<u32>,
    /// The rule's share this programme year, in per cent (`null` when the rule has none).
    share_percent: Option<f64>,
    /// The participant's programme grant this year (the grant table's row; 0 without one).
    grant_nok: i64,
    /// The own contribution reported in the economy part of its reports (`null`: none).
    reported_own_contribution_nok: Option<i64>,
    /// The grant plus the reported own contribution.
    programme_costs_nok: i64,
    required_own_contribution_nok: Option<i64>,
    /// `oppfylt`, `mangler`, `ikke-rapportert`, `ingen-regel` or `for-opptak`.
    outcome: &'static str,
    shortfall_nok: Option<i64>,
    needs_attention: bool,
    message: String,
}

/// One participant's co-financing.
#[derive(Serialize)]
struct CofinancingParticipantItem<'a> {
    participant_id: i64,
    participant: &'a str,
    /// Programme year 1; `null` when the source does not state the pool (no year is checked).
    entry_year: Option<i32>,
    needs_attention: bool,
    years: Vec<CofinancingYearItem>,
    /// The reports whose own contribution was counted.
    reports: &'a [CountedReport],
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
    /// Co-financing per participant and year: the rule against the own contribution
    /// reported in the participant's reports that the caller may read.
    cofinancing_by_participant: Vec<CofinancingParticipantItem<'a>>,
}

fn cofinancing_item<'a>(
    p: &Programme,
    c: &'a ParticipantCofinancing,
) -> CofinancingParticipantItem<'a> {
    CofinancingParticipantItem {
        participant_id: c.participant_id,
        participant: &c.participant,
        entry_year: c.entry_year,
        needs_attention: c.needs_attention(),
        years: c
            .years
            .iter()
            .map(|y| CofinancingYearItem {
                year: y.year,
                programme_year: y.programme_year,
                share_percent: y.share.map(|s| f64::from(s.basis_points()) / 100.0),
                grant_nok: grant_of(p, c.participant_id, y.year),
                reported_own_contribution_nok: y.reported,
                programme_costs_nok: y.programme_costs,
                required_own_contribution_nok: y.required,
                outcome: outcome_code(y),
                shortfall_nok: match y.outcome {
                    CofinancingOutcome::Shortfall(s) => Some(s.amount),
                    _ => None,
                },
                needs_attention: y.needs_attention(),
                message: y.message(),
            })
            .collect(),
        reports: &c.reports,
    }
}

fn item<'a>(p: &'a Programme, c: &'a ProgrammeCofinancing) -> ProgrammeItem<'a> {
    ProgrammeItem {
        cofinancing_by_participant: c
            .participants
            .iter()
            .map(|x| cofinancing_item(p, x))
            .collect(),
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
                indicators: p
                    .goal_indicators
                    .iter()
                    .filter(|l| l.goal == g.code)
                    .map(|l| GoalIndicatorItem {
                        code: l.indicator.code,
                        name: l.indicator.name,
                        inferred: l.inferred,
                        note: &l.note,
                    })
                    .collect(),
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
    let c = store.read_as(&auth.viewer).cofinancing(&p).await?;
    Ok(Json(item(&p, &c)).into_response())
}

/// A participant's plan and planning deliverables in the API, and the writes the participant
/// page makes: the deliverables (who may manage the participation), measures and the checklist
/// (also the municipality's own recipient). Bodies are JSON; a refused write is 422 with every
/// problem at its field, as the pages' forms name them.
mod plans {
    use crate::auth::Auth;
    use crate::error::{ApiError, ApiErrorBody};
    use crate::shared::api::{found, require};
    use crate::shared::state::Acting;
    use axum::body::Bytes;
    use axum::extract::Path;
    use axum::http::{header, StatusCode};
    use axum::response::{IntoResponse, Response};
    use axum::Json;
    use husk_domain::norwegian::format_date;
    use husk_domain::programmes::phases::DeliverablesInput;
    use husk_domain::programmes::plans::{ChecklistLine, MeasureInput};
    use husk_domain::programmes::{Deliverable, Measure, MeasureStatus, Phase, PlanDeliverables};
    use husk_domain::FieldError;
    use husk_store::programmes::{Changed, MarkInput, ParticipantDetail};
    use husk_store::{SaveError, Store, StoreError};
    use serde::{Deserialize, Serialize};

    fn participant_id(raw: &str) -> Result<i64, ApiError> {
        raw.parse()
            .map_err(|_| ApiError::not_found(no_participant(raw)))
    }

    fn no_participant(raw: &str) -> String {
        format!("Fant ikke deltakeren «{raw}». Se deltakernes id-er i /api/v1/programmes/{{id}}.")
    }

    async fn detail(
        store: &Store,
        auth: &Auth,
        id: &str,
        participant: &str,
    ) -> Result<ParticipantDetail, ApiError> {
        require(auth, auth.viewer.is_logged_in())?;
        let pid = participant_id(participant)?;
        found(
            auth,
            store.read_as(&auth.viewer).participant(id, pid).await,
            || no_participant(participant),
        )
    }

    /// 422 with every problem: the first in `error`/`field`, all in `errors`.
    fn invalid(errors: &husk_domain::FieldErrors) -> ApiError {
        let first = errors.iter().next();
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: ApiErrorBody {
                error: first.map(|e| e.message.clone()).unwrap_or_default(),
                field: first.map(|e| e.field.clone()),
                errors: errors.iter().cloned().collect(),
            },
        }
    }

    fn save_error(e: SaveError, missing: impl FnOnce() -> String) -> ApiError {
        match e {
            SaveError::Invalid(errors) => invalid(&errors),
            SaveError::Store(StoreError::NotFound(_)) => ApiError::not_found(missing()),
            SaveError::Store(e) => e.into(),
        }
    }

    /// The body as JSON of the shape `T`, or 400 saying what is expected.
    fn body<T: for<'de> Deserialize<'de>>(bytes: &[u8], expected: &str) -> Result<T, ApiError> {
        serde_json::from_slice(bytes).map_err(|_| {
            ApiError::bad_request(
                "body",
                format!("Innholdet må være et JSON-objekt med feltene {expected}. Send «Content-Type: application/json»."),
            )
        })
    }

    #[derive(Serialize)]
    struct MeasureItem<'a> {
        #[serde(flatten)]
        measure: &'a Measure,
        /// Its planned end has passed while it is neither done nor dropped.
        late: bool,
        changed: Option<&'a Changed>,
    }

    #[derive(Serialize)]
    struct ChecklistItem<'a> {
        item: &'a str,
        summary: &'a str,
        ticked: bool,
        comment: &'a str,
    }

    #[derive(Serialize)]
    struct ParticipantAnswer<'a> {
        programme: &'a str,
        id: i64,
        name: &'a str,
        kommunenummer: Option<&'a str>,
        phase: Option<Phase>,
        /// What the planning phase has recorded.
        deliverables: &'a PlanDeliverables,
        /// What is still missing of it, one sentence per deliverable (empty when all is).
        deliverables_missing: Vec<FieldError>,
        deliverables_changed: Option<&'a Changed>,
        measures: Vec<MeasureItem<'a>>,
        /// The programme's sub-goals and result goals no measure serves.
        goals_without_measures: Vec<&'a str>,
        checklist: Vec<ChecklistItem<'a>>,
        checklist_summary: String,
        checklist_changed: Option<&'a Changed>,
        /// What the caller may change.
        may_manage: bool,
        may_update_plan: bool,
    }

    fn answer(d: &ParticipantDetail, lines: &'_ [ChecklistLine], auth: &Auth) -> Response {
        let today = time::OffsetDateTime::now_utc().date();
        let scope = d.participant.scope();
        Json(ParticipantAnswer {
            programme: &d.programme.id,
            id: d.participant.id,
            name: &d.participant.name,
            kommunenummer: d.participant.kommunenummer.as_deref(),
            phase: d.participant.history.current(),
            deliverables: &d.deliverables,
            deliverables_missing: d
                .deliverables
                .missing(Deliverable::ALL)
                .iter()
                .cloned()
                .collect(),
            deliverables_changed: d.deliverables_changed.as_ref(),
            measures: d
                .plan
                .measures
                .iter()
                .map(|m| MeasureItem {
                    measure: m,
                    late: m.is_late(today),
                    changed: d.measures_changed.get(&m.id),
                })
                .collect(),
            goals_without_measures: d
                .goals
                .as_ref()
                .map(|g| {
                    d.plan
                        .goals_without_measures(g)
                        .iter()
                        .map(|g| g.code.as_str())
                        .collect()
                })
                .unwrap_or_default(),
            checklist: lines
                .iter()
                .map(|l| ChecklistItem {
                    item: &l.item.code,
                    summary: &l.item.summary,
                    ticked: l.ticked,
                    comment: &l.comment,
                })
                .collect(),
            checklist_summary: d.plan.checklist.summary(),
            checklist_changed: d.checklist_changed.as_ref(),
            may_manage: auth.viewer.may_manage_participation(scope),
            may_update_plan: auth.viewer.may_update_participation_plan(scope),
        })
        .into_response()
    }

    /// `GET /api/v1/programmes/{id}/participants/{participant}`.
    pub(in crate::programmes) async fn participant(
        Acting(store): Acting,
        auth: Auth,
        Path((id, participant)): Path<(String, String)>,
    ) -> Result<Response, ApiError> {
        let d = detail(&store, &auth, &id, &participant).await?;
        let lines = d.plan.checklist.lines();
        Ok(answer(&d, &lines, &auth))
    }

    /// The participant again after a write, as `GET` gives it.
    async fn again(
        store: &Store,
        auth: &Auth,
        id: &str,
        participant: &str,
        status: StatusCode,
        location: Option<String>,
    ) -> Result<Response, ApiError> {
        let d = detail(store, auth, id, participant).await?;
        let lines = d.plan.checklist.lines();
        let mut r = answer(&d, &lines, auth);
        *r.status_mut() = status;
        if let Some(l) = location.and_then(|l| l.parse().ok()) {
            r.headers_mut().insert(header::LOCATION, l);
        }
        Ok(r)
    }

    const DELIVERABLE_FIELDS: &str = "pre_analysis, fact_sheet, owner, steering_group, programme_group, programme_leader, has_activity_plan, adopted, adopted_by, master_plan, economic_plan og budget";

    /// `PUT /api/v1/programmes/{id}/participants/{participant}/deliverables`: replaces what
    /// is recorded of the planning phase (dates as `YYYY-MM-DD` or `dd.mm.åååå`).
    pub(in crate::programmes) async fn put_deliverables(
        Acting(store): Acting,
        auth: Auth,
        Path((id, participant)): Path<(String, String)>,
        bytes: Bytes,
    ) -> Result<Response, ApiError> {
        let d = detail(&store, &auth, &id, &participant).await?;
        require(
            &auth,
            auth.viewer.may_manage_participation(d.participant.scope()),
        )?;
        let user = auth.viewer.user().ok_or_else(ApiError::unauthorized)?;
        let input: DeliverablesInput = body(&bytes, DELIVERABLE_FIELDS)?;
        store
            .record_deliverables(d.participant.id, &input, &user.name)
            .await
            .map_err(|e| save_error(e, || no_participant(&participant)))?;
        again(&store, &auth, &id, &participant, StatusCode::OK, None).await
    }

    /// A measure as the API takes it; in a `PATCH` only the fields given change.
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct MeasureBody {
        kind: Option<String>,
        title: Option<String>,
        goals: Option<Vec<String>>,
        owner: Option<String>,
        start: Option<String>,
        end: Option<String>,
        status: Option<String>,
        postponed_reason: Option<String>,
        in_ordinary_operation: Option<bool>,
    }

    const MEASURE_FIELDS: &str = "kind (delprosjekt eller tiltak), title, goals (målkoder), owner, start, end, status (planlagt, startet, utsatt, gjennomfort eller avbrutt), postponed_reason og in_ordinary_operation";

    impl MeasureBody {
        /// The fields given, over `base`.
        fn over(self, mut base: MeasureInput) -> MeasureInput {
            let set = |field: &mut String, v: Option<String>| {
                if let Some(v) = v {
                    *field = v;
                }
            };
            set(&mut base.kind, self.kind);
            set(&mut base.title, self.title);
            set(&mut base.owner, self.owner);
            set(&mut base.start, self.start);
            set(&mut base.end, self.end);
            set(&mut base.status, self.status);
            set(&mut base.postponed_reason, self.postponed_reason);
            if let Some(g) = self.goals {
                base.goals = g;
            }
            if let Some(o) = self.in_ordinary_operation {
                base.in_ordinary_operation = o;
            }
            base
        }
    }

    fn input_of(m: &Measure) -> MeasureInput {
        MeasureInput {
            id: m.id.clone(),
            kind: m.kind.code().to_string(),
            title: m.title.clone(),
            goals: m.goals.clone(),
            owner: m.owner.clone(),
            start: format_date(m.start),
            end: format_date(m.end),
            status: m.status.state().code().to_string(),
            postponed_reason: match &m.status {
                MeasureStatus::Postponed { reason } => reason.clone(),
                _ => String::new(),
            },
            in_ordinary_operation: m.in_ordinary_operation,
        }
    }

    /// `POST /api/v1/programmes/{id}/participants/{participant}/measures`: 201 with the
    /// participant as `GET` gives it, and the new measure's address.
    pub(in crate::programmes) async fn post_measure(
        Acting(store): Acting,
        auth: Auth,
        Path((id, participant)): Path<(String, String)>,
        bytes: Bytes,
    ) -> Result<Response, ApiError> {
        let d = detail(&store, &auth, &id, &participant).await?;
        require(
            &auth,
            auth.viewer
                .may_update_participation_plan(d.participant.scope()),
        )?;
        let user = auth.viewer.user().ok_or_else(ApiError::unauthorized)?;
        let input = body::<MeasureBody>(&bytes, MEASURE_FIELDS)?.over(MeasureInput::default());
        let m = store
            .add_measure(d.participant.id, &input, &user.name)
            .await
            .map_err(|e| save_error(e, || no_participant(&participant)))?;
        let location = format!(
            "/api/v1/programmes/{id}/participants/{participant}/measures/{}",
            m.id
        );
        again(
            &store,
            &auth,
            &id,
            &participant,
            StatusCode::CREATED,
            Some(location),
        )
        .await
    }

    async fn change_measure(
        store: &Store,
        auth: &Auth,
        (id, participant, measure): (String, String, String),
        bytes: &[u8],
        patch: bool,
    ) -> Result<Response, ApiError> {
        let d = detail(store, auth, &id, &participant).await?;
        require(
            auth,
            auth.viewer
                .may_update_participation_plan(d.participant.scope()),
        )?;
        let user = auth.viewer.user().ok_or_else(ApiError::unauthorized)?;
        let no_measure = || {
            format!("Fant ikke tiltaket «{measure}» hos deltakeren. Se tiltakene i /api/v1/programmes/{id}/participants/{participant}.")
        };
        let existing = d
            .plan
            .measures
            .iter()
            .find(|m| m.id == measure)
            .ok_or_else(|| ApiError::not_found(no_measure()))?;
        let mid: i64 = measure
            .parse()
            .map_err(|_| ApiError::not_found(no_measure()))?;
        let given: MeasureBody = body(bytes, MEASURE_FIELDS)?;
        let input = if patch {
            given.over(input_of(existing))
        } else {
            given.over(MeasureInput::default())
        };
        store
            .update_measure(d.participant.id, mid, &input, &user.name)
            .await
            .map_err(|e| save_error(e, no_measure))?;
        again(store, auth, &id, &participant, StatusCode::OK, None).await
    }

    /// `PUT /api/v1/programmes/{id}/participants/{participant}/measures/{measure}`: every
    /// field of the measure.
    pub(in crate::programmes) async fn put_measure(
        Acting(store): Acting,
        auth: Auth,
        Path(path): Path<(String, String, String)>,
        bytes: Bytes,
    ) -> Result<Response, ApiError> {
        change_measure(&store, &auth, path, &bytes, false).await
    }

    /// `PATCH …/measures/{measure}`: the fields given.
    pub(in crate::programmes) async fn patch_measure(
        Acting(store): Acting,
        auth: Auth,
        Path(path): Path<(String, String, String)>,
        bytes: Bytes,
    ) -> Result<Response, ApiError> {
        change_measure(&store, &auth, path, &bytes, true).await
    }

    #[derive(Deserialize)]
    struct ChecklistBody {
        marks: Vec<MarkInput>,
    }

    /// `PUT /api/v1/programmes/{id}/participants/{participant}/checklist`: `{"marks": [{"item":
    /// "a", "ticked": true, "comment": "…"}]}`; items not given are unticked without comment.
    pub(in crate::programmes) async fn put_checklist(
        Acting(store): Acting,
        auth: Auth,
        Path((id, participant)): Path<(String, String)>,
        bytes: Bytes,
    ) -> Result<Response, ApiError> {
        let d = detail(&store, &auth, &id, &participant).await?;
        require(
            &auth,
            auth.viewer
                .may_update_participation_plan(d.participant.scope()),
        )?;
        let user = auth.viewer.user().ok_or_else(ApiError::unauthorized)?;
        let given: ChecklistBody = body(&bytes, "marks: en liste av {item, ticked, comment}")?;
        store
            .save_checklist(d.participant.id, &given.marks, &user.name)
            .await
            .map_err(|e| save_error(e, || no_participant(&participant)))?;
        again(&store, &auth, &id, &participant, StatusCode::OK, None).await
    }
}

pub(super) use plans::{
    participant, patch_measure, post_measure, put_checklist, put_deliverables, put_measure,
};
