//! The networks in the JSON API: the networks the caller reads (`GET /api/v1/networks`, with
//! `office`, `kind` and `programme` filters), one network with its members, meetings and
//! assignments (`GET /api/v1/networks/{id}`), and the writes the pages make. The same access
//! rules as the pages; a write's bad input is a 422 with every problem at its field (the
//! forms' field names).

use super::pages::network_of;
use crate::auth::Auth;
use crate::error::{ApiError, ApiErrorBody};
use crate::paging::{ApiPage, Paging};
use crate::query::param;
use crate::shared::api::{api_refusal, require};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_domain::learning::networks::{
    AssignmentInput, MemberInput, NetworkInput, NetworkMeetingInput, ReportBackInput,
    ThemeOfMonthInput,
};
use husk_domain::FieldErrors;
use husk_store::learning::networks::{NetworkFilter, StoredNetwork};
use husk_store::reporting::today;
use husk_store::{SaveError, Store, StoreError};
use serde::{Deserialize, Serialize};

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

pub(super) async fn network(
    store: &Store,
    auth: &Auth,
    id: &str,
) -> Result<StoredNetwork, ApiError> {
    network_of(store, auth, id).await.map_err(|e| match e {
        crate::error::PageError::NotFound => {
            ApiError::not_found(format!("Fant ikke nettverk «{id}»."))
        }
        other => api_refusal(auth, other),
    })
}

#[derive(Serialize)]
struct NetworksBody<'a> {
    /// Networks in this answer.
    count: usize,
    #[serde(flatten)]
    page: ApiPage,
    networks: &'a [StoredNetwork],
}

/// `GET /api/v1/networks?office=&kind=&programme=`: the networks the caller reads.
pub(super) async fn list(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_list_networks())?;
    let q = query.as_deref();
    let filter = NetworkFilter {
        office: param(q, "office").unwrap_or_default(),
        kind: param(q, "kind").unwrap_or_default(),
        programme: param(q, "programme").unwrap_or_default(),
    };
    let paging = Paging::for_api(q)?;
    let networks = store.read_as(&auth.viewer).networks(&filter).await?;
    let total = networks.len();
    let shown = &networks[paging.range(total)];
    Ok(Json(NetworksBody {
        count: shown.len(),
        page: ApiPage::new("/api/v1/networks", q, paging, total),
        networks: shown,
    })
    .into_response())
}

/// `GET /api/v1/networks/{id}`.
pub(super) async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let n = network(&store, &auth, &id).await?;
    Ok(Json(n).into_response())
}

#[derive(Deserialize)]
struct NetworkBody {
    name: String,
    kind: String,
    office: String,
    #[serde(default)]
    programme: String,
    #[serde(default)]
    coordinator: String,
    #[serde(default)]
    mandate: String,
    #[serde(default)]
    about: String,
    #[serde(default)]
    meeting_rhythm: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    themes: Vec<String>,
}

impl From<NetworkBody> for NetworkInput {
    fn from(b: NetworkBody) -> NetworkInput {
        NetworkInput {
            name: b.name,
            kind: b.kind,
            office: b.office,
            programme_id: b.programme,
            coordinator: b.coordinator,
            mandate: b.mandate,
            about: b.about,
            meeting_rhythm: b.meeting_rhythm,
            start: b.start,
            end: b.end,
            themes: b.themes,
        }
    }
}

#[derive(Serialize)]
struct Created {
    id: i64,
    href: String,
}

fn created(id: i64, href: String) -> Response {
    (StatusCode::CREATED, Json(Created { id, href })).into_response()
}

/// `POST /api/v1/networks`: creates a network (the office's advisers, administrators).
pub(super) async fn create(
    Acting(store): Acting,
    auth: Auth,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    // Who may create no network anywhere is refused before the body is read.
    require(&auth, auth.viewer.may_create_projects())?;
    let b: NetworkBody = body(&bytes)?;
    require(&auth, auth.viewer.may_create_network(b.office.trim()))?;
    let id = store
        .create_network(&b.into())
        .await
        .map_err(|e| saved(e, "Fant ikke nettverket."))?;
    Ok(created(id, format!("/api/v1/networks/{id}")))
}

