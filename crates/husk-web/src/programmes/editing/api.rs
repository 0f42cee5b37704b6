//! Editing programmes in the JSON API: `PUT` and `PATCH /api/v1/programmes/{id}` (answered
//! with the programme as `GET` gives it), `POST /api/v1/programmes/{id}/participants` (201 with
//! the new participant's id and any warning), `PATCH …/participants/{participant}` and
//! `POST …/participants/{participant}/remove` (409 with what is recorded) and
//! `PUT /api/v1/programmes/{id}/goal-indicators` (which indicators measure which goals). The same access
//! rule and checks as the pages; a refused write is 422 with every field's problem, named as
//! the pages' forms name them.

use super::views::ProgrammeForm;
use crate::auth::Auth;
use crate::error::{ApiError, ApiErrorBody};
use crate::shared::api::{found, require};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_domain::programmes::editing::{GoalInput, ParticipantInput, ProgrammeInput};
use husk_domain::programmes::goal_indicators::GoalIndicatorInput;
use husk_domain::programmes::phases::Recorder;
use husk_store::programmes::editing::Removal;
use husk_store::programmes::Programme;
use husk_store::{SaveError, Store, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

fn no_programme(id: &str) -> String {
    format!(
        "Fant ikke programmet «{id}». Se /api/v1/programmes for programmene du har tilgang til."
    )
}

async fn editable(store: &Store, auth: &Auth, id: &str) -> Result<Programme, ApiError> {
    require(auth, auth.viewer.is_logged_in())?;
    let p = found(
        auth,
        store.read_as(&auth.viewer).programme(id).await,
        || no_programme(id),
    )?;
    require(auth, auth.viewer.may_edit_programme(&p.offices))?;
    Ok(p)
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

fn body<T: for<'de> Deserialize<'de>>(bytes: &[u8], expected: &str) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|_| {
        ApiError::bad_request(
            "body",
            format!("Innholdet må være et JSON-objekt med feltene {expected}. Send «Content-Type: application/json»."),
        )
    })
}

/// A number or a text as the form would have it (`null` is empty).
fn text(v: Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s,
        other => other.to_string(),
    }
}

const PROGRAMME_FIELDS: &str = "programme_type, offices (kontorkoder), budget_total, budget_total_precision (exact, approximately eller not-stated), budget_support, budget_support_precision, start_year, end_year, coordinator og goals (en liste av {code, level, text}; code tom for et nytt mål)";

/// A programme as the API takes it; in a `PATCH` only the fields given change.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct ProgrammeBody {
    programme_type: Option<String>,
    offices: Option<Vec<String>>,
    budget_total: Option<Value>,
    budget_total_precision: Option<String>,
    budget_support: Option<Value>,
    budget_support_precision: Option<String>,
    start_year: Option<Value>,
    end_year: Option<Value>,
    coordinator: Option<String>,
    goals: Option<Vec<GoalInput>>,
}

impl ProgrammeBody {
    fn over(self, mut base: ProgrammeInput) -> ProgrammeInput {
        fn set<T>(field: &mut T, v: Option<T>) {
            if let Some(v) = v {
                *field = v;
            }
        }
        set(&mut base.programme_type, self.programme_type);
        set(&mut base.offices, self.offices);
        set(&mut base.budget_total, self.budget_total.map(text));
        set(
            &mut base.budget_total_precision,
            self.budget_total_precision,
        );
        set(&mut base.budget_support, self.budget_support.map(text));
        set(
            &mut base.budget_support_precision,
            self.budget_support_precision,
        );
        set(&mut base.start_year, self.start_year.map(text));
        set(&mut base.end_year, self.end_year.map(text));
        set(&mut base.coordinator, self.coordinator);
        set(&mut base.goals, self.goals);
        base
    }
}

async fn change_programme(
    store: Store,
    auth: Auth,
    id: String,
    bytes: &[u8],
    patch: bool,
) -> Result<Response, ApiError> {
    let p = editable(&store, &auth, &id).await?;
    let given: ProgrammeBody = body(bytes, PROGRAMME_FIELDS)?;
    let input = if patch {
        let coordinator = store
            .read_as(&auth.viewer)
            .programme_coordinator(&p)
            .await?;
        given.over(ProgrammeForm::of(&p, &coordinator).input().0)
    } else {
        given.over(ProgrammeInput::default())
    };
    store
        .update_programme(&p.id, &input, auth.viewer.may_change_programme_offices())
        .await
        .map_err(|e| save_error(e, || no_programme(&id)))?;
    crate::programmes::api::programme(Acting(store), auth, Path(id)).await
}

/// `PUT /api/v1/programmes/{id}`: every editable field of the programme.
pub(crate) async fn put_programme(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    change_programme(store, auth, id, &bytes, false).await
}

/// `PATCH /api/v1/programmes/{id}`: the fields given.
pub(crate) async fn patch_programme(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    change_programme(store, auth, id, &bytes, true).await
}

