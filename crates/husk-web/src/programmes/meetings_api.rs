//! Status meetings and agreements in the JSON API: a participant's meetings (with the agenda
//! of the next one), a municipality's agreements, one agreement, and the writes the pages make.
//! The same access rules as the pages; a write's bad input is a 422 with every problem at its
//! field (`errors`), in the forms' field names.

use crate::auth::Auth;
use crate::error::{ApiError, ApiErrorBody};
use crate::paging::{ApiPage, Paging};
use crate::shared::api::{found, require};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_domain::programmes::meetings::{AgreedActionInput, MeetingPlanInput, StatusMeetingInput};
use husk_domain::programmes::partnerships::{AgreementInput, DialogueMeetingInput, PartyInput};
use husk_domain::programmes::Agenda;
use husk_domain::FieldErrors;
use husk_store::programmes::meetings::ParticipantMeetings;
use husk_store::programmes::partnerships::StoredAgreement;
use husk_store::reporting::today;
use husk_store::{SaveError, Store, StoreError};
use serde::{Deserialize, Serialize};

/// 422 with every problem of a write.
fn invalid(errors: &FieldErrors) -> ApiError {
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

fn saved(e: SaveError, what: &str) -> ApiError {
    match e {
        SaveError::Invalid(errors) => invalid(&errors),
        SaveError::Store(StoreError::NotFound(_)) => ApiError::not_found(what.to_string()),
        SaveError::Store(e) => e.into(),
    }
}

/// A JSON body, or 400 saying what is wrong with it.
fn body<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::bad_request(
            "body",
            format!(
                "Innholdet er ikke JSON Husk kan lese (linje {}, kolonne {}). Send et JSON-objekt med feltene som er beskrevet for denne adressen.",
                e.line(),
                e.column()
            ),
        )
    })
}

fn id(raw: &str, what: &str) -> Result<i64, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::not_found(format!("Fant ikke {what} «{raw}».")))
}

#[derive(Serialize)]
pub(super) struct MeetingsItem<'a> {
    programme: &'a str,
    participant_id: i64,
    participant: &'a str,
    /// `null` before any meeting is planned or held.
    next_due: Option<String>,
    meetings: &'a [husk_store::programmes::meetings::StoredMeeting],
    /// The agenda generated for the next meeting due (`null` without one).
    next_agenda: Option<Agenda>,
}

async fn meetings_of(
    store: &Store,
    auth: &Auth,
    programme: &str,
    participant: &str,
) -> Result<ParticipantMeetings, ApiError> {
    let pid = id(participant, "deltakeren")?;
    found(
        auth,
        store
            .read_as(&auth.viewer)
            .status_meetings(programme, pid)
            .await,
        || format!("Fant ikke deltaker {participant} i programmet «{programme}»."),
    )
}

/// `GET /api/v1/programmes/{id}/participants/{participant}/meetings`.
pub(super) async fn meetings(
    Acting(store): Acting,
    auth: Auth,
    Path((programme, participant)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let m = meetings_of(&store, &auth, &programme, &participant).await?;
    let next_agenda = match m.next_due {
        Some(d) => Some(
            store
                .read_as(&auth.viewer)
                .meeting_agenda(&m, d, None, today())
                .await?,
        ),
        None => None,
    };
    Ok(Json(MeetingsItem {
        programme: &m.programme_id,
        participant_id: m.participant.id,
        participant: &m.participant.name,
        next_due: m.next_due.map(husk_domain::norwegian::iso_date),
        meetings: &m.meetings,
        next_agenda,
    })
    .into_response())
}

#[derive(Deserialize)]
struct PlanBody {
    date: String,
    #[serde(default)]
    attendees: String,
}

#[derive(Serialize)]
struct Created {
    id: i64,
    href: String,
}

/// `POST /api/v1/programmes/{id}/participants/{participant}/meetings`: plans a meeting
/// (`{"date": "2025-09-15", "attendees": "…"}`).
pub(super) async fn plan(
    Acting(store): Acting,
    auth: Auth,
    Path((programme, participant)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let m = meetings_of(&store, &auth, &programme, &participant).await?;
    require(
        &auth,
        auth.viewer.may_manage_participation(m.participant.scope()),
    )?;
    let b: PlanBody = body(&bytes)?;
    let input = MeetingPlanInput {
        date: b.date,
        attendees: b.attendees,
    };
    let meeting = store
        .plan_status_meeting(m.participant.id, &input)
        .await
        .map_err(|e| saved(e, "Fant ikke deltakeren."))?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: meeting,
            href: format!(
                "/api/v1/programmes/{programme}/participants/{}/meetings",
                m.participant.id
            ),
        }),
    )
        .into_response())
}