/// `PUT /api/v1/networks/{id}`: changes a network's facts and themes.
pub(super) async fn update(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let n = network(&store, &auth, &id).await?;
    require(&auth, auth.viewer.may_manage_network(n.scope()))?;
    let b: NetworkBody = body(&bytes)?;
    require(
        &auth,
        b.office.trim() == n.office || auth.viewer.may_create_network(b.office.trim()),
    )?;
    store
        .update_network(n.id, &b.into())
        .await
        .map_err(|e| saved(e, "Fant ikke nettverket."))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
struct MemberBody {
    kind: String,
    name: String,
    #[serde(default)]
    kommunenummer: String,
    #[serde(default)]
    orgnr: String,
    #[serde(default)]
    learning_agent: bool,
}

/// `POST /api/v1/networks/{id}/members`.
pub(super) async fn add_member(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let n = network(&store, &auth, &id).await?;
    require(&auth, auth.viewer.may_manage_network(n.scope()))?;
    let b: MemberBody = body(&bytes)?;
    let input = MemberInput {
        kind: b.kind,
        name: b.name,
        kommunenummer: b.kommunenummer,
        orgnr: b.orgnr,
        learning_agent: b.learning_agent,
    };
    let m = store
        .save_member(n.id, None, &input)
        .await
        .map_err(|e| saved(e, "Fant ikke nettverket."))?;
    Ok(created(m, format!("/api/v1/networks/{}", n.id)))
}

#[derive(Deserialize)]
struct MeetingBody {
    date: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    notes: String,
}

/// `POST /api/v1/networks/{id}/meetings`.
pub(super) async fn add_meeting(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let n = network(&store, &auth, &id).await?;
    require(&auth, auth.viewer.may_manage_network(n.scope()))?;
    let b: MeetingBody = body(&bytes)?;
    let input = NetworkMeetingInput {
        date: b.date,
        place: b.place,
        topic: b.topic,
        notes: b.notes,
    };
    let m = store
        .save_network_meeting(n.id, None, &input)
        .await
        .map_err(|e| saved(e, "Fant ikke nettverket."))?;
    Ok(created(m, format!("/api/v1/networks/{}", n.id)))
}

#[derive(Deserialize)]
struct AssignmentBody {
    member_id: i64,
    text: String,
    #[serde(default)]
    due_meeting: Option<i64>,
    #[serde(default)]
    due_date: String,
}

/// `POST /api/v1/networks/{id}/assignments`.
pub(super) async fn add_assignment(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let n = network(&store, &auth, &id).await?;
    require(&auth, auth.viewer.may_manage_network(n.scope()))?;
    let b: AssignmentBody = body(&bytes)?;
    let input = AssignmentInput {
        member: b.member_id.to_string(),
        text: b.text,
        due_meeting: b.due_meeting.map(|m| m.to_string()).unwrap_or_default(),
        due_date: b.due_date,
    };
    let a = store
        .save_assignment(&n, None, &input)
        .await
        .map_err(|e| saved(e, "Fant ikke nettverket."))?;
    Ok(created(a, format!("/api/v1/networks/{}", n.id)))
}

#[derive(Deserialize)]
struct ReportBody {
    text: String,
    #[serde(default)]
    date: String,
}

/// `POST /api/v1/networks/{id}/assignments/{assignment}/report`: what the member reported
/// back (the member's own recipient users, who runs the network).
pub(super) async fn report_back(
    Acting(store): Acting,
    auth: Auth,
    Path((id, a)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let n = network(&store, &auth, &id).await?;
    let assignment = a
        .parse::<i64>()
        .ok()
        .and_then(|x| n.assignment(x))
        .ok_or_else(|| ApiError::not_found(format!("Fant ikke oppdrag «{a}» i nettverket.")))?;
    require(
        &auth,
        auth.viewer.may_report_back(n.assignment_scope(assignment)),
    )?;
    let b: ReportBody = body(&bytes)?;
    let input = ReportBackInput {
        text: b.text,
        date: b.date,
    };
    store
        .report_back(assignment.id, &input, today())
        .await
        .map_err(|e| saved(e, "Fant ikke oppdraget."))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Serialize)]
struct MonthsBody {
    /// Months in this answer.
    count: usize,
    #[serde(flatten)]
    page: ApiPage,
    months: Vec<husk_store::learning::networks::StoredThemeOfMonth>,
}

/// `GET /api/v1/themes-of-month/{office}?page=&per_page=`: an office's rotation by month
/// (staff).
pub(super) async fn themes(
    Acting(store): Acting,
    auth: Auth,
    Path(office): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let paging = Paging::for_api(query.as_deref())?;
    if !store
        .taxonomy()
        .region(&office)
        .is_some_and(|r| r.is_office())
    {
        return Err(ApiError::not_found(format!(
            "Fant ikke kontoret «{office}». Bruk en kode som ost eller midt."
        )));
    }
    match store
        .read_as(&auth.viewer)
        .themes_of_month(Some(&office))
        .await
    {
        Ok(mut t) => {
            let total = t.len();
            let months: Vec<_> = t.drain(paging.range(total)).collect();
            Ok(Json(MonthsBody {
                count: months.len(),
                page: ApiPage::new(
                    &format!("/api/v1/themes-of-month/{office}"),
                    query.as_deref(),
                    paging,
                    total,
                ),
                months,
            })
            .into_response())
        }
        Err(StoreError::Hidden) => Err(ApiError::denied(&auth.viewer)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct ThemeBody {
    month: String,
    adviser: String,
    #[serde(default)]
    theme_code: String,
    #[serde(default)]
    theme_text: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    shared: String,
}

/// `POST /api/v1/themes-of-month/{office}`: adds a month (the office's advisers,
/// administrators).
pub(super) async fn add_theme(
    Acting(store): Acting,
    auth: Auth,
    Path(office): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_edit_theme_of_month(&office))?;
    if !store
        .taxonomy()
        .region(&office)
        .is_some_and(|r| r.is_office())
    {
        return Err(ApiError::not_found(format!(
            "Fant ikke kontoret «{office}»."
        )));
    }
    let b: ThemeBody = body(&bytes)?;
    let input = ThemeOfMonthInput {
        month: b.month,
        adviser: b.adviser,
        theme_code: b.theme_code,
        theme_text: b.theme_text,
        date: b.date,
        shared: b.shared,
    };
    let id = store
        .save_theme_of_month(&office, None, &input)
        .await
        .map_err(|e| saved(e, "Fant ikke kontoret."))?;
    Ok(created(id, format!("/api/v1/themes-of-month/{office}")))
}