const PARTICIPANT_FIELDS: &str =
    "kommunenummer, municipality, district, pool_year, planned_end_year og contact_adviser";

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct ParticipantBody {
    kommunenummer: Option<String>,
    municipality: Option<String>,
    district: Option<String>,
    pool_year: Option<Value>,
    planned_end_year: Option<Value>,
    contact_adviser: Option<String>,
}

impl ParticipantBody {
    fn over(self, mut base: ParticipantInput) -> ParticipantInput {
        fn set(field: &mut String, v: Option<String>) {
            if let Some(v) = v {
                *field = v;
            }
        }
        set(&mut base.kommunenummer, self.kommunenummer);
        set(&mut base.municipality, self.municipality);
        set(&mut base.district, self.district);
        set(&mut base.pool_year, self.pool_year.map(text));
        set(&mut base.planned_end_year, self.planned_end_year.map(text));
        set(&mut base.contact_adviser, self.contact_adviser);
        base
    }
}

#[derive(Serialize)]
struct ParticipantAnswer {
    id: i64,
    name: String,
    /// What was saved but should be checked (a planned length outside the usual years).
    warnings: Vec<String>,
}

/// `POST /api/v1/programmes/{id}/participants`: 201 with the participant's id, name and
/// warnings, and its address.
pub(crate) async fn post_participant(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let p = editable(&store, &auth, &id).await?;
    let user = auth.viewer.user().ok_or_else(ApiError::unauthorized)?;
    let input = body::<ParticipantBody>(&bytes, PARTICIPANT_FIELDS)?.over(Default::default());
    let added = store
        .add_participant(&p.id, &input, Recorder::from(user))
        .await
        .map_err(|e| save_error(e, || no_programme(&id)))?;
    let location = format!("/api/v1/programmes/{id}/participants/{}", added.id);
    let mut r = (
        StatusCode::CREATED,
        Json(ParticipantAnswer {
            id: added.id,
            name: added.name,
            warnings: added.warnings,
        }),
    )
        .into_response();
    if let Ok(l) = location.parse() {
        r.headers_mut().insert(header::LOCATION, l);
    }
    Ok(r)
}

fn no_participant(raw: &str) -> String {
    format!("Fant ikke deltakeren «{raw}». Se deltakernes id-er i /api/v1/programmes/{{id}}.")
}

fn participant_of<'a>(
    p: &'a Programme,
    raw: &str,
) -> Result<&'a husk_store::programmes::Participant, ApiError> {
    raw.parse::<i64>()
        .ok()
        .and_then(|pid| p.participant(pid))
        .ok_or_else(|| ApiError::not_found(no_participant(raw)))
}

/// `PATCH /api/v1/programmes/{id}/participants/{participant}`: `pool_year`,
/// `planned_end_year`, `contact_adviser` (the fields given).
pub(crate) async fn patch_participant(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let p = editable(&store, &auth, &id).await?;
    let x = participant_of(&p, &participant)?;
    let base = ParticipantInput {
        pool_year: x.pool.year().map_or(String::new(), |y| y.to_string()),
        planned_end_year: x
            .planned_end
            .map_or(String::new(), |d| d.year().to_string()),
        contact_adviser: x.contact_adviser.clone(),
        ..ParticipantInput::default()
    };
    let input = body::<ParticipantBody>(&bytes, PARTICIPANT_FIELDS)?.over(base);
    let c = store
        .update_participant(x.id, &input)
        .await
        .map_err(|e| save_error(e, || no_participant(&participant)))?;
    Ok(Json(ParticipantAnswer {
        id: x.id,
        name: x.name.clone(),
        warnings: c.warnings,
    })
    .into_response())
}

#[derive(Serialize)]
struct Refusal {
    error: String,
    recorded: Vec<String>,
}

/// `POST /api/v1/programmes/{id}/participants/{participant}/remove`: 204, or 409 with what is
/// recorded for the participant.
pub(crate) async fn remove_participant(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let p = editable(&store, &auth, &id).await?;
    let x = participant_of(&p, &participant)?;
    match store.remove_participant(x.id).await? {
        Removal::Removed => Ok(StatusCode::NO_CONTENT.into_response()),
        Removal::Refused(r) => Ok((
            StatusCode::CONFLICT,
            Json(Refusal {
                error: r.refusal().unwrap_or_default(),
                recorded: r.lines(),
            }),
        )
            .into_response()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalIndicatorsBody {
    links: Vec<GoalIndicatorInput>,
}

/// `PUT /api/v1/programmes/{id}/goal-indicators`: the indicators that measure the programme's
/// goals, all of them (`{"links": [{"goal": "resultat-4", "indicator": "startlan"}]}`); answered
/// with the programme as `GET` gives it, each goal with its indicators.
pub(crate) async fn put_goal_indicators(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let p = editable(&store, &auth, &id).await?;
    let given: GoalIndicatorsBody = body(
        &bytes,
        "links (en liste av {goal, indicator}: en målkode i programmet og en indikatorkode)",
    )?;
    store
        .set_goal_indicators(&p.id, &given.links)
        .await
        .map_err(|e| save_error(e, || no_programme(&id)))?;
    crate::programmes::api::programme(Acting(store), auth, Path(id)).await
}