#[derive(Deserialize)]
struct ActionBody {
    text: String,
    owner: String,
    due: String,
}

#[derive(Deserialize)]
struct RecordBody {
    date: String,
    #[serde(default)]
    attendees: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    actions: Vec<ActionBody>,
}

/// `POST /api/v1/programmes/{id}/participants/{participant}/meetings/{meeting}`: records the
/// meeting as held (`date`, `attendees`, `minutes`, `actions` with `text`, `owner`, `due`).
pub(super) async fn record(
    Acting(store): Acting,
    auth: Auth,
    Path((programme, participant, meeting)): Path<(String, String, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let m = meetings_of(&store, &auth, &programme, &participant).await?;
    let meeting = id(&meeting, "statusmøtet")?;
    if m.meeting(meeting).is_none() {
        return Err(ApiError::not_found(format!(
            "Fant ikke statusmøte {meeting} for {}.",
            m.participant.name
        )));
    }
    require(
        &auth,
        auth.viewer.may_manage_participation(m.participant.scope()),
    )?;
    let b: RecordBody = body(&bytes)?;
    let input = StatusMeetingInput {
        date: b.date,
        attendees: b.attendees,
        minutes: b.minutes,
        actions: b
            .actions
            .into_iter()
            .map(|a| AgreedActionInput {
                text: a.text,
                owner: a.owner,
                due: a.due,
            })
            .collect(),
    };
    store
        .record_status_meeting(meeting, &input)
        .await
        .map_err(|e| saved(e, "Fant ikke statusmøtet."))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
struct StatusBody {
    /// `apen` or `utfort`.
    status: String,
    #[serde(default)]
    done_on: String,
}

/// `POST /api/v1/programmes/{id}/participants/{participant}/meetings/{meeting}/actions/{action}`:
/// sets an agreed action open or done (`{"status": "utfort", "done_on": "2025-09-01"}`).
pub(super) async fn action_status(
    Acting(store): Acting,
    auth: Auth,
    Path((programme, participant, meeting, action)): Path<(String, String, String, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let m = meetings_of(&store, &auth, &programme, &participant).await?;
    let meeting = id(&meeting, "statusmøtet")?;
    let action = id(&action, "oppfølgingspunktet")?;
    let belongs = m
        .meeting(meeting)
        .is_some_and(|x| x.actions.iter().any(|a| a.id == action));
    if !belongs {
        return Err(ApiError::not_found(format!(
            "Fant ikke oppfølgingspunkt {action} på statusmøte {meeting}."
        )));
    }
    require(
        &auth,
        auth.viewer
            .may_update_participation_plan(m.participant.scope()),
    )?;
    let b: StatusBody = body(&bytes)?;
    let status = store
        .set_action_status(action, &b.status, &b.done_on, today())
        .await
        .map_err(|e| saved(e, "Fant ikke oppfølgingspunktet."))?;
    Ok(Json(status).into_response())
}

#[derive(Serialize)]
pub(super) struct AgreementList {
    count: usize,
    #[serde(flatten)]
    page: ApiPage,
    agreements: Vec<StoredAgreement>,
}

/// `GET /api/v1/agreements`: the agreements the caller may read, a page at a time.
pub(super) async fn agreements(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Json<AgreementList>, ApiError> {
    require(&auth, auth.viewer.is_logged_in())?;
    let paging = Paging::for_api(query.as_deref())?;
    let mut all = store.read_as(&auth.viewer).agreements().await?;
    let total = all.len();
    let page = ApiPage::new("/api/v1/agreements", query.as_deref(), paging, total);
    let agreements: Vec<StoredAgreement> = all.drain(paging.range(total)).collect();
    Ok(Json(AgreementList {
        count: agreements.len(),
        page,
        agreements,
    }))
}

#[derive(Serialize)]
pub(super) struct MunicipalityAgreements {
    kommunenummer: String,
    agreements: Vec<StoredAgreement>,
}

/// `GET /api/v1/municipalities/{kommunenummer}/agreements`.
pub(super) async fn municipality_agreements(
    Acting(store): Acting,
    auth: Auth,
    Path(kommunenummer): Path<String>,
) -> Result<Json<MunicipalityAgreements>, ApiError> {
    require(&auth, auth.viewer.is_logged_in())?;
    let k = husk_domain::ids::Kommunenummer::parse(&kommunenummer)
        .map_err(|m| ApiError::bad_request("kommunenummer", m))?;
    let agreements = store
        .read_as(&auth.viewer)
        .agreements_of_municipality(k.as_str())
        .await?;
    Ok(Json(MunicipalityAgreements {
        kommunenummer: k.as_str().to_string(),
        agreements,
    }))
}

async fn agreement_of(store: &Store, auth: &Auth, raw: &str) -> Result<StoredAgreement, ApiError> {
    let n = id(raw, "avtalen")?;
    found(auth, store.read_as(&auth.viewer).agreement(n).await, || {
        format!("Fant ikke avtale {raw}. Se /api/v1/agreements for avtalene du har tilgang til.")
    })
}

/// `GET /api/v1/agreements/{id}`.
pub(super) async fn agreement(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Json<StoredAgreement>, ApiError> {
    Ok(Json(agreement_of(&store, &auth, &raw).await?))
}

#[derive(Deserialize)]
struct PartyBody {
    name: String,
    kind: String,
}

#[derive(Deserialize)]
struct AgreementBody {
    kommunenummer: String,
    office: String,
    title: String,
    kind: String,
    #[serde(default)]
    parties: Vec<PartyBody>,
    start: String,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    renegotiation: Option<String>,
    procurement: String,
    #[serde(default)]
    procurement_reason: String,
    #[serde(default)]
    notes: String,
}

impl From<AgreementBody> for AgreementInput {
    fn from(b: AgreementBody) -> Self {
        AgreementInput {
            kommunenummer: b.kommunenummer,
            office: b.office,
            title: b.title,
            kind: b.kind,
            parties: b
                .parties
                .into_iter()
                .map(|p| PartyInput {
                    name: p.name,
                    kind: p.kind,
                })
                .collect(),
            start: b.start,
            end: b.end.unwrap_or_default(),
            renegotiation: b.renegotiation.unwrap_or_default(),
            procurement: b.procurement,
            procurement_reason: b.procurement_reason,
            notes: b.notes,
        }
    }
}

/// The office check the pages make: the caller may file under the office given.
fn office_allowed(auth: &Auth, input: &AgreementInput) -> Result<(), ApiError> {
    let office = input.office.trim();
    if !office.is_empty() && !auth.viewer.may_create_agreement(office) {
        let mut e = FieldErrors::new();
        e.push(
            "kontor",
            "Du kan bare registrere avtaler for ditt eget kontor.",
        );
        return Err(invalid(&e));
    }
    Ok(())
}

/// `POST /api/v1/agreements`: creates an agreement (the fields of `GET`, codes for `kind`,
/// the parties' `kind` and `procurement`; dates as `2025-01-31` or `31.01.2025`).
pub(super) async fn create_agreement(
    Acting(store): Acting,
    auth: Auth,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_create_projects())?;
    let input: AgreementInput = body::<AgreementBody>(&bytes)?.into();
    office_allowed(&auth, &input)?;
    let n = store
        .create_agreement(&input)
        .await
        .map_err(|e| saved(e, "Fant ikke avtalen."))?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: n,
            href: format!("/api/v1/agreements/{n}"),
        }),
    )
        .into_response())
}

/// `POST /api/v1/agreements/{id}`: replaces an agreement's fields (as for creating one).
pub(super) async fn update_agreement(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let a = agreement_of(&store, &auth, &raw).await?;
    require(&auth, auth.viewer.may_manage_agreement(a.scope()))?;
    let input: AgreementInput = body::<AgreementBody>(&bytes)?.into();
    office_allowed(&auth, &input)?;
    store
        .update_agreement(a.id, &input)
        .await
        .map_err(|e| saved(e, "Fant ikke avtalen."))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
struct DialogueBody {
    date: String,
    #[serde(default)]
    attendees: String,
    #[serde(default)]
    notes: String,
}

/// `POST /api/v1/agreements/{id}/dialogue-meetings`: records a held dialogue meeting.
pub(super) async fn record_dialogue(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let a = agreement_of(&store, &auth, &raw).await?;
    require(&auth, auth.viewer.may_manage_agreement(a.scope()))?;
    let b: DialogueBody = body(&bytes)?;
    let n = store
        .record_agreement_dialogue(
            a.id,
            &DialogueMeetingInput {
                date: b.date,
                attendees: b.attendees,
                notes: b.notes,
            },
        )
        .await
        .map_err(|e| saved(e, "Fant ikke avtalen."))?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: n,
            href: format!("/api/v1/agreements/{}", a.id),
        }),
    )
        .into_response())
}
